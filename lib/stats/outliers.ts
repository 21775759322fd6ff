/**
 * Tukey's fences: the lab's one rule for flagging a trial as unusual, shared by the summaries and
 * the box plots so that a trial listed as an outlier is exactly one drawn beyond a whisker. A flag
 * is for a reader, never a reason to drop a trial: a slow trial on a busy machine is a real one.
 * @module
 */
import { requireSample } from "./_checks.ts";
import { quantile } from "./quantile.ts";

/**
 * Tukey's fences [Q1 − 1.5·IQR, Q3 + 1.5·IQR], in the values' unit, with quartiles by linear
 * interpolation (type 7), as vega computes a box plot's quartiles and whiskers (`extent: 1.5`).
 *
 * @param values At least one finite number.
 * @returns `lower` and `upper`: values strictly outside them are outliers.
 * @throws {RangeError} On an empty sample or a non-finite value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tukeyFences } from "./outliers.ts";
 *
 * // Quartiles 2 and 4, IQR 2, so the fences are 2 − 3 and 4 + 3.
 * assert.deepEqual(tukeyFences([1, 2, 3, 4, 100]), { lower: -1, upper: 7 });
 * ```
 */
export function tukeyFences(values: readonly number[]): { lower: number; upper: number } {
  requireSample(values, "values");
  const [q1, q3] = quantile(values, [0.25, 0.75]) as [number, number];
  const reach = 1.5 * (q3 - q1);
  return { lower: q1 - reach, upper: q3 + reach };
}

/**
 * Indices of values outside Tukey's fences ({@link tukeyFences}), ascending.
 *
 * @param values At least one finite number.
 * @returns Indices into `values`, ascending.
 * @throws {RangeError} On an empty sample or a non-finite value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tukeyOutliers } from "./outliers.ts";
 *
 * assert.deepEqual(tukeyOutliers([1, 2, 3, 4, 100]), [4]);
 * assert.deepEqual(tukeyOutliers([-100, 1, 2, 3, 4]), [0]);
 * assert.deepEqual(tukeyOutliers([1, 2, 3, 4, 5]), []);
 * ```
 */
export function tukeyOutliers(values: number[]): number[] {
  const { lower, upper } = tukeyFences(values);
  const out: number[] = [];
  values.forEach((v, i) => {
    if (v < lower || v > upper) out.push(i);
  });
  return out;
}
