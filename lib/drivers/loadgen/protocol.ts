/**
 * Messages between `runLoad` and its generator process, and the report the generator sends back.
 * @module
 */
import type { LoadEngine, LoadSettings } from "./options.ts";

/** Latency summary in milliseconds, read from an HDR histogram of microseconds (3 significant digits). NaN when nothing completed. */
export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

/**
 * What one load run did. `sent - completed - errors` requests were in flight when a time limit cut the run short.
 * A report of the `"ab"` engine (ApacheBench, see ab.ts) fills some fields less finely; each such field says how.
 */
export interface LoadReport {
  /** The client that sent the load: this lab's Node generator, or ApacheBench. */
  engine: LoadEngine;
  /**
   * Resolution of the latencies, in milliseconds: 0.001 for the node engine (microseconds); 1 for
   * ab, whose per-request data holds whole milliseconds (0 then means under 1 ms).
   */
  latencyResolutionMs: number;
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
  /**
   * Latency of completed requests to the end of the response body: from the moment the request was
   * meant to leave (an open loop's schedule; a closed loop's start of the request, the same moment).
   */
  latencyMs: LatencySummary;
  /** Up to `latencySampleCap` latencies of completed requests in milliseconds, a uniform sample in completion order. */
  latencySample: number[];
  /**
   * Completed responses per value of their `x-worker` header (`"none"` when absent). Sums to `completed`.
   * Empty (`{}`) for ab, which does not read response headers: take per-worker counts from the server.
   */
  byWorker: Record<string, number>;
  /**
   * TCP connections the generator opened. For ab: one per request sent, though ab also opens up to
   * `concurrency` − 1 connections near the end of a run that it closes without a request (the
   * server counts those; ab does not report them).
   */
  connectionsOpened: number;
  /** True when the time limit stopped the run before every request was sent and settled. */
  truncated: boolean;
  /** Requests settled per time bucket since the first request, by outcome. */
  timeline: LoadTimeline;
  /**
   * CPU time (user + system) the generator process used during the run, in milliseconds: with
   * `durationMs`, how close it came to a core. For ab: its whole process, in clock ticks (10 ms).
   */
  generatorCpuMs: number;
  /** What the open loop's schedule asked and what it got; null for a closed loop. */
  openLoop: OpenLoopReport | null;
}

/**
 * An open loop's account of its schedule. Every scheduled request either left (on time or late) or
 * was dropped: `scheduled = sent + dropped`, where `sent` is the report's.
 */
export interface OpenLoopReport {
  /** Requests per second offered, and how they arrived. */
  rate: number;
  arrival: "constant" | "poisson";
  /** Requests whose intended send time came before the run ended. */
  scheduled: number;
  /** Requests that left more than `lateAfterMs` after their intended time. */
  late: number;
  /** Of those late, the ones that had to wait for one of the `concurrency` slots (the server held them all), rather than for the generator's own loop. */
  waitedForSlot: number;
  /** Requests not sent: no slot came free within `dropAfterMs` of their intended time. */
  dropped: number;
  /** Largest delay of a send behind its intended time, in milliseconds. */
  maxLateMs: number;
  lateAfterMs: number;
  dropAfterMs: number;
  /** Latency from the actual send to the end of the body (what a closed loop would report: coordinated omission not corrected). */
  uncorrectedMs: LatencySummary;
}

/**
 * Requests that settled in each `bucketMs`-wide bucket since the first request; the last bucket may be partial.
 * For ab the buckets are whole seconds of the clock (ab's data holds each request's start second
 * only), requests count in the second they started, and `failed` is all zeros: ab's per-request
 * data has no status, so `completed` counts every request it recorded.
 */
export interface LoadTimeline {
  bucketMs: number;
  /** `Date.now()` when the first request started: bucket i spans [startEpochMs + i·bucketMs, startEpochMs + (i+1)·bucketMs). */
  startEpochMs: number;
  /** Requests completed in each bucket (counted when their body ended). */
  completed: number[];
  /** Requests failed in each bucket (counted when the failure was seen). */
  failed: number[];
}

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

/** True for values that look like a message of the generator. */
export function isLoadgenMessage(value: unknown): value is LoadgenMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === "ready" || type === "started" || type === "report" || type === "error";
}
