/**
 * The Hodges–Lehmann shift (or ratio) between two independent samples and its distribution-free
 * confidence interval, by inverting the Wilcoxon–Mann–Whitney test (`rank-sum.ts`).
 *
 * Of the m·n pairwise differences d_ij = f(a_i) − f(b_j), sorted, [d_(k), d_(mn+1−k)] covers the true
 * shift with probability 1 − 2·P0(U ≤ k − 1) for continuous data (Lehmann 1963; Bauer 1972, JASA
 * 67:687), where P0 is the exact null distribution of U (`rank-sum-null.ts`); the Hodges–Lehmann
 * estimate is the median of the differences. With f = ln the shift is a log ratio, and exp gives a
 * ratio a/b with its interval — the natural scale for durations. Because U is discrete, the level
 * attained is reported, not just the one asked for, and when even [min d, max d] falls short of the
 * target (3 vs 3 reaches at most 90%) the interval says so. Beyond 28 vs 28 trials the null is taken
 * from the normal approximation with continuity correction. Assumes independent trials and that the
 * samples differ by a shift (of log values, for a ratio); with ties the attained level is approximate
 * and usually conservative.
 * @module
 */
import * as ss from "simple-statistics";
import type { Interval } from "../types.ts";
import { normalCdf } from "./distributions.ts";
import { requireConfidence, requireFiniteSample } from "./_verdict-checks.ts";
import { rankSumNullCounts, splitCount } from "./rank-sum-null.ts";

/**
 * Options of {@link shiftInterval}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shiftInterval, type ShiftOptions } from "./shift-interval.ts";
 * const opts: ShiftOptions = { level: 0.9, log: true };
 * assert.equal(shiftInterval([20, 22, 24], [10, 11, 12], opts).estimate, 2);
 * ```
 */
export interface ShiftOptions {
  /** Target confidence level in (0.5, 1); default 0.95. */
  level?: number;
  /** Compare logarithms and report a ratio a/b (every value must be > 0); default false. */
  log?: boolean;
}

/**
 * Result of {@link shiftInterval}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shiftInterval, type ShiftInterval } from "./shift-interval.ts";
 * const s: ShiftInterval = shiftInterval([1, 2, 3, 4], [0, 1, 2, 3]);
 * assert.equal(s.estimate, 1);
 * assert.ok(s.reachesTarget && s.ci.level >= s.targetLevel);
 * ```
 */
export interface ShiftInterval {
  /** Hodges–Lehmann estimate: the median pairwise difference a − b, or with `log` the ratio a/b. */
  estimate: number;
  /** The interval, in the estimate's unit; `level` is the level attained, ≥ the target when reachable. */
  ci: Interval;
  /** The confidence level asked for. */
  targetLevel: number;
  /** False when even [min d, max d] falls short of the target: too few trials for that level. */
  reachesTarget: boolean;
  /** The order statistic used: ci = [d_(k), d_(mn + 1 − k)]. */
  k: number;
  /** "exact" from the null counts, "normal" when C(m + n, m) is too large to count. */
  method: "exact" | "normal";
}

/** Largest pairwise-difference count sorted in memory (about 32 MB of doubles). */
const MAX_PAIRS = 4_000_000;

/**
 * Hodges–Lehmann estimate of the shift between two samples and its distribution-free confidence
 * interval from the exact null of U (see the module comment). With `log`, a ratio a/b: the median of
 * the m·n pairwise ratios, and an interval of ratios.
 *
 * @param a First sample (e.g. durations in milliseconds of condition A).
 * @param b Second sample, same unit.
 * @param opts `level` (0.95), `log` (false).
 * @returns The estimate and interval (in a's unit, or unitless with `log`), the attained level and
 *   whether it reaches the target.
 * @throws {InputError} On a level outside (0.5, 1), with input "confidence".
 * @throws {RangeError} On an empty sample, a non-finite value, a value ≤ 0 with `log`, or more than
 *   4 million pairs.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { shiftInterval } from "./shift-interval.ts";
 * const s = shiftInterval([11, 12, 13, 14, 15], [10, 11, 12, 13, 14]);
 * assert.equal(s.estimate, 1);
 * // 5 vs 5 at 95%: k = 3, attained level 1 − 2·4/252.
 * assert.equal(s.k, 3);
 * assert.equal(s.ci.level, 1 - 8 / 252);
 * assert.deepEqual([s.ci.lo, s.ci.hi], [-2, 4]);
 * // Three trials per side reach at most 90%.
 * const few = shiftInterval([2, 3, 4], [1, 2, 3], { log: true });
 * assert.equal(few.reachesTarget, false);
 * assert.ok(Math.abs(few.ci.level - 0.9) < 1e-12);
 * ```
 */
export function shiftInterval(a: readonly number[], b: readonly number[], opts: ShiftOptions = {}): ShiftInterval {
  const level = opts.level ?? 0.95;
  const log = opts.log ?? false;
  requireConfidence(level);
  requireFiniteSample(a, "a", log);
  requireFiniteSample(b, "b", log);
  const m = a.length;
  const n = b.length;
  if (m * n > MAX_PAIRS) throw new RangeError(`a and b have ${m} × ${n} pairs; the shift interval sorts every pair, so give at most ${MAX_PAIRS}`);
  const f = log ? Math.log : (x: number) => x;
  const fb = b.map(f);
  const diffs = new Float64Array(m * n);
  a.forEach((x, i) => {
    const fx = f(x);
    fb.forEach((y, j) => (diffs[i * n + j] = fx - y));
  });
  diffs.sort();
  const counts = rankSumNullCounts(m, n);
  const total = splitCount(m, n);
  const sd = Math.sqrt((m * n * (m + n + 1)) / 12);
  const cumulative: (u: number) => number = counts
    ? (() => {
        const cum: number[] = [];
        counts.reduce((s, c, i) => (cum[i] = s + c), 0);
        return (u: number) => cum[u]! / total;
      })()
    : (u: number) => normalCdf((u + 0.5 - (m * n) / 2) / sd);
  // Relative slack so that a level reachable exactly (e.g. 1 − 8/252) is not lost to rounding.
  const tail = ((1 - level) / 2) * (1 + 1e-12);
  let k = 1;
  while (k < (m * n) / 2 && cumulative(k) <= tail) k++;
  const attained = 1 - 2 * cumulative(k - 1);
  const back = log ? Math.exp : (x: number) => x;
  return {
    estimate: back(ss.medianSorted(Array.from(diffs))),
    ci: { lo: back(diffs[k - 1]!), hi: back(diffs[m * n - k]!), level: attained },
    targetLevel: level,
    reachesTarget: cumulative(0) <= tail,
    k,
    method: counts ? "exact" : "normal",
  };
}
