/**
 * The cluster HTTP driver: the scheduling policy as seen from inside the workers, exact counters,
 * failures with their reasons, and no process left behind — not even when the owner is SIGKILLed.
 * The compiled library (`npm run build`) is what the package resolves to; its entry modules are what the primary forks.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import { describe, it } from "node:test";
import { AbortedError, InputError, UnsupportedError, WorkerError } from "parlab";
import { reusePortSupported, startCluster, type ClusterServer, type SchedulingPolicy } from "parlab/drivers";
import { liveClusterCount } from "parlab/testing";
import { ROOT, processesMatching } from "../helpers.ts";

const NEEDLE = "cluster/entry-";
// Clusters started elsewhere on the machine (a notebook, another suite) are not this file's
// business: its own processes inherit this variable, and only they are checked for leftovers.
const MARK = `PARLAB_CLUSTER_TEST=${process.pid}`;
process.env.PARLAB_CLUSTER_TEST = String(process.pid);

interface Reply {
  status: number;
  worker: string | undefined;
  body: { worker: number; pid: number };
  ms: number;
}

/** One GET on a fresh connection (no keep-alive), so every request is also one connection. */
function get(port: number): Promise<Reply> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.get({ host: "127.0.0.1", port, path: "/", agent: false }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => {
        const worker = response.headers["x-worker"];
        resolve({ status: response.statusCode ?? 0, worker: typeof worker === "string" ? worker : undefined, body: JSON.parse(text), ms: performance.now() - t0 });
      });
    });
    request.on("error", reject);
    request.setTimeout(10_000, () => request.destroy(new Error("no response within 10 s")));
  });
}

/** `count` GETs, `concurrency` at a time. */
async function getMany(port: number, count: number, concurrency = 8): Promise<Reply[]> {
  const replies: Reply[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      next++;
      replies.push(await get(port));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return replies;
}

/** True while `pid` runs (an exited process waiting to be reaped counts as gone). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/s.test(fs.readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}

/** Cluster processes (by command line) started by this test file (by environment), still alive. */
function ours(): string[] {
  return processesMatching(NEEDLE).filter((line) => {
    try {
      return fs.readFileSync(`/proc/${line.split(" ")[0]}/environ`, "utf8").split("\0").includes(MARK);
    } catch {
      return false; // it exited while we looked
    }
  });
}

/** Waits up to 5 s for every cluster process of this file (and every pid given) to exit, then asserts none is left. */
async function assertNothingLeft(pids: number[] = []): Promise<void> {
  assert.equal(liveClusterCount(), 0, "no primary alive in this process");
  const until = Date.now() + 5000;
  while ((ours().length > 0 || pids.some(running)) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(ours(), [], "no cluster process left");
  assert.deepEqual(pids.filter(running), [], "every pid has exited");
}

for (const policy of ["rr", "none"] as const) {
  describe(`cluster with policy ${policy}`, () => {
    it("serves from every worker, counts exactly, and shows the policy from inside the workers", async () => {
      const server = await startCluster({ policy, workers: 4 });
      const pids = [server.primaryPid, ...server.workerPids];
      try {
        assert.equal(server.host, "127.0.0.1");
        assert.ok(server.port > 0);
        assert.equal(server.workerPids.length, 4);
        assert.equal(new Set(pids).size, 5, "one process per worker, plus the primary");

        const replies = await getMany(server.port, 200);
        assert.equal(replies.length, 200);
        for (const r of replies) {
          assert.equal(r.status, 200);
          assert.match(r.worker ?? "", /^[0-3]$/);
          assert.equal(r.body.worker, Number(r.worker));
          assert.equal(r.body.pid, server.workerPids[r.body.worker], "the worker's pid matches its index");
        }

        const stats = await server.stats();
        assert.deepEqual(stats.workers.map((w) => w.index), [0, 1, 2, 3]);
        assert.deepEqual(stats.workers.map((w) => w.pid), server.workerPids);
        assert.equal(stats.workers.reduce((s, w) => s + w.connections, 0), 200, "connections add up");
        assert.equal(stats.workers.reduce((s, w) => s + w.requests, 0), 200, "requests add up");
        for (const w of stats.workers) {
          const served = replies.filter((r) => r.body.worker === w.index).length;
          assert.equal(w.requests, served, `worker ${w.index} counted what it answered`);
        }
        assert.ok(stats.primaryCpuMs >= 0 && stats.primaryWallMs > 0);

        if (policy === "rr") {
          assert.ok(stats.workers.every((w) => w.listenFd === null && !w.acceptsItself), "rr: the primary accepts, workers hold no fd");
        } else {
          assert.ok(stats.workers.every((w) => w.acceptsItself && w.socketInode !== null), "none: every worker accepts itself");
          assert.equal(new Set(stats.workers.map((w) => w.socketInode)).size, 1, "none: one shared socket");
        }
        assert.equal(await server.observedPolicy(), policy);

        await server.resetStats();
        const zeroed = await server.stats();
        assert.ok(zeroed.workers.every((w) => w.connections === 0 && w.requests === 0));
        assert.equal(server.failure(), null);
      } finally {
        await server.close();
      }
      await assertNothingLeft(pids);
    });
  });
}

describe("cluster failures", () => {
  it("reports a worker killed mid-trial by index, pid and signal, and close() leaves nothing", async () => {
    const server = await startCluster({ policy: "rr", workers: 2, handlerCostMs: 2 });
    const pids = [server.primaryPid, ...server.workerPids];
    // Under rr a connection handed to the dying worker stays open in the primary until it exits.
    const load = getMany(server.port, 100, 4).catch(() => []);
    try {
      await new Promise((r) => setTimeout(r, 50));
      const victim = server.workerPids[1]!;
      process.kill(victim, "SIGKILL");
      const error = await Promise.race([server.failed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no failure within 5 s")), 5000))]);
      assert.ok(error instanceof WorkerError);
      assert.match(error.message, new RegExp(`worker 1 \\(pid ${victim}\\) was killed by SIGKILL`));
      assert.equal(server.failure(), error);
      await assert.rejects(server.stats(), (e) => e === error);
    } finally {
      await server.close();
    }
    await load;
    await assertNothingLeft(pids);
  });

  it("stops when its signal aborts, resolving failed with an AbortedError", async () => {
    const controller = new AbortController();
    const server = await startCluster({ policy: "none", workers: 2, signal: controller.signal });
    const pids = [server.primaryPid, ...server.workerPids];
    controller.abort("stop");
    assert.ok((await server.failed) instanceof AbortedError);
    await server.close();
    await assertNothingLeft(pids);
    await assert.rejects(startCluster({ policy: "rr", workers: 1, signal: AbortSignal.abort() }), AbortedError);
  });

  it("leaves no primary or worker behind when its owner is killed with SIGKILL", async () => {
    const code = `
      import { startCluster } from "parlab/drivers";
      const server = await startCluster({ policy: "none", workers: 2 });
      console.log(JSON.stringify([server.primaryPid, ...server.workerPids]));
      setInterval(() => {}, 1000);
    `;
    const owner = spawn(process.execPath, ["--input-type=module", "-e", code], { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    const pids: number[] = await new Promise((resolve, reject) => {
      owner.stdout.once("data", (d) => resolve(JSON.parse(String(d))));
      owner.once("exit", (c) => reject(new Error(`owner exited early with ${c}`)));
    });
    assert.equal(pids.length, 3);
    for (const pid of pids) assert.ok(ours().some((l) => l.startsWith(`${pid} `)), `${pid} runs`);
    owner.kill("SIGKILL");
    await new Promise((r) => owner.once("exit", r));
    await assertNothingLeft(pids);
  });
});

describe("cluster options", () => {
  const bad = async (options: object, pattern: RegExp) =>
    assert.rejects(startCluster({ policy: "rr", workers: 2, ...options } as Parameters<typeof startCluster>[0]), (e: Error) => {
      assert.ok(e instanceof InputError, `${e.name}: ${e.message}`);
      assert.match(e.message, pattern);
      return true;
    });

  it("rejects bad options with the field and what is valid", async () => {
    await bad({ workers: 0 }, /^workers: must be a whole number from 1 to 64, got 0$/);
    await bad({ workers: 65 }, /workers: .*got 65/);
    await bad({ workers: 1.5 }, /workers: .*got 1.5/);
    await bad({ policy: "fifo" }, /^policy: must be one of rr, none, reuseport, got fifo$/);
    await bad({ handlerCostMs: -1 }, /^handlerCostMs: must be a number of milliseconds from 0 to 1000, got -1$/);
    await bad({ handlerCostMs: Number.NaN }, /handlerCostMs: .*got NaN/);
    await bad({ slowWorker: { index: 2, everyN: 1, extraMs: 1 } }, /^slowWorker.index: must be a whole number from 0 to 1, got 2$/);
    await bad({ slowWorker: { index: 0, everyN: 0, extraMs: 1 } }, /slowWorker.everyN: .*got 0/);
    await bad({ slowWorker: { index: 0, everyN: 1, extraMs: 5000 } }, /slowWorker.extraMs: .*from 0 to 1000, got 5000/);
    await bad({ startTimeoutMs: 0 }, /startTimeoutMs: .*got 0/);
    assert.equal(liveClusterCount(), 0, "nothing was started");
  });

  it("busy-loops the handler cost per request, and the slow worker's extra every Nth request", async () => {
    const server: ClusterServer = await startCluster({ policy: "rr", workers: 1, handlerCostMs: 20, slowWorker: { index: 0, everyN: 2, extraMs: 60 } });
    try {
      const first = await get(server.port);
      const second = await get(server.port);
      assert.ok(first.ms >= 20, `first request took ${first.ms} ms`);
      assert.ok(second.ms >= 80, `second request took ${second.ms} ms`);
    } finally {
      await server.close();
    }
  });

  it(`reuseport ${reusePortSupported() ? "gives every worker its own socket" : "is unsupported on this runtime and says which Node is needed"}`, async () => {
    const policy: SchedulingPolicy = "reuseport";
    if (!reusePortSupported()) {
      await assert.rejects(startCluster({ policy, workers: 2 }), (e: Error) => {
        assert.ok(e instanceof UnsupportedError && e instanceof InputError);
        assert.match(e.message, /22\.12/);
        return true;
      });
      return;
    }
    const server = await startCluster({ policy, workers: 2 });
    try {
      await getMany(server.port, 40);
      const stats = await server.stats();
      assert.equal(stats.workers.reduce((s, w) => s + w.requests, 0), 40);
      assert.equal(await server.observedPolicy(), "reuseport");
    } finally {
      await server.close();
    }
  });
});
