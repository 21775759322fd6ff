/**
 * The faults experiment's charts, keyed by id: throughput around the fault for each server model
 * (every trial aligned at the injection), requests failed, survival, and recovery time. Pure: drawn
 * from a Result's summary and its trials' timelines.
 * @module
 */
import * as charts from "../../charts/mod.ts";
import { medianOf } from "./recovery.ts";
import type { FaultCondition } from "./table.ts";
import { FAULTS_CHART_IDS, type FaultRow, type FaultsCharts, type FaultsResult } from "./types.ts";
import { keyedCharts } from "../_shared/analysis.ts";
import { formatLevel } from "../../format.ts";

/** "75% CI" when every interval of a chart attains one level, else "levels in the findings": a title never states a level some bar does not attain. */
function levelsOf(levels: readonly number[]): string {
  const distinct = [...new Set(levels.map(formatLevel))];
  return distinct.length === 1 ? `${distinct[0]} CI` : "CI; levels in the findings";
}

/** Median throughput (requests/s) per bucket across the trials of each condition, aligned at the fault. */
function alignedThroughput(result: FaultsResult, model: FaultCondition["model"]): charts.AlignedRow[] {
  const rows: charts.AlignedRow[] = [];
  for (const row of result.summary.rows.filter((r) => r.model === model)) {
    const byOffset = new Map<number, number[]>();
    for (const t of result.trials.filter((x) => x.ok && x.condition === row.label)) {
      const tl = t.detail?.timeline as { bucketMs: number; faultOffsetMs: number; completed: number[] } | undefined;
      if (!tl) continue;
      tl.completed.forEach((count, i) => {
        const k = Math.round((i * tl.bucketMs - tl.faultOffsetMs) / tl.bucketMs);
        byOffset.set(k, [...(byOffset.get(k) ?? []), (count * 1000) / tl.bucketMs]);
      });
    }
    for (const [k, values] of [...byOffset].sort((a, b) => a[0] - b[0])) rows.push({ tMs: k * result.params.bucketMs, series: row.label, value: medianOf(values) });
  }
  return rows;
}

/** Recovery time of every trial that recovered, in milliseconds, with its server model as the series. */
function recoveryMsOf(result: FaultsResult): charts.DistributionRow[] {
  return result.trials
    .filter((t) => t.ok && Number.isFinite(t.metrics.recoveryMs))
    .map((t) => ({ condition: t.condition, value: t.metrics.recoveryMs!, series: t.condition.split("-")[0]! }));
}

/** The experiment's charts by id, in display order. */
export function faultsCharts(result: FaultsResult): FaultsCharts {
  const s = result.summary;
  const p = result.params;
  const timeline = (model: FaultCondition["model"]) =>
    charts.alignedTimeline(alignedThroughput(result, model), {
      id: `timeline-${model}`,
      title: `Throughput around the fault, ${model === "cluster" ? `cluster of ${p.workers} workers` : `one process, ${p.workers} worker threads`} (median of trials per ${p.bucketMs} ms bucket)`,
      valueTitle: "completed requests/s",
    });
  const group = (r: FaultRow) => r.model;
  const category = (r: FaultRow) => r.label.replace(/^(cluster|threads)-/, "");
  // byId keeps the list's order and refuses two charts of one id; the ids are those of FaultsChartId.
  return keyedCharts(FAULTS_CHART_IDS, [
    timeline("cluster"),
    timeline("threads"),
    charts.barsWithCi(
      s.rows.map((r) => ({ group: group(r), category: category(r), value: r.failedRequests.median, lo: r.failedRequests.medianCi.lo, hi: r.failedRequests.medianCi.hi })),
      { id: "failed-requests", title: `Requests failed after the fault (median of trials with its order-statistic CI, ${levelsOf(s.rows.map((r) => r.failedRequests.medianCi.level))})`, valueTitle: "failed requests", categoryTitle: "fault", width: 640 },
    ),
    charts.barsWithCi(
      s.rows.map((r) => ({ group: group(r), category: category(r), value: (r.survived / r.n) * 100, lo: r.survival.lo * 100, hi: r.survival.hi * 100 })),
      { id: "survival", title: `Server still answering after the fault (share of trials, Wilson ${levelsOf(s.rows.map((r) => r.survival.level))})`, valueTitle: "trials survived (%)", categoryTitle: "fault", width: 640 },
    ),
    charts.distribution(recoveryMsOf(result), {
      id: "recovery", title: "Time until throughput stayed back at 80% of its pre-fault median (recovered trials)", valueTitle: "recovery time (ms)", order: s.rows.map((r) => r.label),
    }),
  ]);
}
