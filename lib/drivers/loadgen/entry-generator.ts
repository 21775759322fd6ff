/**
 * Entry module of the load generator process (forked by `runLoad` in this family's mod.ts): waits
 * for its settings over IPC, loads a loopback URL on raw sockets (`client.ts`) either in a closed
 * loop of `concurrency` clients or in an open loop on a schedule of intended send times, records
 * every latency in HDR histograms, reports once and exits. Like the pool's processes it exits as
 * soon as its parent is gone, even when the parent was killed with SIGKILL.
 * @module
 */
import dns from "node:dns";
import process from "node:process";
import { errorMessage } from "../../errors.ts";
import { isLoopbackAddress } from "../_host/loopback.ts";
import { exitWithParent } from "../_host/orphan.ts";
import { HttpClient, type Target } from "./client.ts";
import { checkLoadOptions, type LoadSettings } from "./options.ts";
import type { LoadgenMessage, LoadReport, LoadStartMessage, OpenLoopReport } from "./protocol.ts";
import { Recorder } from "./recorder.ts";
import { arrivalGaps } from "./schedule.ts";
import { requestBytes } from "./wire.ts";

if (typeof process.send !== "function") throw new Error("entry-generator must be started with child_process.fork");
const send = (message: LoadgenMessage) => process.send?.(message);

exitWithParent();

/**
 * The URL's host as one loopback address, resolved once: the URL was checked, but `localhost` is
 * only a name, and this generator must never send load off the machine.
 */
async function loopbackTarget(s: LoadSettings): Promise<Target> {
  const url = new URL(s.url);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = await dns.promises.lookup(hostname, { all: true });
  const outside = addresses.find((a) => !isLoopbackAddress(a.address));
  if (outside || addresses.length === 0) throw new Error(`${hostname} resolved to ${outside?.address ?? "nothing"}, not a loopback address`);
  return { host: addresses[0]!.address, port: Number(url.port || 80), bytes: requestBytes(url, s.keepAlive), keepAlive: s.keepAlive };
}

/** Where a run stands while it goes; the loops below share it. */
interface Run {
  s: LoadSettings;
  client: HttpClient;
  recorder: Recorder;
  sent: number;
  stopped: boolean;
}

/** Sends request number `sent`, meant to leave at `intendedMs`; `next` runs once it settled (not after the stop). */
function fire(run: Run, intendedMs: number, next: (failed: boolean) => void): void {
  run.sent++;
  const sentMs = performance.now();
  run.client.send((failure, worker) => {
    if (run.stopped) return; // cut off by the time limit: abandoned, not failed
    const now = performance.now();
    if (failure === null) run.recorder.complete(worker, intendedMs, sentMs, now);
    else run.recorder.fail(failure, now);
    next(failure !== null);
  });
}

/** The closed loop: `concurrency` clients, each sending its next request once its previous one settled. */
function closedLoop(run: Run, done: () => void): void {
  const { s } = run;
  let active = 0;
  const client = () => {
    if (run.stopped || run.sent >= s.requests) {
      if (--active === 0) done();
      return;
    }
    fire(run, performance.now(), (failed) => {
      if (failed && s.pauseAfterErrorMs > 0) setTimeout(client, s.pauseAfterErrorMs);
      else client();
    });
  };
  const clients = Math.min(s.concurrency, s.requests);
  active = clients;
  for (let i = 0; i < clients; i++) client();
}

/** Open-loop counters, filled as the schedule runs. */
interface OpenCounts {
  scheduled: number;
  late: number;
  waitedForSlot: number;
  dropped: number;
  maxLateMs: number;
}

/**
 * The open loop: request i is meant to leave at start + the sum of the first i gaps, whatever
 * happened to the others. At most `concurrency` are in flight; a request whose time came while all
 * slots were taken waits for the first free one, and is dropped once it waited `dropAfterMs`.
 */
function openLoop(run: Run, startMs: number, counts: OpenCounts, done: () => void): void {
  const { s } = run;
  const gap = arrivalGaps(s.rate!, s.arrival, s.seed);
  let nextMs = startMs + gap();
  let inFlight = 0;
  let settledOrDropped = 0;
  const waiting: number[] = []; // intended times of requests waiting for a slot, oldest first
  let timer: ReturnType<typeof setTimeout> | undefined;

  const finishIfDone = () => {
    if (settledOrDropped === s.requests || (run.stopped && inFlight === 0)) {
      clearTimeout(timer);
      done();
    }
  };
  const launch = (intendedMs: number, now: number, waited: boolean) => {
    const lateMs = now - intendedMs;
    if (lateMs > counts.maxLateMs) counts.maxLateMs = lateMs;
    if (lateMs > s.lateAfterMs) {
      counts.late++;
      if (waited) counts.waitedForSlot++;
    }
    inFlight++;
    fire(run, intendedMs, () => {
      inFlight--;
      settledOrDropped++;
      drain(performance.now());
      finishIfDone();
    });
  };
  /** Hands free slots to waiting requests, dropping those that waited too long. */
  const drain = (now: number) => {
    while (waiting.length > 0 && (inFlight < s.concurrency || now - waiting[0]! > s.dropAfterMs)) {
      const intended = waiting.shift()!;
      if (now - intended > s.dropAfterMs) {
        counts.dropped++;
        settledOrDropped++;
      } else launch(intended, now, true);
    }
  };
  const tick = () => {
    if (run.stopped) return;
    const now = performance.now();
    drain(now);
    while (counts.scheduled < s.requests && nextMs <= now) {
      counts.scheduled++;
      if (inFlight < s.concurrency && waiting.length === 0) launch(nextMs, now, false);
      else waiting.push(nextMs);
      nextMs += gap();
    }
    finishIfDone();
    if (counts.scheduled < s.requests) timer = setTimeout(tick, Math.max(0, nextMs - performance.now()));
    else if (waiting.length > 0) timer = setTimeout(tick, Math.max(1, s.dropAfterMs / 4));
  };
  tick();
}

/** Runs the load described by `s` and summarises it. */
async function generate(s: LoadSettings): Promise<LoadReport> {
  const target = await loopbackTarget(s);
  const client = new HttpClient(target);
  const recorder = new Recorder(s.latencySampleCap, s.timelineBucketMs, s.timeLimitMs);
  const run: Run = { s, client, recorder, sent: 0, stopped: false };
  const counts: OpenCounts = { scheduled: 0, late: 0, waitedForSlot: 0, dropped: 0, maxLateMs: 0 };
  let deadlineHit = false;

  const cpu0 = process.cpuUsage();
  const start = performance.now();
  recorder.start(start);
  send({ type: "started", epochMs: recorder.timeline.startEpochMs });
  await new Promise<void>((resolve) => {
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      resolve();
    };
    const deadline = setTimeout(() => {
      deadlineHit = true;
      run.stopped = true;
      client.close();
      done();
    }, s.timeLimitMs);
    if (s.rate === null) closedLoop(run, done);
    else openLoop(run, start, counts, done);
  });
  const durationMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  run.stopped = true;
  client.close();

  const { latencyMs, uncorrectedMs, latencySample } = recorder.finish();
  const open: OpenLoopReport | null = s.rate === null ? null : {
    rate: s.rate, arrival: s.arrival, ...counts, lateAfterMs: s.lateAfterMs, dropAfterMs: s.dropAfterMs, uncorrectedMs,
  };
  const { completed, errors } = recorder;
  return {
    engine: "node",
    latencyResolutionMs: 0.001,
    sent: run.sent,
    completed,
    errors,
    errorKinds: recorder.errorKinds,
    durationMs,
    throughputRps: durationMs > 0 ? completed / (durationMs / 1000) : 0,
    latencyMs,
    latencySample,
    byWorker: recorder.byWorker,
    connectionsOpened: client.connectionsOpened,
    // Cut short only if the limit left requests unsent or unsettled.
    truncated: deadlineHit && completed + errors + counts.dropped < s.requests,
    timeline: recorder.timeline,
    generatorCpuMs: (cpu.user + cpu.system) / 1000,
    openLoop: open,
  };
}

process.once("message", async (message: LoadStartMessage) => {
  try {
    // Checked again here: this process is the one that opens sockets.
    // A closed loop's settings carry the open loop's defaults, which its options must not name.
    const { rate, arrival, seed, lateAfterMs, dropAfterMs, ...closed } = message.settings;
    const settings = checkLoadOptions(rate === null ? closed : { ...closed, rate, arrival, seed, lateAfterMs, dropAfterMs });
    send({ type: "report", report: await generate(settings) });
  } catch (error) {
    send({ type: "error", message: errorMessage(error) });
  }
});
send({ type: "ready", pid: process.pid });
