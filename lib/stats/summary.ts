/**
 * One condition's trials described: the numbers every table and finding of the lab starts from.
 * Medians and quartiles rather than means, because benchmark timings are skewed and have outliers.
 * @module
 */
import * as ss from "simple-statistics";
import type { Summary } from "../types.ts";
import { requireSample } from "./_checks.ts";
import { medianInterval } from "./median-interval.ts";
import { tukeyOutliers } from "./outliers.ts";
import { quantile } from "./quantile.ts";

/**
 * Descriptive statistics of one sample, in the sample's unit: median, mean, sample standard deviation
 * (n − 1 denominator, 0 when n < 2), quartiles by linear interpolation (type 7), the distribution-free
 * order-statistic interval of the median at the level it attains (never labelled above what its
 * trials allow), the relative spread IQR/|median| (unitless; 0 when the median is 0),
 * and the indices of Tukey outliers. Assumes the values are independent trials of one condition.
 *
 * @param values At least one finite number, e.g. durations in milliseconds.
 * @param opts `level`: the target level of the median's interval (0.95).
 * @throws {RangeError} On an empty sample, or naming the index of a non-finite value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summarize } from "./summary.ts";
 *
 * const s = summarize([1, 2, 3, 4, 100]);
 * assert.equal(s.median, 3);
 * assert.equal(s.mean, 22);
 * assert.deepEqual([s.p25, s.p75, s.iqr], [2, 4, 2]);
 * assert.deepEqual(s.outliers, [4]); // 100 is beyond 4 + 1.5 · 2
 * assert.deepEqual(s.medianCi, { lo: 1, hi: 100, level: 0.9375 }); // [min, max] of 5: 93.75%, not 95%
 * ```
 */
export function summarize(values: number[], opts: { level?: number } = {}): Summary {
  requireSample(values, "values");
  const n = values.length;
  const median = ss.median(values);
  const [p25, p75] = quantile(values, [0.25, 0.75]) as [number, number];
  const iqr = p75 - p25;
  return {
    n,
    median,
    mean: ss.mean(values),
    sd: n < 2 ? 0 : ss.sampleStandardDeviation(values),
    p25,
    p75,
    iqr,
    min: ss.min(values),
    max: ss.max(values),
    medianCi: medianInterval(values, { level: opts.level }).ci,
    relativeIqr: median === 0 ? 0 : iqr / Math.abs(median),
    outliers: tukeyOutliers(values),
  };
}
