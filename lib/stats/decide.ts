/**
 * The one verdict rule of the lab: from a ratio a/b with its confidence interval and a
 * family-adjusted p-value, decide whether A is lower, higher, equivalent within a stated band, or
 * whether the evidence does not say — and write one sentence a careful reader can stand behind.
 *
 * The rule, in order:
 * 1. The interval falls short of its target level (too few trials, see `reachesTarget`):
 *    inconclusive, saying the level it reached and how many trials per side a verdict needs.
 * 2. The adjusted p < α and the interval lies entirely on one side of 1: A is lower or higher.
 *    The interval, not the point estimate, names the side, so the sentence never contradicts it.
 * 3. The interval lies inside the equivalence band [1/(1 + δ), 1 + δ]: equivalent within ±δ. An
 *    interval at level 1 − 2ε inside the band is the two one-sided tests (Schuirmann 1987) at ε each,
 *    so a 95% interval makes the equivalence claim at 2.5% error per comparison.
 * 4. Otherwise inconclusive, with the interval's bounds: what the data rule out and what they do not.
 * The same inputs always give the same sentence. The interval and the p-value are computed by the
 * caller (e.g. `shiftInterval(..., { log: true })` and `rankSumTest` with `adjustPValues`); when they
 * come from the same exact rank test at α = 1 − level they agree, as they must.
 *
 * Wording of the four outcomes (time-like quantity, lower is better, unless said otherwise):
 * - lower: "threads×2 took 0.520× the compute time of main (96.8% CI 0.490–0.551×; Holm-adjusted
 *   p = 0.032 in a family of 4, unadjusted p = 0.0079; n = 5 vs 5): threads×2 is faster."
 * - higher, for a quantity that is not time-like: "A had 2.99× the RSS of B (96.8% CI 2.91–3.07×;
 *   p = 0.0079; n = 5 vs 5): A is higher, which is worse."
 * - equivalent: "A took 1.00× the compute time of B (95.6% CI 0.998–1.00×; p = 0.96; n = 10 vs 10):
 *   equivalent within ±5%: the ratio lies between 0.998× and 1.00×, inside the band 0.952–1.05×."
 * - inconclusive: "A took 0.941× the compute time of B (96.8% CI 0.636–1.41×; p = 0.84; n = 5 vs 5):
 *   inconclusive: the ratio lies between 0.636× and 1.41×; no difference was detected, and
 *   differences within that range are not ruled out."
 * - inconclusive because of the family: "A took 0.510× the compute time of B (96.8% CI 0.490–0.530×;
 *   Holm-adjusted p = 0.16 in a family of 20, unadjusted p = 0.0079; n = 5 vs 5): inconclusive: the
 *   ratio lies between 0.490× and 0.530×, but the Holm-adjusted p is not below 0.05, so no difference
 *   is declared; with 5 vs 5 trials in a family of 20 no Holm-adjusted p-value can fall below 0.05:
 *   showing a difference needs at least 6 trials per side."
 * - too few trials: "A took 0.505× the compute time of B (90% CI 0.490–0.520×; p = 0.10; n = 3 vs 3):
 *   too few trials for a verdict: the interval reaches 90%, not the 95% asked for; a verdict needs at
 *   least 4 trials per side."
 * @module
 */
import type { Interval } from "../types.ts";
import { InputError } from "../errors.ts";
import { formatInterval, formatLevel, formatNumber } from "../format.ts";
import { formatPValue } from "./verdict.ts";
import { requireAlpha, requireConfidence } from "./_verdict-checks.ts";
import { requireFamilyProcedure, type FamilyProcedure } from "./family.ts";
import { minTrialsPerSide } from "./rank-sum-null.ts";

/**
 * What {@link decide} needs to know about one comparison of A against B.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decide, type VerdictInput } from "./decide.ts";
 * const input: VerdictInput = {
 *   labelA: "A", labelB: "B", quantity: "RSS", lowerIsBetter: true, timeLike: false,
 *   ratio: 3.1, ci: { lo: 2.9, hi: 3.3, level: 0.968 }, reachesTarget: true,
 *   pAdjusted: 0.008, pRaw: 0.008, familySize: 1, nA: 5, nB: 5,
 * };
 * assert.equal(decide(input).outcome, "higher");
 * ```
 */
export interface VerdictInput {
  /** Name of A, the numerator, e.g. "threads×2". */
  labelA: string;
  /** Name of B, the denominator. */
  labelB: string;
  /** What was measured, e.g. "compute time" or "RSS". */
  quantity: string;
  /** Whether smaller values are better (durations, memory). */
  lowerIsBetter: boolean;
  /** Whether the quantity is a time, so that lower reads "faster" (when lower is better). */
  timeLike: boolean;
  /** Estimate of the ratio A/B, > 0 (e.g. the Hodges–Lehmann ratio). */
  ratio: number;
  /** Interval of the ratio; `level` is the level it attains. */
  ci: Interval;
  /** The confidence level asked for, in (0.5, 1); default 0.95. */
  targetLevel?: number;
  /** Whether the interval reaches the target level (false: too few trials for it). */
  reachesTarget: boolean;
  /** The p-value adjusted for the family (equal to `pRaw` in a family of one). */
  pAdjusted: number;
  /** The p-value of this comparison alone. */
  pRaw: number;
  /** Number of comparisons in the family, ≥ 1. */
  familySize: number;
  /** How `pAdjusted` was adjusted; default "holm". */
  procedure?: FamilyProcedure;
  /** Significance level in (0, 0.5); default 0.05. */
  alpha?: number;
  /** Equivalence band δ as a fraction in (0, 1): ratios within [1/(1 + δ), 1 + δ]; default 0.05. */
  equivalence?: number;
  /** Trials of A and of B. */
  nA: number;
  nB: number;
  /** The smallest p the test could attain with these trials, when known: the sentence then says if no p could reach α. */
  minAttainableP?: number;
}

/**
 * The verdict of {@link decide}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decide, type Verdict } from "./decide.ts";
 * const v: Verdict = decide({
 *   labelA: "A", labelB: "B", quantity: "compute time", lowerIsBetter: true, timeLike: true,
 *   ratio: 1.05, ci: { lo: 0.737, hi: 1.51, level: 0.968 }, reachesTarget: true,
 *   pAdjusted: 0.6, pRaw: 0.3, familySize: 2, nA: 5, nB: 5,
 * });
 * assert.equal(v.outcome, "inconclusive");
 * assert.equal(v.conclusive, false);
 * ```
 */
export interface Verdict {
  /** lower/higher: A is lower/higher than B; equivalent: within the band; inconclusive: neither shown. */
  outcome: "lower" | "higher" | "equivalent" | "inconclusive";
  /** True for lower, higher and equivalent. */
  conclusive: boolean;
  /** One sentence with the ratio, the interval and its level, the p-value, the family and the trials. */
  sentence: string;
  /** Trials per side a verdict would need, when these were too few (for the level or for α). */
  trialsNeeded?: number;
}


function requireEquivalence(delta: number): void {
  if (!(typeof delta === "number" && delta > 0 && delta < 1)) {
    throw new InputError("equivalence", `${String(delta)} is not an equivalence band; give a fraction between 0 and 1 (exclusive), e.g. 0.05 for ±5%`);
  }
}

function requireInput(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

/**
 * Applies the lab's verdict rule (see the module comment) to one comparison.
 *
 * @param input The comparison: labels, quantity, ratio and interval, p-values, family, α, δ, trials.
 * @returns The outcome, whether it is conclusive, the sentence, and the trials a verdict would need.
 * @throws {InputError} On a target level outside (0.5, 1) ("confidence"), δ outside (0, 1)
 *   ("equivalence"), α outside (0, 0.5) ("alpha"), or an unknown procedure ("family").
 * @throws {RangeError} On an inconsistent comparison: a ratio or bound ≤ 0, lo > hi, a p outside [0, 1].
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decide } from "./decide.ts";
 * const v = decide({
 *   labelA: "threads×2", labelB: "main", quantity: "compute time", lowerIsBetter: true, timeLike: true,
 *   ratio: 0.52, ci: { lo: 0.49, hi: 0.551, level: 1 - 8 / 252 }, reachesTarget: true,
 *   pAdjusted: 0.032, pRaw: 0.0079, familySize: 4, procedure: "holm", nA: 5, nB: 5,
 * });
 * assert.equal(v.outcome, "lower");
 * assert.equal(v.sentence, "threads×2 took 0.520× the compute time of main (96.8% CI 0.490–0.551×; " +
 *   "Holm-adjusted p = 0.032 in a family of 4, unadjusted p = 0.0079; n = 5 vs 5): threads×2 is faster.");
 * ```
 */
export function decide(input: VerdictInput): Verdict {
  const target = input.targetLevel ?? 0.95;
  const alpha = input.alpha ?? 0.05;
  const delta = input.equivalence ?? 0.05;
  const procedure = requireFamilyProcedure(input.procedure ?? "holm");
  requireConfidence(target);
  requireEquivalence(delta);
  requireAlpha(alpha);
  const { ratio, ci, pAdjusted, pRaw, familySize, nA, nB } = input;
  requireInput(ratio > 0 && Number.isFinite(ratio), `ratio is ${ratio}; give a finite ratio > 0`);
  requireInput(ci.lo > 0 && ci.lo <= ci.hi && Number.isFinite(ci.hi), `ci is ${ci.lo}–${ci.hi}; give finite bounds with 0 < lo ≤ hi`);
  requireInput(ci.level >= 0 && ci.level < 1, `ci.level is ${ci.level}; give the level the interval attains, in [0, 1)`);
  requireInput(pRaw >= 0 && pRaw <= 1 && pAdjusted >= pRaw && pAdjusted <= 1, `p-values are ${pRaw} (raw) and ${pAdjusted} (adjusted); give 0 ≤ raw ≤ adjusted ≤ 1`);
  requireInput(Number.isInteger(familySize) && familySize >= 1, `familySize is ${familySize}; give the number of comparisons in the family, ≥ 1`);
  requireInput(Number.isInteger(nA) && nA >= 1 && Number.isInteger(nB) && nB >= 1, `nA, nB are ${nA}, ${nB}; give trial counts ≥ 1`);

  const { labelA, labelB, quantity } = input;
  const claim = input.timeLike
    ? `${labelA} took ${formatNumber(ratio)}× the ${quantity} of ${labelB}`
    : `${labelA} had ${formatNumber(ratio)}× the ${quantity} of ${labelB}`;
  const adjusted = familySize > 1 && procedure !== "none";
  const name = procedure === "holm" ? "Holm" : "Bonferroni";
  const pText = adjusted
    ? `${name}-adjusted ${formatPValue(pAdjusted)} in a family of ${familySize}, unadjusted ${formatPValue(pRaw)}`
    : familySize > 1
      ? `${formatPValue(pRaw)}, not adjusted for its family of ${familySize}`
      : formatPValue(pRaw);
  const bounds = `${formatInterval(ci)}×`;
  const stats = `${formatLevel(ci.level)} CI ${bounds}; ${pText}; n = ${nA} vs ${nB}`;
  const [lo, hi] = formatInterval(ci).split("–");
  // The smallest raw p that survives the adjustment: α/m for Holm's first step and for Bonferroni.
  const alphaRaw = adjusted ? alpha / familySize : alpha;
  const trialsNeeded = minTrialsPerSide(alphaRaw, target);

  if (!input.reachesTarget) {
    return {
      outcome: "inconclusive",
      conclusive: false,
      sentence: ci.level === 0
        ? `${claim} (n = ${nA} vs ${nB}): too few trials for a verdict: one trial on a side gives no interval; a verdict needs at least ${trialsNeeded} trials per side.`
        : `${claim} (${stats}): too few trials for a verdict: the interval reaches ${formatLevel(ci.level)}, not the ${formatLevel(target)} asked for; a verdict needs at least ${trialsNeeded} trials per side.`,
      trialsNeeded,
    };
  }
  if (pAdjusted < alpha && (ci.hi < 1 || ci.lo > 1)) {
    const lower = ci.hi < 1;
    const better = lower === input.lowerIsBetter;
    const outcome = input.timeLike && input.lowerIsBetter
      ? `${labelA} is ${lower ? "faster" : "slower"}`
      : `${labelA} is ${lower ? "lower" : "higher"}, which is ${better ? "better" : "worse"}`;
    return { outcome: lower ? "lower" : "higher", conclusive: true, sentence: `${claim} (${stats}): ${outcome}.` };
  }
  const bandLo = 1 / (1 + delta);
  const bandHi = 1 + delta;
  if (ci.lo >= bandLo && ci.hi <= bandHi) {
    const band = formatInterval({ lo: bandLo, hi: bandHi, level: ci.level });
    return {
      outcome: "equivalent",
      conclusive: true,
      sentence: `${claim} (${stats}): equivalent within ±${Number((delta * 100).toPrecision(3))}%: the ratio lies between ${lo}× and ${hi}×, inside the band ${band}×.`,
    };
  }
  const excludesOne = ci.hi < 1 || ci.lo > 1;
  let why: string;
  if (!excludesOne) {
    why = `the ratio lies between ${lo}× and ${hi}×; no difference was detected, and differences within that range are not ruled out`;
    if (pAdjusted < alpha) why += ` (p < ${alpha} but the interval includes 1: the test and the interval disagree, as they can with ties)`;
  } else {
    // The interval alone excludes 1, but the family's error control does not let the p-value through.
    why = `the ratio lies between ${lo}× and ${hi}×, but ${adjusted ? `the ${name}-adjusted p` : "p"} is not below ${alpha}, so no difference is declared`;
  }
  const cannotReach = input.minAttainableP !== undefined && (adjusted ? input.minAttainableP * familySize : input.minAttainableP) >= alpha;
  if (cannotReach) {
    const family = adjusted ? ` in a family of ${familySize}` : "";
    // Untied samples of this size could reach α: the tied values are what keeps the p-value up.
    const byTies = trialsNeeded <= Math.min(nA, nB);
    why += byTies
      ? `; with ${nA} vs ${nB} trials whose values tie${family}, no ${adjusted ? `${name}-adjusted ` : ""}p-value can fall below ${alpha} (the smallest the test can give is ${formatNumber(input.minAttainableP!, 2)}): the ties, not the trial count, keep it up; more trials or a finer-grained measure would lift that limit`
      : `; with ${nA} vs ${nB} trials${family} no ${adjusted ? `${name}-adjusted ` : ""}p-value can fall below ${alpha}: showing a difference needs at least ${trialsNeeded} trials per side`;
  }
  const needsMore = cannotReach && trialsNeeded > Math.min(nA, nB);
  return { outcome: "inconclusive", conclusive: false, sentence: `${claim} (${stats}): inconclusive: ${why}.`, ...(needsMore ? { trialsNeeded } : {}) };
}
