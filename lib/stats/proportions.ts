/**
 * Intervals for a proportion from a handful of trials, e.g. in how many of 5 trials a server
 * survived a fault, where the usual normal approximation gives nonsense at 0 of n and n of n.
 * @module
 */
import type { Interval } from "../types.ts";
import { DEFAULT_LEVEL, requireCount, requireLevel } from "./_checks.ts";
import { normalQuantile } from "./distributions.ts";

/**
 * Wilson score interval of a proportion, `successes` of `n` trials, as fractions in [0, 1]. Unlike
 * the normal approximation it stays inside [0, 1] and is not empty at 0 of n or n of n, which is
 * where small fault experiments often land. Assumes independent trials with one success probability.
 *
 * @param successes Whole number from 0 to n.
 * @param n Whole number ≥ 1.
 * @param level Confidence level in (0, 1); default 0.95.
 * @throws {RangeError} On counts that are not whole numbers in range, or a bad level.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wilsonInterval } from "./proportions.ts";
 *
 * const ci = wilsonInterval(3, 3); // survived every one of 3 trials
 * assert.equal(ci.hi, 1);
 * assert.ok(Math.abs(ci.lo - 0.4385) < 1e-3); // but 3 trials cannot rule out a 44% survival rate
 * assert.equal(wilsonInterval(0, 5).lo, 0);
 * ```
 */
export function wilsonInterval(successes: number, n: number, level = DEFAULT_LEVEL): Interval {
  requireCount(n, "n", 1);
  requireCount(successes, "successes", 0);
  if (successes > n) throw new RangeError(`successes is ${successes}; give at most n = ${n}`);
  requireLevel(level);
  const z = normalQuantile(1 - (1 - level) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half), level };
}
