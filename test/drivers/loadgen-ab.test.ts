/**
 * The load generator's ApacheBench engine, against a 2-worker cluster and small servers started
 * here on 127.0.0.1: counts agree with the workers', failures are counted by kind rather than
 * fatal, the time limit and abort end ab, bad options start nothing, and `auto` picks the engine.
 * Skipped without ab (required under CI=true).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { AbortedError, InputError, distribution, loadResult, type DistributionResult } from "parlab";
import { checkLoadOptions, chooseEngine, runLoad, startCluster } from "parlab/drivers";
import { abStarted, generatorsStarted, liveAbCount } from "parlab/testing";

import { needTool, runCli, tempDir } from "../helpers.ts";

const skip = needTool("ab", () => spawnSync("ab", ["-V"], { stdio: "ignore" }).status === 0, "apt-get install apache2-utils");

/** A server on 127.0.0.1:0 whose request number `n` (from 0) is answered by `handle`. */
async function startServer(handle: (n: number, req: http.IncomingMessage, res: http.ServerResponse) => void) {
  let requests = 0;
  const server = http.createServer((req, res) => handle(requests++, req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const closed = { concurrency: 4, requests: 200, keepAlive: false, timeLimitMs: 20_000 } as const;

describe("load generator, ab engine", { skip }, () => {
  it("every request reaches a worker of a 2-worker cluster, and the report says ab sent it", async () => {
    const server = await startCluster({ policy: "rr", workers: 2 });
    try {
      const report = await runLoad({ ...closed, url: `http://${server.host}:${server.port}/`, requests: 300, engine: "ab" });
      assert.equal(report.engine, "ab");
      assert.equal(report.latencyResolutionMs, 1);
      assert.equal(report.completed, 300);
      assert.equal(report.errors, 0, JSON.stringify(report.errorKinds));
      assert.equal(report.sent, 300);
      assert.equal(report.truncated, false);
      assert.deepEqual(report.byWorker, {}, "ab reads no headers");
      const stats = await server.stats();
      assert.equal(stats.workers.reduce((a, w) => a + w.requests, 0), 300, "the workers' own counts");
      for (const v of Object.values(report.latencyMs)) assert.ok(Number.isFinite(v), JSON.stringify(report.latencyMs));
      assert.ok(report.latencyMs.p50 <= report.latencyMs.max);
      assert.equal(report.timeline.completed.reduce((a, b) => a + b, 0), 300);
      assert.ok(report.generatorCpuMs >= 0);
    } finally {
      await server.close();
    }
    assert.equal(liveAbCount(), 0);
  });

  it("counts 500s and reset connections as errors by kind, and completes the rest", async () => {
    const server = await startServer((n, req, res) => {
      if (n % 4 === 1) return void req.socket.resetAndDestroy();
      res.writeHead(n % 4 === 2 ? 500 : 200, { "content-length": n % 3 === 0 ? 1 : 3 });
      res.end(n % 3 === 0 ? "a" : "abc"); // bodies of different lengths are not failures
    });
    try {
      const report = await runLoad({ ...closed, url: server.url, requests: 200, engine: "ab" });
      assert.equal(report.errorKinds["status non-2xx"], 50);
      assert.equal(report.errorKinds["receive"], 50, JSON.stringify(report.errorKinds));
      assert.equal(report.errors, 100);
      assert.equal(report.completed, 100);
    } finally {
      await server.close();
    }
  });

  it("counts refused connections as errors, once each", async () => {
    const server = await startServer((_n, _req, res) => res.end("ok"));
    const url = server.url;
    await server.close(); // nothing listens on its port now
    const report = await runLoad({ ...closed, url, requests: 20, engine: "ab" });
    assert.equal(report.completed, 0);
    assert.equal(report.errors, 20, JSON.stringify(report.errorKinds));
    assert.deepEqual(report.errorKinds, { receive: 20 });
  });

  it("stops at the time limit with what it did, and ab is gone", async () => {
    const server = await startServer((n, _req, res) => {
      if (n < 5) res.end("ok"); // then stall
    });
    try {
      const t0 = Date.now();
      const report = await runLoad({ ...closed, url: server.url, timeLimitMs: 1500, engine: "ab" });
      assert.ok(Date.now() - t0 < 1500 + 3000, `took ${Date.now() - t0} ms`);
      assert.equal(report.truncated, true);
      assert.equal(report.completed, 5);
      assert.equal(liveAbCount(), 0);
    } finally {
      await server.close();
    }
  });

  it("abort kills ab and rejects with AbortedError", async () => {
    const server = await startServer(() => {}); // never answers
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      await assert.rejects(runLoad({ ...closed, url: server.url, engine: "ab", signal: controller.signal }), AbortedError);
      assert.equal(liveAbCount(), 0);
    } finally {
      await server.close();
    }
  });

  it("refuses engine ab with keep-alive or an open loop, and an unknown engine, naming engine, before starting anything", async () => {
    const before = abStarted() + generatorsStarted();
    const url = "http://127.0.0.1:9/";
    for (const options of [{ keepAlive: true, engine: "ab" }, { rate: 100, engine: "ab" }, { engine: "banana" }]) {
      await assert.rejects(runLoad({ ...closed, url, ...options } as never), (e: unknown) => e instanceof InputError && e.input === "engine");
    }
    assert.equal(abStarted() + generatorsStarted(), before);
  });

  it("auto picks node for keep-alive and open loops, ab for a closed loop of new connections", () => {
    const url = "http://127.0.0.1:9/";
    assert.equal(chooseEngine(checkLoadOptions({ ...closed, url, keepAlive: true })), "node");
    assert.equal(chooseEngine(checkLoadOptions({ ...closed, url, rate: 100 })), "node");
    assert.equal(chooseEngine(checkLoadOptions({ ...closed, url })), "ab");
    assert.equal(chooseEngine(checkLoadOptions({ ...closed, url, engine: "node" })), "node");
  });

  it("drives the distribution experiment's closed loops of new connections, and its findings say which generator drove what", async () => {
    const r = await runCli(["run", "distribution", "--profile", "tiny", "--out", tempDir(), "--set", "requests=300"]);
    assert.equal(r.code, 0, r.stderr);
    const result = loadResult(r.stdout.trim().split("\n").slice(-2)[0]!) as DistributionResult;
    for (const t of result.trials.filter((t) => t.ok)) {
      assert.equal(t.detail?.generator, t.condition.includes("% load") ? "node" : "ab", t.condition);
    }
    const findings = distribution.findings(result);
    assert.ok(findings.some((f) => /ApacheBench \(ab\) drove capacity, new conn, .*c=\d+ new conn/.test(f)), findings.join("\n"));
    assert.ok(!findings.some((f) => /ab was not installed/.test(f)));
    // Where ab was missing, the Node client drove those loops: the findings say it ran at about half ab's rate.
    const withoutAb = { ...result, summary: { ...result.summary, generators: [{ generator: "node" as const, conditions: ["rr c=4 new conn"] }] } };
    assert.ok(distribution.findings(withoutAb).some((f) => /ab was not installed .*about half of ab's rate/.test(f)));
  });
});
