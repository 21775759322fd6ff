/**
 * The load generator's open loop and its wire format, against small servers started here on
 * 127.0.0.1: latency measured from each request's intended send time (coordinated omission
 * corrected) against a server that stalls for a known time, late and dropped requests counted when
 * the generator cannot keep its schedule, responses framed by chunks or by the close, and every
 * open-loop option's bad values refused before a process starts. Bounded in requests and time.
 */
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { InputError } from "parlab";
import { runLoad, type LoadOptions } from "parlab/drivers";
import { generatorsStarted } from "parlab/testing";
import { leftovers } from "../helpers.ts";

after(async () => {
  assert.deepEqual(await leftovers("loadgen/entry-generator", 5000), []);
});

/** Listens on 127.0.0.1:0 and returns the URL and a closer. */
async function listen(server: http.Server | net.Server): Promise<{ url: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => {
      if (server instanceof http.Server) server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const STALL_MS = 300;

describe("open loop", () => {
  it("counts a server stall in the latency of every request scheduled during it, from its intended send time", async () => {
    // Request 20 blocks the server's event loop for STALL_MS, as a long GC pause or a slow handler would.
    let n = 0;
    const server = http.createServer((_req, res) => {
      if (++n === 20) {
        const until = performance.now() + STALL_MS;
        while (performance.now() < until) { /* stalled */ }
      }
      res.end("ok");
    });
    const { url, close } = await listen(server);
    try {
      // One connection at 100 requests per second: during the stall the schedule keeps coming, but the
      // only slot is taken, so a closed loop would simply not send — and never see the wait.
      const report = await runLoad({ url, concurrency: 1, requests: 100, keepAlive: true, timeLimitMs: 20_000, rate: 100 });
      const open = report.openLoop!;
      assert.equal(report.completed, 100);
      assert.equal(open.scheduled, 100);
      assert.equal(open.dropped, 0);
      assert.equal(open.scheduled, report.sent + open.dropped);
      // About STALL_MS / 10 ms of requests fell due while the slot was held: each left late, waiting for it.
      assert.ok(open.late >= 20 && open.late <= open.scheduled, `late ${open.late}`);
      assert.ok(open.waitedForSlot >= 20 && open.waitedForSlot <= open.late, `waited ${open.waitedForSlot} of ${open.late}`);
      assert.ok(open.maxLateMs >= STALL_MS - 40, `max late ${open.maxLateMs}`);
      // Corrected: the requests scheduled during the stall carry its remainder; the first nearly all of it.
      assert.ok(report.latencyMs.max >= STALL_MS - 20, `corrected max ${report.latencyMs.max}`);
      const waitedLong = report.latencySample.filter((ms) => ms >= 100).length;
      assert.ok(waitedLong >= 15, `${waitedLong} requests with a corrected latency ≥ 100 ms`);
      assert.ok(report.latencyMs.p90 >= 50, `corrected p90 ${report.latencyMs.p90}`);
      // Uncorrected (from the actual send), only the request the server stalled on sees it.
      assert.ok(open.uncorrectedMs.max >= STALL_MS - 20, `uncorrected max ${open.uncorrectedMs.max}`);
      assert.ok(open.uncorrectedMs.p90 < 50, `uncorrected p90 ${open.uncorrectedMs.p90}`);
    } finally {
      await close();
    }
  });

  it("offers the rate it was given, on a constant or a seeded Poisson schedule, and drops nothing against a fast server", async () => {
    const { url, close } = await listen(http.createServer((_req, res) => res.end("ok")));
    try {
      for (const arrival of ["constant", "poisson"] as const) {
        const report = await runLoad({ url, concurrency: 16, requests: 150, keepAlive: false, timeLimitMs: 20_000, rate: 300, arrival, seed: 7, lateAfterMs: 50 });
        const open = report.openLoop!;
        assert.equal(report.completed, 150, arrival);
        assert.equal(open.arrival, arrival);
        assert.equal(report.connectionsOpened, 150);
        // 150 requests at 300/s are meant to span half a second (Poisson: within a few standard deviations, 8% each).
        assert.ok(report.durationMs >= 300 && report.durationMs <= 1500, `${arrival}: ${report.durationMs} ms`);
        assert.equal(open.dropped, 0, arrival);
        assert.ok(open.late <= open.scheduled && open.waitedForSlot <= open.late, `${arrival}: ${open.late} late`);
      }
    } finally {
      await close();
    }
  });

  it("reports late and dropped requests when the generator cannot keep its schedule", async () => {
    // Each answer takes 50 ms and only 2 may be in flight: 40 per second can be served, 2000 are asked.
    const server = http.createServer((_req, res) => { setTimeout(() => res.end("slow"), 50); });
    const { url, close } = await listen(server);
    try {
      const report = await runLoad({ url, concurrency: 2, requests: 400, keepAlive: true, timeLimitMs: 20_000, rate: 2000, dropAfterMs: 100 });
      const open = report.openLoop!;
      assert.equal(open.scheduled, 400);
      assert.equal(open.scheduled, report.sent + open.dropped, "every scheduled request was sent or dropped");
      assert.ok(open.dropped >= 300, `dropped ${open.dropped}`);
      // Those sent waited for a slot, so they left late; the generator's own loop may add a few more.
      assert.ok(open.waitedForSlot >= 1 && open.late >= open.waitedForSlot, `late ${open.late}, waited for a slot ${open.waitedForSlot}`);
      assert.equal(report.completed + report.errors, report.sent);
      assert.equal(report.truncated, false);
    } finally {
      await close();
    }
  });
});

describe("responses on the wire", () => {
  it("reads chunked bodies over keep-alive and bodies framed by the close", async () => {
    const chunked = http.createServer((_req, res) => {
      res.setHeader("x-worker", "W-1");
      res.write("a".repeat(5000));
      res.end("b");
    });
    const a = await listen(chunked);
    // A bare server that answers without a length and closes: the body ends with the connection.
    const bare = net.createServer((socket) => socket.once("data", () => socket.end("HTTP/1.1 200 OK\r\nX-Worker: 3\r\n\r\nbody until close")));
    const b = await listen(bare);
    try {
      const report = await runLoad({ url: a.url, concurrency: 2, requests: 50, keepAlive: true, timeLimitMs: 20_000 });
      assert.equal(report.completed, 50, JSON.stringify(report.errorKinds));
      assert.equal(report.connectionsOpened, 2, "chunked bodies end where they say, so connections are reused");
      assert.deepEqual(report.byWorker, { "W-1": 50 }, "the worker's name as the server wrote it");
      const closing = await runLoad({ url: b.url, concurrency: 2, requests: 20, keepAlive: false, timeLimitMs: 20_000, engine: "node" });
      assert.equal(closing.completed, 20, JSON.stringify(closing.errorKinds));
      assert.deepEqual(closing.byWorker, { 3: 20 });
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("open loop input", () => {
  const ok: LoadOptions = { url: "http://127.0.0.1:9/", concurrency: 4, requests: 100, keepAlive: false, timeLimitMs: 10_000, rate: 100 };
  it("names the option and what is valid, before starting a process", async () => {
    const before = generatorsStarted();
    const cases: Array<[Partial<LoadOptions>, string, RegExp]> = [
      [{ rate: 0 }, "rate", /rate: must be a number of requests per second above 0 and at most 100000 .*got 0/],
      [{ rate: -5 }, "rate", /got -5/],
      [{ rate: NaN }, "rate", /got NaN/],
      [{ rate: "fast" as unknown as number }, "rate", /got "fast"/],
      [{ rate: 100_001 }, "rate", /at most 100000 \(more than one generator process can schedule on loopback\), got 100001/],
      [{ rate: 10, requests: 1000 }, "rate", /10 requests per second take 100000 ms to offer 1000 requests, longer than timeLimitMs \(10000 ms\)/],
      [{ arrival: "bursty" as "poisson" }, "arrival", /arrival: must be one of constant, poisson, got bursty/],
      [{ seed: 1.5 }, "seed", /seed: must be a whole number from 0 to 4294967295, got 1.5/],
      [{ lateAfterMs: -1 }, "lateAfterMs", /lateAfterMs: must be a number of milliseconds from 0 to 60000, got -1/],
      [{ dropAfterMs: 0 }, "dropAfterMs", /dropAfterMs: must be a number of milliseconds from 1 to 60000, got 0/],
      [{ rate: undefined, arrival: "poisson" }, "arrival", /arrival: applies to an open loop only: give rate/],
      [{ rate: undefined, dropAfterMs: 10 }, "dropAfterMs", /applies to an open loop only/],
    ];
    for (const [patch, input, message] of cases) {
      await assert.rejects(runLoad({ ...ok, ...patch }), (e: Error) => e instanceof InputError && e.input === input && message.test(e.message), `${input}: ${JSON.stringify(patch)}`);
    }
    assert.equal(generatorsStarted(), before, "no generator was started");
  });
});
