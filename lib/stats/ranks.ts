/**
 * Midranks with ties, in doubled units so that rank arithmetic stays in exact integers.
 *
 * Tied values share the mean of the ranks they occupy (the midrank), which is a whole or a half
 * number; twice it is always an integer. Exact rank tests sum and compare these doubled ranks, so
 * "as extreme as observed" is decided by integer comparison, never by floating-point slack.
 * @module
 */

/**
 * Tie groups of a sample, in ascending order of value, as returned by {@link tieGroups}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tieGroups, type TieGroups } from "./ranks.ts";
 * const g: TieGroups = tieGroups([5, 6, 7]);
 * assert.equal(g.hasTies, false);
 * assert.deepEqual(g.groupDoubledRanks, [2, 4, 6]);
 * ```
 */
export interface TieGroups {
  /** Twice the midrank of every value, in the input's order (ranks start at 1). */
  doubledRanks: number[];
  /** Size of each tie group, ascending by value (a value without ties is a group of 1). */
  sizes: number[];
  /** Twice the midrank of each group, ascending. */
  groupDoubledRanks: number[];
  /** True when some value occurs more than once. */
  hasTies: boolean;
}

/**
 * Ranks the values with midranks for ties, in doubled (integer) units, and lists the tie groups.
 *
 * @param values Finite numbers (not checked here; callers check their samples).
 * @returns Doubled midranks in input order, and the groups' sizes and doubled midranks, ascending.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tieGroups } from "./ranks.ts";
 * const g = tieGroups([30, 10, 20, 20]);
 * // Ranks 4, 1, 2.5, 2.5, doubled.
 * assert.deepEqual(g.doubledRanks, [8, 2, 5, 5]);
 * assert.deepEqual(g.sizes, [1, 2, 1]);
 * assert.equal(g.hasTies, true);
 * ```
 */
export function tieGroups(values: readonly number[]): TieGroups {
  const order = values.map((_, i) => i).sort((i, j) => values[i]! - values[j]!);
  const doubledRanks = new Array<number>(values.length);
  const sizes: number[] = [];
  const groupDoubledRanks: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    // Ranks start + 1 … end have mean (start + 1 + end)/2; doubled, start + 1 + end.
    const doubled = start + 1 + end;
    for (let i = start; i < end; i++) doubledRanks[order[i]!] = doubled;
    sizes.push(end - start);
    groupDoubledRanks.push(doubled);
    start = end;
  }
  return { doubledRanks, sizes, groupDoubledRanks, hasTies: sizes.some((s) => s > 1) };
}

/**
 * The binomial coefficient C(n, k) as an exact BigInt, for deciding whether counts of arrangements
 * still fit exactly in a double (≤ 2^53).
 *
 * @param n Integer ≥ 0.
 * @param k Integer.
 * @returns C(n, k); 0n when k < 0 or k > n.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { binomialBig } from "./ranks.ts";
 * assert.equal(binomialBig(10, 5), 252n);
 * assert.equal(binomialBig(60, 30), 118264581564861424n);
 * ```
 */
export function binomialBig(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  const kk = Math.min(k, n - k);
  let c = 1n;
  for (let i = 1; i <= kk; i++) c = (c * BigInt(n - kk + i)) / BigInt(i);
  return c;
}

/**
 * ln C(n, k), for probabilities of arrangements whose counts overflow a double.
 *
 * @param n Integer ≥ 0.
 * @param k Integer in [0, n].
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { logBinomial } from "./ranks.ts";
 * assert.ok(Math.abs(logBinomial(10, 5) - Math.log(252)) < 1e-12);
 * ```
 */
export function logBinomial(n: number, k: number): number {
  let s = 0;
  const kk = Math.min(k, n - k);
  for (let i = 1; i <= kk; i++) s += Math.log((n - kk + i) / i);
  return s;
}
