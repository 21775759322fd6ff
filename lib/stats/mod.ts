/**
 * The lab's statistics: descriptive summaries, bootstrap confidence intervals, permutation tests,
 * ratio comparisons, fairness of a spread, straight-line and Amdahl fits, and intervals for
 * proportions, one concept per file and all re-exported here.
 *
 * Benchmark timings are skewed and have outliers, so everything here is built on medians and on
 * resampling, which need no normality assumption. Every random step draws from a seeded generator,
 * so the same data and seed always give the same numbers. Every quantile comes from
 * `quantile.ts`, whose module doc says which definition each use needs.
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
export { type CompareOptions, compareRatio, speedup } from "./compare.ts";
export { formatPValue, MIN_TRIALS_FOR_VERDICT } from "./verdict.ts";
export { chiSquareSurvival } from "./chi-square.ts";
export { fairness } from "./fairness.ts";
export { type AmdahlFit, type AmdahlPoint, fitAmdahl } from "./amdahl.ts";
export { fitLine, type LineFit, type LinePoint } from "./regression.ts";
export { slopeRatio } from "./slope-ratio.ts";
export { wilsonInterval } from "./proportions.ts";
