/**
 * The scaling experiment's charts: speedup per k with Amdahl's fit, the compute time of every
 * trial, and pool start-up. Pure: built from a Result's summary and trials.
 * @module
 */
import * as charts from "../../charts/mod.ts";
import { keyedCharts } from "../_shared/analysis.ts";
import { SCALING_CHART_IDS, type ScalingCharts, type ScalingResult } from "./types.ts";

/** The scaling charts, keyed by id in display order. */
export function scalingCharts(result: ScalingResult): ScalingCharts {
  const { summary } = result;
  const pools = summary.rows.filter((r) => r.kind !== "main" && r.speedup);
  const fitted = summary.amdahl.flatMap((a) =>
    [...new Set(pools.map((r) => r.workers))].map((k) => ({ series: `${a.kind} (Amdahl fit)`, workers: k, speedup: 1 / (a.serialFraction + (1 - a.serialFraction) / k) })),
  );
  const order = summary.rows.map((r) => r.label);
  return keyedCharts(SCALING_CHART_IDS, [
    charts.speedup(
      pools.map((r) => ({ series: r.kind, workers: r.workers, speedup: r.speedup!.ratio, lo: r.speedup!.ci.lo, hi: r.speedup!.ci.hi })),
      { id: "speedup", title: "Speedup over the main thread (median, 95% CI)", cores: summary.cores, fitted, yTitle: "speedup (× the main thread)" },
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
