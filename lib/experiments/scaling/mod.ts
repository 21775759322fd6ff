/**
 * Experiment "scaling": a CPU-bound prime count split over k workers as threads and as processes,
 * against the same count in the main thread. Reports time, speedup and parallel efficiency per k
 * with confidence intervals, fits Amdahl's law, and compares threads with processes at each k.
 *
 * This file wires the experiment together: measuring is in measure.ts (the only file that starts
 * workers), analysing a saved Result in analyse.ts and the files it re-exports.
 * @module
 */
import { InputError } from "../../errors.ts";
import type { CheckedExperiment } from "../../types.ts";
import { scalingCharts, scalingClaims, scalingFindings, summarizeScaling } from "./analyse.ts";
import { SCALING_PARAMS } from "./params.ts";
import type { ScalingCharts, ScalingParams, ScalingSummary } from "./types.ts";
import type { ComparesAcrossRuntimes } from "../../compare/runtime-metric.ts";

export type { AmdahlRow, ScalingCharts, ScalingCondition, ScalingParams, ScalingResult, ScalingRow, ScalingSummary } from "./types.ts";
export { SCALING_CHART_IDS } from "./types.ts";
export { scalingConditions } from "./conditions.ts";

/** The scaling experiment, with its charts typed by id. */
export type ScalingExperiment = CheckedExperiment<ScalingParams, ScalingSummary, ScalingCharts> & ComparesAcrossRuntimes;

/** The scaling experiment. */
export const scaling: ScalingExperiment = {
  id: "scaling",
  version: 1,
  title: "CPU-bound scaling: processes vs threads",
  description:
    "Counts the primes below n by trial division, split into equal ranges that a pool of k workers takes from one queue, " +
    "as threads (worker_threads) and as processes (child_process.fork), against the same count in the main thread. " +
    "A fresh pool per trial; compute time excludes pool start-up (measured separately) and, with prewarm, the workers' JIT warm-up.",
  params: SCALING_PARAMS,
  check(params) {
    const largest = Math.max(...params.workers);
    if (params.chunks < largest) {
      throw new InputError("chunks", `${params.chunks} tasks cannot keep ${largest} workers busy; give chunks ≥ the largest pool size`);
    }
  },
  run: async (params, options = {}) => (await import("./measure.ts")).runScaling(scaling, params, options),
  summarize: summarizeScaling,
  charts: scalingCharts,
  findings: scalingFindings,
  claims: scalingClaims,
  // The work itself, pool start-up excluded: what a runtime's JIT and worker machinery change.
  acrossRuntimes: [{ metric: "computeMs", name: "compute time", unit: "ms", better: "lower" }],
};
