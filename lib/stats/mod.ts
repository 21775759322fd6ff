/**
 * The lab's statistics: descriptive summaries, exact rank tests and the distribution-free intervals
 * they invert to, the one verdict rule and its family control, ratio comparisons, fairness of a
 * spread, straight-line and Amdahl fits, and intervals for proportions, one concept per file and all
 * re-exported here.
 *
 * Benchmark timings are skewed and have outliers, so verdicts rest on medians, ranks and order
 * statistics, which need no normality assumption, and every interval is labelled with the level it
 * attains. `bootstrapCi` and `permutationPValue` remain for exploration: their levels are
 * approximate at small samples, and no verdict of the lab uses them. Every random step draws from a
 * seeded generator, so the same data and seed always give the same numbers. Every quantile comes
 * from `quantile.ts`, whose module doc says which definition each use needs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareRatio, summarize } from "./mod.ts";
 *
 * const threadMs = [52, 51, 54, 50, 53, 52, 55, 51];
 * assert.equal(summarize(threadMs).median, 52);
 * assert.equal(compareRatio(threadMs, [100, 103, 98, 101, 99, 102, 100, 97]).conclusive, true);
 * ```
 * @module
 */
export { createRng } from "./rng.ts";
export { quantile, type QuantileMethod, quantileSorted } from "./quantile.ts";
export { bootstrapCi, type BootstrapOptions } from "./bootstrap.ts";
export { tukeyFences, tukeyOutliers } from "./outliers.ts";
export { summarize } from "./summary.ts";
export { type PermutationOptions, permutationPValue } from "./permutation.ts";
export { cliffsDelta } from "./effect-size.ts";
export { type CompareOptions, compareRatio, decideFamily, decideInFamily, significance, speedup, type VerdictRules } from "./compare.ts";
export { formatPValue } from "./verdict.ts";
export { chiSquareSurvival } from "./chi-square.ts";
export { fairness } from "./fairness.ts";
export { wilsonInterval } from "./proportions.ts";
export { fCdf, fSurvival, normalCdf, normalQuantile, regularizedIncompleteBeta, studentTCdf, studentTQuantile } from "./distributions.ts";
export { binomialBig, logBinomial, type TieGroups, tieGroups } from "./ranks.ts";
export { MAX_EXACT_COUNT, minTrialsPerSide, rankSumNullCounts, splitCount, tiedRankSumNullCounts } from "./rank-sum-null.ts";
export { type RankSumOptions, type RankSumResult, rankSumTest } from "./rank-sum.ts";
export { type ShiftInterval, shiftInterval, type ShiftOptions } from "./shift-interval.ts";
export { type PairedShiftInterval, pairedShiftInterval, type SignedRankOptions, type SignedRankResult, signedRankTest } from "./signed-rank.ts";
export { type MedianInterval, medianInterval, smallestNReaching } from "./median-interval.ts";
export { adjustPValues, FAMILY_PROCEDURES, type FamilyProcedure, requireFamilyProcedure } from "./family.ts";
export { decide, type Verdict, type VerdictInput } from "./decide.ts";
export { type FiellerInput, fiellerInterval, type RatioSet } from "./fieller.ts";
export { fitSlope, type LackOfFit, type LinePoint, lackOfFit, perStepSlopes, type SlopeFit, slopeRatioInterval, type StepSlope } from "./slope.ts";
export { analyzeBlocks, type BlockAnalysis, type BlockOptions, type BlockRound, flagDisturbedRounds, type LabeledSample, type RoundDisturbance } from "./blocks.ts";
export { type AmdahlMediansFit, type AmdahlPoint, fitAmdahlMedians } from "./amdahl-fit.ts";
