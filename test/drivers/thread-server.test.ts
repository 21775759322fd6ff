/**
 * The thread-pool HTTP server, run in a sacrificial process, under the faults the faults experiment
 * injects: a thread that fails with an error listener is replaced and the process keeps serving; a
 * throw without one, or a segfault, ends the whole process; bad options and unknown faults are refused.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { InputError } from "parlab";
import { isRunning, startThreadServer, type ThreadServer } from "parlab/drivers";
import { liveThreadServerCount } from "parlab/testing";
import { eventually, httpStatus, markOwnProcesses } from "../helpers.ts";

// Other suites and notebooks on the machine start the same entry modules; only processes that
// inherited this file's mark are its business.
const ownLeftovers = markOwnProcesses("PARLAB_THREAD_SERVER_TEST");

after(async () => {
  assert.equal(liveThreadServerCount(), 0, "no thread server alive in this process");
  assert.deepEqual(await ownLeftovers("thread-server/entry-server", 6000), [], "no thread-server/entry-server process left");
});

describe("thread server faults", () => {
  /** Starts a thread server, injects `fault` into thread 0, waits for its effect, and runs `check`. */
  async function withFault(fault: Parameters<ThreadServer["injectFault"]>[0], errorListener: boolean, check: (server: ThreadServer, url: string) => Promise<void>) {
    const server = await startThreadServer({ threads: 2, handlerCostMs: 1, errorListener, heapMb: 32 });
    const url = `http://127.0.0.1:${server.port}/`;
    try {
      assert.equal(await httpStatus(url), 200);
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
        for (let i = 0; i < 4; i++) assert.equal(await httpStatus(url), 200);
      }));
  }

  it("throw with no error listener: the whole process exits with code 1 and the server is gone", () =>
    withFault("throw", false, async (server, url) => {
      const exit = await server.exited;
      assert.equal(exit.code, 1);
      assert.match(exit.reason, /injected fault/);
      assert.deepEqual(server.events(), []);
      assert.notEqual(await httpStatus(url), 200);
    }));

  it("segv: the signal kills the whole process, whatever listeners the threads have", () =>
    withFault("segv", true, async (server, url) => {
      assert.equal((await server.exited).signal, "SIGSEGV");
      assert.notEqual(await httpStatus(url), 200);
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
