/**
 * The messaging experiment's charts, keyed by id: p50 and p99 latency and throughput against payload
 * size, a line per channel and a panel per payload kind, and the ratio of each compared pair. Pure:
 * drawn from a Result's summary.
 * @module
 */
import * as charts from "../../charts/mod.ts";
import { CHANNEL_COLORS } from "./channels.ts";
import { MESSAGING_CHART_IDS, type MessagingCharts, type MessagingResult, type MessagingRow } from "./types.ts";
import { keyedCharts } from "../_shared/analysis.ts";

/** The channel colours as a chart's colour table. */
export const channelColors = CHANNEL_COLORS as Record<string, string>;

/** Rows of a size chart for one metric of every row; `style` names the Result when several are overlaid. */
export function metricRows(rows: MessagingRow[], metric: "p50Ms" | "p99Ms" | "mbPerSec", style?: string): charts.SizeSeriesRow[] {
  return rows.map((r) => ({
    series: r.channel, panel: r.kind, sizeBytes: r.sizeBytes, y: r[metric].median, lo: r[metric].medianCi.lo, hi: r[metric].medianCi.hi,
    ...(style ? { style } : {}),
  }));
}

/** The experiment's charts by id, in display order. */
export function messagingCharts(result: MessagingResult): MessagingCharts {
  const s = result.summary;
  const on = `${s.runtime}, ${s.cores} cores`;
  // byId keeps the list's order and refuses two charts of one id; the ids are those of MessagingChartId.
  return keyedCharts(MESSAGING_CHART_IDS, [
    charts.sizeSeries(metricRows(s.rows, "p50Ms"), {
      id: "latency-p50", title: `Round-trip latency (p50) vs payload size (${on}; median over trials with its CI; levels in the table)`, yTitle: "p50 round trip (ms)", colors: channelColors,
    }),
    charts.sizeSeries(metricRows(s.rows, "p99Ms"), {
      id: "latency-p99", title: `Tail round-trip latency (p99) vs payload size (${on}; median over trials with its CI; levels in the table)`, yTitle: "p99 round trip (ms)", colors: channelColors,
    }),
    charts.sizeSeries(metricRows(s.rows, "mbPerSec"), {
      id: "throughput", title: `Throughput of a ping-pong vs payload size (${on}; payload counted once per direction; median over trials with its CI, levels in the table)`, yTitle: "payload throughput (MB/s)", colors: channelColors,
    }),
    charts.sizeSeries(
      s.comparisons.flatMap((p) => p.points.map((pt) => ({
        series: `${p.a} / ${p.b}`, panel: p.kind, sizeBytes: pt.sizeBytes, y: pt.comparison.ratio, lo: pt.comparison.ratioCi.lo, hi: pt.comparison.ratioCi.hi,
      }))),
      { id: "crossover", title: `Who is faster: ratio of p50 latencies (${on}; below 1 the first is faster; Hodges–Lehmann ratio with its interval, levels in the verdicts)`, yTitle: "p50 ratio (first / second)", reference: 1 },
    ),
  ]);
}
