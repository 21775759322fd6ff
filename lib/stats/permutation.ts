/**
 * The permutation test of a difference in medians: the lab's p-value, which needs no
 * distributional assumption, only that the trials would be exchangeable if nothing differed.
 * @module
 */
import * as ss from "simple-statistics";
import { DEFAULT_SEED, requireCount, requireSample } from "./_checks.ts";
import { createRng } from "./rng.ts";

/** Random relabellings of a permutation test unless a caller asks for another number. */
const DEFAULT_PERMUTATIONS = 5000;

/**
 * Options of the permutation test.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type PermutationOptions, permutationPValue } from "./permutation.ts";
 *
 * const opts: PermutationOptions = { permutations: 199, seed: 3 };
 * assert.ok(permutationPValue([1, 2, 3], [4, 5, 6], opts) >= 1 / 200);
 * ```
 */
export interface PermutationOptions {
  /** Random relabellings; default 5000. */
  permutations?: number;
  /** Seed of the generator; default 1. */
  seed?: number;
}

/**
 * Two-sided permutation test of a difference in medians: shuffle the pooled values, split them into
 * groups of the original sizes, and count how often |median₁ − median₂| is at least the observed one.
 * p = (count + 1) / (permutations + 1), so p is never 0 and never below 1/(permutations + 1): a Monte
 * Carlo p-value that stays valid (Phipson & Smyth 2010). simple-statistics' permutationTest compares
 * means and can return 0, so it is not used. Assumes the values are exchangeable under "no difference".
 *
 * @param a First sample; at least one finite number.
 * @param b Second sample; at least one finite number, same unit as a.
 * @param opts `permutations` (5000), `seed` (1).
 * @returns The p-value in (0, 1], unitless.
 * @throws {RangeError} On an empty sample, a non-finite value, or bad options.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { permutationPValue } from "./permutation.ts";
 *
 * const fast = [10, 11, 12, 13, 12, 11];
 * const slow = [20, 21, 22, 23, 22, 21];
 * const p = permutationPValue(fast, slow, { permutations: 999 });
 * assert.ok(p >= 1 / 1000 && p < 0.05); // small, but never below 1/(permutations + 1)
 * assert.equal(permutationPValue(fast, slow, { permutations: 999 }), p); // same seed, same p
 * assert.equal(permutationPValue([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), 1); // nothing to tell apart
 * ```
 */
export function permutationPValue(a: number[], b: number[], opts: PermutationOptions = {}): number {
  requireSample(a, "a");
  requireSample(b, "b");
  const permutations = opts.permutations ?? DEFAULT_PERMUTATIONS;
  requireCount(permutations, "permutations", 1);
  const rng = createRng(opts.seed ?? DEFAULT_SEED);
  const observed = Math.abs(ss.median(a) - ss.median(b));
  const pooled = a.concat(b);
  // The same split can give a median difference a few ulps off the observed one (medians of even
  // counts are averages), which must still count as "at least as extreme".
  const slack = 1e-12 * ss.max(pooled.map(Math.abs));
  let extreme = 0;
  for (let i = 0; i < permutations; i++) {
    ss.shuffleInPlace(pooled, rng);
    const diff = Math.abs(ss.median(pooled.slice(0, a.length)) - ss.median(pooled.slice(a.length)));
    if (diff >= observed - slack) extreme++;
  }
  return (extreme + 1) / (permutations + 1);
}
