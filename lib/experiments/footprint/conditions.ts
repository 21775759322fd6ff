/**
 * The conditions of a footprint run — each graph, each kind of worker, each n — and their labels.
 * Pure, so the analysis can find a saved Result's conditions without loading a host.
 * @module
 */
import type { PoolKind } from "../../drivers/pool/mod.ts";
import type { ModuleGraph } from "../../workloads/graphs.ts";
import type { FootprintCondition, FootprintParams } from "./types.ts";

/** The label of a condition: "threads×2 lab". */
export const conditionLabel = (kind: PoolKind, workers: number, graph: ModuleGraph): string => `${kind}×${workers} ${graph}`;

/** The conditions of a run: each graph, each kind, by ascending n. */
export function footprintConditions(params: Pick<FootprintParams, "workers" | "kinds" | "graphs">): FootprintCondition[] {
  const ns = [...new Set(params.workers)].sort((a, b) => a - b);
  return params.graphs.flatMap((graph) =>
    params.kinds.flatMap((kind) => ns.map((workers) => ({ label: conditionLabel(kind, workers, graph), kind, graph, workers }))),
  );
}
