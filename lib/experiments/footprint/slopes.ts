/**
 * Memory against the number of workers, as the footprint experiment reads it: the least-squares
 * slope with its interval from the replicates' variances, the slope of every step between
 * consecutive n, a lack-of-fit test, and a process slope against a thread slope — Fieller's set for
 * their ratio and a Welch t test of their difference, the p-value that goes into the Result's
 * family. Pure arithmetic on trials.
 *
 * Why a t test of the difference: "ratio = 1" is "the slopes are equal". Each slope's standard error
 * and Satterthwaite degrees of freedom come from `fitSlope`; the difference of two independent
 * slopes has variance v_a + v_b, with Welch–Satterthwaite degrees of freedom
 * (v_a + v_b)² / (v_a²/df_a + v_b²/df_b). Fieller's set uses t at the smaller of df_a and df_b,
 * never more than this df, so its critical value is never smaller: whenever the set excludes 1,
 * the test's p is below α too.
 * @module
 */
import type { PoolKind } from "../../drivers/pool/mod.ts";
import { fitSlope, formatPValue, lackOfFit, type LinePoint, perStepSlopes, type RatioSet, type SlopeFit, studentTCdf } from "../../stats/mod.ts";
import { formatLevel, formatNumber } from "../../format.ts";
import type { ModuleGraph } from "../../workloads/graphs.ts";
import { adjustmentWords } from "../_shared/family.ts";
import type { MemoryMeasure, SlopeComparison, SlopeRow } from "./types.ts";

/** The fitted line of one kind, graph and memory measure, with its per-step slopes and lack-of-fit test. */
export function slopeRowOf(kind: PoolKind, graph: ModuleGraph, memory: MemoryMeasure, points: readonly LinePoint[], level: number): SlopeRow {
  const fit = fitSlope(points, { level });
  return {
    kind, graph, memory,
    slopeBytes: fit.slope, slopeCi: fit.slopeCi, slopeSeBytes: fit.slopeSe, df: fit.df, method: fit.method, interceptBytes: fit.intercept,
    steps: perStepSlopes(points), lackOfFit: lackOfFit(points), points: fit.n, workers: fit.xs,
  };
}

/** Welch's t test that two independent slopes are equal, from their standard errors and degrees of freedom. */
export function slopeDifferenceTest(a: Pick<SlopeFit, "slope" | "slopeSe" | "df">, b: Pick<SlopeFit, "slope" | "slopeSe" | "df">): { difference: number; t: number; df: number; pValue: number } {
  const difference = a.slope - b.slope;
  const va = a.slopeSe ** 2;
  const vb = b.slopeSe ** 2;
  const v = va + vb;
  if (v === 0) return { difference, t: difference === 0 ? 0 : Math.sign(difference) * Infinity, df: Infinity, pValue: difference === 0 ? 1 : 0 };
  const df = v ** 2 / ((va > 0 ? va ** 2 / a.df : 0) + (vb > 0 ? vb ** 2 / b.df : 0));
  const t = difference / Math.sqrt(v);
  return { difference, t, df, pValue: Math.min(1, 2 * (1 - studentTCdf(Math.abs(t), df))) };
}

/** A Fieller set in words, never a finite interval when it is not one: "95% CI 1.28–1.31×", "… is the whole line". */
export function setWords(set: RatioSet): string {
  const level = formatLevel(set.level);
  if (set.kind === "bounded") return `Fieller's ${level} CI ${formatNumber(set.lo)}–${formatNumber(set.hi)}×`;
  if (set.kind === "exclusive") return `Fieller's ${level} set is every ratio below ${formatNumber(set.below)}× or above ${formatNumber(set.above)}× (the thread slope is not told apart from 0), not an interval`;
  return `Fieller's ${level} set is the whole line: these trials bound the ratio nowhere`;
}

/** True when the set is a finite interval of positive ratios, which `decide` can read. */
export const decidable = (ratio: number, set: RatioSet): set is Extract<RatioSet, { kind: "bounded" }> =>
  set.kind === "bounded" && set.lo > 0 && Number.isFinite(set.hi) && ratio > 0 && Number.isFinite(ratio);

/** What a slope comparison measures, for its verdict: "PSS per extra worker (empty graph)". */
export const slopeQuantity = (graph: ModuleGraph, memory: MemoryMeasure): string => `${memory.toUpperCase()} per extra worker (${graph} graph)`;

/** The verdict of a slope comparison whose set `decide` cannot read: the set in words, the p-values, inconclusive. */
export function undecidableVerdict(c: Pick<SlopeComparison, "graph" | "memory" | "ratio" | "set" | "pValue" | "pAdjusted" | "familySize" | "procedure" | "nA" | "nB">): string {
  const adjusted = c.familySize > 1 && c.procedure !== "none";
  const p = adjusted
    ? `${adjustmentWords(c.procedure)} ${formatPValue(c.pAdjusted)} in a family of ${c.familySize}, unadjusted ${formatPValue(c.pValue)}`
    : formatPValue(c.pValue);
  const why = c.set.kind === "bounded" ? "the interval reaches zero or below, so the ratio's sign is not known" : "without a finite interval no side or equivalence can be named";
  return `a process had ${formatNumber(c.ratio)}× the ${slopeQuantity(c.graph, c.memory)} of a thread (${setWords(c.set)}; ${p}; n = ${c.nA} vs ${c.nB}): inconclusive: ${why}.`;
}
