/**
 * Two conditions compared by the ratio of their medians, the lab's main question ("how many times
 * faster?"), with a bootstrap interval of the ratio, a permutation p-value, an effect size, and a
 * verdict in words. A ratio rather than a difference, because it reads the same at any scale.
 * @module
 */
import * as ss from "simple-statistics";
import type { Comparison, Interval } from "../types.ts";
import { requirePositiveSample, resolveBootstrap } from "./_checks.ts";
import { type BootstrapOptions, percentileInterval } from "./bootstrap.ts";
import { cliffsDelta } from "./effect-size.ts";
import { type PermutationOptions, permutationPValue } from "./permutation.ts";
import { createRng } from "./rng.ts";
import { ratioVerdict } from "./verdict.ts";

/**
 * Options of {@link compareRatio}: labels and wording of the verdict, and the bootstrap and
 * permutation options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type CompareOptions, compareRatio } from "./compare.ts";
 *
 * const opts: CompareOptions = { labelA: "X", labelB: "Y", quantity: "throughput", lowerIsBetter: false };
 * assert.match(compareRatio([10, 11, 12, 11, 10], [5, 6, 5, 6, 5], opts).verdict, /X is higher, which is better/);
 * ```
 */
export interface CompareOptions extends BootstrapOptions, PermutationOptions {
  /** Name of sample a in the verdict; default "A". */
  labelA?: string;
  /** Name of sample b in the verdict; default "B". */
  labelB?: string;
  /** What was measured, for the verdict, e.g. "compute time"; default "time". */
  quantity?: string;
  /** True when smaller values are better (durations, memory); default true. */
  lowerIsBetter?: boolean;
}

/** Bootstrap of median(a)/median(b), resampling each sample independently from one generator. */
function ratioOfMedians(a: number[], b: number[], opts: BootstrapOptions): { ratio: number; ci: Interval } {
  requirePositiveSample(a, "a");
  requirePositiveSample(b, "b");
  const { level, resamples, seed } = resolveBootstrap(opts);
  const ratio = ss.median(a) / ss.median(b);
  if (a.length === 1 && b.length === 1) return { ratio, ci: { lo: ratio, hi: ratio, level } };
  const rng = createRng(seed);
  const replicates = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) {
    const ra = ss.median(ss.sampleWithReplacement(a, a.length, rng));
    const rb = ss.median(ss.sampleWithReplacement(b, b.length, rng));
    replicates[i] = ra / rb;
  }
  return { ratio, ci: percentileInterval(replicates, level, "ratio of medians") };
}

/**
 * Compares two samples of a positive quantity by the ratio of their medians, median(a)/median(b)
 * (unitless), with a percentile-bootstrap CI of the ratio (a and b resampled independently), a
 * two-sided permutation p-value for a difference in medians, Cliff's delta, and a one-sentence
 * verdict worded by `ratioVerdict`. "No difference" means the ratio's CI includes 1; the verdict
 * follows the CI, not the p-value. Assumes independent trials within each sample. With a single
 * trial in a sample there is no uncertainty to estimate for it, and the verdict says so instead
 * of claiming a winner.
 *
 * @param a Sample whose median is the numerator; every value finite and > 0 (e.g. milliseconds).
 * @param b Sample whose median is the denominator; every value finite and > 0, same unit as a.
 * @param opts Labels, `quantity` ("time"), `lowerIsBetter` (true), and bootstrap/permutation options.
 * @throws {RangeError} On an empty sample, a non-finite or non-positive value, or bad options.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareRatio } from "./compare.ts";
 *
 * const mainMs = [100, 103, 98, 101, 99, 102, 100, 97];
 * const threadMs = [52, 51, 54, 50, 53, 52, 55, 51];
 * const c = compareRatio(threadMs, mainMs, { labelA: "threads×2", labelB: "main" });
 * assert.equal(c.ratio, 52 / 100);
 * assert.ok(c.ratioCi.lo <= c.ratio && c.ratio <= c.ratioCi.hi && c.ratioCi.hi < 1);
 * assert.equal(c.cliffsDelta, -1);
 * assert.equal(c.conclusive, true);
 * assert.equal(
 *   c.verdict,
 *   "threads×2 took 0.520× the time of main (95% CI 0.505–0.540×; p = 0.0032; n = 8 vs 8): threads×2 is faster.",
 * );
 * ```
 */
export function compareRatio(a: number[], b: number[], opts: CompareOptions = {}): Comparison {
  const labelA = opts.labelA ?? "A";
  const labelB = opts.labelB ?? "B";
  const { ratio, ci } = ratioOfMedians(a, b, opts);
  const pValue = permutationPValue(a, b, { permutations: opts.permutations, seed: opts.seed });
  const { verdict, conclusive } = ratioVerdict({
    labelA,
    labelB,
    quantity: opts.quantity ?? "time",
    quantityNamed: opts.quantity !== undefined,
    lowerIsBetter: opts.lowerIsBetter ?? true,
    ratio,
    ci,
    pValue,
    nA: a.length,
    nB: b.length,
  });
  return {
    a: labelA,
    b: labelB,
    nA: a.length,
    nB: b.length,
    medianA: ss.median(a),
    medianB: ss.median(b),
    ratio,
    ratioCi: ci,
    pValue,
    cliffsDelta: cliffsDelta(a, b),
    noDifference: ci.lo <= 1 && ci.hi >= 1,
    conclusive,
    verdict,
  };
}

/**
 * Speedup of a condition over a baseline, median(baseline)/median(condition), as a factor (3.2 =
 * 3.2× faster), with the same percentile-bootstrap CI as {@link compareRatio} (identical numbers
 * for the same seed). Parallel efficiency is speedup / workers; dividing the ratio and both CI ends
 * by k is left to the caller.
 *
 * @param baselineMs Baseline durations (e.g. the main thread), every value finite and > 0.
 * @param conditionMs Durations of the condition, same unit.
 * @param opts `level` (0.95), `resamples` (2000), `seed` (1).
 * @throws {RangeError} On an empty sample, a non-finite or non-positive value, or bad options.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareRatio, speedup } from "./compare.ts";
 *
 * const s = speedup([100, 102, 98], [26, 25, 27]);
 * assert.equal(s.ratio, 100 / 26); // ≈ 3.85× faster
 * assert.ok(s.ci.lo <= s.ratio && s.ratio <= s.ci.hi);
 * assert.deepEqual(s.ci, compareRatio([100, 102, 98], [26, 25, 27]).ratioCi);
 * ```
 */
export function speedup(
  baselineMs: number[],
  conditionMs: number[],
  opts: BootstrapOptions = {},
): { ratio: number; ci: Interval } {
  return ratioOfMedians(baselineMs, conditionMs, opts);
}
