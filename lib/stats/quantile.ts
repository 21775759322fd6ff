/**
 * The lab's one definition of a sample quantile, with the three rules its uses need. Every
 * quantile in the lab (summaries, Tukey fences, bootstrap intervals, chart outlier flags, latency
 * percentiles of a trial) comes from here, so two numbers called "p99" or "Q1" never disagree.
 *
 * - `"linear"` (Hyndman & Fan type 7; R's and numpy's default, and d3-array's, so vega's): the
 *   default. Quartiles of summaries and Tukey fences use it because the box plots vega draws
 *   compute their quartiles with it, so a flagged trial is one drawn beyond a whisker; bootstrap
 *   percentile intervals and round-trip percentiles use it because it is continuous in p.
 * - `"nearest"`: the order statistic nearest to type 7's position (n − 1)·p, halves rounding up
 *   (numpy's "nearest" rounds them to even). It never interpolates, so it stays defined when the
 *   values hold ±Infinity, as a ratio's bootstrap replicates can.
 * - `"inverted-cdf"` (type 1, the nearest rank): the smallest value with at least p of the sample
 *   at or below it, always a value that was observed, e.g. a latency some request really had.
 *
 * Why not simple-statistics' `quantile`: up to 7.8.8 it was an inverse-ECDF rule that averaged two
 * values at whole ranks (neither type 7 nor type 1), type 7 only from 7.8.9, and the lab's declared
 * range admits both; the definition is fixed here instead of inherited from whichever version is
 * installed. The arithmetic of `"linear"` is the one simple-statistics ≥ 7.8.9 and d3-array use,
 * so their numbers agree to the last bit.
 * @module
 */

/**
 * How a quantile is read from a sample; see the module doc for which use needs which.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quantile, type QuantileMethod } from "./quantile.ts";
 *
 * const methods: QuantileMethod[] = ["linear", "nearest", "inverted-cdf"];
 * assert.deepEqual(methods.map((m) => quantile([10, 20, 30, 40], 0.5, m)), [25, 30, 20]);
 * ```
 */
export type QuantileMethod = "linear" | "nearest" | "inverted-cdf";

const METHODS: readonly QuantileMethod[] = ["linear", "nearest", "inverted-cdf"];

function requireProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p is ${p}; give a probability from 0 to 1, e.g. 0.99 for the 99th percentile`);
}

function requireMethod(method: QuantileMethod): void {
  if (!METHODS.includes(method)) throw new RangeError(`method is ${String(method)}; give one of ${METHODS.join(", ")}`);
}

/** The quantile of checked, ascending values. */
function at(sorted: readonly number[], p: number, method: QuantileMethod): number {
  const n = sorted.length;
  if (method === "inverted-cdf") return sorted[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  const h = (n - 1) * p;
  if (method === "nearest") return sorted[Math.min(n - 1, Math.max(0, Math.round(h)))]!;
  const lo = Math.floor(h);
  // On a whole rank the value itself, not value + 0·(next − value), which is NaN next to an infinity.
  if (h === lo) return sorted[lo]!;
  return sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!);
}

/**
 * The p-quantile of values already sorted ascending, in the values' unit; no copy, no sort, so
 * code that sorts once for several percentiles pays for one sort. ±Infinity is allowed (with
 * `"linear"` a quantile between an infinite and a finite value is infinite).
 *
 * @param sorted At least one number, ascending, no NaN; checked in one pass.
 * @param p Probability from 0 to 1: 0.5 is the median, 0.99 the 99th percentile.
 * @param method `"linear"` (type 7, default), `"nearest"` or `"inverted-cdf"` (type 1); see the module doc.
 * @throws {RangeError} On an empty, unsorted or NaN-holding array, a p outside [0, 1], or an unknown method.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quantileSorted } from "./quantile.ts";
 *
 * const ms = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
 * assert.equal(quantileSorted(ms, 0.5), 5.5); // type 7: halfway between the 5th and 6th values
 * assert.equal(quantileSorted(ms, 0.5, "inverted-cdf"), 5); // nearest rank: an observed value
 * assert.equal(quantileSorted(ms, 0.99, "inverted-cdf"), 10);
 * assert.equal(quantileSorted([1, 2, Infinity], 0.9, "nearest"), Infinity);
 * assert.throws(() => quantileSorted([3, 1], 0.5), RangeError);
 * ```
 */
export function quantileSorted(sorted: readonly number[], p: number, method: QuantileMethod = "linear"): number {
  if (!Array.isArray(sorted) || sorted.length === 0) throw new RangeError("sorted is empty; give at least one number");
  if (typeof sorted[0] !== "number" || Number.isNaN(sorted[0])) throw new RangeError(`sorted[0] is ${String(sorted[0])}; every value must be a number, not NaN`);
  for (let i = 1; i < sorted.length; i++) {
    // Also false for NaN and non-numbers, which would make the order meaningless.
    if (!(sorted[i - 1]! <= sorted[i]!)) {
      throw new RangeError(`sorted[${i}] is ${String(sorted[i])} after ${String(sorted[i - 1])}; give numbers sorted ascending, or call quantile, which sorts`);
    }
  }
  requireProbability(p);
  requireMethod(method);
  return at(sorted, p, method);
}

/**
 * The p-quantile of a sample in any order, in the values' unit, or one quantile per p for an array
 * of p (the sample is sorted once). The values are copied, never reordered.
 *
 * @param values At least one number, no NaN; ±Infinity allowed.
 * @param p A probability from 0 to 1, or an array of them.
 * @param method `"linear"` (type 7, default), `"nearest"` or `"inverted-cdf"` (type 1); see the module doc.
 * @throws {RangeError} Naming the index of a NaN, or on an empty sample, a p outside [0, 1], or an unknown method.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quantile } from "./quantile.ts";
 *
 * const ms = [12, 3, 7, 100, 5];
 * assert.equal(quantile(ms, 0.5), 7);
 * assert.deepEqual(quantile(ms, [0.25, 0.75]), [5, 12]); // type 7: ranks 1 and 3 of 0..4
 * // R: quantile(c(0, 0, 0.3, 1.2, 1.23, 3.5, 10, 12, 23.3, 32.1), 0.75) is 11.5
 * assert.equal(quantile([0, 0, 0.3, 1.2, 1.23, 3.5, 10, 12, 23.3, 32.1], 0.75), 11.5);
 * assert.deepEqual(ms, [12, 3, 7, 100, 5]); // not reordered
 * ```
 */
export function quantile(values: readonly number[], p: number, method?: QuantileMethod): number;
export function quantile(values: readonly number[], p: readonly number[], method?: QuantileMethod): number[];
export function quantile(values: readonly number[], p: number | readonly number[], method: QuantileMethod = "linear"): number | number[] {
  if (!Array.isArray(values) || values.length === 0) throw new RangeError("values is empty; give at least one number");
  values.forEach((v, i) => {
    if (typeof v !== "number" || Number.isNaN(v)) throw new RangeError(`values[${i}] is ${String(v)}; every value must be a number, not NaN`);
  });
  const ps: readonly number[] = typeof p === "number" ? [p] : p;
  ps.forEach(requireProbability);
  requireMethod(method);
  const sorted = values.slice().sort((a, b) => a - b);
  const qs = ps.map((x) => at(sorted, x, method));
  return typeof p === "number" ? qs[0]! : qs;
}
