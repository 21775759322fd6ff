/**
 * The percentile bootstrap: the lab's way to put an interval on any statistic of benchmark
 * timings, which are skewed and have outliers, without assuming a distribution. Every resample
 * draws from a seeded generator, so the same data and seed always give the same interval.
 * @module
 */
import * as ss from "simple-statistics";
import type { Interval } from "../types.ts";
import { requireSample, resolveBootstrap } from "./_checks.ts";
import { quantile } from "./quantile.ts";
import { createRng } from "./rng.ts";

/**
 * Options of every bootstrap: confidence level, number of resamples, and the generator's seed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { BootstrapOptions } from "./bootstrap.ts";
 * import { bootstrapCi } from "./bootstrap.ts";
 *
 * const opts: BootstrapOptions = { level: 0.9, resamples: 500, seed: 7 };
 * assert.equal(bootstrapCi([3, 1, 2, 5, 4], (xs) => Math.max(...xs), opts).level, 0.9);
 * ```
 */
export interface BootstrapOptions {
  /** Confidence level in (0, 1); default 0.95. */
  level?: number;
  /** Bootstrap resamples; default 2000. */
  resamples?: number;
  /** Seed of the generator; default 1. */
  seed?: number;
}

/**
 * The percentile interval of bootstrap replicates: their (1 − level)/2 and (1 + level)/2
 * quantiles, type 7 ({@link quantile}'s `"linear"`), in the statistic's unit. A NaN replicate
 * would silently corrupt the order, so it is refused, naming `what` produced it.
 *
 * @param replicates The statistic on each resample; at least one, no NaN.
 * @param level Confidence level in (0, 1).
 * @param what Names the statistic in the error, e.g. "ratio of medians".
 * @throws {RangeError} If a replicate is NaN.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { percentileInterval } from "./bootstrap.ts";
 *
 * const replicates = Array.from({ length: 101 }, (_, i) => i); // 0, 1, …, 100
 * assert.deepEqual(percentileInterval(replicates, 0.5, "mean"), { lo: 25, hi: 75, level: 0.5 });
 * assert.throws(() => percentileInterval([1, NaN], 0.9, "mean"), /mean returned NaN/);
 * ```
 */
export function percentileInterval(replicates: number[], level: number, what: string): Interval {
  if (replicates.some(Number.isNaN)) throw new RangeError(`${what} returned NaN on a bootstrap resample; it must be defined for every resample`);
  const alpha = (1 - level) / 2;
  const [lo, hi] = quantile(replicates, [alpha, 1 - alpha]);
  return { lo: lo!, hi: hi!, level };
}

/**
 * Percentile-bootstrap confidence interval of any statistic: resample the values with replacement,
 * recompute the statistic, and take the (1 − level)/2 and (1 + level)/2 quantiles (type 7) of the
 * replicates. Assumes the values are independent draws from one distribution; no normality needed.
 * With very few values the interval is too narrow, because a resample can only reuse what was seen.
 * The interval is in the statistic's unit.
 *
 * @param values The sample; at least one finite number.
 * @param statistic Computed on the sample and on each resample, e.g. `ss.median`.
 * @param opts `level` (0.95), `resamples` (2000), `seed` (1).
 * @returns The interval; with one value, lo = hi = statistic([value]).
 * @throws {RangeError} On an empty sample, a non-finite value, or bad options.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import * as ss from "simple-statistics";
 * import { bootstrapCi } from "./bootstrap.ts";
 *
 * const ms = [12.1, 11.8, 12.5, 13.0, 12.2, 12.4, 11.9, 12.7];
 * const ci = bootstrapCi(ms, ss.median);
 * assert.equal(ci.level, 0.95);
 * assert.ok(ci.lo <= ss.median(ms) && ss.median(ms) <= ci.hi);
 * assert.ok(ci.lo >= 11.8 && ci.hi <= 13.0); // a resample only reuses what was seen
 * assert.deepEqual(bootstrapCi(ms, ss.median), ci); // same seed, same interval
 * assert.deepEqual(bootstrapCi([42], ss.median), { lo: 42, hi: 42, level: 0.95 });
 * ```
 */
export function bootstrapCi(
  values: number[],
  statistic: (xs: number[]) => number,
  opts: BootstrapOptions = {},
): Interval {
  requireSample(values, "values");
  const { level, resamples, seed } = resolveBootstrap(opts);
  if (values.length === 1) {
    const value = statistic(values.slice());
    return { lo: value, hi: value, level };
  }
  const rng = createRng(seed);
  const replicates = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) {
    replicates[i] = statistic(ss.sampleWithReplacement(values, values.length, rng));
  }
  return percentileInterval(replicates, level, "statistic");
}
