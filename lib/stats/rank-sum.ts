/**
 * The Wilcoxon–Mann–Whitney rank-sum test of two independent samples (its interval of the shift
 * between them is in `shift-interval.ts`).
 *
 * The test asks whether one sample tends to lie above the other, using only the ranks, so it needs
 * no normality and a slow outlier counts as much as any other top rank. Its statistic is
 * U = #{(i, j): a_i > b_j} + ½·#{(i, j): a_i = b_j}; the two-sided p-value is the null probability of
 * a split at least as far from the centre m·n/2 as the one observed, |U − mn/2| ≥ |u − mn/2|.
 * The p-value is exact whenever the number of splits C(m + n, m) fits exactly in a double (about
 * 28 vs 28 trials; far more when one side is small): by the null counts of `rank-sum-null.ts`,
 * conditional on the observed ties. Beyond that: without ties the normal approximation with
 * continuity correction; with ties a seeded Monte Carlo over random splits, p = (1 + #extreme)/(1 + R)
 * (Phipson & Smyth 2010), with its standard error. A p-value is never reported below the smallest one
 * the test can attain with these sample sizes and ties: 2/C(m + n, m) without ties, 2/252 at 5 vs 5.
 * @module
 */
import { createRng } from "./rng.ts";
import { normalCdf } from "./distributions.ts";
import { requireCount, requireFiniteSample } from "./_verdict-checks.ts";
import { rankSumNullCounts, splitCount, tiedRankSumNullCounts, MAX_EXACT_COUNT } from "./rank-sum-null.ts";
import { logBinomial, tieGroups } from "./ranks.ts";

/**
 * Options of {@link rankSumTest}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rankSumTest, type RankSumOptions } from "./rank-sum.ts";
 * // A low cap forces the seeded Monte Carlo branch on tied data.
 * const opts: RankSumOptions = { maxEnumerations: 10, resamples: 2000, seed: 7 };
 * assert.equal(rankSumTest([1, 2, 2, 3], [2, 3, 3, 4], opts).method, "monte-carlo");
 * ```
 */
export interface RankSumOptions {
  /** Most splits C(m + n, m) to enumerate exactly; default 2^53 − 1 (every count exact in a double). */
  maxEnumerations?: number;
  /** Random splits of the Monte Carlo branch (ties and too many splits); default 20,000. */
  resamples?: number;
  /** Seed of the Monte Carlo generator; default 1. */
  seed?: number;
}

/**
 * Result of {@link rankSumTest}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rankSumTest, type RankSumResult } from "./rank-sum.ts";
 * const r: RankSumResult = rankSumTest([3, 4, 5], [1, 2]);
 * assert.deepEqual(r, { u: 6, pValue: 0.2, method: "exact", minAttainableP: 0.2, ties: false });
 * ```
 */
export interface RankSumResult {
  /** U of sample a: pairs with a_i > b_j, plus half the tied pairs; in [0, m·n]. */
  u: number;
  /** Two-sided p-value, in (0, 1], never below {@link RankSumResult.minAttainableP}. */
  pValue: number;
  /** How the null distribution was obtained. */
  method: "exact" | "monte-carlo" | "normal";
  /** Standard error of a Monte Carlo p-value, √(p(1 − p)/R); absent otherwise. */
  mcStandardError?: number;
  /** The smallest p-value this test can report for these sample sizes and ties. */
  minAttainableP: number;
  /** Whether some values were tied (within or between the samples). */
  ties: boolean;
}

const DEFAULT_RESAMPLES = 20_000;

/** Two-sided normal tail P(|Z| ≥ z). */
function normalTwoSided(z: number): number {
  return z <= 0 ? 1 : 2 * normalCdf(-z);
}

/** Null probability of a split whose doubled U is at least `distance2` from the doubled centre m·n. */
function tailOfCounts(counts: readonly number[], centre2: number, distance2: number, total: number): number {
  let extreme = 0;
  counts.forEach((c, u2) => {
    if (c > 0 && Math.abs(u2 - centre2) >= distance2) extreme += c;
  });
  return extreme / total;
}

/** Probability of the most extreme splits given the ties, for the Monte Carlo branch's floor. */
function extremeSplitProbability(m: number, sizes: readonly number[], groupDoubledRanks: readonly number[]): number {
  const total = sizes.reduce((s, t) => s + t, 0);
  const n = total - m;
  const fill = (order: number[]) => {
    let left = m;
    let sum2 = 0;
    let logWays = 0;
    for (const g of order) {
      const take = Math.min(left, sizes[g]!);
      sum2 += take * groupDoubledRanks[g]!;
      logWays += logBinomial(sizes[g]!, take);
      left -= take;
      if (left === 0) break;
    }
    return { distance2: Math.abs(sum2 - m * (m + 1) - m * n), logWays };
  };
  const groups = sizes.map((_, g) => g);
  const top = fill(groups.slice().reverse());
  const bottom = fill(groups);
  const logTotal = logBinomial(total, m);
  const pTop = Math.exp(top.logWays - logTotal);
  const pBottom = Math.exp(bottom.logWays - logTotal);
  if (top.distance2 === bottom.distance2) return pTop + pBottom;
  return top.distance2 > bottom.distance2 ? pTop : pBottom;
}

/**
 * Two-sided Wilcoxon–Mann–Whitney rank-sum test: do a and b come from one distribution, or does one
 * tend to lie above the other? Exact whenever the splits can be counted exactly, otherwise normal
 * (no ties) or seeded Monte Carlo (ties); see the module comment. Same data and seed, same p.
 *
 * @param a First sample, finite numbers (any unit; only the order matters).
 * @param b Second sample, same unit.
 * @param opts `maxEnumerations` (2^53 − 1), `resamples` (20,000), `seed` (1).
 * @returns U of a, the two-sided p-value, the method, the Monte Carlo standard error when
 *   applicable, and the smallest attainable p-value.
 * @throws {RangeError} On an empty sample, a non-finite value, or bad options.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rankSumTest } from "./rank-sum.ts";
 * // Complete separation at 5 vs 5: only 2 of the 252 splits are this extreme.
 * const r = rankSumTest([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]);
 * assert.equal(r.method, "exact");
 * assert.equal(r.u, 0);
 * assert.equal(r.pValue, 2 / 252);
 * assert.equal(r.minAttainableP, 2 / 252);
 * ```
 */
export function rankSumTest(a: readonly number[], b: readonly number[], opts: RankSumOptions = {}): RankSumResult {
  requireFiniteSample(a, "a");
  requireFiniteSample(b, "b");
  const maxEnumerations = opts.maxEnumerations ?? MAX_EXACT_COUNT;
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const seed = opts.seed ?? 1;
  requireCount(maxEnumerations, "maxEnumerations", 1);
  requireCount(resamples, "resamples", 1);
  if (!Number.isInteger(seed)) throw new RangeError(`seed is ${seed}; give an integer such as 1`);
  const m = a.length;
  const n = b.length;
  const groups = tieGroups([...a, ...b]);
  const centre2 = m * n;
  const rankSum2 = groups.doubledRanks.slice(0, m).reduce((s, r) => s + r, 0);
  const u2 = rankSum2 - m * (m + 1);
  const distance2 = Math.abs(u2 - centre2);
  const u = u2 / 2;
  const ties = groups.hasTies;
  if (groups.sizes.length === 1) return { u, pValue: 1, method: "exact", minAttainableP: 1, ties };

  const counts = ties
    ? tiedRankSumNullCounts(m, groups.sizes, groups.groupDoubledRanks, maxEnumerations)
    : rankSumNullCounts(m, n, maxEnumerations)?.flatMap((c, i) => (i === 0 ? [c] : [0, c])) ?? null;
  if (counts) {
    const total = splitCount(m, n);
    let maxDistance2 = 0;
    counts.forEach((c, v) => {
      if (c > 0) maxDistance2 = Math.max(maxDistance2, Math.abs(v - centre2));
    });
    const minAttainableP = tailOfCounts(counts, centre2, maxDistance2, total);
    return { u, pValue: tailOfCounts(counts, centre2, distance2, total), method: "exact", minAttainableP, ties };
  }
  if (!ties) {
    // Normal approximation, Var(U) = mn(m + n + 1)/12, with a continuity correction of ½.
    const sd = Math.sqrt((m * n * (m + n + 1)) / 12);
    const pValue = normalTwoSided((distance2 / 2 - 0.5) / sd);
    const minAttainableP = normalTwoSided((centre2 / 2 - 0.5) / sd);
    return { u, pValue, method: "normal", minAttainableP, ties };
  }
  const rng = createRng(seed);
  // A random split needs only a random subset for the smaller sample: a partial Fisher–Yates shuffle
  // of its size costs O(min(m, n)) per split instead of O(m + n). |2U − mn| is the same for either side.
  const ranks = groups.doubledRanks.slice();
  const total = ranks.length;
  const small = Math.min(m, n);
  let extreme = 0;
  for (let r = 0; r < resamples; r++) {
    let sum2 = 0;
    for (let i = 0; i < small; i++) {
      const j = i + Math.floor(rng() * (total - i));
      const picked = ranks[j]!;
      ranks[j] = ranks[i]!;
      ranks[i] = picked;
      sum2 += picked;
    }
    if (Math.abs(sum2 - small * (small + 1) - centre2) >= distance2) extreme++;
  }
  const minAttainableP = Math.max(1 / (resamples + 1), extremeSplitProbability(m, groups.sizes, groups.groupDoubledRanks));
  const pValue = Math.max(minAttainableP, (1 + extreme) / (1 + resamples));
  const mcStandardError = Math.sqrt((pValue * (1 - pValue)) / resamples);
  return { u, pValue, method: "monte-carlo", mcStandardError, minAttainableP, ties };
}
