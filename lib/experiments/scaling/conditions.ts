/**
 * The scaling experiment's conditions, derived from its parameters alone: what both the measuring
 * side (what to run) and the analysing side (what ran) need. Loads no driver.
 * @module
 */
import type { ScalingCondition, ScalingParams } from "./types.ts";

/** The label of a condition: "main", or the kind of pool and its size, e.g. "threads×2". */
export function conditionLabel(kind: ScalingCondition["kind"], workers: number): string {
  return kind === "main" ? "main" : `${kind}×${workers}`;
}

/** The conditions of a run, baseline first, then each kind by ascending k. */
export function scalingConditions(params: Pick<ScalingParams, "workers" | "kinds">): ScalingCondition[] {
  const ks = [...new Set(params.workers)].sort((a, b) => a - b);
  return [
    { label: "main", kind: "main", workers: 1 },
    ...params.kinds.flatMap((kind) => ks.map((workers) => ({ label: conditionLabel(kind, workers), kind, workers }))),
  ];
}
