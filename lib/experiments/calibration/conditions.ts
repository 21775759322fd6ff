/**
 * The calibration experiment's conditions, from its parameters alone: the base work under two
 * labels (an A/A pair: any verdict between them is a false positive) and the base work with each
 * injected slowdown. Loads no driver.
 * @module
 */
import type { CalibrationCondition, CalibrationParams } from "./types.ts";

/** Power the minimum detectable effect is stated at. */
export const MDE_POWER = 0.8;

/** Label of the base condition every other is compared with. */
export const BASE = "base";
/** Label of the same work as the base, under a second label. */
export const BASE_AGAIN = "base-again";

/** "+2%" for 2. */
export const effectLabel = (percent: number) => `+${percent}%`;

/** The conditions of a run: base, base-again, then each effect by size. */
export function calibrationConditions(params: Pick<CalibrationParams, "tasks" | "effects">): CalibrationCondition[] {
  const effects = [...new Set(params.effects)].sort((a, b) => a - b);
  return [
    { label: BASE, factor: 1, tasks: params.tasks },
    { label: BASE_AGAIN, factor: 1, tasks: params.tasks },
    ...effects.map((e) => ({ label: effectLabel(e), factor: 1 + e / 100, tasks: Math.round(params.tasks * (1 + e / 100)) })),
  ];
}
