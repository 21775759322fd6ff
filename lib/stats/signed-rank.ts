/**
 * The Wilcoxon signed-rank test of paired differences, and the Hodges–Lehmann estimate of their
 * centre with its distribution-free interval: the analysis of trials run in randomised blocks, where
 * each round measures both conditions and d = ln(a/b) within the round cancels what the round shares
 * (a warm cache, a busy neighbour).
 *
 * Under "no difference" each d is symmetric about 0, so every sign is + or − with probability ½
 * given |d|. The statistic is W+ = Σ ranks of |d| over positive d (midranks for ties). Zeros are
 * ranked with the rest and count for neither side (Pratt 1959), so a zero is evidence of no
 * difference instead of being dropped. The two-sided p-value is the probability, over the 2^n'
 * equally likely sign patterns of the n' non-zero differences, of a W+ at least as far from its
 * centre as observed. It is computed exactly — tie group by tie group, each group weighted by the
 * binomial count of its sign patterns, the same total as listing all 2^n' patterns — while 2^n' fits
 * exactly in a double (n' ≤ 52). Beyond that: without ties or zeros the normal approximation with
 * continuity correction; with them a seeded Monte Carlo over random signs, p = (1 + #extreme)/(1 + R),
 * with its standard error. p is never reported below the smallest attainable, 2/2^n'.
 *
 * The interval inverts the test (Tukey 1949; Hollander, Wolfe & Chicken, "Nonparametric Statistical
 * Methods", 3rd ed., §3.2): of the n(n + 1)/2 Walsh averages (d_i + d_j)/2, i ≤ j, sorted,
 * [w_(k), w_(N+1−k)] covers the centre of a continuous symmetric distribution with probability
 * 1 − 2·P0(W+ ≤ k − 1); their median is the Hodges–Lehmann estimate. Assumes independent rounds and
 * differences symmetric about their centre (a log ratio of two similar noisy durations is close to it).
 * @module
 */
import type { Interval } from "../types.ts";
import { createRng } from "./rng.ts";
import { normalCdf } from "./distributions.ts";
import { requireConfidence, requireCount, requireFiniteSample } from "./_verdict-checks.ts";
import { MAX_EXACT_COUNT } from "./rank-sum-null.ts";
import { binomialBig, tieGroups } from "./ranks.ts";

/**
 * Options of {@link signedRankTest}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { signedRankTest, type SignedRankOptions } from "./signed-rank.ts";
 * // A low cap forces the seeded Monte Carlo branch on tied differences.
 * const opts: SignedRankOptions = { maxEnumerations: 4, resamples: 999, seed: 3 };
 * assert.equal(signedRankTest([0.1, 0.1, -0.2, 0.3], opts).method, "monte-carlo");
 * ```
 */
export interface SignedRankOptions {
  /** Most sign patterns 2^n' to enumerate exactly; default 2^53 − 1. */
  maxEnumerations?: number;
  /** Random sign patterns of the Monte Carlo branch; default 20,000. */
  resamples?: number;
  /** Seed of the Monte Carlo generator; default 1. */
  seed?: number;
}

/**
 * Result of {@link signedRankTest}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { signedRankTest, type SignedRankResult } from "./signed-rank.ts";
 * // A zero is ranked but counts for neither side; the other two differences can be flipped 4 ways.
 * const r: SignedRankResult = signedRankTest([0, 0.2, 0.3]);
 * assert.deepEqual(r, { wPlus: 5, pValue: 0.5, method: "exact", minAttainableP: 0.5, zeros: 1, ties: false });
 * ```
 */
export interface SignedRankResult {
  /** W+: the sum of the (mid)ranks of |d| over the positive differences. */
  wPlus: number;
  /** Two-sided p-value in (0, 1], never below {@link SignedRankResult.minAttainableP}. */
  pValue: number;
  method: "exact" | "monte-carlo" | "normal";
  /** Standard error of a Monte Carlo p-value, √(p(1 − p)/R); absent otherwise. */
  mcStandardError?: number;
  /** The smallest p-value this test can report: 2/2^n' for n' non-zero differences. */
  minAttainableP: number;
  /** Number of differences that are exactly 0. */
  zeros: number;
  /** Whether some |d| are tied. */
  ties: boolean;
}

const DEFAULT_RESAMPLES = 20_000;

/** Two-sided normal tail P(|Z| ≥ z). */
function normalTwoSided(z: number): number {
  return z <= 0 ? 1 : 2 * normalCdf(-z);
}

/**
 * Null counts of the doubled signed sum T2 = Σ ±(doubled rank) over sign patterns, tie group by tie
 * group; index T2 + offset. Null when 2^groups' total exceeds `maxCount`.
 */
function signedSumCounts(sizes: readonly number[], doubledRanks: readonly number[], maxCount: number): { counts: Float64Array; offset: number } | null {
  const nonZero = sizes.reduce((s, t) => s + t, 0);
  if (2n ** BigInt(nonZero) > BigInt(Math.min(maxCount, MAX_EXACT_COUNT))) return null;
  const offset = sizes.reduce((s, t, g) => s + t * doubledRanks[g]!, 0);
  let counts = new Float64Array(2 * offset + 1);
  counts[offset] = 1;
  sizes.forEach((t, g) => {
    const r2 = doubledRanks[g]!;
    const next = new Float64Array(counts.length);
    for (let j = 0; j <= t; j++) {
      const ways = Number(binomialBig(t, j));
      const shift = r2 * (2 * j - t); // j positive, t − j negative
      for (let v = 0; v < counts.length; v++) if (counts[v]! > 0) next[v + shift]! += counts[v]! * ways;
    }
    counts = next;
  });
  return { counts, offset };
}

/**
 * Two-sided Wilcoxon signed-rank test (Pratt's zeros) that paired differences are centred on 0.
 * Exact whenever the sign patterns can be counted exactly; see the module comment. Same data and
 * seed, same p.
 *
 * @param d Paired differences, e.g. per-round ln(a/b); finite numbers.
 * @param opts `maxEnumerations` (2^53 − 1), `resamples` (20,000), `seed` (1).
 * @returns W+, the two-sided p-value, the method, the Monte Carlo standard error when applicable,
 *   the smallest attainable p-value, and the number of zeros.
 * @throws {RangeError} On an empty sample, a non-finite value, or bad options.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { signedRankTest } from "./signed-rank.ts";
 * // Six rounds, all in one direction: 2 of the 64 sign patterns are this extreme.
 * const r = signedRankTest([0.1, 0.2, 0.15, 0.3, 0.05, 0.12]);
 * assert.equal(r.pValue, 2 / 64);
 * assert.equal(r.wPlus, 21);
 * // Five rounds can never reach p < 0.05.
 * assert.equal(signedRankTest([0.1, 0.2, 0.15, 0.3, 0.05]).minAttainableP, 2 / 32);
 * ```
 */
export function signedRankTest(d: readonly number[], opts: SignedRankOptions = {}): SignedRankResult {
  requireFiniteSample(d, "d");
  const maxEnumerations = opts.maxEnumerations ?? MAX_EXACT_COUNT;
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  requireCount(maxEnumerations, "maxEnumerations", 1);
  requireCount(resamples, "resamples", 1);
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(seed)) throw new RangeError(`seed is ${seed}; give an integer such as 1`);
  const ranked = tieGroups(d.map(Math.abs));
  const zeros = d.filter((x) => x === 0).length;
  // Tie groups of the non-zero |d| (zeros, if any, form the first group and never change sign).
  const sizes = ranked.sizes.slice(zeros > 0 ? 1 : 0);
  const groupRanks = ranked.groupDoubledRanks.slice(zeros > 0 ? 1 : 0);
  const ties = sizes.some((t) => t > 1);
  const signedSum2 = d.reduce((s, x, i) => s + Math.sign(x) * ranked.doubledRanks[i]!, 0);
  const nonZeroSum2 = d.reduce((s, x, i) => s + (x === 0 ? 0 : ranked.doubledRanks[i]!), 0);
  const wPlus = (signedSum2 + nonZeroSum2) / 4; // (T + S)/2 in single units
  const nonZero = d.length - zeros;
  if (nonZero === 0) return { wPlus: 0, pValue: 1, method: "exact", minAttainableP: 1, zeros, ties };
  const observed = Math.abs(signedSum2);
  // Only all-plus and all-minus reach the largest |T|.
  const exactFloor = Math.min(1, 2 / 2 ** nonZero);

  const exact = signedSumCounts(sizes, groupRanks, maxEnumerations);
  if (exact) {
    let extreme = 0;
    exact.counts.forEach((c, v) => {
      if (c > 0 && Math.abs(v - exact.offset) >= observed) extreme += c;
    });
    return { wPlus, pValue: extreme / 2 ** nonZero, method: "exact", minAttainableP: exactFloor, zeros, ties };
  }
  if (!ties && zeros === 0) {
    const n = d.length;
    const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
    const pValue = normalTwoSided((Math.abs(wPlus - (n * (n + 1)) / 4) - 0.5) / sd);
    return { wPlus, pValue, method: "normal", minAttainableP: normalTwoSided(((n * (n + 1)) / 4 - 0.5) / sd), zeros, ties };
  }
  const rng = createRng(seed);
  const ranks = d.flatMap((x, i) => (x === 0 ? [] : [ranked.doubledRanks[i]!]));
  let count = 0;
  for (let r = 0; r < resamples; r++) {
    let t = 0;
    for (const rank of ranks) t += rng() < 0.5 ? rank : -rank;
    if (Math.abs(t) >= observed) count++;
  }
  const minAttainableP = Math.max(exactFloor, 1 / (resamples + 1));
  const pValue = Math.max(minAttainableP, (1 + count) / (1 + resamples));
  return { wPlus, pValue, method: "monte-carlo", mcStandardError: Math.sqrt((pValue * (1 - pValue)) / resamples), minAttainableP, zeros, ties };
}

/** Exact null counts of W+ for n differences without ties: subset sums of 1 … n; null beyond 2^52. */
function wPlusCounts(n: number): number[] | null {
  if (n > 52) return null;
  const max = (n * (n + 1)) / 2;
  const counts = new Array<number>(max + 1).fill(0);
  counts[0] = 1;
  for (let r = 1; r <= n; r++) for (let w = max; w >= r; w--) counts[w]! += counts[w - r]!;
  return counts;
}

/**
 * Result of {@link pairedShiftInterval}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pairedShiftInterval, type PairedShiftInterval } from "./signed-rank.ts";
 * const s: PairedShiftInterval = pairedShiftInterval([1, 2, 3]);
 * assert.equal(s.estimate, 2);
 * assert.equal(s.reachesTarget, false); // 3 rounds reach 75% at most
 * assert.equal(s.ci.level, 0.75);
 * ```
 */
export interface PairedShiftInterval {
  /** Hodges–Lehmann estimate: the median Walsh average, in d's unit. */
  estimate: number;
  /** The interval in d's unit; `level` is the level attained. */
  ci: Interval;
  /** The confidence level asked for. */
  targetLevel: number;
  /** False when even [min d, max d] falls short of the target (n ≤ 5 for 95%). */
  reachesTarget: boolean;
  /** The order statistic used: ci = [w_(k), w_(N + 1 − k)]. */
  k: number;
  method: "exact" | "normal";
}

/** Largest number of Walsh averages sorted in memory. */
const MAX_WALSH = 4_000_000;

/**
 * Hodges–Lehmann estimate of the centre of paired differences and its distribution-free interval
 * from the Walsh averages, at the level attained by the exact null of W+ (see the module comment).
 * For per-round log ratios, exp of the estimate and the ends gives a ratio and its interval.
 *
 * @param d Paired differences, finite numbers.
 * @param opts `level`: target confidence in (0.5, 1), default 0.95.
 * @returns The estimate and interval in d's unit, the attained level, and whether it reaches the target.
 * @throws {InputError} On a level outside (0.5, 1), with input "confidence".
 * @throws {RangeError} On an empty sample, a non-finite value, or more than 4 million Walsh averages.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pairedShiftInterval } from "./signed-rank.ts";
 * const s = pairedShiftInterval([0.1, 0.2, 0.15, 0.3, 0.05, 0.12]);
 * // Six rounds: k = 1, the interval is [min d, max d] at level 1 − 2/64.
 * assert.equal(s.ci.level, 1 - 2 / 64);
 * assert.deepEqual([s.ci.lo, s.ci.hi], [0.05, 0.3]);
 * assert.equal(pairedShiftInterval([0.1, 0.2, 0.15, 0.3, 0.05]).reachesTarget, false);
 * ```
 */
export function pairedShiftInterval(d: readonly number[], opts: { level?: number } = {}): PairedShiftInterval {
  const level = opts.level ?? 0.95;
  requireConfidence(level);
  requireFiniteSample(d, "d");
  const n = d.length;
  const total = (n * (n + 1)) / 2;
  if (total > MAX_WALSH) throw new RangeError(`d has ${n} values, ${total} Walsh averages; give at most ${MAX_WALSH} averages (2,827 values)`);
  const walsh = new Float64Array(total);
  let at = 0;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) walsh[at++] = (d[i]! + d[j]!) / 2;
  walsh.sort();
  const counts = wPlusCounts(n);
  const sd = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24);
  let cumulative: (w: number) => number;
  if (counts) {
    const cum: number[] = [];
    counts.reduce((s, c, i) => (cum[i] = s + c), 0);
    cumulative = (w) => cum[w]! / 2 ** n;
  } else {
    cumulative = (w) => normalCdf((w + 0.5 - total / 2) / sd);
  }
  const tail = ((1 - level) / 2) * (1 + 1e-12);
  let k = 1;
  while (k < total / 2 && cumulative(k) <= tail) k++;
  const mid = total >> 1;
  return {
    estimate: total % 2 === 1 ? walsh[mid]! : (walsh[mid - 1]! + walsh[mid]!) / 2,
    ci: { lo: walsh[k - 1]!, hi: walsh[total - k]!, level: 1 - 2 * cumulative(k - 1) },
    targetLevel: level,
    reachesTarget: cumulative(0) <= tail,
    k,
    method: counts ? "exact" : "normal",
  };
}
