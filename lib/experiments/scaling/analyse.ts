/**
 * The scaling experiment's analysis of a saved Result: time, speedup and efficiency per condition,
 * each interval at the level it attains; Amdahl's law fitted to the medians where it can be checked;
 * the speedup at k = cores, chosen before the run; and threads against processes at each k plus the
 * start-up comparison, decided as one family by the lab's verdict rule, each checked within rounds.
 * Pure: re-analysing a Result loads no pool. Charts, findings and claims, which read the summary, are
 * re-exported from here so that this file is the analysing side's one door.
 * @module
 */
import { compareRatio, decideFamily, fitAmdahlMedians, speedup, summarize } from "../../stats/mod.ts";
import type { Comparison } from "../../types.ts";
// Pure arithmetic: the expected count, stated even when every trial failed (the architecture test allows it).
import { primeCountSieve } from "../../workloads/cpu.ts";
import { trialsOf, verdictRules } from "../_shared/analysis.ts";
import type { CheckedComparison } from "../_shared/decided.ts";
import { withinRounds } from "../_shared/rounds.ts";
import { conditionLabel, scalingConditions } from "./conditions.ts";
import type { AmdahlRow, ScalingResult, ScalingRow, ScalingSummary, SpeedupAtCores } from "./types.ts";

export { scalingCharts } from "./charts.ts";
export { scalingClaims } from "./claims.ts";
export { scalingFindings } from "./findings.ts";

/**
 * The speedup of each kind at k = cores: a point fixed before the run, so that the figure reported
 * is not the largest of several noisy estimates. When k = cores did not run, the largest k below it.
 */
function speedupAtCores(rows: readonly ScalingRow[], cores: number): SpeedupAtCores[] {
  const out: SpeedupAtCores[] = [];
  for (const kind of ["threads", "processes"] as const) {
    const within = rows.filter((r) => r.kind === kind && r.speedup && r.efficiency && r.workers <= cores).sort((a, b) => b.workers - a.workers);
    const row = within[0];
    if (row) out.push({ kind, label: row.label, workers: row.workers, speedup: row.speedup!, efficiency: row.efficiency! });
  }
  return out;
}

/** The summary of a scaling Result, recomputed from its trials. */
export function summarizeScaling(result: Omit<ScalingResult, "summary">): ScalingSummary {
  const { params } = result;
  const rules = verdictRules(params);
  const level = rules.confidence;
  const cores = result.machine.cpu.cores;
  const conditions = scalingConditions(params);
  const main = trialsOf(result, "main", "computeMs");
  const rows: ScalingRow[] = [];
  for (const c of conditions) {
    const compute = trialsOf(result, c.label, "computeMs");
    if (compute.length === 0) continue;
    const row: ScalingRow = { label: c.label, kind: c.kind, workers: c.workers, computeMs: summarize(compute, { level }) };
    if (c.kind !== "main") {
      const startup = trialsOf(result, c.label, "startupMs");
      if (startup.length > 0) row.startupMs = summarize(startup, { level });
      if (main.length > 0) {
        const s = speedup(main, compute, { confidence: level });
        row.speedup = { ratio: s.ratio, ci: s.ci, reachesTarget: s.reachesTarget };
        row.efficiency = { value: s.ratio / c.workers, ci: { lo: s.ci.lo / c.workers, hi: s.ci.hi / c.workers, level: s.ci.level } };
      }
    }
    rows.push(row);
  }
  const amdahl: AmdahlRow[] = [];
  for (const kind of params.kinds) {
    const points = result.trials.flatMap((t) => {
      const c = conditions.find((x) => x.label === t.condition && x.kind === kind);
      const ms = t.metrics.computeMs;
      return t.ok && c && typeof ms === "number" && Number.isFinite(ms) && ms > 0 ? [{ workers: c.workers, durationMs: ms }] : [];
    });
    if (points.length > 0) amdahl.push({ kind, fit: fitAmdahlMedians(points, cores, { level }) });
  }

  // The family: threads×k against processes×k at every k, and the start-up comparison.
  const pairs: Array<{ a: string; b: string; metric: string; comparison: Comparison }> = [];
  if (params.kinds.includes("threads") && params.kinds.includes("processes")) {
    for (const k of [...new Set(params.workers)].sort((a, b) => a - b)) {
      const [a, b] = [conditionLabel("threads", k), conditionLabel("processes", k)];
      const t = trialsOf(result, a, "computeMs");
      const p = trialsOf(result, b, "computeMs");
      if (t.length > 0 && p.length > 0) pairs.push({ a, b, metric: "computeMs", comparison: compareRatio(t, p, { ...rules, labelA: a, labelB: b, quantity: "compute time" }) });
    }
  }
  const computeCount = pairs.length;
  const [pa, ta] = [conditionLabel("processes", 1), conditionLabel("threads", 1)];
  const startP = trialsOf(result, pa, "startupMs");
  const startT = trialsOf(result, ta, "startupMs");
  if (startT.length > 0 && startP.length > 0) {
    pairs.push({ a: pa, b: ta, metric: "startupMs", comparison: compareRatio(startP, startT, { ...rules, labelA: "a process", labelB: "a thread", quantity: "start-up time" }) });
  }
  const decided = decideFamily(pairs.map((p) => p.comparison), rules);
  const checked: CheckedComparison[] = decided.map((c, i) => ({ ...c, within: withinRounds(result, pairs[i]!.a, pairs[i]!.b, pairs[i]!.metric, { confidence: level, pooledCi: c.ratioCi }) }));
  return {
    cores,
    startupComparison: checked.length > computeCount ? checked[computeCount]! : null,
    expectedPrimes: primeCountSieve(params.n),
    rows,
    amdahl,
    atCores: speedupAtCores(rows, cores),
    comparisons: checked.slice(0, computeCount),
    familySize: checked.length,
    noiseFloor: main.length > 0 ? summarize(main, { level }).relativeIqr : NaN,
    failures: result.failures.length,
  };
}
