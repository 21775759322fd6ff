/** The footprint experiment: a fresh host per trial weighs its whole process tree, and nothing outlives it. */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { footprint, InputError, type FootprintParams, type FootprintResult, loadResult, resolveParams } from "parlab";
import { canReadProcessTree } from "parlab/machine";
import { liveFootprintHostCount } from "parlab/testing";
import { leftovers, runCli, tempDir } from "../helpers.ts";

const linux = canReadProcessTree() ? false : "no /proc on this system";

describe("footprint experiment", { skip: linux }, () => {
  it("fits memory per worker for each kind, compares them, and charts it", async () => {
    const out = tempDir();
    const r = await runCli(["run", "footprint", "--profile", "tiny", "--out", out, "--set", "graphs=empty"]);
    assert.equal(r.code, 0, r.stderr);
    const [json] = r.stdout.trim().split("\n").slice(-2);
    const result = loadResult(json!);
    assert.deepEqual([...new Set(result.trials.map((t) => t.condition))].sort(), ["processes×1 empty", "processes×2 empty", "threads×1 empty", "threads×2 empty"]);
    for (const t of result.trials) {
      assert.ok(t.ok, t.error);
      const kind = t.condition.split("×")[0];
      const workers = Number(t.condition.split("×")[1]!.split(" ")[0]);
      assert.equal(t.metrics.processes, kind === "processes" ? workers + 1 : 1, "the tree holds the host and each forked worker");
      assert.equal((t.detail!.workerStartupMs as number[]).length, workers);
      assert.match(String(t.detail!.hostRuntime), /^node /);
    }
    const s = (result as FootprintResult).summary;
    const rss = s.slopes.filter((l) => l.memory === "rss");
    assert.deepEqual(rss.map((l) => l.kind).sort(), ["processes", "threads"]);
    for (const l of rss) {
      assert.ok(l.slopeBytes > 0 && l.slopeCi.lo <= l.slopeBytes && l.slopeBytes <= l.slopeCi.hi);
      // Two worker counts: one step, and no lack-of-fit test (a line through 2 means always fits).
      assert.equal(l.steps.length, 1);
      assert.equal(l.lackOfFit.estimable, false);
    }
    assert.ok(s.slopeComparisons.length >= 1);
    // One start-up comparison (one graph) and a slope comparison per memory measure read: one family.
    assert.equal(s.startupComparisons.length, 1);
    assert.equal(s.family.size, s.slopeComparisons.length + 1);
    for (const c of [...s.slopeComparisons, ...s.startupComparisons]) assert.equal(c.familySize, s.family.size);
    assert.match(r.stdout, new RegExp(`${s.family.size} comparisons of processes against threads \\(memory per extra worker and start-up\\), Holm-adjusted as one family`));
    // 2 vs 2 start-up trials: the widest interval attains 1 − 2/6, far from a verdict.
    assert.match(s.startupComparisons[0]!.verdict, /\(66\.6% CI .*too few trials for a verdict/);
    assert.match(r.stdout, /Measured on \d+ cores .* hosts and their workers ran on node \d+/);
    assert.match(r.stdout, /empty graph, RSS per extra worker \(least-squares slope, t interval from the replicates' variances at each n\): threads [\d.]+ MiB \(95% CI /);
    assert.deepEqual(await leftovers("footprint/entry-"), []);

    const rep = tempDir();
    const report = await runCli(["report", json!, "--out", rep]);
    assert.equal(report.code, 0, report.stderr);
    const svgs = fs.readdirSync(rep).filter((f) => f.endsWith(".svg"));
    assert.ok(svgs.length >= 3, `at least three charts, got ${svgs.join(", ")}`);
    const html = fs.readFileSync(path.join(rep, path.basename(json!, ".json") + ".html"), "utf8");
    assert.match(html, /Memory of one more worker/);
  });

  it("refuses an empty list or an unknown kind or graph passed to run()", async () => {
    const params = resolveParams<FootprintParams>(footprint.params, "tiny");
    await assert.rejects(footprint.run({ ...params, workers: [] }), /workers must be a non-empty list/);
    await assert.rejects(footprint.run({ ...params, kinds: ["fibers" as "threads"] }), (e: unknown) => e instanceof InputError && /kinds; expected a comma-separated list of one of threads, processes/.test(e.message));
    await assert.rejects(footprint.run({ ...params, graphs: ["huge" as "lab"] }), /not valid for graphs; expected a comma-separated list of one of empty, lab/);
    assert.equal(liveFootprintHostCount(), 0);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ["workers 0", ["--set", "workers=0"], /"0" is not valid for workers; expected a comma-separated list of whole numbers from 1 to 64/],
    ["an unknown graph", ["--set", "graphs=empty,huge"], /not valid for graphs; expected a comma-separated list of one of empty, lab/],
    ["an unknown kind", ["--set", "kinds=fibers"], /not valid for kinds; expected a comma-separated list of one of threads, processes/],
  ];
  for (const [name, args, message] of bad) {
    it(`exits 2 on ${name} before starting any host`, async () => {
      const r = await runCli(["run", "footprint", "--profile", "tiny", "--out", tempDir(), ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }
});
