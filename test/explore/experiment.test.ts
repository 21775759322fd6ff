import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { InputError, loadResult, reanalyse } from "parlab";
import { experiment, runExperiment } from "parlab/explore";
import { runCli, tempDir } from "../helpers.ts";

const spin = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
};

describe("experiments of one's own", () => {
  let results = "";
  before(() => {
    results = tempDir();
    process.env.PARLAB_RESULTS_DIR = results;
  });

  it("runs warm-ups and interleaved trials, keeps a failing trial, decides against the baseline, and saves a Result that `parlab report` re-renders", async () => {
    const calls: string[] = [];
    const run = await experiment("spin 2 ms vs 10 ms")
      .condition("fast", (ctx) => {
        calls.push(`fast${ctx.warmup ? "-w" : ""}`);
        spin(2);
      })
      .condition("slow", (ctx) => {
        calls.push(`slow${ctx.warmup ? "-w" : ""}`);
        if (!ctx.warmup && ctx.index === 0) throw new Error("first slow trial fails on purpose");
        spin(10);
      })
      .run({ profile: "tiny", trials: 8, warmups: 1 });
    const { result } = run;
    assert.equal(result.experiment.id, "custom");
    assert.equal(result.experiment.title, "spin 2 ms vs 10 ms");
    assert.deepEqual(calls.slice(0, 2).sort(), ["fast-w", "slow-w"], "warm-ups first, one per condition");
    assert.notDeepEqual(calls.slice(2).join(" "), "fast ".repeat(8) + "slow ".repeat(7) + "slow", "interleaved, not blocked");
    assert.equal(result.trials.length, 16);
    assert.equal(result.failures.length, 1);
    assert.match(result.failures[0]!.reason, /first slow trial fails on purpose/);
    const [c] = result.summary.comparisons;
    assert.equal(c!.outcome, "higher", `slow is decided slower: ${c!.verdict}`);
    assert.ok(result.summary.rows.find((r) => r.label === "slow")!.value.median >= 10);

    // Re-analysed from the file alone, and re-rendered by the CLI without the functions.
    const loaded = reanalyse(loadResult(run.path));
    assert.equal(loaded.summary && (loaded.summary as typeof result.summary).comparisons[0]!.outcome, "higher");
    const out = tempDir();
    const r = await runCli(["report", run.path, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const html = fs.readFileSync(path.join(out, `${path.basename(run.file, ".json")}.html`), "utf8");
    assert.match(html, /spin 2 ms vs 10 ms/);
    assert.match(html, /first slow trial fails on purpose/);
    assert.ok(fs.readdirSync(out).filter((f) => f.endsWith(".svg")).length >= 2, "its charts are drawn");
  });

  it("takes a plain object, compares a returned metric, and rejects bad declarations by name", async () => {
    const run = await runExperiment({
      name: "bytes", profile: "tiny", trials: 3, warmups: 0, metric: "bytes",
      conditions: { small: () => ({ metrics: { bytes: 100 } }), large: () => ({ metrics: { bytes: 300 } }) },
    });
    assert.deepEqual(run.result.summary.rows.map((r) => [r.label, r.value.median]), [["small", 100], ["large", 300]]);
    assert.throws(() => experiment("x").condition("a", () => 1).condition("a", () => 2), (e: Error) => e instanceof InputError && /condition "a"/.test(e.message));
    await assert.rejects(experiment("empty").run(), (e: Error) => e instanceof InputError && /no condition/.test(e.message));
    await assert.rejects(runExperiment({ name: "b", conditions: { a: () => 1 }, baseline: "z" }), (e: Error) => e instanceof InputError && /baseline/.test(e.message));
  });
});
