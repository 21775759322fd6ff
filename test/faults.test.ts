/**
 * The faults experiment and what it drives: each fault kind does to the server what the Result
 * says it did (a respawned worker has a new pid, a thread without an error listener takes its
 * process down), the recovery read off a timeline follows its definition, bad input is refused,
 * and nothing is left running. Imports the compiled library (`npm run build`).
 */
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { startCluster } from "../lib/dist/drivers/cluster/mod.js";
import { runLoad } from "../lib/dist/drivers/loadgen/mod.js";
import { isRunning } from "parlab/drivers";
import { crashReason, liveThreadServerCount, startThreadServer, type ThreadServer } from "../lib/dist/drivers/thread-server/mod.js";
import { InputError } from "../lib/dist/errors.js";
import { faults, recoveryOf, type FaultsParams } from "../lib/dist/experiments/faults/mod.js";
import { resolveParams } from "../lib/dist/params.js";
import { wilsonInterval } from "../lib/dist/stats/mod.js";
import fs from "node:fs";
import { processesMatching } from "./helpers.ts";

// Other suites and notebooks on the machine start the same entry modules; only processes that
// inherited this file's mark are its business.
const MARK = `PARLAB_FAULTS_TEST=${process.pid}`;
process.env.PARLAB_FAULTS_TEST = String(process.pid);

/** Processes matching `needle` started by this file, still alive after up to `timeoutMs`. */
async function ownLeftovers(needle: string, timeoutMs: number): Promise<string[]> {
  const ours = () => processesMatching(needle).filter((line) => {
    try {
      return fs.readFileSync(`/proc/${line.split(" ")[0]}/environ`, "utf8").split("\0").includes(MARK);
    } catch {
      return false; // it exited while we looked
    }
  });
  const until = Date.now() + timeoutMs;
  while (ours().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  return ours();
}

/** Status of a GET on a fresh connection, or the error code; "timeout" after `timeoutMs`. */
function status(url: string, timeoutMs = 5000): Promise<number | string> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error("timeout"), { code: "timeout" })));
  });
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes; returns whether it held. */
async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

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

describe("Wilson interval", () => {
  it("stays inside [0, 1] at 0 of n and n of n and matches the textbook value at 5 of 10", () => {
    const all = wilsonInterval(3, 3);
    assert.equal(all.hi, 1);
    assert.ok(all.lo > 0.4 && all.lo < 0.45, String(all.lo));
    assert.equal(wilsonInterval(0, 4).lo, 0);
    const half = wilsonInterval(5, 10);
    assert.ok(Math.abs(half.lo - 0.2366) < 1e-3 && Math.abs(half.hi - 0.7634) < 1e-3, JSON.stringify(half));
    assert.throws(() => wilsonInterval(4, 3), RangeError);
  });
});

describe("load timeline", () => {
  it("counts every settled request in a bucket, reports when it started, and pauses after errors", async () => {
    let n = 0;
    const server = http.createServer((_req, res) => {
      // Every 5th request fails with a 500.
      res.statusCode = ++n % 5 === 0 ? 500 : 200;
      res.end("x");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const before = Date.now();
      let startedAt = NaN;
      const report = await runLoad({ url, concurrency: 2, requests: 300, keepAlive: true, timeLimitMs: 20_000, timelineBucketMs: 50, pauseAfterErrorMs: 5, onStarted: (t) => (startedAt = t) });
      assert.equal(report.timeline.bucketMs, 50);
      assert.equal(report.timeline.startEpochMs, startedAt);
      assert.ok(startedAt >= before && startedAt <= Date.now());
      assert.equal(report.timeline.completed.length, report.timeline.failed.length);
      assert.equal(report.timeline.completed.reduce((a, b) => a + b, 0), report.completed);
      assert.equal(report.timeline.failed.reduce((a, b) => a + b, 0), report.errors);
      assert.equal(report.errors, 60);
      assert.ok(report.durationMs >= 60 * 5 / 2, "each of 60 failures held its client for 5 ms");
    } finally {
      server.close();
    }
  });
});

describe("cluster faults", () => {
  it("respawn: a SIGKILLed worker is replaced by a new pid and the server keeps answering", async () => {
    const server = await startCluster({ policy: "rr", workers: 2, onWorkerExit: "respawn" });
    try {
      const victim = server.workerPids[0]!;
      server.injectFault("sigkill", 0);
      assert.ok(await eventually(() => server.events().some((e) => e.type === "respawned")), "a replacement listened");
      const [exit, respawn] = server.events();
      assert.equal(exit!.type, "worker-exit");
      assert.equal(exit!.type === "worker-exit" && exit!.signal, "SIGKILL");
      assert.equal(exit!.pid, victim);
      assert.equal(respawn!.type, "respawned");
      assert.notEqual(respawn!.pid, victim);
      assert.equal(server.workerPids[0], respawn!.pid);
      assert.ok(!isRunning(victim) && isRunning(respawn!.pid));
      assert.equal(server.failure(), null, "a respawned worker is no failure");
      for (let i = 0; i < 6; i++) assert.equal(await status(`http://127.0.0.1:${server.port}/`), 200);
      assert.equal((await server.stats()).workers.length, 2);
    } finally {
      await server.close();
    }
  });

  it("no respawn: after an uncaught exception one worker fewer serves, and the exception is kept", async () => {
    const server = await startCluster({ policy: "rr", workers: 2, onWorkerExit: "continue" });
    try {
      const victim = server.workerPids[0]!;
      server.injectFault("throw", 0);
      assert.ok(await eventually(() => server.events().length > 0));
      await new Promise((r) => setTimeout(r, 300));
      const events = server.events();
      assert.equal(events.length, 1, "no respawn");
      const exit = events[0]!;
      assert.ok(exit.type === "worker-exit" && exit.code === 1);
      assert.match(exit.type === "worker-exit" ? crashReason(exit.stderrTail) : "", /injected fault: uncaught exception/);
      assert.ok(!isRunning(victim));
      for (let i = 0; i < 4; i++) assert.equal(await status(`http://127.0.0.1:${server.port}/`), 200);
      const stats = await server.stats();
      assert.deepEqual(stats.workers.map((w) => w.index), [1], "only worker 1 is left");
    } finally {
      await server.close();
    }
  });

  it("a worker past its --max-old-space-size dies of V8's heap limit", async () => {
    const server = await startCluster({ policy: "rr", workers: 1, onWorkerExit: "continue", workerHeapMb: 32 });
    try {
      server.injectFault("oom", 0);
      assert.ok(await eventually(() => server.events().length > 0, 20_000), "the worker died");
      const exit = server.events()[0]!;
      assert.ok(exit.type === "worker-exit");
      assert.ok(exit.signal === "SIGABRT" || exit.code === 134, `${exit.signal} ${exit.code}`);
      assert.match(exit.stderrTail, /heap out of memory/);
    } finally {
      await server.close();
    }
  });

  it("when the primary is SIGKILLed its workers exit within 2 s and the server stops answering", async () => {
    const server = await startCluster({ policy: "rr", workers: 2, onWorkerExit: "respawn" });
    const workers = [...server.workerPids];
    try {
      process.kill(server.primaryPid, "SIGKILL");
      assert.ok(await eventually(() => !workers.some(isRunning), 2000), `workers still running: ${workers.filter(isRunning)}`);
      assert.notEqual(await status(`http://127.0.0.1:${server.port}/`), 200);
      assert.ok(server.failure() !== null);
    } finally {
      await server.close();
    }
  });

  it("refuses unknown faults, worker indices out of range and bad options", async () => {
    await assert.rejects(startCluster({ policy: "rr", workers: 1, onWorkerExit: "ignore" as "fail" }), (e: Error) => e instanceof InputError && /onWorkerExit/.test(e.message));
    await assert.rejects(startCluster({ policy: "rr", workers: 1, workerHeapMb: 1 }), (e: Error) => e instanceof InputError && /workerHeapMb.*16/.test(e.message));
    const server = await startCluster({ policy: "rr", workers: 1, onWorkerExit: "continue" });
    try {
      assert.throws(() => server.injectFault("rm -rf" as "throw", 0), (e: Error) => e instanceof InputError && /fault: must be one of throw, sigkill, oom/.test(e.message));
      assert.throws(() => server.injectFault("throw", 1), (e: Error) => e instanceof InputError && /workerIndex/.test(e.message));
    } finally {
      await server.close();
    }
  });
});

describe("thread server faults", () => {
  /** Starts a thread server, injects `fault` into thread 0, waits for its effect, and runs `check`. */
  async function withFault(fault: Parameters<ThreadServer["injectFault"]>[0], errorListener: boolean, check: (server: ThreadServer, url: string) => Promise<void>) {
    const server = await startThreadServer({ threads: 2, handlerCostMs: 1, errorListener, heapMb: 32 });
    const url = `http://127.0.0.1:${server.port}/`;
    try {
      assert.equal(await status(url), 200);
      server.injectFault(fault, 0);
      assert.ok(await eventually(() => server.events().some((e) => e.type === "replaced") || server.exit() !== null, 20_000), `${fault}: no effect seen`);
      await check(server, url);
    } finally {
      await server.close();
    }
    assert.ok(!isRunning(server.pid));
  }

  for (const [fault, error] of [["throw", /injected fault/], ["oom-small", /ERR_WORKER_OUT_OF_MEMORY/], ["abort", /ERR_WORKER_UNSUPPORTED_OPERATION/]] as const) {
    it(`${fault} with an error listener: the thread is replaced and the process keeps serving`, () =>
      withFault(fault, true, async (server, url) => {
        const [exit, replaced] = server.events();
        assert.ok(exit?.type === "thread-exit" && error.test(exit.error ?? ""), JSON.stringify(exit));
        assert.ok(replaced?.type === "replaced" && replaced.threadId !== exit.threadId);
        assert.equal(server.exit(), null);
        for (let i = 0; i < 4; i++) assert.equal(await status(url), 200);
      }));
  }

  it("throw with no error listener: the whole process exits with code 1 and the server is gone", () =>
    withFault("throw", false, async (server, url) => {
      const exit = await server.exited;
      assert.equal(exit.code, 1);
      assert.match(exit.reason, /injected fault/);
      assert.deepEqual(server.events(), []);
      assert.notEqual(await status(url), 200);
    }));

  it("segv: the signal kills the whole process, whatever listeners the threads have", () =>
    withFault("segv", true, async (server, url) => {
      assert.equal((await server.exited).signal, "SIGSEGV");
      assert.notEqual(await status(url), 200);
    }));

  it("refuses bad options and unknown faults with an InputError", async () => {
    await assert.rejects(startThreadServer({ threads: 0 }), (e: Error) => e instanceof InputError && /threads: must be a whole number from 1 to 64/.test(e.message));
    await assert.rejects(startThreadServer({ threads: 1, heapMb: 8 }), (e: Error) => e instanceof InputError && /heapMb/.test(e.message));
    await assert.rejects(startThreadServer({ threads: 1, errorListener: "yes" as unknown as boolean }), (e: Error) => e instanceof InputError && /errorListener/.test(e.message));
    const server = await startThreadServer({ threads: 1 });
    try {
      assert.throws(() => server.injectFault("eval" as "throw", 0), (e: Error) => e instanceof InputError && /fault: must be one of/.test(e.message));
      assert.throws(() => server.injectFault("throw", 3), (e: Error) => e instanceof InputError && /threadIndex/.test(e.message));
    } finally {
      await server.close();
    }
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
    assert.ok(rows.every((r) => r.survival.level === result.params.confidence), "survival at the run's confidence level");
    // One trial of each server kind: its pre-fault rate is the whole noise floor's sample, spread 0.
    assert.deepEqual(result.summary.noiseFloor.map((f) => [f.model, f.trials, f.relativeIqr]), [["cluster", 1, 0], ["threads", 1, 0]]);
    assert.ok(result.summary.noiseFloor.every((f) => f.medianRps > 0));
    assert.match(faults.findings(result)[0]!, /^Measured on \d+ cores/);
    assert.ok(faults.findings(result).some((f) => /whole process died for threads-throw-no-listener \(1\/1\)/.test(f)));
    assert.equal(Object.keys(faults.charts(result)).length, 5);
  });

  it("refuses unknown faults and windows too short to measure", async () => {
    assert.throws(() => params({ faults: ["cluster-rm-rf"] }), (e: Error) => e instanceof InputError && /faults/.test(e.message) && /cluster-sigkill\+respawn/.test(e.message));
    await assert.rejects(faults.run(params({ preFaultMs: 300, bucketMs: 200 })), (e: Error) => e instanceof InputError && /preFaultMs/.test(e.message));
    await assert.rejects(faults.run(params({ postFaultMs: 500, bucketMs: 200 })), (e: Error) => e instanceof InputError && /postFaultMs/.test(e.message));
  });
});
