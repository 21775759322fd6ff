/**
 * Comparing two conditions, the way every experiment of the lab does it: an exact
 * Wilcoxon–Mann–Whitney test of the two samples, the Hodges–Lehmann estimate of their ratio with the
 * distribution-free interval that test inverts to (at the level it attains), and one verdict from
 * `decide.ts` once the p-value has been adjusted within the experiment's family of comparisons.
 *
 * Why this and not a bootstrap of the ratio of medians: with the 3–6 trials per condition a class
 * can afford, a percentile bootstrap covers far below its label (50% at n = 2, 87% at n = 4), and a
 * Monte Carlo permutation p of the median difference made two non-overlapping 5 vs 5 samples a coin
 * flip between a verdict and none. The rank test is exact, its interval's level is known, and the
 * same data always give the same verdict. It assumes independent trials and, for the interval, that
 * one condition's values are the other's times a constant (a shift on the log scale).
 * @module
 */
import * as ss from "simple-statistics";
import type { Comparison, Interval } from "../types.ts";
import { requirePositiveSample } from "./_checks.ts";
import { decide } from "./decide.ts";
import { cliffsDelta } from "./effect-size.ts";
import { adjustPValues, type FamilyProcedure, requireFamilyProcedure } from "./family.ts";
import { rankSumTest } from "./rank-sum.ts";
import { shiftInterval } from "./shift-interval.ts";

/** How comparisons become verdicts: the interval's target level, the equivalence band, the family adjustment. */
export interface VerdictRules {
  /** Target confidence level of every interval, in (0.5, 1); default 0.95. The tests' α is 1 − confidence. */
  confidence?: number;
  /** Equivalence band δ in (0, 1): a ratio interval inside [1/(1 + δ), 1 + δ] is "equivalent within ±δ"; default 0.05. */
  equivalence?: number;
  /** How p-values are adjusted within a family; default "holm". */
  family?: FamilyProcedure;
}

/** Options of {@link compareRatio}. */
export interface CompareOptions extends VerdictRules {
  /** Name of sample a in the verdict; default "A". */
  labelA?: string;
  /** Name of sample b in the verdict; default "B". */
  labelB?: string;
  /** What was measured, for the verdict, e.g. "compute time"; default "time". */
  quantity?: string;
  /** True when smaller values are better (durations, memory); default true. */
  lowerIsBetter?: boolean;
  /** True when the quantity is a duration ("took 0.5× the time" / "faster"); default: when `quantity` names a time. */
  timeLike?: boolean;
  /** Seed of the Monte Carlo p-value, used only where exact counting is out of reach; default 1. */
  seed?: number;
}

const TIME_LIKE = /\b(time|duration|latency|wall)\b/i;

/**
 * The tests' α for a confidence level, 1 − confidence, rounded so that 0.95 gives 0.05 and not
 * 0.050000000000000044 (which a verdict would print).
 */
export function significance(confidence: number): number {
  return Number((1 - confidence).toPrecision(12));
}

/**
 * Compares sample a with sample b (every value finite and > 0, same unit) and decides it as a family
 * of one. Experiments that make several comparisons pass them all through {@link decideFamily}, which
 * adjusts the p-values and rewrites each verdict.
 *
 * @returns The comparison with its ratio a/b (Hodges–Lehmann), interval, exact p and verdict.
 * @throws {RangeError} On an empty sample or a non-finite or non-positive value.
 * @throws {InputError} On a confidence level outside (0.5, 1), a band outside (0, 1) or an unknown family procedure.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareRatio } from "./compare.ts";
 *
 * const c = compareRatio([50, 51, 52, 53, 54], [100, 101, 102, 103, 104], { labelA: "threads×2", labelB: "main" });
 * assert.equal(c.pValue, 2 / 252); // complete separation, exact two-sided
 * assert.equal(c.outcome, "lower");
 * assert.match(c.verdict, /^threads×2 took 0\.5\d*× the time of main \(96\.8% CI .*: threads×2 is faster\.$/);
 * ```
 */
export function compareRatio(a: number[], b: number[], opts: CompareOptions = {}): Comparison {
  requirePositiveSample(a, "a");
  requirePositiveSample(b, "b");
  const confidence = opts.confidence ?? 0.95;
  const quantity = opts.quantity ?? "time";
  const lowerIsBetter = opts.lowerIsBetter ?? true;
  const test = rankSumTest(a, b, { seed: opts.seed });
  const shift = shiftInterval(a, b, { level: confidence, log: true });
  const comparison: Comparison = {
    a: opts.labelA ?? "A",
    b: opts.labelB ?? "B",
    nA: a.length,
    nB: b.length,
    medianA: ss.median(a),
    medianB: ss.median(b),
    ratio: shift.estimate,
    ratioCi: shift.ci,
    reachesTarget: shift.reachesTarget,
    pValue: test.pValue,
    pMethod: test.method,
    minAttainableP: test.minAttainableP,
    pAdjusted: test.pValue,
    familySize: 1,
    procedure: requireFamilyProcedure(opts.family ?? "holm"),
    cliffsDelta: cliffsDelta(a, b),
    quantity,
    lowerIsBetter,
    timeLike: opts.timeLike ?? (lowerIsBetter && TIME_LIKE.test(quantity)),
    noDifference: shift.ci.lo <= 1 && shift.ci.hi >= 1,
    outcome: "inconclusive",
    conclusive: false,
    verdict: "",
  };
  return decideFamily([comparison], { ...opts, confidence })[0]!;
}

/**
 * Decides a family of comparisons together: adjusts their p-values (Holm by default) and applies the
 * one verdict rule to each, so that the family's chance of naming any false winner stays at α. Pass
 * every comparison an experiment makes from one Result, once; the order does not matter.
 *
 * @returns New comparisons with `pAdjusted`, `familySize`, `procedure`, `outcome`, `conclusive` and `verdict` set.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareRatio, decideFamily } from "./compare.ts";
 *
 * const one = compareRatio([50, 51, 52, 53, 54], [100, 101, 102, 103, 104]);
 * const same = compareRatio([100, 102, 104, 106, 108], [101, 103, 105, 107, 109]);
 * const family = decideFamily([one, same]);
 * assert.equal(family[0]!.familySize, 2);
 * assert.equal(family[0]!.pAdjusted, Math.min(1, 2 * one.pValue)); // Holm's first step
 * assert.match(family[0]!.verdict, /Holm-adjusted p = 0\.016 in a family of 2/);
 * ```
 */
export function decideFamily(comparisons: readonly Comparison[], rules: VerdictRules = {}): Comparison[] {
  const procedure = requireFamilyProcedure(rules.family ?? "holm");
  const adjusted = adjustPValues(comparisons.map((c) => c.pValue), procedure);
  return comparisons.map((c, i) => decideInFamily(c, adjusted[i]!, comparisons.length, { ...rules, family: procedure }));
}

/**
 * One comparison decided by the one verdict rule, given its p-value already adjusted within a family
 * of `familySize` tests. {@link decideFamily} calls it for each member; a family that also holds
 * tests of another kind (their p-values adjusted with the comparisons') calls it directly.
 *
 * @returns The comparison with `pAdjusted`, `familySize`, `procedure`, `outcome`, `conclusive` and `verdict` set.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareRatio, decideInFamily } from "./compare.ts";
 *
 * const c = decideInFamily(compareRatio([50, 51, 52, 53, 54], [100, 101, 102, 103, 104]), 0.16, 20, {});
 * assert.equal(c.outcome, "inconclusive"); // 2/252 is no longer below 0.05 once 20 tests share it
 * assert.match(c.verdict, /Holm-adjusted p = 0\.16 in a family of 20/);
 * ```
 */
export function decideInFamily(c: Comparison, pAdjusted: number, familySize: number, rules: VerdictRules): Comparison {
  const procedure = requireFamilyProcedure(rules.family ?? "holm");
  const confidence = rules.confidence ?? 0.95;
  const decided = decide({
    labelA: c.a,
    labelB: c.b,
    quantity: c.quantity,
    lowerIsBetter: c.lowerIsBetter,
    timeLike: c.timeLike,
    ratio: c.ratio,
    ci: c.ratioCi,
    targetLevel: confidence,
    // A test at level α rejects exactly when its interval at level 1 − α excludes 1.
    alpha: significance(confidence),
    reachesTarget: c.reachesTarget,
    pAdjusted,
    pRaw: c.pValue,
    familySize,
    procedure,
    equivalence: rules.equivalence,
    nA: c.nA,
    nB: c.nB,
    minAttainableP: c.minAttainableP,
  });
  return { ...c, pAdjusted, familySize, procedure, outcome: decided.outcome, conclusive: decided.conclusive, verdict: decided.sentence };
}

/**
 * Speedup of a condition over a baseline: the Hodges–Lehmann ratio baseline/condition (the median of
 * every pairwise ratio) with its distribution-free interval at the level it attains. Parallel
 * efficiency is speedup / workers; dividing the ratio and both ends by k is left to the caller.
 *
 * @param baselineMs Baseline durations (e.g. the main thread), every value finite and > 0.
 * @param conditionMs Durations of the condition, same unit.
 * @param opts `confidence`: the target level (0.95).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { speedup } from "./compare.ts";
 *
 * const s = speedup([100, 102, 98, 101, 99], [26, 25, 27, 25, 26]);
 * assert.ok(s.ratio > 3.7 && s.ratio < 4.1);
 * assert.ok(s.ci.lo <= s.ratio && s.ratio <= s.ci.hi);
 * assert.ok(s.ci.level >= 0.95);
 * ```
 */
export function speedup(baselineMs: number[], conditionMs: number[], opts: { confidence?: number } = {}): { ratio: number; ci: Interval; reachesTarget: boolean } {
  requirePositiveSample(baselineMs, "baselineMs");
  requirePositiveSample(conditionMs, "conditionMs");
  const shift = shiftInterval(baselineMs, conditionMs, { level: opts.confidence ?? 0.95, log: true });
  return { ratio: shift.estimate, ci: shift.ci, reachesTarget: shift.reachesTarget };
}
