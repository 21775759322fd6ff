/**
 * The thumbnails experiment's charts: the time of every trial, speedup against the physical limit,
 * peak memory of the process tree, cores busy and per-image latency in each condition's median
 * trial. Pure: built from a Result's summary and trials.
 * @module
 */
import * as charts from "../../charts/mod.ts";
import type { TrialRecord } from "../../types.ts";
import { keyedCharts } from "../_shared/analysis.ts";
import { ciLabel } from "../_shared/decided.ts";
import { THUMBNAILS_CHART_IDS, type ThumbnailsCharts, type ThumbnailsResult } from "./types.ts";

/** The successful trial of a condition whose time is closest to the condition's median. */
function medianTrial(result: ThumbnailsResult, label: string): TrialRecord | undefined {
  const trials = result.trials.filter((t) => t.ok && t.condition === label);
  const median = result.summary.rows.find((r) => r.label === label)?.timeMs.median ?? NaN;
  return [...trials].sort((a, b) => Math.abs(a.metrics.timeMs! - median) - Math.abs(b.metrics.timeMs! - median))[0];
}

/** The thumbnails charts, keyed by id in display order. */
export function thumbnailsCharts(result: ThumbnailsResult): ThumbnailsCharts {
  const s = result.summary;
  const order = s.rows.map((r) => r.label);
  const MB = 1024 * 1024;
  const what = result.params.includeStartup ? "time incl. pool start-up" : "time, pool start-up excluded";
  const representative = order.map((label) => ({ label, trial: medianTrial(result, label) })).filter((x) => x.trial);
  return keyedCharts(THUMBNAILS_CHART_IDS, [
    charts.distribution(
      result.trials.filter((t) => t.ok).map((t) => ({ condition: t.condition, value: t.metrics.timeMs! })),
      { id: "time", title: `Wall time of every trial (${what})`, valueTitle: "wall time (ms)", order },
    ),
    charts.barsWithCi(
      s.rows.filter((r) => r.speedup).map((r) => ({ group: "speedup", category: r.label, value: r.speedup!.ratio, lo: r.speedup!.ci.lo, hi: r.speedup!.ci.hi })),
      {
        id: "speedup",
        title: `Speedup over the single-thread rate (${s.singleThread ?? "none"}; Hodges–Lehmann ratio, ${ciLabel(s.rows.flatMap((r) => (r.speedup ? [r.speedup.ci] : [])))})`,
        valueTitle: "speedup (× single-thread rate)",
        categoryTitle: "condition",
        ideal: s.cores,
        idealLabel: `limit: ${s.cores} cores × ${(s.warmupImages ?? 0) > 0 ? "warm " : ""}single-thread rate`,
        width: Math.max(480, 110 * s.rows.length),
      },
    ),
    charts.barsWithCi(
      s.rows.flatMap((r) => [
        { group: "peak RSS", category: r.label, value: r.peakRssBytes.median / MB, lo: r.peakRssBytes.medianCi.lo / MB, hi: r.peakRssBytes.medianCi.hi / MB },
        ...(r.peakPssBytes ? [{ group: "peak PSS", category: r.label, value: r.peakPssBytes.median / MB, lo: r.peakPssBytes.medianCi.lo / MB, hi: r.peakPssBytes.medianCi.hi / MB }] : []),
      ]),
      { id: "memory", title: `Peak memory of the whole process tree (median, ${ciLabel(s.rows.flatMap((r) => [r.peakRssBytes.medianCi, ...(r.peakPssBytes ? [r.peakPssBytes.medianCi] : [])]))})`, valueTitle: "peak memory (MiB)", categoryTitle: "condition", width: Math.max(480, 110 * s.rows.length) },
    ),
    charts.timeline(
      representative.flatMap(({ label, trial }) => ((trial!.detail?.cpuTimeline ?? []) as Array<[number, number]>).map(([tMs, cores]) => ({ tMs, series: label, value: cores }))),
      { id: "cpu", title: `Cores busy during the median trial of each condition (of ${s.cores})`, valueTitle: "cores busy (CPU time / wall time)" },
    ),
    charts.ecdf(
      representative.flatMap(({ label, trial }) => ((trial!.detail?.latenciesMs ?? []) as number[]).map((value) => ({ series: label, value }))),
      { id: "latency", title: "Per-image latency in the median trial of each condition", valueTitle: "latency of one image (ms)", log: true },
    ),
  ]);
}
