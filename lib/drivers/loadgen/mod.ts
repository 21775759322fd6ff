/**
 * A closed-loop HTTP load generator for loopback servers. The generator runs in a process of its
 * own (started from the fixed entry module `entry-loadgen` beside this one), so that the requests it
 * sends never compete for the event loop of the server under test or of the caller that measures.
 * This module checks the options, forks the generator, hands it the options over IPC and waits for
 * its report; the generator is always gone before the returned promise settles.
 * @module
 */
import { fork, type ChildProcess } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { AbortedError, InputError, WorkerError } from "../../errors.ts";
import { childExecArgv } from "../pool/mod.ts";
import { entryPath } from "../_host/entry.ts";

/** What to send, where, and how hard. */
export interface LoadOptions {
  /** Target: an `http://` URL on 127.0.0.0/8, `localhost` or `[::1]`. This lab never sends load off the machine. */
  url: string;
  /** Closed loop: this many clients, each sending its next request when its previous one finished; 1..1024. */
  concurrency: number;
  /** Total requests to send over all clients; 1..10 000 000 (fewer than `concurrency` is allowed). */
  requests: number;
  /** true: clients share one keep-alive agent of `concurrency` sockets; false: a new TCP connection per request (`Connection: close`). */
  keepAlive: boolean;
  /** Hard bound in milliseconds (1..3 600 000): after this long the generator stops, abandons what is in flight and reports (`truncated`). */
  timeLimitMs: number;
  /** Raw latencies kept for ECDF plots, as a seeded uniform reservoir sample; 0..1 000 000, default 2000. */
  latencySampleCap?: number;
  /** Width of the throughput timeline's buckets in milliseconds (1..60 000), default 100. */
  timelineBucketMs?: number;
  /**
   * How long a client waits after a failed request before its next one, in milliseconds (0..10 000),
   * default 0. Against a dead server a closed loop with no pause turns into a busy loop of refused
   * connections that competes for the CPU with whatever is measured; a pause bounds that.
   */
  pauseAfterErrorMs?: number;
  /** Called once the generator starts its first request, with that moment as a `Date.now()` epoch in milliseconds. */
  onStarted?: (epochMs: number) => void;
  /** Aborting kills the generator process and rejects with {@link AbortedError}. */
  signal?: AbortSignal;
}

/** Latency summary in milliseconds, read from an HDR histogram of microseconds (3 significant digits). NaN when nothing completed. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/** What one load run did. `sent - completed - errors` requests were in flight when a time limit cut the run short. */
export interface LoadReport {
  /** Requests started. */
  sent: number;
  /** Requests answered with a status below 400 and read to the end of the body. */
  completed: number;
  /** Requests that failed: a socket error or a status of 400 or more. */
  errors: number;
  /** Failures by kind: an error code (`ECONNRESET`, `ECONNREFUSED`, …) or a status class (`status 5xx`). Sums to `errors`. */
  errorKinds: Record<string, number>;
  /** Milliseconds from the first request until the last one settled (or the time limit). */
  durationMs: number;
  /** `completed` per second of `durationMs`. */
  throughputRps: number;
  /** Latency of completed requests, from the start of the request to the end of the response body. */
  latencyMs: LatencySummary;
  /** Up to `latencySampleCap` latencies of completed requests in milliseconds, a uniform sample in completion order. */
  latencySample: number[];
  /** Completed responses per value of their `x-worker` header (`"none"` when absent). Sums to `completed`. */
  byWorker: Record<string, number>;
  /** TCP connections the generator opened. */
  connectionsOpened: number;
  /** True when the time limit stopped the run before every request was sent and settled. */
  truncated: boolean;
  /** Requests settled per time bucket since the first request, by outcome. */
  timeline: LoadTimeline;
}

/** Requests that settled in each `bucketMs`-wide bucket since the first request; the last bucket may be partial. */
export interface LoadTimeline {
  bucketMs: number;
  /** `Date.now()` when the first request started: bucket i spans [startEpochMs + i·bucketMs, startEpochMs + (i+1)·bucketMs). */
  startEpochMs: number;
  /** Requests completed in each bucket (counted when their body ended). */
  completed: number[];
  /** Requests failed in each bucket (counted when the failure was seen). */
  failed: number[];
}

/** Options after checking: every field present, no signal (it stays with the caller). */
export type LoadSettings = Required<Omit<LoadOptions, "signal" | "onStarted">>;

/** Parent → generator: the run to do. */
export interface LoadStartMessage {
  type: "start";
  settings: LoadSettings;
}

/** Generator → parent: loaded and listening; its report; or why it could not run. */
export type LoadgenMessage =
  | { type: "ready"; pid: number }
  | { type: "started"; epochMs: number }
  | { type: "report"; report: LoadReport }
  | { type: "error"; message: string };

/** Most clients (= sockets in keep-alive mode) one generator runs. */
export const MAX_CONCURRENCY = 1024;
/** Most requests one run sends. */
export const MAX_REQUESTS = 10_000_000;
/** Longest time limit of one run, in milliseconds (an hour). */
export const MAX_TIME_LIMIT_MS = 3_600_000;
/** Most raw latencies one report carries. */
export const MAX_SAMPLE_CAP = 1_000_000;
/** Raw latencies a report carries unless `latencySampleCap` says otherwise. */
export const DEFAULT_SAMPLE_CAP = 2000;
/** Width of the timeline's buckets unless `timelineBucketMs` says otherwise, in milliseconds. */
export const DEFAULT_BUCKET_MS = 100;

// How long the generator may take to load before it counts as failed, and how long past its time
// limit it may take to report before it is killed (it abandons in-flight requests at the limit, so
// only a wedged process needs the margin).
const STARTUP_LIMIT_MS = 30_000;
const KILL_MARGIN_MS = 5_000;
// After a report, the generator exits on the IPC disconnect; this is how long it gets before SIGKILL.
const EXIT_GRACE_MS = 1_000;

/** True for an IP address (as DNS returns it) on the loopback interface: 127.0.0.0/8, ::1, or 127.x mapped into IPv6. */
export function isLoopbackAddress(address: string): boolean {
  const ip = address.toLowerCase();
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip) || ip === "::1" || /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/**
 * True for a URL hostname (as WHATWG `URL` normalises it) that names the loopback interface:
 * `localhost`, `[::1]`, or an IPv4 address in 127.0.0.0/8 (`URL` has already turned forms like
 * `127.1` or `2130706433` into dotted quads).
 */
export function isLoopbackHostname(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function wholeNumber(input: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(input, `must be a whole number from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

function checkUrl(value: unknown): string {
  const rule = "must be an http:// URL on 127.0.0.0/8, localhost or [::1] (this lab never sends load off the machine)";
  if (typeof value !== "string") throw new InputError("url", `${rule}, got ${describe(value)}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError("url", `${rule}, got ${JSON.stringify(value)}, which is not a URL`);
  }
  if (url.protocol !== "http:" || !isLoopbackHostname(url.hostname)) {
    throw new InputError("url", `${rule}, got ${JSON.stringify(value)}`);
  }
  return url.href;
}

/**
 * Checks every option and fills in defaults; throws an {@link InputError} naming the field and its
 * valid range. Pure: it never resolves names or opens sockets.
 */
export function checkLoadOptions(options: LoadOptions): LoadSettings {
  if (typeof options !== "object" || options === null) throw new InputError("options", `must be an object, got ${describe(options)}`);
  const url = checkUrl(options.url);
  const concurrency = wholeNumber("concurrency", options.concurrency, 1, MAX_CONCURRENCY);
  const requests = wholeNumber("requests", options.requests, 1, MAX_REQUESTS);
  if (typeof options.keepAlive !== "boolean") throw new InputError("keepAlive", `must be true or false, got ${describe(options.keepAlive)}`);
  const t = options.timeLimitMs;
  if (typeof t !== "number" || !Number.isFinite(t) || t < 1 || t > MAX_TIME_LIMIT_MS) {
    throw new InputError("timeLimitMs", `must be a number of milliseconds from 1 to ${MAX_TIME_LIMIT_MS}, got ${describe(t)}`);
  }
  const latencySampleCap = wholeNumber("latencySampleCap", options.latencySampleCap ?? DEFAULT_SAMPLE_CAP, 0, MAX_SAMPLE_CAP);
  const timelineBucketMs = wholeNumber("timelineBucketMs", options.timelineBucketMs ?? DEFAULT_BUCKET_MS, 1, 60_000);
  const pauseAfterErrorMs = wholeNumber("pauseAfterErrorMs", options.pauseAfterErrorMs ?? 0, 0, 10_000);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InputError("signal", `must be an AbortSignal or absent, got ${describe(options.signal)}`);
  }
  if (options.onStarted !== undefined && typeof options.onStarted !== "function") {
    throw new InputError("onStarted", `must be a function or absent, got ${describe(options.onStarted)}`);
  }
  return { url, concurrency, requests, keepAlive: options.keepAlive, timeLimitMs: t, latencySampleCap, timelineBucketMs, pauseAfterErrorMs };
}

// The generator is resolved next to this module: .ts when running from source (Deno, tsx), .js from dist.
const generatorPath = () => entryPath(import.meta.url, "entry-generator");

/** Generators alive in this process, killed on exit as a last line of defence. */
const live = new Set<ChildProcess>();
let started = 0;
let exitHookInstalled = false;

/** Number of generator processes this module has forked so far (for tests: bad input must start none). */
export function generatorsStarted(): number {
  return started;
}

/** Number of generator processes alive right now (for leak checks). */
export function liveGeneratorCount(): number {
  return live.size;
}

function isLoadgenMessage(value: unknown): value is LoadgenMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === "ready" || type === "started" || type === "report" || type === "error";
}

// JSON over IPC turns NaN into null; nothing completed means no latency, which is NaN, not 0.
function withLatency(report: LoadReport): LoadReport {
  if (report.completed > 0) return report;
  const nan = { p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN, mean: NaN };
  return { ...report, latencyMs: nan };
}

/**
 * Runs one closed-loop load test in a forked generator process and resolves with its report.
 * Rejects with an {@link InputError} for bad options (before any process starts), an
 * {@link AbortedError} when `signal` aborts, and a {@link WorkerError} when the generator dies, fails
 * or does not report within `timeLimitMs` plus a margin. Whatever happens, the generator process
 * has exited before the promise settles.
 * @example const report = await runLoad({ url: "http://127.0.0.1:8080/", concurrency: 8, requests: 10_000, keepAlive: true, timeLimitMs: 10_000 });
 */
export function runLoad(options: LoadOptions): Promise<LoadReport> {
  let settings: LoadSettings;
  try {
    settings = checkLoadOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(new AbortedError(signal.reason));

  return new Promise<LoadReport>((resolve, reject) => {
    started++;
    const child = fork(generatorPath(), [], {
      execArgv: childExecArgv(),
      serialization: "json",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    live.add(child);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once("exit", () => {
        for (const c of live) c.kill("SIGKILL");
      });
    }

    // The first outcome wins; the promise settles with it only once the process has exited.
    let outcome: { report: LoadReport } | { error: Error } | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms: number, what: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => conclude({ error: new WorkerError(`load generator (pid ${child.pid}) ${what} within ${ms} ms; killed`) }), ms);
    };
    const onAbort = () => conclude({ error: new AbortedError(signal?.reason) });

    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      live.delete(child);
      if (outcome && "report" in outcome) resolve(withLatency(outcome.report));
      else reject(outcome?.error ?? new WorkerError("load generator exited before reporting"));
    };

    function conclude(result: { report: LoadReport } | { error: Error }): void {
      if (outcome) return;
      outcome = result;
      clearTimeout(timer);
      if ("report" in result && child.connected) {
        // Its work is done: closing the channel makes it exit by itself; SIGKILL only if it lingers.
        child.disconnect();
        timer = setTimeout(() => child.kill("SIGKILL"), EXIT_GRACE_MS);
      } else {
        child.kill("SIGKILL");
      }
      // A fork that never started has no process to wait for.
      if (child.pid === undefined) settle();
    }

    child.on("message", (message: unknown) => {
      if (!isLoadgenMessage(message) || outcome) return;
      if (message.type === "ready") {
        const start: LoadStartMessage = { type: "start", settings };
        child.send(start);
        arm(settings.timeLimitMs + KILL_MARGIN_MS, "did not report");
      } else if (message.type === "started") {
        options.onStarted?.(message.epochMs);
      } else if (message.type === "report") {
        conclude({ report: message.report });
      } else {
        conclude({ error: new WorkerError(`load generator (pid ${child.pid}) failed: ${message.message}`) });
      }
    });
    child.once("exit", (code, sig) => {
      if (!outcome) {
        const how = sig ? `was killed by ${sig}` : `exited with code ${code}`;
        outcome = { error: new WorkerError(`load generator (pid ${child.pid}) ${how} before reporting`) };
      }
      settle();
    });
    child.on("error", (error) => conclude({ error: new WorkerError(`load generator failed: ${error.message}`) }));
    signal?.addEventListener("abort", onAbort, { once: true });
    arm(STARTUP_LIMIT_MS, "did not start");
  });
}
