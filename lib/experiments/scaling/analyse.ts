/**
 * The scaling experiment's analysis of a saved Result: time, speedup and efficiency per condition
 * with confidence intervals, Amdahl's law fitted per kind of pool, and threads against processes at
 * each k. Pure: re-analysing a Result loads no pool. Charts, findings and claims, which read the
 * summary, are re-exported from here so that this file is the analysing side's one door.
 * @module
 */
import { compareRatio, fitAmdahl, speedup, summarize } from "../../stats/mod.ts";
import type { Comparison } from "../../types.ts";
// Pure arithmetic: the expected count, stated even when every trial failed (the architecture test allows it).
import { primeCountSieve } from "../../workloads/cpu.ts";
import { trialsOf } from "../_shared/analysis.ts";
import { conditionLabel, scalingConditions } from "./conditions.ts";
import type { AmdahlRow, ScalingResult, ScalingRow, ScalingSummary } from "./types.ts";

export { scalingCharts } from "./charts.ts";
export { scalingClaims } from "./claims.ts";
export { scalingFindings } from "./findings.ts";

/** The summary of a scaling Result, recomputed from its trials. */
export function summarizeScaling(result: Omit<ScalingResult, "summary">): ScalingSummary {
  const { params } = result;
  const cores = result.machine.cpu.cores;
  const conditions = scalingConditions(params);
  const main = trialsOf(result, "main", "computeMs");
  const rows: ScalingRow[] = [];
  for (const c of conditions) {
    const compute = trialsOf(result, c.label, "computeMs");
    if (compute.length === 0) continue;
    const row: ScalingRow = { label: c.label, kind: c.kind, workers: c.workers, computeMs: summarize(compute) };
    if (c.kind !== "main") {
      const startup = trialsOf(result, c.label, "startupMs");
      if (startup.length > 0) row.startupMs = summarize(startup);
      if (main.length > 0) {
        const s = speedup(main, compute);
        row.speedup = { ratio: s.ratio, ci: s.ci };
        row.efficiency = { value: s.ratio / c.workers, ci: { lo: s.ci.lo / c.workers, hi: s.ci.hi / c.workers, level: s.ci.level } };
      }
    }
    rows.push(row);
  }
  const amdahl: AmdahlRow[] = [];
  for (const kind of params.kinds) {
    const points = result.trials
      .filter((t) => t.ok && conditions.some((c) => c.label === t.condition && c.kind === kind && c.workers <= cores))
      .map((t) => ({ workers: conditions.find((c) => c.label === t.condition)!.workers, durationMs: t.metrics.computeMs! }));
    const used = [...new Set(points.map((p) => p.workers))].sort((a, b) => a - b);
    if (used.length < 2) continue;
    const fit = fitAmdahl(points, { seed: params.seed });
    amdahl.push({ kind, serialFraction: fit.serialFraction, serialFractionCi: fit.serialFractionCi, maxSpeedup: fit.maxSpeedup, t1Ms: fit.t1Ms, workersUsed: used });
  }
  const comparisons: Comparison[] = [];
  if (params.kinds.includes("threads") && params.kinds.includes("processes")) {
    for (const k of [...new Set(params.workers)].sort((a, b) => a - b)) {
      const t = trialsOf(result, conditionLabel("threads", k), "computeMs");
      const p = trialsOf(result, conditionLabel("processes", k), "computeMs");
      if (t.length > 0 && p.length > 0) {
        comparisons.push(compareRatio(t, p, { labelA: conditionLabel("threads", k), labelB: conditionLabel("processes", k), quantity: "compute time" }));
      }
    }
  }
  const startT = trialsOf(result, conditionLabel("threads", 1), "startupMs");
  const startP = trialsOf(result, conditionLabel("processes", 1), "startupMs");
  const startupComparison = startT.length > 0 && startP.length > 0
    ? compareRatio(startP, startT, { labelA: "a process", labelB: "a thread", quantity: "start-up time" })
    : null;
  return {
    cores,
    startupComparison,
    expectedPrimes: primeCountSieve(params.n),
    rows,
    amdahl,
    comparisons,
    noiseFloor: main.length > 0 ? summarize(main).relativeIqr : NaN,
    failures: result.failures.length,
  };
}
