/**
 * How a comparison is put into words: the one sentence a reader takes away, and when the lab lets
 * that sentence name a winner. Kept apart from the arithmetic so the rules of a claim can be read
 * in one place.
 * @module
 */
import { formatInterval, formatNumber } from "../format.ts";
import type { Interval } from "../types.ts";

/**
 * Fewest trials per sample for which {@link ratioVerdict} (and so `compareRatio`) states a winner:
 * a percentile bootstrap of 2–4 values can only recombine them, so its interval is too narrow to trust.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MIN_TRIALS_FOR_VERDICT } from "./verdict.ts";
 *
 * assert.equal(MIN_TRIALS_FOR_VERDICT, 5);
 * ```
 */
export const MIN_TRIALS_FOR_VERDICT = 5;

/**
 * A p-value for a sentence: "p < 0.001" below 0.001, otherwise two significant digits, because a
 * Monte Carlo p-value from a few thousand permutations is not more precise than that.
 *
 * @param p A p-value in [0, 1].
 * @returns Text such as "p = 0.41".
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatPValue } from "./verdict.ts";
 *
 * assert.equal(formatPValue(0.0002), "p < 0.001");
 * assert.equal(formatPValue(0.4128), "p = 0.41");
 * assert.equal(formatPValue(0.0123), "p = 0.012");
 * ```
 */
export function formatPValue(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${formatNumber(p, 2)}`;
}

function formatLevel(level: number): string {
  return `${Number((level * 100).toFixed(2))}%`;
}

const TIME_LIKE = /\b(time|duration|latency|wall)\b/i;

/**
 * Everything a ratio verdict is worded from: the samples' names and sizes, the ratio
 * median(a)/median(b) with its interval, and the permutation p-value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type RatioVerdictInput, ratioVerdict } from "./verdict.ts";
 *
 * const input: RatioVerdictInput = {
 *   labelA: "A", labelB: "B", quantity: "time", lowerIsBetter: true,
 *   ratio: 1, ci: { lo: 0.9, hi: 1.1, level: 0.95 }, pValue: 0.8, nA: 10, nB: 10,
 * };
 * assert.equal(ratioVerdict(input).conclusive, false);
 * ```
 */
export interface RatioVerdictInput {
  labelA: string;
  labelB: string;
  /** What was measured, e.g. "compute time". */
  quantity: string;
  /** True when the caller named the quantity (it is then repeated in a "no difference" sentence). */
  quantityNamed?: boolean;
  /** True when smaller values are better (durations, memory). */
  lowerIsBetter: boolean;
  /** median(a)/median(b), unitless. */
  ratio: number;
  ci: Interval;
  pValue: number;
  nA: number;
  nB: number;
}

/**
 * The one-sentence verdict of a ratio comparison, and whether it names a winner. "No difference"
 * means the ratio's CI includes 1; otherwise the CI, not the point estimate, decides the side, so
 * the sentence never contradicts its interval. No winner is named with fewer than
 * {@link MIN_TRIALS_FOR_VERDICT} trials a side, or when the permutation test (p ≥ 0.05) disagrees
 * with the interval. Durations ("time", "latency", …) read "took … faster/slower"; other
 * quantities "had … higher/lower, which is better/worse".
 *
 * @returns `verdict`, one sentence, and `conclusive`, true when it names a winner.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ratioVerdict } from "./verdict.ts";
 *
 * const { verdict, conclusive } = ratioVerdict({
 *   labelA: "threads×2", labelB: "main", quantity: "time", lowerIsBetter: true,
 *   ratio: 0.52, ci: { lo: 0.49, hi: 0.55, level: 0.95 }, pValue: 0.0002, nA: 10, nB: 10,
 * });
 * assert.equal(verdict, "threads×2 took 0.520× the time of main (95% CI 0.490–0.550×; p < 0.001; n = 10 vs 10): threads×2 is faster.");
 * assert.equal(conclusive, true);
 * ```
 */
export function ratioVerdict(input: RatioVerdictInput): { verdict: string; conclusive: boolean } {
  const { labelA, labelB, quantity, lowerIsBetter, ratio, ci, pValue, nA, nB } = input;
  const noDifference = ci.lo <= 1 && ci.hi >= 1;
  const fewest = Math.min(nA, nB);
  const nText = `n = ${nA} vs ${nB}`;
  const stats = `${formatLevel(ci.level)} CI ${formatInterval(ci)}×; ${formatPValue(pValue)}; ${nText}`;
  const timeLike = lowerIsBetter && TIME_LIKE.test(quantity);
  const claim = timeLike
    ? `${labelA} took ${formatNumber(ratio)}× the ${quantity} of ${labelB}`
    : `${labelA} had ${formatNumber(ratio)}× the ${quantity} of ${labelB}`;
  let verdict: string;
  if (fewest < 2) {
    verdict = `${claim} (${nText}): too few trials to estimate the uncertainty, so no conclusion.`;
  } else if (fewest < MIN_TRIALS_FOR_VERDICT) {
    verdict = `${claim} (${stats}): too few trials for a verdict; ${MIN_TRIALS_FOR_VERDICT} or more per condition give usable intervals.`;
  } else if (!noDifference && pValue >= 0.05) {
    verdict = `${claim} (${stats}): inconclusive, the interval excludes 1 but the permutation test does not reject equal medians; run more trials.`;
  } else if (noDifference) {
    const what = input.quantityNamed ? ` in ${quantity}` : "";
    verdict = `No difference${what} detected between ${labelA} and ${labelB}: ratio ${formatNumber(ratio)}× (${stats}).`;
  } else {
    const lower = ci.hi < 1;
    const better = lower === lowerIsBetter;
    const outcome = timeLike
      ? `${labelA} is ${lower ? "faster" : "slower"}`
      : `${labelA} is ${lower ? "lower" : "higher"}, which is ${better ? "better" : "worse"}`;
    verdict = `${claim} (${stats}): ${outcome}.`;
  }
  return { verdict, conclusive: fewest >= MIN_TRIALS_FOR_VERDICT && !noDifference && pValue < 0.05 };
}
