/**
 * Entry module of the load generator process (forked by `runLoad` in this family's mod.ts): waits
 * for its settings over IPC, runs a closed loop of `concurrency` clients against a loopback URL
 * with `node:http`, records every latency in an HDR histogram, reports once and exits. Like the
 * pool's processes it exits as soon as its parent is gone, even when the parent was killed with
 * SIGKILL.
 * @module
 */
import dns from "node:dns";
import http from "node:http";
import type { Socket } from "node:net";
import process from "node:process";
import hdr from "hdr-histogram-js";
import { errorMessage } from "../../errors.ts";
import { createRng } from "../../stats/mod.ts";
import { isLoopbackAddress } from "../_host/loopback.ts";
import { exitWithParent } from "../_host/orphan.ts";
import { checkLoadOptions, type LoadSettings } from "./options.ts";
import type { LoadgenMessage, LoadReport, LoadStartMessage } from "./protocol.ts";

if (typeof process.send !== "function") throw new Error("entry-generator must be started with child_process.fork");
const send = (message: LoadgenMessage) => process.send?.(message);

exitWithParent();

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * DNS lookup that refuses any answer off the loopback interface: the URL was checked, but
 * `localhost` is only a name, and this generator must never send load off the machine.
 */
function loopbackLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const outside = addresses.find((a) => !isLoopbackAddress(a.address));
    if (outside || addresses.length === 0) {
      const refused: NodeJS.ErrnoException = new Error(`${hostname} resolved to ${outside?.address ?? "nothing"}, not a loopback address`);
      refused.code = "ENOTLOOPBACK";
      return callback(refused, []);
    }
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/** Kind of a failed request for `errorKinds`: its error code when it has one. */
function kindOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code ? code : error instanceof Error ? error.name : "unknown";
}

/** Runs the closed loop described by `s` and summarises it. */
async function generate(s: LoadSettings): Promise<LoadReport> {
  const target = new URL(s.url);
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(target.port || 80);
  const path = `${target.pathname}${target.search}`;
  // Keep-alive: one agent whose pool of `concurrency` sockets the clients share. Otherwise every
  // request gets a fresh connection that the server closes after answering.
  const agent = s.keepAlive ? new http.Agent({ keepAlive: true, maxSockets: s.concurrency }) : false;
  const headers = s.keepAlive ? { connection: "keep-alive" } : { connection: "close" };

  // Microseconds, 3 significant digits; the pure-JS histogram works under Node and Deno alike.
  const highest = Math.ceil((s.timeLimitMs + 60_000) * 1000);
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: highest, numberOfSignificantValueDigits: 3, useWebAssembly: false });
  const random = createRng(0x5eed);
  const sample: number[] = [];
  const byWorker: Record<string, number> = {};
  const errorKinds: Record<string, number> = {};
  const sockets = new WeakSet<Socket>();
  const inFlight = new Set<http.ClientRequest>();
  let sent = 0;
  let completed = 0;
  let errors = 0;
  let connectionsOpened = 0;
  let stopped = false;
  let deadlineHit = false;
  const timeline = { bucketMs: s.timelineBucketMs, startEpochMs: 0, completed: [] as number[], failed: [] as number[] };
  let startMs = 0;
  /** Counts one settled request in the bucket of the present moment. */
  const tally = (series: number[]) => {
    const bucket = Math.max(0, Math.floor((performance.now() - startMs) / s.timelineBucketMs));
    while (timeline.completed.length <= bucket) {
      timeline.completed.push(0);
      timeline.failed.push(0);
    }
    series[bucket]!++;
  };

  let latencySumMs = 0; // the exact mean; the histogram's would use bucket midpoints
  const recordLatency = (ms: number) => {
    latencySumMs += ms;
    histogram.recordValue(Math.min(highest, Math.max(1, Math.round(ms * 1000))));
    // Reservoir sampling (algorithm R): every completed request is equally likely to be kept.
    const rounded = Math.round(ms * 1000) / 1000;
    if (completed <= s.latencySampleCap) sample.push(rounded);
    else {
      const j = Math.floor(random() * completed);
      if (j < s.latencySampleCap) sample[j] = rounded;
    }
  };

  /** One request; resolves when it has settled either way (it never rejects). */
  const request = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      let settled = false;
      const done = (failure: string | null, worker?: string) => {
        if (settled) return;
        settled = true;
        inFlight.delete(req);
        if (failure === null) {
          completed++;
          tally(timeline.completed);
          recordLatency(performance.now() - t0);
          byWorker[worker!] = (byWorker[worker!] ?? 0) + 1;
        } else if (!stopped) {
          // Requests cut off by the time limit are abandoned, not failed.
          errors++;
          errorKinds[failure] = (errorKinds[failure] ?? 0) + 1;
          tally(timeline.failed);
        }
        if (failure !== null && s.pauseAfterErrorMs > 0 && !stopped) setTimeout(resolve, s.pauseAfterErrorMs);
        else resolve();
      };
      const req = http.request({ host, port, path, agent, headers, lookup: loopbackLookup }, (res) => {
        const value = res.headers["x-worker"];
        const worker = (Array.isArray(value) ? value.join(",") : value) || "none";
        const status = res.statusCode ?? 0;
        const outcome = status >= 400 ? `status ${Math.floor(status / 100)}xx` : null;
        res.on("data", () => {}); // read the body: the latency runs to its last byte
        res.on("end", () => done(outcome, worker));
        res.on("error", (error) => done(kindOf(error)));
        // Closed before the end of the body: the connection went away under the response.
        res.on("close", () => done(res.complete ? outcome : "ECONNRESET", worker));
      });
      req.on("socket", (socket: Socket) => {
        if (!sockets.has(socket)) {
          sockets.add(socket);
          connectionsOpened++;
        }
      });
      req.on("error", (error) => done(kindOf(error)));
      inFlight.add(req);
      req.end();
    });

  // A closed-loop client: its next request starts when its previous one settled.
  const client = async () => {
    while (!stopped && sent < s.requests) {
      sent++;
      await request();
    }
  };

  const start = performance.now();
  startMs = start;
  timeline.startEpochMs = Date.now();
  send({ type: "started", epochMs: timeline.startEpochMs });
  const deadline = setTimeout(() => {
    deadlineHit = true;
    stopped = true;
    for (const req of inFlight) req.destroy();
  }, s.timeLimitMs);
  await Promise.all(Array.from({ length: Math.min(s.concurrency, s.requests) }, client));
  const durationMs = performance.now() - start;
  clearTimeout(deadline);
  stopped = true;
  if (agent) agent.destroy();

  // The histogram answers a percentile with the top of its bucket (≤ 0.1% above the true value) but
  // keeps the exact maximum; capping at the maximum keeps p50 ≤ … ≤ p999 ≤ max, as the true values are.
  const max = histogram.maxValue / 1000;
  const at = (percentile: number) => Math.min(max, histogram.getValueAtPercentile(percentile) / 1000);
  const report: LoadReport = {
    sent,
    completed,
    errors,
    errorKinds,
    durationMs,
    throughputRps: durationMs > 0 ? completed / (durationMs / 1000) : 0,
    latencyMs: { p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max, mean: completed > 0 ? latencySumMs / completed : 0 },
    latencySample: sample,
    byWorker,
    connectionsOpened,
    // Cut short only if the limit left requests unsent or unsettled.
    truncated: deadlineHit && completed + errors < s.requests,
    timeline,
  };
  histogram.destroy();
  return report;
}

process.once("message", async (message: LoadStartMessage) => {
  try {
    // Checked again here: this process is the one that opens sockets.
    const settings = checkLoadOptions(message.settings);
    send({ type: "report", report: await generate(settings) });
  } catch (error) {
    send({ type: "error", message: errorMessage(error) });
  }
});
send({ type: "ready", pid: process.pid });
