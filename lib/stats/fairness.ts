/**
 * How evenly work was spread over workers: the distribution experiment's question of whether
 * cluster's scheduler or the kernel hands some workers far more connections than others.
 * @module
 */
import * as ss from "simple-statistics";
import type { Fairness } from "../types.ts";
import { chiSquareSurvival } from "./chi-square.ts";

/**
 * How evenly a total is spread over k workers, from the count each got (connections, requests,
 * tasks): the share of the busiest `top` workers against the even share top/k (fractions),
 * max/min, Jain's index (Σx)²/(k·Σx²) in [1/k, 1], the coefficient of variation (population sd /
 * mean), and Pearson's chi-square test against a uniform spread (expected total/k each, df = k − 1,
 * p from {@link chiSquareSurvival}). The test assumes independent assignments; with expected counts
 * below about 5 its p-value is only approximate.
 *
 * @param counts One non-negative integer count per worker; k ≥ 2 and a total > 0.
 * @param opts `top`: how many of the busiest workers the share is of (default 2, at most k).
 * @throws {RangeError} Naming the bad input: fewer than 2 counts, a negative or non-integer count, a zero total, or a bad `top`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fairness } from "./fairness.ts";
 *
 * const f = fairness([70, 10, 10, 10]);
 * assert.equal(f.topShare, 0.8); // the busiest two took 80%, against an even 50%
 * assert.equal(f.topShareIdeal, 0.5);
 * assert.equal(f.maxMinRatio, 7);
 * assert.ok(Math.abs(f.chiSquare - 108) < 1e-12);
 * assert.ok(f.pValue < 1e-20);
 * assert.equal(fairness([10, 10, 10, 10]).jain, 1);
 * ```
 */
export function fairness(counts: number[], opts: { top?: number } = {}): Fairness {
  if (!Array.isArray(counts) || counts.length < 2) {
    throw new RangeError(`counts has ${Array.isArray(counts) ? counts.length : 0} entries; give one count per worker for at least 2 workers`);
  }
  counts.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`counts[${i}] is ${c}; every count must be an integer ≥ 0`);
  });
  const k = counts.length;
  const total = ss.sum(counts);
  if (total === 0) throw new RangeError("counts are all 0; give counts with a total > 0");
  const top = opts.top ?? 2;
  if (!Number.isInteger(top) || top < 1 || top > k) throw new RangeError(`top is ${top}; give an integer from 1 to ${k} (the number of counts)`);
  const descending = counts.slice().sort((x, y) => y - x);
  const mean = total / k;
  const chiSquare = ss.sum(counts.map((c) => (c - mean) ** 2 / mean));
  const min = descending[k - 1]!;
  return {
    k,
    total,
    top,
    topShare: ss.sum(descending.slice(0, top)) / total,
    topShareIdeal: top / k,
    maxMinRatio: min === 0 ? Infinity : descending[0]! / min,
    jain: (total * total) / (k * ss.sum(counts.map((c) => c * c))),
    cv: ss.standardDeviation(counts) / mean,
    chiSquare,
    df: k - 1,
    pValue: chiSquareSurvival(chiSquare, k - 1),
  };
}
