import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { InputError } from "parlab";
import { compareKinds } from "parlab/explore";
import { liveWorkerCount, startedChildCount } from "parlab/testing";
import { leftovers, ROOT, tempDir } from "../helpers.ts";

const HASH = path.join(ROOT, "notebooks", "examples", "hash.ts");
const FIXTURES = path.join(ROOT, "test", "explore", "fixtures");
const sha = (text: string, rounds: number) => {
  let d = createHash("sha256").update(text).digest();
  for (let i = 1; i < rounds; i++) d = createHash("sha256").update(d).digest();
  return d.toString("hex");
};

describe("compareKinds", () => {
  before(() => {
    process.env.PARLAB_RESULTS_DIR = tempDir();
  });
  after(async () => {
    assert.equal(liveWorkerCount(), 0, "no pool worker alive");
    assert.deepEqual(await leftovers(), [], "no pool process left");
  });

  it("runs a user's .ts module in the main thread, threads and processes, every result checked against node:crypto", async () => {
    const inputs = Array.from({ length: 6 }, (_, i) => ({ text: `input ${i}`, rounds: 500 + i }));
    const checked = new Set<string>();
    const run = await compareKinds({
      module: HASH, export: "sha256Rounds", inputs, workers: [2], profile: "tiny", trials: 1, warmups: 0,
      check: (output, i, input) => {
        const { text, rounds } = input as { text: string; rounds: number };
        assert.equal(output, sha(text, rounds), `input ${i}`);
        checked.add(`${i}`);
      },
    });
    const { result } = run;
    assert.deepEqual(result.failures, []);
    assert.equal(result.experiment.id, "explore-kinds");
    assert.deepEqual(new Set(result.trials.map((t) => t.condition)), new Set(["main", "threads×2", "processes×2"]));
    assert.equal(checked.size, inputs.length, "every input's result went through the check");
    for (const t of result.trials.filter((x) => x.condition !== "main")) {
      assert.ok(t.metrics.startupMs! > 0, `${t.condition}: start-up measured`);
      assert.ok(t.metrics.inBytesPerTask! > 20 && t.metrics.outBytesPerTask! >= 64, `${t.condition}: bytes per task through the channel`);
    }
    const s = result.summary;
    assert.ok(s.scaling.rows.find((r) => r.label === "threads×2")?.speedup, "speedup against the main thread");
    assert.deepEqual(s.transfer.map((t) => t.kind), ["threads", "processes"]);
    assert.ok(s.memory.every((m) => m.peakRssBytes.median > 10 * 2 ** 20), "peak RSS per condition");
    assert.deepEqual(Object.keys(run.charts), ["speedup", "compute-time", "startup-time", "memory"]);
    assert.match(run.findings[0]!, /sha256Rounds\(\) of hash\.ts over 6 inputs/);
    assert.equal(liveWorkerCount(), 0);
  });

  it("a wrong result fails the trial as a wrong answer naming the input", async () => {
    const run = await compareKinds({
      module: HASH, export: "sha256Rounds", inputs: [{ text: "a", rounds: 1 }, { text: "b", rounds: 1 }],
      kinds: ["threads"], workers: [1], profile: "tiny", trials: 1, warmups: 0, check: (_o, i) => i !== 1,
    });
    assert.equal(run.result.trials.length, 1);
    assert.equal(run.result.failures[0]?.kind, "wrong-answer");
    assert.match(run.result.failures[0]!.reason, /input 1 gave a wrong result in threads×1/);
  });

  for (const [name, spec, pattern] of [
    ["a missing file", { module: "./no/such/module.ts", export: "f" }, /no\/such\/module\.ts does not exist, looked for in the working folder/],
    ["a module that throws at load", { module: path.join(FIXTURES, "throws-at-load.ts"), export: "never" }, /throws-at-load\.ts failed to load: broken at load on purpose/],
    ["an export that is not a function", { module: path.join(FIXTURES, "not-a-function.ts"), export: "answer" }, /export "answer" of .*not-a-function\.ts: is a number, not a function; the module's exported functions: other/],
    ["an export that does not exist", { module: path.join(FIXTURES, "not-a-function.ts"), export: "missing" }, /export "missing" of .*not-a-function\.ts: is undefined/],
  ] as const) {
    it(`${name}: an InputError naming the file and export before any worker starts`, async () => {
      const started = startedChildCount("pool");
      await assert.rejects(compareKinds({ ...spec, inputs: [1], profile: "tiny" }), (e: Error) => e instanceof InputError && pattern.test(e.message));
      assert.equal(startedChildCount("pool"), started, "no worker was started");
    });
  }

  it("a throwing input and a hanging input fail their trials with the input's index; the run finishes and no worker outlives it", async () => {
    const fn = { module: path.join(FIXTURES, "faulty.ts"), export: "maybe", kinds: ["threads", "processes"] as const, workers: [1], profile: "tiny" as const, warmups: 0, prewarm: false };
    const throwing = await compareKinds({ ...fn, trials: 1, inputs: [{ mode: "ok", value: 1 }, { mode: "throw", value: 7 }] });
    assert.equal(throwing.result.complete, true, "the run went on to the end");
    assert.equal(throwing.result.trials.length, 2);
    for (const f of throwing.result.failures) assert.match(f.reason, /^input 1 failed in (threads|processes)×1: bad value 7$/);
    assert.equal(throwing.result.failures.length, 2);

    const t0 = Date.now();
    const hanging = await compareKinds({ ...fn, trials: 1, taskTimeoutMs: 400, inputs: [{ mode: "ok", value: 1 }, { mode: "ok", value: 2 }, { mode: "hang", value: 0 }] });
    assert.equal(hanging.result.complete, true);
    assert.deepEqual(hanging.result.failures.map((f) => f.kind), ["timeout", "timeout"]);
    for (const f of hanging.result.failures) assert.match(f.reason, /^input 2 did not finish within 400 ms \(taskTimeoutMs\)/);
    assert.ok(Date.now() - t0 < 60_000, "bounded by the task limit, not the trial's (120 s)");
    assert.equal(liveWorkerCount(), 0, "the hung workers were killed");
    assert.deepEqual(await leftovers(), []);
  });
});
