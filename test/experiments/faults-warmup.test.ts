/**
 * The faults experiment's warm-up and its test of the respawn hypothesis: the baseline leaves the
 * warm-up out, each trial records its warm-up and, from the cluster's own counters, what every
 * worker (survivor or replacement) served after the fault; the same fault runs under new-connection
 * load and is compared with keep-alive by the verdict rule; a Result saved before reads as before;
 * a bad warmupMs exits 2 naming it.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { after, describe, it } from "node:test";
import { faults, InputError, loadResult, recoveryOf, resolveParams, type FaultsParams, type FaultsSummary } from "parlab";
import { markOwnProcesses, ROOT, runCli, tempDir } from "../helpers.ts";

const ownLeftovers = markOwnProcesses("PARLAB_FAULTS_WARMUP_TEST");

after(async () => {
  for (const needle of ["cluster/entry-", "loadgen/entry-generator"]) {
    assert.deepEqual(await ownLeftovers(needle, 6000), [], `no ${needle} process left`);
  }
});

const params = (set: Record<string, unknown>): FaultsParams =>
  resolveParams(faults.params, "tiny", Object.entries(set).map(([key, value]) => ({ key, value, input: key }))) as FaultsParams;

describe("the baseline after a warm-up", () => {
  it("leaves the warm-up's buckets out of the pre-fault rate", () => {
    //                 warm-up (300 ms)  baseline  | fault at 700 ms
    const completed = [2, 4, 6, 10, 10, 10, 10, 9, 10, 10, 10, 10, 10];
    const failed = completed.map(() => 0);
    assert.equal(recoveryOf(completed, failed, 100, 700, undefined, 300).baselinePerBucket, 10, "buckets 3–6 only");
    assert.equal(recoveryOf(completed, failed, 100, 700).baselinePerBucket, 10, "without a warm-up: the second half, as before");
    const slow = [2, 4, 6, 6, 10, 10, 10, 10, 10, 10];
    assert.equal(recoveryOf(slow, slow.map(() => 0), 100, 600, undefined, 200).baselinePerBucket, 8, "median of 6, 6, 10, 10");
  });
});

describe("faults with a warm-up, per-worker counts and new-connection load", () => {
  it("records the warm-up and what each worker served after the fault, under both loads", async () => {
    const result = await faults.run(params({ faults: ["cluster-sigkill+respawn", "cluster-sigkill+respawn/new-conn"], trials: 1, postFaultMs: 1500 }));
    assert.equal(result.failures.length, 0, JSON.stringify(result.failures));
    const p = result.params;
    assert.equal(p.warmupMs, 200);
    for (const t of result.trials) {
      assert.equal(t.metrics.warmupMs, 200);
      assert.ok(t.metrics.warmupRps! >= 0);
      const timeline = t.detail!.timeline as { faultOffsetMs: number; warmupMs: number };
      assert.equal(timeline.warmupMs, 200);
      assert.ok(timeline.faultOffsetMs >= p.warmupMs! + p.preFaultMs - 20, `the fault comes after warm-up and baseline (${timeline.faultOffsetMs} ms)`);
      assert.equal(t.detail!.load, t.condition.endsWith("/new-conn") ? "new-connection" : "keep-alive");
      const served = t.detail!.servedAfterFault as Array<{ pid: number; requests: number; connections: number; replacement: boolean }>;
      assert.equal(served.length, 2, "both worker slots counted");
      assert.equal(served.filter((w) => w.replacement).length, 1, "one replacement, a pid not seen before the fault");
      assert.equal(t.metrics.replacements, 1);
      const sum = (replacement: boolean) => served.filter((w) => w.replacement === replacement).reduce((a, w) => a + w.requests, 0);
      assert.equal(t.metrics.replacementRequests, sum(true));
      assert.equal(t.metrics.survivorRequests, sum(false));
      assert.ok(t.metrics.survivorRequests! > 0, "the survivor kept serving after the fault");
      assert.ok(sum(true) + sum(false) <= t.metrics.completed!, "no more than the load completed");
      if (t.detail!.load === "new-connection") {
        // A new connection for every request, give or take the requests in flight when either reading was taken.
        for (const w of served) assert.ok(Math.abs(w.connections - w.requests) <= p.concurrency, `${w.connections} connections for ${w.requests} requests`);
      }
      assert.ok(t.metrics.replacementUpMs! >= 0);
    }
    const s = result.summary;
    assert.deepEqual(s.rows.map((r) => r.load), ["keep-alive", "new-connection"]);
    assert.equal(s.noiseFloor[0]!.trials, 1, "the noise floor pools identical servers under keep-alive load only");
    assert.ok(s.loadModes);
    assert.equal(s.loadModes.keepAlive, "cluster-sigkill+respawn");
    assert.equal(s.loadModes.newConnection, "cluster-sigkill+respawn/new-conn");
    assert.match(s.loadModes.servedShare.verdict, /too few trials|inconclusive|higher|lower|equivalent/);
    const findings = faults.findings(result);
    assert.match(findings[0]!, /an unmeasured warm-up of 200 ms, then a 600 ms baseline window, the fault, and 1500 ms measured after it/);
    const hypothesis = findings.find((f) => f.startsWith('Hypothesis "after a respawn'));
    if (s.rows[0]!.replacementTraffic) assert.match(hypothesis!, /Reading: .+\. Served share of the pre-fault rate after the fault: /);
    else assert.equal(hypothesis, undefined, "no reading without a replacement that was up in the window");
  });

  it("reads a Result saved before the warm-up as before", () => {
    const old = loadResult<FaultsParams, FaultsSummary>(path.join(ROOT, "test/fixtures/results/faults-2026-11-29T10-29-04-171Z.json"));
    const result = { ...old, summary: faults.summarize(old) };
    assert.deepEqual(result.summary, old.summary, "its saved summary is what the current analysis gives");
    assert.equal(result.summary.loadModes, undefined);
    assert.ok(result.summary.rows.every((r) => r.load === undefined && r.replacementTraffic === undefined));
    const findings = faults.findings(result);
    assert.ok(findings.some((f) => /the median bucket of the second half of the window before the fault/.test(f)));
    assert.ok(!findings.some((f) => /Hypothesis|warm-up/.test(f)));
  });

  it("refuses a bad warmupMs, naming it", async () => {
    assert.throws(() => params({ warmupMs: -1 }), (e: Error) => e instanceof InputError && /warmupMs/.test(e.message));
    for (const value of ["-1", "60001", "soon", "1.5"]) {
      const r = await runCli(["run", "faults", "--profile", "tiny", "--out", tempDir(), "--set", `warmupMs=${value}`]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`"${value.replace(".", "\\.")}" is not valid for warmupMs; expected whole numbers from 0 to 60000`));
    }
  });
});
