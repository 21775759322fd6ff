/**
 * Analysing a footprint Result: per-condition statistics, the line of memory added against n for
 * each kind and graph (its slope is the marginal memory of one more worker, with a bootstrap CI),
 * processes against threads by the ratio of slopes, and start-up compared at the smallest n; the
 * charts, findings and claims are re-exported from their own files. Pure: it reads a Result and
 * never starts a host.
 * @module
 */
import type { PoolKind } from "../../drivers/pool/mod.ts";
import { compareRatio, fitLine, MIN_TRIALS_FOR_VERDICT, slopeRatio, summarize } from "../../stats/mod.ts";
import type { Comparison, Interval } from "../../types.ts";
import type { ModuleGraph } from "../../workloads/graphs.ts";
import { formatInterval, formatNumber, trialsOf } from "../_shared/analysis.ts";
import { conditionLabel, footprintConditions } from "./conditions.ts";
import type { FootprintResult, FootprintRow, FootprintSummary, MemoryMeasure, SlopeComparison, SlopeRow } from "./types.ts";

export { footprintCharts } from "./charts.ts";
export { footprintClaims } from "./claims.ts";
export { footprintFindings } from "./findings.ts";

const summaryOrNull = (values: number[], seed: number) => (values.length > 0 ? summarize(values) : null);

/** The sentence and flags of one slope comparison; "too few trials" below the usual minimum per condition. */
function slopeVerdict(graph: ModuleGraph, memory: MemoryMeasure, ratio: number, ci: Interval, minTrials: number): Pick<SlopeComparison, "noDifference" | "conclusive" | "verdict"> {
  const what = `memory per worker (${memory.toUpperCase()}, ${graph} graph)`;
  const claim = `A process added ${formatNumber(ratio)}× the ${what} of a thread (95% CI ${formatInterval(ci)}×; at least ${minTrials} trials at each n)`;
  const noDifference = ci.lo <= 1 && ci.hi >= 1;
  if (minTrials < MIN_TRIALS_FOR_VERDICT) {
    return { noDifference, conclusive: false, verdict: `${claim}: too few trials for a verdict; ${MIN_TRIALS_FOR_VERDICT} or more per condition give usable intervals.` };
  }
  if (noDifference) return { noDifference, conclusive: false, verdict: `No difference in ${what} detected between processes and threads: ratio ${formatNumber(ratio)}× (95% CI ${formatInterval(ci)}×).` };
  return { noDifference, conclusive: true, verdict: `${claim}: ${ci.lo > 1 ? "threads are lighter" : "processes are lighter"}.` };
}

/** The summary of a footprint run: rows, fitted slopes, slope and start-up comparisons, noise floor. */
export function summarizeFootprint(result: Omit<FootprintResult, "summary">): FootprintSummary {
  const { params } = result;
  const seed = params.seed;
  const conditions = footprintConditions(params);
  const ok = result.trials.filter((t) => t.ok);
  const rows: FootprintRow[] = [];
  for (const c of conditions) {
    const startup = trialsOf(result, c.label, "startupMs");
    if (startup.length === 0) continue;
    const perWorker = ok.filter((t) => t.condition === c.label).flatMap((t) => (t.detail?.workerStartupMs as number[] | undefined) ?? []);
    rows.push({
      ...c,
      rssAddedBytes: summarize(trialsOf(result, c.label, "rssAddedBytes")),
      pssAddedBytes: summaryOrNull(trialsOf(result, c.label, "pssAddedBytes"), seed),
      rssPerWorkerBytes: summarize(trialsOf(result, c.label, "rssPerWorkerBytes")),
      pssPerWorkerBytes: summaryOrNull(trialsOf(result, c.label, "pssPerWorkerBytes"), seed),
      startupMs: summarize(startup),
      workerStartupMs: summarize(perWorker.length > 0 ? perWorker : startup),
    });
  }
  const points = (kind: PoolKind, graph: ModuleGraph, memory: MemoryMeasure) =>
    conditions
      .filter((c) => c.kind === kind && c.graph === graph)
      .flatMap((c) => trialsOf(result, c.label, `${memory}AddedBytes`).map((y) => ({ x: c.workers, y })));
  const minTrials = (kind: PoolKind, graph: ModuleGraph, memory: MemoryMeasure) =>
    Math.min(...conditions.filter((c) => c.kind === kind && c.graph === graph).map((c) => trialsOf(result, c.label, `${memory}AddedBytes`).length));
  const slopes: SlopeRow[] = [];
  const slopeComparisons: SlopeComparison[] = [];
  const fittable = (p: { x: number }[]) => new Set(p.map((q) => q.x)).size >= 2;
  for (const graph of params.graphs) {
    for (const memory of ["rss", "pss"] as const) {
      for (const kind of params.kinds) {
        const p = points(kind, graph, memory);
        if (!fittable(p)) continue;
        const fit = fitLine(p, { seed });
        slopes.push({ kind, graph, memory, slopeBytes: fit.slope, slopeCi: fit.slopeCi, interceptBytes: fit.intercept, r2: fit.r2, points: fit.n, workers: fit.xs });
      }
      const pp = points("processes", graph, memory);
      const pt = points("threads", graph, memory);
      if (fittable(pp) && fittable(pt)) {
        const { ratio, ci } = slopeRatio(pp, pt, { seed });
        const least = Math.min(minTrials("processes", graph, memory), minTrials("threads", graph, memory));
        slopeComparisons.push({ graph, memory, ratio, ci, minTrials: least, ...slopeVerdict(graph, memory, ratio, ci, least) });
      }
    }
  }
  const smallest = Math.min(...params.workers);
  const startupComparisons: Comparison[] = [];
  for (const graph of params.graphs) {
    const p = trialsOf(result, conditionLabel("processes", smallest, graph), "startupMs");
    const t = trialsOf(result, conditionLabel("threads", smallest, graph), "startupMs");
    if (p.length > 0 && t.length > 0) {
      const workers = smallest === 1 ? "" : ` (×${smallest})`;
      startupComparisons.push(compareRatio(p, t, { labelA: `a process${workers} (${graph})`, labelB: `a thread${workers} (${graph})`, seed, quantity: "start-up time" }));
    }
  }
  const hostRss = ok.map((t) => t.metrics.hostRssBytes).filter((x): x is number => Number.isFinite(x));
  return {
    cores: result.machine.cpu.cores,
    hostRuntimes: [...new Set(ok.map((t) => t.detail?.hostRuntime).filter((x): x is string => typeof x === "string"))],
    collected: ok.length > 0 && ok.every((t) => t.detail?.collected === true),
    pssAvailable: ok.some((t) => Number.isFinite(t.metrics.pssAddedBytes)),
    rows,
    slopes,
    slopeComparisons,
    startupComparisons,
    noiseFloor: hostRss.length > 0 ? summarize(hostRss).relativeIqr : NaN,
    failures: result.failures.length,
  };
}
