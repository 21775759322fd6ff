/**
 * The scaling experiment's charts: speedup per k with Amdahl's fit where it could be checked (drawn
 * only over the worker counts it was fitted to), the compute time of every trial, and pool start-up.
 * Pure: built from a Result's summary and trials.
 * @module
 */
import * as charts from "../../charts/mod.ts";
import { keyedCharts } from "../_shared/analysis.ts";
import { ciLabel } from "../_shared/decided.ts";
import { SCALING_CHART_IDS, type ScalingCharts, type ScalingResult } from "./types.ts";

/** The scaling charts, keyed by id in display order. */
export function scalingCharts(result: ScalingResult): ScalingCharts {
  const { summary } = result;
  const pools = summary.rows.filter((r) => r.kind !== "main" && r.speedup);
  // The law's fitted times as speedups over the main thread's median, like the points, and only over
  // the counts it was fitted to: nothing is extrapolated.
  const mainMs = summary.rows.find((r) => r.kind === "main")?.computeMs.median;
  const fitted = summary.amdahl.flatMap(({ kind, fit }) =>
    fit.estimable && mainMs !== undefined
      ? fit.medians.map(({ workers }) => ({ series: `${kind} (Amdahl fit)`, workers, speedup: mainMs / (fit.t1Ms * (fit.serialFraction + (1 - fit.serialFraction) / workers)) }))
      : [],
  );
  const order = summary.rows.map((r) => r.label);
  return keyedCharts(SCALING_CHART_IDS, [
    charts.speedup(
      pools.map((r) => ({ series: r.kind, workers: r.workers, speedup: r.speedup!.ratio, lo: r.speedup!.ci.lo, hi: r.speedup!.ci.hi })),
      { id: "speedup", title: `Speedup over the main thread (Hodges–Lehmann ratio, ${ciLabel(pools.map((r) => r.speedup!.ci))})`, cores: summary.cores, fitted, yTitle: "speedup (× the main thread)" },
    ),
    charts.distribution(
      result.trials.filter((t) => t.ok).map((t) => ({ condition: t.condition, value: t.metrics.computeMs! })),
      { id: "compute-time", title: "Compute time of every trial", valueTitle: "compute time (ms)", order },
    ),
    charts.distribution(
      result.trials.filter((t) => t.ok && t.metrics.startupMs !== undefined).map((t) => ({ condition: t.condition, value: t.metrics.startupMs! })),
      { id: "startup-time", title: "Pool start-up: spawn until every worker is ready", valueTitle: "start-up time (ms)", order: order.filter((l) => l !== "main") },
    ),
  ]);
}
