/**
 * Stopping when precise enough. A run takes at least `trials` trials of every condition, then looks
 * at a few planned counts up to `maxTrials`: at each look, a condition whose median interval (at the
 * run's confidence) lies within ±`precision` of its median stops, and the others go on; at the last look every condition
 * stops. Pure: the trial runner asks it which conditions to stop, and the analysis asks it at which
 * level to decide.
 *
 * Looking more than once inflates error: a run that stops when its data happen to look tight is more
 * often wrong than one of a fixed size. The rule spends the run's α across its looks (Bonferroni):
 * every interval and test of such a run is at level 1 − α/K, K the number of looks. Whatever look the
 * run stopped at, all its intervals cover with probability ≥ 1 − α, because the chance that any look's
 * interval misses is at most K · α/K (the union bound holds for every stopping rule, this one too).
 * The price is wider intervals at each look; the calibration experiment measures what the rule
 * attains on this machine.
 * @module
 */
import { InputError } from "./errors.ts";
import { medianInterval } from "./stats/median-interval.ts";
import type { StoppingRecord } from "./types.ts";

/** The stopping rule of a run, from its parameters: what its Result records, less where each condition stopped. */
export type StoppingRule = Omit<StoppingRecord, "rule" | "stopped">;

/** The parameters a stopping rule is read from (every experiment has them; Results saved before them lack the last three). */
export interface StoppingParams {
  trials: number;
  confidence?: number;
  precision?: number;
  maxTrials?: number;
  looks?: number;
}

/**
 * The trial counts at which a run looks: `looks` counts spread evenly from `min` to `max`, rounded,
 * without repeats.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lookCounts } from "./stopping.ts";
 * assert.deepEqual(lookCounts(6, 20, 3), [6, 13, 20]);
 * assert.deepEqual(lookCounts(5, 6, 3), [5, 6]);
 * assert.deepEqual(lookCounts(6, 6, 3), [6]);
 * ```
 */
export function lookCounts(min: number, max: number, looks: number): number[] {
  if (max <= min || looks < 2) return [max];
  const counts = Array.from({ length: looks }, (_, i) => Math.round(min + ((max - min) * i) / (looks - 1)));
  return [...new Set(counts)];
}

/**
 * The level of each look's intervals such that a run's intervals cover at `confidence` across `looks`
 * looks: 1 − (1 − confidence)/looks, rounded so that 0.95 over 3 looks prints as 0.9833….
 */
export function lookConfidence(confidence: number, looks: number): number {
  return Number((1 - (1 - confidence) / looks).toPrecision(12));
}

/**
 * The stopping rule a run's parameters ask for, or null when they ask for a fixed trial count
 * (`precision` 0 or absent).
 *
 * @param params The run's parameters: `trials`, `confidence`, `precision`, `maxTrials`, `looks`.
 * @param metric Key of `trial.metrics` the rule watches; default "durationMs".
 * @throws {InputError} Naming `maxTrials` when it is below `trials`, or `looks` when it is below 2.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stoppingRuleOf } from "./stopping.ts";
 * const rule = stoppingRuleOf({ trials: 6, maxTrials: 20, looks: 3, precision: 0.02, confidence: 0.95 }, "computeMs")!;
 * assert.deepEqual(rule.looks, [6, 13, 20]);
 * assert.equal(rule.lookConfidence, 0.983333333333);
 * assert.equal(stoppingRuleOf({ trials: 6, precision: 0 }), null);
 * ```
 */
export function stoppingRuleOf(params: StoppingParams, metric = "durationMs"): StoppingRule | null {
  const precision = params.precision ?? 0;
  if (!(precision > 0)) return null;
  const minTrials = params.trials;
  const maxTrials = params.maxTrials ?? minTrials;
  if (maxTrials < minTrials) {
    throw new InputError("maxTrials", `maxTrials (${maxTrials}) is below trials (${minTrials}); with precision > 0, trials is the fewest a condition runs and maxTrials the most, so maxTrials must be ≥ ${minTrials}`);
  }
  const lookCount = params.looks ?? 3;
  if (!Number.isInteger(lookCount) || lookCount < 2) throw new InputError("looks", `looks must be a whole number ≥ 2, got ${lookCount}`);
  const looks = lookCounts(minTrials, maxTrials, lookCount);
  const confidence = params.confidence ?? 0.95;
  return { precision, minTrials, maxTrials, looks, confidence, lookConfidence: lookConfidence(confidence, looks.length), metric };
}

/**
 * The half-width of the median interval of `values` at `level`, relative to their median; null when
 * it cannot be told (fewer values than an interval at that level needs, or a median ≤ 0).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relativeHalfWidth } from "./stopping.ts";
 * assert.equal(relativeHalfWidth([99, 100, 100, 100, 100, 101, 100, 100], 0.98), 0.01);
 * assert.equal(relativeHalfWidth([99, 101], 0.98), null);
 * ```
 */
export function relativeHalfWidth(values: readonly number[], level: number): number | null {
  if (values.length === 0) return null;
  const m = medianInterval(values, { level });
  if (!m.reachesTarget || !(m.estimate > 0)) return null;
  return (m.ci.hi - m.ci.lo) / 2 / m.estimate;
}

/** Whether a condition with `values` so far may stop under `rule`, and its relative half-width. */
export function preciseEnough(values: readonly number[], rule: Pick<StoppingRule, "precision" | "confidence">): { precise: boolean; halfWidth: number | null } {
  const halfWidth = relativeHalfWidth(values, rule.confidence);
  return { precise: halfWidth !== null && halfWidth <= rule.precision, halfWidth };
}

/** The record a run under `rule` keeps in its Result: the rule and where each condition stopped. */
export function stoppingRecord(rule: StoppingRule, stopped: StoppingRecord["stopped"]): StoppingRecord {
  return { rule: "precision", ...rule, stopped };
}

/**
 * The confidence level a run's intervals and tests are decided at: `confidence` for a run of fixed
 * size, the per-look level for a run that stopped when precise ({@link stoppingRuleOf}).
 */
export function decisionConfidence(params: StoppingParams): number {
  const confidence = params.confidence ?? 0.95;
  try {
    return stoppingRuleOf(params)?.lookConfidence ?? confidence;
  } catch {
    return confidence;
  }
}
