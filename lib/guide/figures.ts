/**
 * Figures derived from a Result's statistics, with the ends of their intervals carried through:
 * the break-even length of a job that starts its own pool, how many workers fit a memory budget, and
 * the joint level of two intervals combined. Pure arithmetic over summaries; nothing is estimated anew.
 * @module
 */
import { formatLevel, formatNumber } from "../format.ts";
import type { Interval, Summary } from "../types.ts";
import type { Figure } from "./types.ts";

/**
 * The level two intervals hold at together, by Bonferroni's inequality: at least
 * 1 − (1 − a) − (1 − b). A figure computed from the ends of both is covered at least that often.
 */
export function jointLevel(a: number, b: number): number {
  return Math.max(0, a + b - 1);
}

/** "2.11 s" or "380 ms": a duration in milliseconds, readable; "no bound" for infinity. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "no bound";
  return ms >= 1000 ? `${formatNumber(ms / 1000)} s` : `${formatNumber(ms)} ms`;
}

/** "95.8% CI 1.2–3.4 s": an interval of durations. */
export function msCi(ci: Interval): string {
  return `${formatLevel(ci.level)} CI ${formatMs(ci.lo)}–${formatMs(ci.hi)}`;
}

/** A figure with its sentence: "name: value unit (level CI lo–hi unit; basis)". */
export function figure(name: string, value: number, ci: Interval, unit: string, basis: string, format: (x: number) => string = (x) => `${formatNumber(x)}${unit}`): Figure {
  const text = `${name}: ${format(value)} (${formatLevel(ci.level)} CI ${format(ci.lo)}–${format(ci.hi)}; ${basis})`;
  return { name, value, ci, unit, text };
}

/**
 * The CPU time T of a job, as it takes on one core, above which a pool that the job starts pays for
 * its start-up S: the pool finishes in S + T / speedup, one core in T, so the pool wins when
 * T > S · speedup / (speedup − 1). The interval takes the favourable ends together (short start-up,
 * high speedup) for its low end and the unfavourable ones for its high end, which is unbounded when
 * the speedup's interval reaches 1 (the pool may not be faster at all); its level is the joint level
 * of the two intervals.
 */
export function breakEvenMs(startup: Summary, speedup: { ratio: number; ci: Interval }): { value: number; ci: Interval } {
  const at = (s: number, sp: number) => (sp > 1 ? (s * sp) / (sp - 1) : Infinity);
  return {
    value: at(startup.median, speedup.ratio),
    ci: { lo: at(startup.medianCi.lo, speedup.ci.hi), hi: at(startup.medianCi.hi, speedup.ci.lo), level: jointLevel(startup.medianCi.level, speedup.ci.level) },
  };
}

/**
 * How many workers of `slope` bytes each fit `budgetBytes`: the estimate, and the interval from the
 * slope's interval (its high end gives the fewest that fit); unbounded where the slope's interval
 * reaches 0.
 */
export function workersThatFit(budgetBytes: number, slope: number, slopeCi: Interval): { value: number; ci: Interval } {
  const fit = (s: number) => (s > 0 ? Math.floor(budgetBytes / s) : Infinity);
  return { value: fit(slope), ci: { lo: fit(slopeCi.hi), hi: fit(slopeCi.lo), level: slopeCi.level } };
}

/**
 * The least level an interval must attain to settle an answer. A break-even's interval joins two
 * intervals, so its level is at least one minus the sum of their misses: about 93% at the quick
 * profile's 6 trials, but 17% at 2 trials, where an answer read off its ends would be a guess.
 */
export const SETTLING_LEVEL = 0.9;

/**
 * Where `x` lies against an interval: below it, above it, or inside it; "inside" too when the
 * interval attains less than {@link SETTLING_LEVEL}, since its ends then rule nothing out.
 */
export function against(x: number, ci: Interval): "below" | "above" | "inside" {
  if (!(ci.level >= SETTLING_LEVEL)) return "inside";
  return x < ci.lo ? "below" : x > ci.hi ? "above" : "inside";
}
