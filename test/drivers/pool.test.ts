import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { AbortedError, InputError, WorkerError } from "parlab";
import { childExecArgv, Pool, startPool, withPool } from "parlab/drivers";
import { liveWorkerCount } from "parlab/testing";
import { leftovers, processesMatching } from "../helpers.ts";

for (const kind of ["threads", "processes"] as const) {
  describe(`${kind} pool`, () => {
    it("runs tasks on every worker and returns their results", async () => {
      const pool = await startPool({ kind, size: 2 });
      try {
        assert.ok(pool.startupMs > 0, "start-up time is measured");
        const counts = await Promise.all([pool.run("primes", [0, 1000]), pool.run("primes", [1000, 2000])]);
        assert.deepEqual(counts, [168, 135]);
        const payload = { text: "héllo", list: [1, 2, 3], nested: { ok: true } };
        assert.deepEqual(await pool.run("echo", payload), payload);
        if (kind === "processes") assert.equal(new Set(pool.pids).size, 2, "one OS process per worker");
        else assert.deepEqual(pool.pids, [process.pid, process.pid]);
      } finally {
        await pool.kill();
      }
      assert.equal(liveWorkerCount(), 0);
    });

    it("rejects a failing task with its message and keeps serving", async () => {
      await withPool({ kind, size: 1 }, async (pool) => {
        await assert.rejects(pool.run("fail", "boom"), (e: Error) => e instanceof WorkerError && /boom/.test(e.message));
        assert.equal(await pool.run("primes", [0, 100]), 25);
      });
    });

    it("fails the pool when a worker dies, and leaves nothing running", async () => {
      await assert.rejects(
        withPool({ kind, size: 2 }, (pool) => Promise.all([pool.run("exit", 7), pool.run("hang")])),
        (e: Error) => e instanceof WorkerError && /exited with code 7 while running task exit/.test(e.message),
      );
      assert.equal(liveWorkerCount(), 0);
      assert.deepEqual(await leftovers(), []);
    });

    it("kills its workers when aborted, rejecting what was running", async () => {
      const controller = new AbortController();
      const pool = await startPool({ kind, size: 2, signal: controller.signal });
      const hung = pool.run("hang");
      setTimeout(() => controller.abort(), 50);
      await assert.rejects(hung, AbortedError);
      await pool.kill();
      assert.equal(liveWorkerCount(), 0);
      assert.deepEqual(await leftovers(), []);
    });

    it("rejects an unknown workload by name without running anything else", async () => {
      await withPool({ kind, size: 1 }, async (pool) => {
        await assert.rejects(pool.run("process.exit"), /unknown workload "process.exit"; known: noop, echo, primes/);
      });
    });
  });
}

describe("pool arguments", () => {
  it("rejects a size of 0 or a fraction and an unknown kind with an InputError naming the option", () => {
    const bad = (input: string, message: RegExp) => (e: unknown) => e instanceof InputError && e.input === input && message.test(e.message);
    assert.throws(() => new Pool({ kind: "threads", size: 0 }), bad("size", /^size: must be a whole number ≥ 1, got 0$/));
    assert.throws(() => new Pool({ kind: "threads", size: 1.5 }), bad("size", /got 1.5/));
    assert.throws(() => new Pool({ kind: "fibers" as "threads", size: 1 }), bad("kind", /^kind: must be one of threads, processes, got fibers$/));
  });
});

describe("orphans", () => {
  it("pool processes exit when the process that owns them is killed with SIGKILL", async () => {
    // A separate owner process starts a pool of hung workers, reports their pids, then is SIGKILLed.
    const code = `
      import { startPool } from "parlab/drivers";
      const pool = await startPool({ kind: "processes", size: 2 });
      pool.run("hang").catch(() => {});
      pool.run("hang").catch(() => {});
      console.log(JSON.stringify(pool.pids));
      setInterval(() => {}, 1000);
    `;
    const owner = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: ["ignore", "pipe", "inherit"] });
    const pids: number[] = await new Promise((resolve, reject) => {
      owner.stdout.once("data", (d) => resolve(JSON.parse(String(d))));
      owner.once("exit", (c) => reject(new Error(`owner exited early with ${c}`)));
    });
    assert.equal(pids.length, 2);
    for (const pid of pids) assert.ok(processesMatching("pool/entry-process").some((l) => l.startsWith(`${pid} `)), `worker ${pid} runs`);
    owner.kill("SIGKILL");
    await new Promise((r) => owner.once("exit", r));
    assert.deepEqual(await leftovers("pool/entry-process", 5000), [], "workers exit once their owner is gone");
  });
});

describe("flags a worker inherits", () => {
  it("keeps V8 limits, and loaders only when running from source; drops eval, test-runner and debugger flags", async () => {
    assert.deepEqual(
      childExecArgv(["--input-type=module", "-e", "console.log(1)", "--import", "tsx", "--test", "--inspect=9229", "--max-old-space-size=512", "-r", "x.cjs", "--conditions=dev"], true),
      ["--import", "tsx", "--max-old-space-size=512", "-r", "x.cjs", "--conditions=dev"],
    );
    // Compiled workers need no loader, and one would weigh on every worker the lab measures.
    assert.deepEqual(
      childExecArgv(["--import", "tsx", "--max-old-space-size=512", "-r", "x.cjs", "--require=./y.cjs", "--loader", "z", "--conditions=dev"], false),
      ["--max-old-space-size=512", "--conditions=dev"],
    );
    assert.deepEqual(childExecArgv(["--eval", "code", "--print", "x"]), []);
  });
});
