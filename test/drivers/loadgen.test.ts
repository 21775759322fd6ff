/**
 * The closed-loop load generator, against small servers started here on 127.0.0.1: counts,
 * connections, latencies, errors, time limits, input checks, abort, and no process left behind.
 * Every run is bounded in requests and time; no request ever leaves the loopback interface.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { AbortedError, InputError, WorkerError } from "parlab";
import { runLoad, type LoadOptions } from "parlab/drivers";
import { generatorsStarted, liveGeneratorCount } from "parlab/testing";
import { ROOT, leftovers, processesMatching } from "../helpers.ts";

const ENTRY = "loadgen/entry-generator";

interface TestServer {
  url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Requests received so far. */
  requests(): number;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1:0; `handle` answers request number `n` (from 0). */
async function startServer(handle: (n: number, req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<TestServer> {
  let connections = 0;
  let requests = 0;
  const server = http.createServer((req, res) => handle(requests++, req, res));
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hello?x=1`,
    connections: () => connections,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers every request with "ok", tagging it x-worker "a" or "b" alternately. */
const alternating = (n: number, _req: http.IncomingMessage, res: http.ServerResponse) => {
  res.setHeader("x-worker", n % 2 === 0 ? "a" : "b");
  res.end("ok");
};

/** Answers each request after `ms` milliseconds (timers cleared when the socket closes). */
const slow = (ms: number) => (_n: number, req: http.IncomingMessage, res: http.ServerResponse) => {
  const timer = setTimeout(() => res.end("late"), ms);
  req.socket.once("close", () => clearTimeout(timer));
};

const base = { concurrency: 4, requests: 200, keepAlive: true, timeLimitMs: 20_000 } as const;
const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);

after(async () => {
  // Nothing this suite started may outlive it.
  assert.deepEqual(await leftovers(ENTRY, 5000), []);
});

describe("load generator", () => {
  it("keep-alive: every request completes over exactly `concurrency` connections", async () => {
    const server = await startServer(alternating);
    try {
      const report = await runLoad({ ...base, url: server.url, requests: 400, latencySampleCap: 50 });
      assert.equal(report.sent, 400);
      assert.equal(report.completed, 400);
      assert.equal(report.errors, 0);
      assert.deepEqual(report.errorKinds, {});
      assert.deepEqual(report.byWorker, { a: 200, b: 200 });
      assert.equal(sum(report.byWorker), report.completed);
      assert.equal(report.connectionsOpened, 4);
      assert.equal(server.connections(), 4, "the server agrees on the number of connections");
      assert.equal(server.requests(), 400);
      assert.equal(report.truncated, false);
      const l = report.latencyMs;
      assert.ok(l.p50 > 0, `p50 ${l.p50} > 0`);
      assert.ok(l.p50 <= l.p90 && l.p90 <= l.p99 && l.p99 <= l.p999 && l.p999 <= l.max, `ordered: ${JSON.stringify(l)}`);
      assert.ok(l.mean > 0 && l.mean <= l.max);
      assert.equal(report.latencySample.length, 50, "the sample is capped");
      assert.ok(report.latencySample.every((x) => x > 0 && x <= l.max));
      assert.ok(report.durationMs > 0);
      assert.ok(Math.abs(report.throughputRps - report.completed / (report.durationMs / 1000)) < 1e-6);
    } finally {
      await server.close();
    }
    assert.equal(liveGeneratorCount(), 0);
  });

  it("without keep-alive: one new connection per request", async () => {
    const server = await startServer(alternating);
    try {
      const report = await runLoad({ ...base, url: server.url, requests: 100, keepAlive: false, engine: "node" });
      assert.equal(report.completed, 100);
      assert.equal(report.connectionsOpened, 100);
      assert.equal(server.connections(), 100);
      assert.equal(sum(report.byWorker), 100);
      assert.equal(report.latencySample.length, 100, "fewer results than the default cap: all kept");
    } finally {
      await server.close();
    }
  });

  it("fewer requests than clients, and responses without x-worker count as none", async () => {
    const server = await startServer((_n, _req, res) => res.end("plain"));
    try {
      const report = await runLoad({ ...base, url: server.url, concurrency: 8, requests: 3 });
      assert.equal(report.completed, 3);
      assert.deepEqual(report.byWorker, { none: 3 });
      assert.equal(report.connectionsOpened, 3);
    } finally {
      await server.close();
    }
  });

  it("counts resets and 5xx answers by kind instead of crashing", async () => {
    // Request n: n % 3 == 0 answers, 1 resets the connection, 2 answers 503.
    const server = await startServer((n, req, res) => {
      if (n % 3 === 0) res.end("ok");
      else if (n % 3 === 1) req.socket.destroy();
      else {
        res.statusCode = 503;
        res.end("busy");
      }
    });
    try {
      const report = await runLoad({ ...base, url: server.url, concurrency: 3, requests: 90, keepAlive: false, engine: "node" });
      assert.equal(report.sent, 90);
      assert.equal(report.completed, 30);
      assert.equal(report.errors, 60);
      assert.equal(sum(report.errorKinds), report.errors);
      assert.equal(report.errorKinds["status 5xx"], 30);
      assert.equal(report.errorKinds.ECONNRESET, 30, JSON.stringify(report.errorKinds));
      assert.equal(sum(report.byWorker), 30, "only completed responses count per worker");
      assert.equal(report.truncated, false);
    } finally {
      await server.close();
    }
  });

  it("counts refused connections when nothing listens", async () => {
    const server = await startServer(alternating);
    const url = server.url;
    await server.close(); // the port is now (very likely) free: connecting is refused
    const report = await runLoad({ ...base, url, concurrency: 2, requests: 20, keepAlive: false, engine: "node" });
    assert.equal(report.completed, 0);
    assert.equal(report.errors, 20);
    assert.deepEqual(report.errorKinds, { ECONNREFUSED: 20 });
    assert.ok(Number.isNaN(report.latencyMs.p50), "no latency without a completed request");
    assert.deepEqual(report.latencySample, []);
  });

  it("stops at timeLimitMs against a slow server and reports the run as truncated", async () => {
    const server = await startServer(slow(200));
    try {
      const t0 = performance.now();
      const report = await runLoad({ ...base, url: server.url, concurrency: 2, requests: 1000, timeLimitMs: 700 });
      const wall = performance.now() - t0;
      assert.equal(report.truncated, true);
      assert.ok(report.completed >= 2 && report.completed <= 8, `completed ${report.completed}`);
      assert.equal(report.errors, 0, "requests cut off by the limit are not errors");
      assert.ok(report.sent - report.completed <= 2, "at most one request per client was abandoned");
      assert.ok(report.durationMs >= 650 && report.durationMs < 1500, `duration ${report.durationMs}`);
      assert.ok(report.latencyMs.p50 >= 190, `p50 ${report.latencyMs.p50}`);
      assert.ok(wall < 10_000, `settled after ${wall} ms`);
    } finally {
      await server.close();
    }
  });
});

describe("load generator input", () => {
  const ok: LoadOptions = { url: "http://127.0.0.1:9/", ...base };

  it("refuses any url off the loopback interface before starting a process", async () => {
    const before = generatorsStarted();
    // None of these is ever contacted: they are rejected by the check, before any fork.
    const refused = [
      "http://10.0.0.1/",
      "http://example.com/",
      "http://192.168.1.1:8080/x",
      "http://0.0.0.0:80/",
      "http://[::2]/",
      "http://[::ffff:10.0.0.1]/",
      "http://127.0.0.1.example.com/",
      "http://localhost.example.com/",
      "https://127.0.0.1/",
      "ftp://127.0.0.1/",
      "not a url",
    ];
    for (const url of refused) {
      await assert.rejects(
        runLoad({ ...ok, url }),
        (e: Error) => e instanceof InputError && e.input === "url" && /http:\/\/ URL on 127\.0\.0\.0\/8, localhost or \[::1\]/.test(e.message),
        url,
      );
    }
    await assert.rejects(runLoad({ ...ok, url: 42 as unknown as string }), InputError);
    assert.equal(generatorsStarted(), before, "no generator was started");
    assert.deepEqual(processesMatching(ENTRY), []);
  });

  it("names the field and its range for bad numbers and flags", async () => {
    const before = generatorsStarted();
    const cases: Array<[Partial<LoadOptions>, string, RegExp]> = [
      [{ concurrency: 0 }, "concurrency", /concurrency: must be a whole number from 1 to 1024, got 0/],
      [{ concurrency: 1025 }, "concurrency", /from 1 to 1024, got 1025/],
      [{ concurrency: 2.5 }, "concurrency", /got 2.5/],
      [{ concurrency: "8" as unknown as number }, "concurrency", /got "8"/],
      [{ requests: 0 }, "requests", /requests: must be a whole number from 1 to 10000000, got 0/],
      [{ requests: 10_000_001 }, "requests", /got 10000001/],
      [{ requests: NaN }, "requests", /got NaN/],
      [{ keepAlive: "yes" as unknown as boolean }, "keepAlive", /keepAlive: must be true or false/],
      [{ timeLimitMs: 0 }, "timeLimitMs", /timeLimitMs: must be a number of milliseconds from 1 to 3600000, got 0/],
      [{ timeLimitMs: Infinity }, "timeLimitMs", /got Infinity/],
      [{ latencySampleCap: -1 }, "latencySampleCap", /latencySampleCap: must be a whole number from 0 to 1000000, got -1/],
    ];
    for (const [patch, input, message] of cases) {
      await assert.rejects(runLoad({ ...ok, ...patch }), (e: Error) => e instanceof InputError && e.input === input && message.test(e.message), input);
    }
    assert.equal(generatorsStarted(), before);
  });
});

describe("load generator teardown", () => {
  it("abort rejects with AbortedError and leaves no generator process", async () => {
    const server = await startServer(slow(50));
    try {
      const controller = new AbortController();
      const run = runLoad({ ...base, url: server.url, concurrency: 2, requests: 1_000_000, timeLimitMs: 60_000, signal: controller.signal });
      // Abort once the generator demonstrably sends load.
      const until = Date.now() + 10_000;
      while (server.requests() === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      assert.ok(server.requests() > 0, "the generator sent requests");
      controller.abort();
      await assert.rejects(run, AbortedError);
      assert.equal(liveGeneratorCount(), 0);
      assert.deepEqual(processesMatching(ENTRY), [], "gone before the promise settled");
    } finally {
      await server.close();
    }
  });

  it("rejects with WorkerError when the generator dies mid-run", async () => {
    const server = await startServer(slow(20));
    try {
      const run = runLoad({ ...base, url: server.url, concurrency: 2, requests: 1_000_000, timeLimitMs: 60_000 });
      const until = Date.now() + 10_000;
      while (server.requests() === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const [generator] = processesMatching(ENTRY);
      assert.ok(generator, "the generator runs");
      process.kill(Number(generator.split(" ")[0]), "SIGKILL");
      await assert.rejects(run, (e: Error) => e instanceof WorkerError && /was killed by SIGKILL before reporting/.test(e.message));
      assert.equal(liveGeneratorCount(), 0);
    } finally {
      await server.close();
    }
  });

  it("an already aborted signal starts nothing", async () => {
    const before = generatorsStarted();
    await assert.rejects(runLoad({ ...base, url: "http://127.0.0.1:9/", signal: AbortSignal.abort() }), AbortedError);
    assert.equal(generatorsStarted(), before);
  });

  it("the generator exits when the process that owns it is killed with SIGKILL", async () => {
    const server = await startServer(slow(20));
    try {
      const code = `
        import { runLoad } from "parlab/drivers";
        runLoad({ url: process.env.LOADGEN_URL, concurrency: 2, requests: 1000000, keepAlive: true, timeLimitMs: 60000 }).catch(() => {});
        setInterval(() => {}, 1000);
      `;
      const owner = spawn(process.execPath, ["--input-type=module", "-e", code], {
        cwd: ROOT,
        env: { ...process.env, LOADGEN_URL: server.url },
        stdio: ["ignore", "inherit", "inherit"],
      });
      const ownerExit = new Promise((r) => owner.once("exit", r));
      try {
        const until = Date.now() + 15_000;
        while (server.requests() === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        assert.ok(server.requests() > 0, "the owner's generator sent requests");
        const generators = processesMatching(ENTRY);
        assert.equal(generators.length, 1, generators.join("\n"));
        assert.ok(!generators[0]!.startsWith(`${owner.pid} `), "the generator is a process of its own");
      } finally {
        owner.kill("SIGKILL");
        await ownerExit;
      }
      assert.deepEqual(await leftovers(ENTRY, 5000), [], "the generator exits once its owner is gone");
    } finally {
      await server.close();
    }
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
