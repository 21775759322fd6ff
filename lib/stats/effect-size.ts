/**
 * Cliff's delta: how often one sample's values lie above the other's, an effect size that, unlike
 * a ratio of medians, says how much two distributions overlap and ignores how far apart they are.
 * @module
 */
import { requireSample } from "./_checks.ts";

/** How many of the ascending `sorted` are < x (`strict`) or ≤ x, by binary search. */
function countBelow(sorted: readonly number[], x: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? sorted[mid]! < x : sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Cliff's delta, P(a > b) − P(a < b) over all pairs: a rank effect size in [−1, 1] (unitless) that
 * needs no distributional assumption. 0 means the samples overlap evenly; ±1 means every value of
 * one lies above every value of the other. Computed by binary search in the sorted b,
 * O((n + m) log m), so raw latency samples of many thousands stay cheap.
 *
 * @param a First sample; at least one finite number.
 * @param b Second sample; at least one finite number, same unit as a.
 * @throws {RangeError} On an empty sample or a non-finite value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cliffsDelta } from "./effect-size.ts";
 *
 * assert.equal(cliffsDelta([4, 5], [1, 2, 3]), 1); // every a above every b
 * assert.equal(cliffsDelta([1, 2, 3], [1, 2, 3]), 0);
 * // [2, 3, 4] against [1, 2]: 5 pairs greater, 1 tie, none less, of 6.
 * assert.ok(Math.abs(cliffsDelta([2, 3, 4], [1, 2]) - 5 / 6) < 1e-15);
 * ```
 */
export function cliffsDelta(a: number[], b: number[]): number {
  requireSample(a, "a");
  requireSample(b, "b");
  const sorted = b.slice().sort((x, y) => x - y);
  let score = 0;
  for (const x of a) {
    const below = countBelow(sorted, x, true);
    const above = sorted.length - countBelow(sorted, x, false);
    score += below - above;
  }
  return score / (a.length * b.length);
}
