/**
 * The exact null distribution of the Mann–Whitney U statistic: how many of the C(m + n, m) ways of
 * splitting m + n ranked values into samples of m and n give each value of U, when the two samples
 * come from one distribution (every split equally likely).
 *
 * Without ties, the counts are the coefficients of the Gaussian binomial coefficient
 * [m + n choose m]_q = ∏_{i=1..m} (1 − q^(n+i)) / (1 − q^i) (Mann & Whitney 1947; Andrews, "The Theory
 * of Partitions", 1976, §3.3), computed by m polynomial multiplications and exact divisions: O(m²n)
 * integer operations. With ties, splits that put the same number of the first sample into each tie
 * group have the same U, so all C(m + n, m) splits are enumerated group by group, counted with
 * binomial weights C(group size, chosen) — the same counts as listing every split one by one (the
 * tests check this against brute force), at a cost polynomial in m + n. Counts are integers held
 * exactly in doubles while C(m + n, m) ≤ 2^53 − 1; beyond that the callers switch to the normal
 * approximation (no ties) or Monte Carlo (ties).
 * @module
 */
import { binomialBig } from "./ranks.ts";

/**
 * The largest count a double holds exactly, 2^53 − 1: the default cap on splits enumerated exactly.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MAX_EXACT_COUNT, splitCount } from "./rank-sum-null.ts";
 * assert.ok(splitCount(28, 28) <= MAX_EXACT_COUNT); // 28 vs 28 is still exact
 * assert.ok(splitCount(29, 29) > MAX_EXACT_COUNT);
 * ```
 */
export const MAX_EXACT_COUNT = Number.MAX_SAFE_INTEGER;

/** Multiply-add work above which the tied enumeration is refused (about a second on a slow core). */
const TIED_WORK_LIMIT = 50_000_000;

/**
 * C(m + n, m), the number of ways to split m + n values into samples of m and n, as a double
 * (rounded when above 2^53).
 *
 * @param m Size of one sample, integer ≥ 0.
 * @param n Size of the other, integer ≥ 0.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitCount } from "./rank-sum-null.ts";
 * assert.equal(splitCount(5, 5), 252);
 * ```
 */
export function splitCount(m: number, n: number): number {
  return Number(binomialBig(m + n, m));
}

/**
 * Exact counts of U = #{(i, j): a_i > b_j} under the null, for samples of m and n values without ties.
 *
 * @param m Size of the first sample, integer ≥ 1.
 * @param n Size of the second sample, integer ≥ 1.
 * @param maxCount Largest C(m + n, m) to compute exactly; default 2^53 − 1.
 * @returns counts[u] for u = 0 … m·n, summing to C(m + n, m); null when C(m + n, m) > maxCount.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rankSumNullCounts } from "./rank-sum-null.ts";
 * // 2 vs 2: the six splits give U = 0, 1, 2, 2, 3, 4.
 * assert.deepEqual(rankSumNullCounts(2, 2), [1, 1, 2, 1, 1]);
 * ```
 */
export function rankSumNullCounts(m: number, n: number, maxCount = MAX_EXACT_COUNT): number[] | null {
  if (binomialBig(m + n, m) > BigInt(Math.min(maxCount, MAX_EXACT_COUNT))) return null;
  // The distribution is the same for (m, n) and (n, m); loop over the smaller.
  const small = Math.min(m, n);
  const large = Math.max(m, n);
  let poly = [1];
  for (let i = 1; i <= small; i++) {
    // Multiply by (1 − q^(large + i)) ...
    const shift = large + i;
    const times = new Array<number>(poly.length + shift).fill(0);
    for (let j = 0; j < poly.length; j++) {
      times[j]! += poly[j]!;
      times[j + shift]! -= poly[j]!;
    }
    // ... then divide exactly by (1 − q^i): r[j] = times[j] + r[j − i]. The top i terms vanish.
    const degree = i * large;
    const next = new Array<number>(degree + 1);
    for (let j = 0; j <= degree; j++) next[j] = times[j]! + (j >= i ? next[j - i]! : 0);
    poly = next;
  }
  return poly;
}

/**
 * Exact counts of the doubled statistic 2U under the null when the values have ties: U counts each
 * tie between the samples as ½. The splits are enumerated tie group by tie group.
 *
 * @param m Size of the first sample (the one whose U is counted), integer ≥ 1.
 * @param sizes Sizes of the tie groups of the pooled sample, ascending by value.
 * @param groupDoubledRanks Twice the midrank of each group.
 * @param maxCount Largest C(m + n, m) to enumerate; default 2^53 − 1.
 * @returns counts[u2] for 2U = u2 = 0 … 2mn, summing to C(m + n, m); null when C(m + n, m) > maxCount
 *   or the enumeration would take more than about a second.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tiedRankSumNullCounts } from "./rank-sum-null.ts";
 * import { tieGroups } from "./ranks.ts";
 * // Values 1, 1, 2 split 1 vs 2: U = ½ when the single value is a tied 1 (two ways), 2 when it is the 2.
 * const g = tieGroups([1, 1, 2]);
 * assert.deepEqual(tiedRankSumNullCounts(1, g.sizes, g.groupDoubledRanks), [0, 2, 0, 0, 1]);
 * ```
 */
export function tiedRankSumNullCounts(
  m: number,
  sizes: readonly number[],
  groupDoubledRanks: readonly number[],
  maxCount = MAX_EXACT_COUNT,
): number[] | null {
  const total = sizes.reduce((s, t) => s + t, 0);
  const n = total - m;
  if (binomialBig(total, m) > BigInt(Math.min(maxCount, MAX_EXACT_COUNT))) return null;
  // Enumerate for the smaller sample, whose partial counts are bounded by C(m + n, m).
  const small = Math.min(m, n);
  const maxSum = small * (2 * total - small + 1); // doubled rank sum of the top `small` ranks
  const width = maxSum + 1;
  let work = 0;
  for (const t of sizes) work += (Math.min(t, small) + 1) * (small + 1) * width;
  if (work > TIED_WORK_LIMIT) return null;
  // dp[k·width + s]: ways to choose k of the groups seen so far with doubled rank sum s.
  let dp = new Float64Array((small + 1) * width);
  dp[0] = 1;
  let reach = 0;
  sizes.forEach((t, g) => {
    const r2 = groupDoubledRanks[g]!;
    const next = new Float64Array((small + 1) * width);
    const weights = Array.from({ length: Math.min(t, small) + 1 }, (_, j) => Number(binomialBig(t, j)));
    for (let k = 0; k <= small; k++) {
      for (let s = 0; s <= reach; s++) {
        const ways = dp[k * width + s]!;
        if (ways === 0) continue;
        for (let j = 0; j < weights.length && k + j <= small; j++) next[(k + j) * width + s + j * r2]! += ways * weights[j]!;
      }
    }
    reach = Math.min(maxSum, reach + Math.min(t, small) * r2);
    dp = next;
  });
  // 2U of the smaller sample = doubled rank sum − small(small + 1); for the other sample, 2mn − that.
  const counts = new Array<number>(2 * m * n + 1).fill(0);
  const offset = small * (small + 1);
  for (let s = offset; s <= maxSum; s++) {
    const ways = dp[small * width + s]!;
    if (ways === 0) continue;
    const u2 = s - offset;
    counts[small === m ? u2 : 2 * m * n - u2]! += ways;
  }
  return counts;
}

/**
 * The smallest number of trials per side, in a balanced design, for which the exact rank-sum test
 * can reach p < α at all and its shift interval can reach the confidence level. Both depend only on
 * the most extreme split: p_min = 2/C(2n, n), and the widest interval [min, max] has level 1 − p_min.
 *
 * @param alpha Significance level the smallest p must fall below (divide α by the family size for a
 *   Holm or Bonferroni family), in (0, 1).
 * @param level Target confidence level in (0, 1).
 * @returns Trials per side (e.g. 4 for α = 0.05 and 95%).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { minTrialsPerSide } from "./rank-sum-null.ts";
 * assert.equal(minTrialsPerSide(0.05, 0.95), 4); // 2/70 < 0.05; 3 vs 3 gives at best p = 0.1
 * assert.equal(minTrialsPerSide(0.05 / 20, 0.95), 6); // a family of 20 under Holm
 * ```
 */
export function minTrialsPerSide(alpha: number, level: number): number {
  for (let n = 1; ; n++) {
    const pMin = 2 / splitCount(n, n);
    if (pMin < alpha && 1 - pMin >= level) return n;
  }
}
