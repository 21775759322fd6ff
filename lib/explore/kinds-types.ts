/**
 * The data model of compareKinds (experiment id "explore-kinds"): a user's function run over the
 * user's inputs in the main thread and in pools of k threads and k processes. Its parameters are the
 * scaling experiment's (workers, kinds, prewarm, trials, verdict rules) plus what names the
 * function, so that the scaling analysis reads its Results as it reads its own.
 * @module
 */
import type { FamilyProcedure } from "../stats/mod.ts";
import type { TrialPlan } from "../trials.ts";
import type { Charts, ParamSpec, Result, Summary } from "../types.ts";
import type { ScalingSummary } from "../experiments/scaling/types.ts";
import { trialParamSpecs, VERDICT_PARAM_SPECS } from "../experiments/_shared/params.ts";

/** Kinds of pool compareKinds measures against the main thread. */
export type ExploreKind = "threads" | "processes";

/** Parameters of an "explore-kinds" run. */
export interface KindsParams extends TrialPlan, Record<string, unknown> {
  workers: number[];
  kinds: ExploreKind[];
  /** Whether the main-thread baseline runs (speedup and efficiency need it); off when the kinds asked for leave out "main". */
  main: boolean;
  /** The module's absolute path, as checked before the run (a record: re-analysis never loads it). */
  module: string;
  /** The exported function's name. */
  export: string;
  /** How many inputs one trial runs the function over. */
  inputs: number;
  /** Limit on one input's task, in milliseconds: past it the trial fails and its workers are killed. */
  taskTimeoutMs: number;
  /** Give each fresh worker the first input once before timing, so compute time excludes its JIT warm-up. */
  prewarm: boolean;
  confidence?: number;
  equivalence?: number;
  family?: FamilyProcedure;
}

/** Every parameter's spec, with per-profile defaults. */
export const KINDS_PARAMS: { [K in keyof KindsParams]: ParamSpec } = {
  workers: { type: "integer[]", description: "pool sizes k to measure", unit: "workers", min: 1, max: 64, default: { tiny: [1, 2], quick: [1, 2, 4], full: [1, 2, 3, 4, 6, 8] } },
  kinds: { type: "string[]", description: "kinds of pool measured against the main thread", choices: ["threads", "processes"], default: ["threads", "processes"] },
  main: { type: "boolean", description: "run the main-thread baseline of speedup and efficiency", default: true },
  module: { type: "string", description: "the user module's file, as resolved before the run", default: "" },
  export: { type: "string", description: "the exported function", default: "default" },
  inputs: { type: "integer", description: "inputs one trial runs the function over", unit: "inputs", min: 1, max: 10_000_000, default: 1 },
  taskTimeoutMs: { type: "integer", description: "time limit of one input's task", unit: "ms", min: 1, max: 3_600_000, default: 30_000 },
  prewarm: { type: "boolean", description: "give each fresh worker the first input once before timing", default: true },
  ...trialParamSpecs({ trials: { tiny: 2, quick: 6, full: 20 }, warmups: { tiny: 0, quick: 1, full: 2 }, minTimeoutMs: 100 }),
  ...VERDICT_PARAM_SPECS,
};

/** Peak memory of one condition over its trials: the whole process tree (the host, its threads and its processes). */
export interface MemoryRow {
  label: string;
  peakRssBytes: Summary;
  /** Null where PSS could not be read (no /proc/<pid>/smaps_rollup). */
  peakPssBytes: Summary | null;
}

/** What moving the inputs and results costs through one kind's channel, per task (medians over trials). */
export interface TransferRow {
  kind: ExploreKind;
  /** "structured clone" for threads (postMessage), "JSON over IPC" for processes. */
  channel: string;
  inBytesPerTask: number;
  outBytesPerTask: number;
}

/** What an "explore-kinds" run found: the scaling analysis of its trials, with memory and transfer. */
export interface KindsSummary {
  scaling: Omit<ScalingSummary, "expectedPrimes">;
  memory: MemoryRow[];
  transfer: TransferRow[];
  failures: number;
}

/** A saved "explore-kinds" run. */
export type KindsResult = Result<KindsParams, KindsSummary>;

/** Ids of its charts, in display order. */
export const KINDS_CHART_IDS = ["speedup", "compute-time", "startup-time", "memory"] as const;

/** Its charts by id. */
export type KindsCharts = Charts<(typeof KINDS_CHART_IDS)[number]>;
