/**
 * The options of a load run and their check, shared by the caller (which refuses bad options
 * before any process starts) and the generator (which checks them again, since it is the one that
 * opens sockets). Load only ever goes to the loopback interface.
 * @module
 */
import { InputError } from "../../errors.ts";
import { isLoopbackHostname } from "../_host/loopback.ts";
import { checkObject, describeValue, numberInRange, oneOf, trueOrFalse, wholeNumber } from "../_host/options.ts";
import { ARRIVALS, type Arrival } from "./schedule.ts";

export type { Arrival } from "./schedule.ts";

/** What to send, where, and how hard. */
export interface LoadOptions {
  /** Target: an `http://` URL on 127.0.0.0/8, `localhost` or `[::1]`. This lab never sends load off the machine. */
  url: string;
  /**
   * Closed loop (no `rate`): this many clients, each sending its next request when its previous one
   * finished. Open loop (`rate` given): at most this many requests in flight at once; 1..1024.
   */
  concurrency: number;
  /** Total requests to send over all clients; 1..10 000 000 (fewer than `concurrency` is allowed). */
  requests: number;
  /** true: clients share one keep-alive agent of `concurrency` sockets; false: a new TCP connection per request (`Connection: close`). */
  keepAlive: boolean;
  /** Hard bound in milliseconds (1..3 600 000): after this long the generator stops, abandons what is in flight and reports (`truncated`). */
  timeLimitMs: number;
  /** Raw latencies kept for ECDF plots, as a seeded uniform reservoir sample; 0..1 000 000, default 2000. */
  latencySampleCap?: number;
  /** Width of the throughput timeline's buckets in milliseconds (1..60 000), default 100; ab's timeline has whole seconds whatever this says. */
  timelineBucketMs?: number;
  /**
   * How long a client waits after a failed request before its next one, in milliseconds (0..10 000),
   * default 0. Against a dead server a closed loop with no pause turns into a busy loop of refused
   * connections that competes for the CPU with whatever is measured; a pause bounds that. The node
   * engine only: ab opens its next connection at once (a refused one counts as a `receive` failure).
   */
  pauseAfterErrorMs?: number;
  /**
   * Open loop: requests per second to offer, on a schedule fixed in advance (0 < rate ≤ 100 000);
   * absent: closed loop. Latency then runs from each request's intended send time, so a request
   * the generator or a full pool held back counts its wait (coordinated omission corrected).
   */
  rate?: number;
  /** Open loop: "constant" gaps of 1/rate, or "poisson" (exponential gaps of the same mean, from `seed`); default "constant". */
  arrival?: Arrival;
  /** Open loop: seed of the Poisson schedule, a whole number 0..2^32 − 1; default 1. */
  seed?: number;
  /** Open loop: a request that leaves more than this many milliseconds after its intended time counts as late (0..60 000), default 5. */
  lateAfterMs?: number;
  /** Open loop: a request that waited this long for a free slot (of `concurrency`) is dropped, not sent (1..60 000 ms), default 1000. */
  dropAfterMs?: number;
  /**
   * Which client sends the load: `"node"`, this lab's generator process; `"ab"`, ApacheBench
   * (closed loop, new connection per request only); `"auto"` (default), ab for a closed loop with
   * `keepAlive: false` when ab is installed, node otherwise. A Node client opens connections at
   * about half of ab's rate, too slow to load a server with new connections as ab can.
   */
  engine?: LoadEngineChoice;
  /** Called once the generator starts its first request, with that moment as a `Date.now()` epoch in milliseconds. */
  onStarted?: (epochMs: number) => void;
  /** Aborting kills the generator process and rejects with {@link AbortedError}. */
  signal?: AbortSignal;
}

/** The clients that can send load: this lab's Node generator, or ApacheBench. */
export type LoadEngine = "node" | "ab";
/** What `engine` may ask for: one of them, or `"auto"`. */
export type LoadEngineChoice = "auto" | LoadEngine;
/** Every {@link LoadEngineChoice}. */
export const LOAD_ENGINE_CHOICES: readonly LoadEngineChoice[] = ["auto", "node", "ab"];

/** Options after checking: every field present, no signal (it stays with the caller). */
export type LoadSettings = Required<Omit<LoadOptions, "signal" | "onStarted" | "rate">> & { rate: number | null };

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
/** Highest open-loop rate, in requests per second: more than one generator process can schedule on loopback. */
export const MAX_RATE = 100_000;
/** An open-loop request is late when it leaves more than this many milliseconds after its intended time, unless `lateAfterMs` says otherwise. */
export const DEFAULT_LATE_AFTER_MS = 5;
/** An open-loop request that waited this long for a free slot is dropped, unless `dropAfterMs` says otherwise. */
export const DEFAULT_DROP_AFTER_MS = 1000;
/** Width of the timeline's buckets unless `timelineBucketMs` says otherwise, in milliseconds. */
export const DEFAULT_BUCKET_MS = 100;

function checkUrl(value: unknown): string {
  const rule = "must be an http:// URL on 127.0.0.0/8, localhost or [::1] (this lab never sends load off the machine)";
  if (typeof value !== "string") throw new InputError("url", `${rule}, got ${describeValue(value, "string")}`);
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
  checkObject("options", options);
  const url = checkUrl(options.url);
  const concurrency = wholeNumber("concurrency", options.concurrency, 1, MAX_CONCURRENCY);
  const requests = wholeNumber("requests", options.requests, 1, MAX_REQUESTS);
  const keepAlive = trueOrFalse("keepAlive", options.keepAlive);
  const timeLimitMs = numberInRange("timeLimitMs", options.timeLimitMs, 1, MAX_TIME_LIMIT_MS, "milliseconds");
  const latencySampleCap = wholeNumber("latencySampleCap", options.latencySampleCap ?? DEFAULT_SAMPLE_CAP, 0, MAX_SAMPLE_CAP);
  const timelineBucketMs = wholeNumber("timelineBucketMs", options.timelineBucketMs ?? DEFAULT_BUCKET_MS, 1, 60_000);
  const pauseAfterErrorMs = wholeNumber("pauseAfterErrorMs", options.pauseAfterErrorMs ?? 0, 0, 10_000);
  const open = checkOpenLoop(options, requests, timeLimitMs);
  const engine = oneOf("engine", options.engine ?? "auto", LOAD_ENGINE_CHOICES);
  if (engine === "ab" && keepAlive) throw new InputError("engine", `"ab" runs a new connection per request only: give keepAlive: false, or engine "node" or "auto"`);
  if (engine === "ab" && open.rate !== null) throw new InputError("engine", `"ab" runs a closed loop only: leave rate out, or give engine "node" or "auto" for an open loop`);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InputError("signal", `must be an AbortSignal or absent, got ${describeValue(options.signal, "object")}`);
  }
  if (options.onStarted !== undefined && typeof options.onStarted !== "function") {
    throw new InputError("onStarted", `must be a function or absent, got ${describeValue(options.onStarted, "function")}`);
  }
  return { url, concurrency, requests, keepAlive, timeLimitMs, latencySampleCap, timelineBucketMs, pauseAfterErrorMs, engine, ...open };
}

/** The open-loop options, checked; `rate` null for a closed loop (then the others must be absent). */
function checkOpenLoop(options: LoadOptions, requests: number, timeLimitMs: number): Pick<LoadSettings, "rate" | "arrival" | "seed" | "lateAfterMs" | "dropAfterMs"> {
  const rate = options.rate ?? null;
  if (rate === null) {
    for (const key of ["arrival", "seed", "lateAfterMs", "dropAfterMs"] as const) {
      if (options[key] !== undefined && options[key] !== null) throw new InputError(key, `applies to an open loop only: give rate (requests per second) too, or leave ${key} out`);
    }
    return { rate: null, arrival: "constant", seed: 1, lateAfterMs: DEFAULT_LATE_AFTER_MS, dropAfterMs: DEFAULT_DROP_AFTER_MS };
  }
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate <= 0 || rate > MAX_RATE) {
    throw new InputError("rate", `must be a number of requests per second above 0 and at most ${MAX_RATE} (more than one generator process can schedule on loopback), got ${describeValue(rate, "number")}`);
  }
  // The schedule itself must fit in the time limit, or the run could only end cut short.
  const scheduleMs = (requests / rate) * 1000;
  if (scheduleMs > timeLimitMs) {
    throw new InputError("rate", `${rate} requests per second take ${Math.ceil(scheduleMs)} ms to offer ${requests} requests, longer than timeLimitMs (${timeLimitMs} ms): raise the rate or the time limit, or send fewer requests`);
  }
  const arrival = oneOf("arrival", options.arrival ?? "constant", ARRIVALS);
  const seed = wholeNumber("seed", options.seed ?? 1, 0, 2 ** 32 - 1);
  const lateAfterMs = numberInRange("lateAfterMs", options.lateAfterMs ?? DEFAULT_LATE_AFTER_MS, 0, 60_000, "milliseconds");
  const dropAfterMs = numberInRange("dropAfterMs", options.dropAfterMs ?? DEFAULT_DROP_AFTER_MS, 1, 60_000, "milliseconds");
  return { rate, arrival, seed, lateAfterMs, dropAfterMs };
}
