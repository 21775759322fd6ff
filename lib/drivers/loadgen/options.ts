/**
 * The options of a load run and their check, shared by the caller (which refuses bad options
 * before any process starts) and the generator (which checks them again, since it is the one that
 * opens sockets). Load only ever goes to the loopback interface.
 * @module
 */
import { InputError } from "../../errors.ts";
import { isLoopbackHostname } from "../_host/loopback.ts";
import { checkObject, describeValue, numberInRange, trueOrFalse, wholeNumber } from "../_host/options.ts";

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

/** Options after checking: every field present, no signal (it stays with the caller). */
export type LoadSettings = Required<Omit<LoadOptions, "signal" | "onStarted">>;

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
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new InputError("signal", `must be an AbortSignal or absent, got ${describeValue(options.signal, "object")}`);
  }
  if (options.onStarted !== undefined && typeof options.onStarted !== "function") {
    throw new InputError("onStarted", `must be a function or absent, got ${describeValue(options.onStarted, "function")}`);
  }
  return { url, concurrency, requests, keepAlive, timeLimitMs, latencySampleCap, timelineBucketMs, pauseAfterErrorMs };
}
