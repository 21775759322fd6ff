/**
 * When throughput counts as back after a fault: the rule that reads a recovery off one load
 * timeline. Pure arithmetic on bucket counts, used when a trial is measured and when its timeline
 * is charted again from a saved Result.
 * @module
 */

/** Share of the pre-fault median throughput that counts as "back". */
export const RECOVERY_THRESHOLD = 0.8;
/** Buckets at the end of the load whose median decides whether throughput came back at all. */
export const TAIL_BUCKETS = 5;

/** What {@link recoveryOf} reads off one load timeline. */
export interface Recovery {
  /**
   * Median completions per bucket over the window before the fault: from the end of the warm-up when
   * there was one, else its second half (the first half is a ramp-up).
   */
  baselinePerBucket: number;
  /** True when the median of the last {@link TAIL_BUCKETS} buckets is at least the threshold share of the baseline. */
  recovered: boolean;
  /**
   * When recovered: milliseconds from the fault to the end of the last bucket after it whose
   * completions fell below the threshold share of the baseline (0 if none did). NaN when not recovered.
   * Counted from the injection, so it includes how long the fault took to bite (an allocation until OOM).
   */
  recoveryMs: number;
  /** Completions from the fault's bucket on, as a share of baseline × those buckets. */
  servedShare: number;
  /** Failures from the fault's bucket on. */
  failedAfter: number;
}

/** The median of a non-empty list of numbers (the mean of the middle two for an even count). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Reads the recovery off a load timeline: `completed[i]` and `failed[i]` are the requests settled
 * in bucket i (`bucketMs` wide, every bucket whole), and the fault happened `faultOffsetMs` after
 * the first bucket began; with `warmupMs` > 0 the buckets of the warm-up are left out of the baseline.
 * See {@link Recovery} for the definitions.
 * @example
 * recoveryOf([5, 10, 10, 10, 0, 0, 9, 10, 10, 10, 10, 10], [0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0], 100, 400).recoveryMs; // 200
 */
export function recoveryOf(completed: readonly number[], failed: readonly number[], bucketMs: number, faultOffsetMs: number, threshold = RECOVERY_THRESHOLD, warmupMs = 0): Recovery {
  const faultBucket = Math.max(0, Math.min(completed.length, Math.floor(faultOffsetMs / bucketMs)));
  // After the warm-up; without one, the second half of the window before the fault: the first buckets are a ramp-up (cold JIT, connecting).
  const from = warmupMs > 0 ? Math.min(faultBucket - 1, Math.ceil(warmupMs / bucketMs)) : Math.max(faultBucket > 1 ? 1 : 0, Math.floor(faultBucket / 2));
  const before = completed.slice(Math.max(0, from), faultBucket);
  const baselinePerBucket = before.length > 0 ? medianOf(before) : NaN;
  const after = completed.slice(faultBucket);
  const failedAfter = failed.slice(faultBucket).reduce((a, b) => a + b, 0);
  const floor = threshold * baselinePerBucket;
  const tail = after.slice(-TAIL_BUCKETS);
  const recovered = baselinePerBucket > 0 && tail.length > 0 && medianOf(tail) >= floor;
  let lastLow = -1;
  after.forEach((c, i) => {
    if (c < floor) lastLow = i;
  });
  const recoveryMs = !recovered ? NaN : lastLow < 0 ? 0 : Math.max(0, (faultBucket + lastLow + 1) * bucketMs - faultOffsetMs);
  const expected = baselinePerBucket * after.length;
  return { baselinePerBucket, recovered, recoveryMs, servedShare: expected > 0 ? after.reduce((a, b) => a + b, 0) / expected : NaN, failedAfter };
}
