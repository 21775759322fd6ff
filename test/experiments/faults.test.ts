/**
 * The faults experiment: the recovery read off a throughput timeline follows its definition, each
 * fault does to the server what the Result says it did (a respawned cluster worker survives, a thread
 * without an error listener takes its process down), bad input is refused, and nothing is left
 * running. The faults themselves, driver by driver, are tested in test/drivers/cluster-faults.test.ts
 * and test/drivers/thread-server.test.ts.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { faults, InputError, recoveryOf, resolveParams, type FaultsParams } from "parlab";
import { liveThreadServerCount } from "parlab/testing";
import { markOwnProcesses } from "../helpers.ts";

// Other suites and notebooks on the machine start the same entry modules; only processes that
// inherited this file's mark are its business.
const ownLeftovers = markOwnProcesses("PARLAB_FAULTS_TEST");

after(async () => {
  assert.equal(liveThreadServerCount(), 0, "no thread server alive in this process");
  for (const needle of ["cluster/entry-", "thread-server/entry-server", "loadgen/entry-generator"]) {
    assert.deepEqual(await ownLeftovers(needle, 6000), [], `no ${needle} process left`);
  }
});

describe("recovery read off a throughput timeline", () => {
  const none = (n: number) => Array.from({ length: n }, () => 0);

  it("ends with the last bucket below 80% of the pre-fault median, counted from the fault", () => {
    //                    ramp   baseline 10 | fault at 400 ms: two empty buckets, then back
    const completed = [2, 6, 10, 10, 0, 0, 9, 10, 10, 10, 10, 10];
    const failed = [0, 0, 0, 0, 3, 2, 0, 0, 0, 0, 0, 0];
    const r = recoveryOf(completed, failed, 100, 430);
    assert.equal(r.baselinePerBucket, 10);
    assert.equal(r.recovered, true);
    assert.equal(r.recoveryMs, 170, "end of bucket 5 (600 ms) minus the fault (430 ms)");
    assert.equal(r.failedAfter, 5);
    assert.ok(Math.abs(r.servedShare - 59 / 80) < 1e-12);
  });

  it("is 0 when no bucket dipped, and NaN (not recovered) when the tail stays low", () => {
    const steady = recoveryOf([10, 10, 10, 10, 10, 10, 10, 10, 10, 10], none(10), 100, 400);
    assert.equal(steady.recovered, true);
    assert.equal(steady.recoveryMs, 0);
    const dead = recoveryOf([10, 10, 10, 10, 3, 0, 0, 0, 0, 0, 0], none(11), 100, 400);
    assert.equal(dead.recovered, false);
    assert.ok(Number.isNaN(dead.recoveryMs));
    assert.ok(dead.servedShare < 0.1);
  });
});

describe("faults experiment", () => {
  const params = (set: Record<string, unknown>): FaultsParams =>
    resolveParams(faults.params, "tiny", Object.entries(set).map(([key, value]) => ({ key, value, input: key }))) as FaultsParams;

  it("records a respawned cluster worker as survived and a listener-less thread crash as a dead process", async () => {
    const result = await faults.run(params({ faults: ["cluster-sigkill+respawn", "threads-throw-no-listener"], trials: 1 }));
    assert.equal(result.failures.length, 0, JSON.stringify(result.failures));
    const trial = (label: string) => result.trials.find((t) => t.condition === label)!;
    const cluster = trial("cluster-sigkill+respawn");
    assert.equal(cluster.metrics.survived, 1);
    assert.equal(cluster.metrics.processDied, 0);
    assert.ok(Number.isFinite(cluster.metrics.replacementMs), "the replacement was seen");
    assert.equal(cluster.metrics.workersAfter, 2);
    const threads = trial("threads-throw-no-listener");
    assert.equal(threads.metrics.survived, 0);
    assert.equal(threads.metrics.processDied, 1);
    assert.equal(threads.detail?.exitCode, 1);
    assert.equal(threads.metrics.recovered, 0);
    assert.ok(threads.metrics.failedRequests! > 0, "clients saw the server go");
    const rows = result.summary.rows;
    assert.deepEqual(rows.map((r) => [r.label, r.survived, r.n]), [["cluster-sigkill+respawn", 1, 1], ["threads-throw-no-listener", 0, 1]]);
    assert.match(faults.findings(result)[0]!, /^Measured on \d+ cores/);
    assert.ok(rows.every((r) => r.survival.level === result.params.confidence), "survival at the run's confidence level");
    // One trial of each server kind: its pre-fault rate is the whole noise floor's sample, spread 0.
    assert.deepEqual(result.summary.noiseFloor.map((f) => [f.model, f.trials, f.relativeIqr]), [["cluster", 1, 0], ["threads", 1, 0]]);
    assert.ok(result.summary.noiseFloor.every((f) => f.medianRps > 0));
    assert.ok(faults.findings(result).some((f) => /whole process died for threads-throw-no-listener \(1\/1\)/.test(f)));
    assert.equal(Object.keys(faults.charts(result)).length, 5);
  });

  it("refuses unknown faults and windows too short to measure", async () => {
    assert.throws(() => params({ faults: ["cluster-rm-rf"] }), (e: Error) => e instanceof InputError && /faults/.test(e.message) && /cluster-sigkill\+respawn/.test(e.message));
    await assert.rejects(faults.run(params({ preFaultMs: 300, bucketMs: 200 })), (e: Error) => e instanceof InputError && /preFaultMs/.test(e.message));
    await assert.rejects(faults.run(params({ postFaultMs: 500, bucketMs: 200 })), (e: Error) => e instanceof InputError && /postFaultMs/.test(e.message));
  });
});
