/**
 * A distribution-free confidence interval of a median from order statistics.
 *
 * Each of n independent draws falls below the true median with probability ½, so the number below
 * it is Binomial(n, ½), and [x_(k), x_(n+1−k)] misses the median only when k or more draws fall on one
 * side: it covers with probability 1 − 2·P(Bin(n, ½) ≤ k − 1) for any continuous distribution
 * (Thompson 1936; Hollander, Wolfe & Chicken, "Nonparametric Statistical Methods", 3rd ed., §3.6).
 * k is the largest index whose coverage still reaches the level asked for; because the binomial is
 * discrete the coverage attained is reported and is usually above the target. With n ≤ 5 even
 * [min, max] covers less than 95% (n = 5: 1 − 2/32 = 93.75%) and the interval says so rather than
 * pretending: a percentile bootstrap of the same data labelled "95%" covers 50% at n = 2 and 87% at
 * n = 4. With ties in the data the coverage is at least the level attained.
 * @module
 */
import * as ss from "simple-statistics";
import type { Interval } from "../types.ts";
import { requireConfidence, requireFiniteSample } from "./_verdict-checks.ts";
import { logBinomial } from "./ranks.ts";

/**
 * Result of {@link medianInterval}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { medianInterval, type MedianInterval } from "./median-interval.ts";
 * const m: MedianInterval = medianInterval([3, 1, 2, 5, 4, 6]);
 * assert.equal(m.estimate, 3.5);
 * assert.equal(m.reachesTarget, true);
 * ```
 */
export interface MedianInterval {
  /** The sample median, in the values' unit. */
  estimate: number;
  /** [x_(k), x_(n+1−k)] in the values' unit; `level` is the coverage attained. */
  ci: Interval;
  /** The confidence level asked for. */
  targetLevel: number;
  /** False when even [min, max] covers less than the target (n below {@link smallestNReaching}). */
  reachesTarget: boolean;
  /** The order statistic used. */
  k: number;
}

/** P(Bin(n, ½) ≤ j) for j = 0 … n: exact integer counts while 2^n fits a double, else from logs. */
function binomialHalfCdf(n: number): number[] {
  const cdf = new Array<number>(n + 1);
  if (n <= 52) {
    let count = 1; // C(n, 0)
    let sum = 0;
    for (let j = 0; j <= n; j++) {
      sum += count;
      cdf[j] = sum / 2 ** n;
      count = (count * (n - j)) / (j + 1); // stays an exact integer: C(n, j + 1) ≤ 2^52
    }
    return cdf;
  }
  let sum = 0;
  for (let j = 0; j <= n; j++) {
    sum += Math.exp(logBinomial(n, j) - n * Math.LN2);
    cdf[j] = Math.min(1, sum);
  }
  return cdf;
}

/**
 * Order-statistic confidence interval of the median of the distribution the values were drawn from,
 * with the coverage it attains (see the module comment).
 *
 * @param values Independent draws, finite numbers (e.g. durations in milliseconds).
 * @param opts `level`: target confidence in (0.5, 1), default 0.95.
 * @returns The sample median, the interval in the values' unit with its attained level, and whether
 *   the level reaches the target.
 * @throws {InputError} On a level outside (0.5, 1), with input "confidence".
 * @throws {RangeError} On an empty sample or a non-finite value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { medianInterval } from "./median-interval.ts";
 * const five = medianInterval([12.1, 11.8, 12.5, 13.0, 12.2]);
 * assert.deepEqual(five.ci, { lo: 11.8, hi: 13.0, level: 0.9375 });
 * assert.equal(five.reachesTarget, false);
 * ```
 */
export function medianInterval(values: readonly number[], opts: { level?: number } = {}): MedianInterval {
  const level = opts.level ?? 0.95;
  requireConfidence(level);
  requireFiniteSample(values, "values");
  const sorted = values.slice().sort((x, y) => x - y);
  const n = sorted.length;
  const cdf = binomialHalfCdf(n);
  // Relative slack so that a level reachable exactly (e.g. 0.9375) is not lost to rounding.
  const tail = ((1 - level) / 2) * (1 + 1e-12);
  let k = 1;
  while (k < n / 2 && cdf[k]! <= tail) k++;
  return {
    estimate: ss.medianSorted(sorted),
    ci: { lo: sorted[k - 1]!, hi: sorted[n - k]!, level: 1 - 2 * cdf[k - 1]! },
    targetLevel: level,
    reachesTarget: cdf[0]! <= tail,
    k,
  };
}

/**
 * The fewest values whose [min, max] covers the median with at least the given probability:
 * the smallest n with 1 − 2·(½)^n ≥ level.
 *
 * @param level Target confidence in (0.5, 1).
 * @returns A count of values (trials).
 * @throws {InputError} On a level outside (0.5, 1), with input "confidence".
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { smallestNReaching } from "./median-interval.ts";
 * assert.equal(smallestNReaching(0.95), 6);
 * assert.equal(smallestNReaching(0.99), 8);
 * ```
 */
export function smallestNReaching(level: number): number {
  requireConfidence(level);
  let n = 1;
  while (1 - 2 * 0.5 ** n < level * (1 - 1e-12)) n++;
  return n;
}
