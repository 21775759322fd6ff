/**
 * What the load generator records of each settled request: latencies in HDR histograms (from the
 * intended send time, and from the actual one), a seeded reservoir sample, the timeline of
 * completions and failures, and counts by worker and by failure kind. One instance per run.
 * @module
 */
import hdr from "hdr-histogram-js";
import { createRng } from "../../stats/mod.ts";
import type { LatencySummary, LoadTimeline } from "./protocol.ts";

type Histogram = ReturnType<typeof hdr.build>;

/** Counts and latencies of one run. */
export class Recorder {
  completed = 0;
  errors = 0;
  readonly byWorker: Record<string, number> = {};
  readonly errorKinds: Record<string, number> = {};
  readonly timeline: LoadTimeline;
  private readonly corrected: Histogram;
  private readonly uncorrected: Histogram;
  private readonly highest: number;
  private readonly sample: number[] = [];
  private readonly random = createRng(0x5eed);
  private correctedSumMs = 0;
  private uncorrectedSumMs = 0;
  private startMs = 0;

  constructor(private readonly sampleCap: number, bucketMs: number, timeLimitMs: number) {
    // Microseconds, 3 significant digits; the pure-JS histogram works under Node and Deno alike.
    this.highest = Math.ceil((timeLimitMs + 60_000) * 1000);
    const build = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: this.highest, numberOfSignificantValueDigits: 3, useWebAssembly: false });
    this.corrected = build();
    this.uncorrected = build();
    this.timeline = { bucketMs, startEpochMs: 0, completed: [], failed: [] };
  }

  /** Marks the start of the run: time 0 of the timeline. */
  start(nowMs: number): void {
    this.startMs = nowMs;
    this.timeline.startEpochMs = Date.now();
  }

  private tally(series: number[], nowMs: number): void {
    const bucket = Math.max(0, Math.floor((nowMs - this.startMs) / this.timeline.bucketMs));
    while (this.timeline.completed.length <= bucket) {
      this.timeline.completed.push(0);
      this.timeline.failed.push(0);
    }
    series[bucket]!++;
  }

  /**
   * One completed request: `intendedMs` is when the schedule meant it to leave, `sentMs` when it
   * left, `nowMs` when its body ended (all `performance.now()`). In a closed loop the two are equal.
   */
  complete(worker: string, intendedMs: number, sentMs: number, nowMs: number): void {
    this.completed++;
    this.byWorker[worker] = (this.byWorker[worker] ?? 0) + 1;
    this.tally(this.timeline.completed, nowMs);
    const ms = nowMs - intendedMs;
    const raw = nowMs - sentMs;
    this.correctedSumMs += ms;
    this.uncorrectedSumMs += raw;
    this.corrected.recordValue(Math.min(this.highest, Math.max(1, Math.round(ms * 1000))));
    this.uncorrected.recordValue(Math.min(this.highest, Math.max(1, Math.round(raw * 1000))));
    // Reservoir sampling (algorithm R): every completed request is equally likely to be kept.
    const rounded = Math.round(ms * 1000) / 1000;
    if (this.completed <= this.sampleCap) this.sample.push(rounded);
    else {
      const j = Math.floor(this.random() * this.completed);
      if (j < this.sampleCap) this.sample[j] = rounded;
    }
  }

  /** One failed request, by kind (an error code or a status class). */
  fail(kind: string, nowMs: number): void {
    this.errors++;
    this.errorKinds[kind] = (this.errorKinds[kind] ?? 0) + 1;
    this.tally(this.timeline.failed, nowMs);
  }

  /** The latency summaries (from the intended and from the actual send time) and the sample; frees the histograms. */
  finish(): { latencyMs: LatencySummary; uncorrectedMs: LatencySummary; latencySample: number[] } {
    const summary = (h: Histogram, sumMs: number): LatencySummary => {
      // The histogram answers a percentile with the top of its bucket (≤ 0.1% above the true value) but
      // keeps the exact maximum; capping at the maximum keeps p50 ≤ … ≤ p999 ≤ max, as the true values are.
      const max = h.maxValue / 1000;
      const at = (percentile: number) => Math.min(max, h.getValueAtPercentile(percentile) / 1000);
      return { p50: at(50), p90: at(90), p99: at(99), p999: at(99.9), max, mean: this.completed > 0 ? sumMs / this.completed : 0 };
    };
    const out = { latencyMs: summary(this.corrected, this.correctedSumMs), uncorrectedMs: summary(this.uncorrected, this.uncorrectedSumMs), latencySample: this.sample };
    this.corrected.destroy();
    this.uncorrected.destroy();
    return out;
  }
}
