/**
 * Faults injected into a cluster HTTP server, as the faults experiment injects them: a SIGKILLed
 * worker is respawned with a new pid, an uncaught exception without respawn leaves one worker fewer,
 * a worker past its heap limit dies of it, a SIGKILLed primary takes its workers along, and unknown
 * faults and bad options are refused.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { InputError } from "parlab";
import { crashReason, isRunning, startCluster } from "parlab/drivers";
import { eventually, httpStatus, markOwnProcesses } from "../helpers.ts";

// Other suites and notebooks on the machine start the same entry modules; only processes that
// inherited this file's mark are its business.
const ownLeftovers = markOwnProcesses("PARLAB_CLUSTER_FAULTS_TEST");

after(async () => {
  assert.deepEqual(await ownLeftovers("cluster/entry-", 6000), [], "no cluster/entry- process left");
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
      for (let i = 0; i < 6; i++) assert.equal(await httpStatus(`http://127.0.0.1:${server.port}/`), 200);
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
      for (let i = 0; i < 4; i++) assert.equal(await httpStatus(`http://127.0.0.1:${server.port}/`), 200);
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
      assert.notEqual(await httpStatus(`http://127.0.0.1:${server.port}/`), 200);
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
