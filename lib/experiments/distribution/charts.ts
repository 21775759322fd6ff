/**
 * The distribution experiment's charts: share of connections by worker rank, the busiest two's
 * share against concurrency, fairness against throughput, and request latency. Pure: built from a
 * Result's summary and trials.
 * @module
 */
import * as charts from "../../charts/mod.ts";
import { formatNumber, keyedCharts } from "../_shared/analysis.ts";
import { ciLabel } from "../_shared/decided.ts";
import { shapeLabel } from "./conditions.ts";
import { DISTRIBUTION_CHART_IDS, type DistributionCharts, type DistributionResult, type DistributionSummary } from "./types.ts";

/** The load shape the charts single out: the article's case, new connections at the highest concurrency. */
function headline(summary: DistributionSummary): { concurrency: number; keepAlive: boolean } | null {
  const closed = summary.rows.filter((r) => r.loadPercent === undefined);
  const candidates = closed.filter((r) => !r.keepAlive);
  const pool = candidates.length > 0 ? candidates : closed;
  if (pool.length === 0) return null;
  const concurrency = Math.max(...pool.map((r) => r.concurrency));
  return { concurrency, keepAlive: pool[0]!.keepAlive };
}

/** The distribution charts, keyed by id in display order. */
export function distributionCharts(result: DistributionResult): DistributionCharts {
  const s = result.summary;
  const head = headline(s);
  const headRows = head ? s.rows.filter((r) => r.loadPercent === undefined && r.concurrency === head.concurrency && r.keepAlive === head.keepAlive) : [];
  const closedRows = s.rows.filter((r) => r.loadPercent === undefined);
  // The sweep: conditions whose generator fell behind offered another load than their x says, so they are left out.
  const sweep = s.rows.filter((r) => r.loadPercent !== undefined && !r.behind?.fellBehind);
  const sweepSeries = (r: (typeof sweep)[number]) => `${r.policy} ${r.keepAlive ? "keep-alive" : "new conn"}`;
  const pct = (x: number) => x * 100;
  return keyedCharts(DISTRIBUTION_CHART_IDS, [
    charts.barsWithCi(
      headRows.flatMap((r) => r.shareByRank.map((b) => ({ group: r.policy, category: `#${b.rank}`, value: pct(b.median), lo: pct(b.ci.lo), hi: pct(b.ci.hi) }))),
      {
        id: "share-by-rank",
        title: `Share of connections by worker, busiest first (${head ? shapeLabel(head.concurrency, head.keepAlive) : "no data"}; median across trials, ${ciLabel(headRows.flatMap((r) => r.shareByRank.map((b) => b.ci)))})`,
        valueTitle: "share of connections (%)", categoryTitle: "worker rank", ideal: 100 / s.workers, idealLabel: `1/${s.workers}`,
      },
    ),
    charts.scatter(
      closedRows.map((r) => ({ series: `${r.policy}${r.keepAlive ? " keep-alive" : ""}`, x: r.concurrency, y: pct(r.top2Share.median), yLo: pct(r.top2Share.medianCi.lo), yHi: pct(r.top2Share.medianCi.hi) })),
      { id: "top2-vs-concurrency", title: `Busiest two workers' share vs concurrency (closed loop; median, ${ciLabel(closedRows.map((r) => r.top2Share.medianCi))}; even spread: ${formatNumber(200 / s.workers)}%)`, xTitle: "concurrent clients", yTitle: "top-2 share of connections (%)" },
    ),
    charts.scatter(
      s.rows.map((r) => ({
        series: r.policy, x: r.throughputRps.median, y: r.jain.median,
        xLo: r.throughputRps.medianCi.lo, xHi: r.throughputRps.medianCi.hi, yLo: r.jain.medianCi.lo, yHi: r.jain.medianCi.hi,
      })),
      { id: "fairness-vs-throughput", title: `Fairness against throughput, every load shape (median, ${ciLabel(s.rows.flatMap((r) => [r.throughputRps.medianCi, r.jain.medianCi]))})`, xTitle: "throughput (requests/s)", yTitle: "Jain's fairness index of connections" },
    ),
    charts.ecdf(
      result.trials
        .filter((t) => t.ok && headRows.some((r) => r.label === t.condition))
        .flatMap((t) => ((t.detail?.latencySampleMs as number[] | undefined) ?? []).map((value) => ({ series: t.condition.split(" ")[0]!, value }))),
      { id: "latency-ecdf", title: `Request latency (${head ? shapeLabel(head.concurrency, head.keepAlive) : "no data"}; sampled requests of every trial)`, valueTitle: "latency (ms)", log: true },
    ),
    charts.scatter(
      sweep.map((r) => ({ series: sweepSeries(r), x: r.loadPercent!, y: pct(r.top2Share.median), yLo: pct(r.top2Share.medianCi.lo), yHi: pct(r.top2Share.medianCi.hi) })),
      { id: "top2-vs-load", title: `Busiest two workers' share vs offered load (open loop, % of round-robin's capacity; median, ${ciLabel(sweep.map((r) => r.top2Share.medianCi))}; even spread: ${formatNumber(200 / s.workers)}%)`, xTitle: "offered load (% of capacity)", yTitle: "top-2 share of connections (%)" },
    ),
    charts.scatter(
      sweep.map((r) => ({ series: sweepSeries(r), x: r.loadPercent!, y: r.jain.median, yLo: r.jain.medianCi.lo, yHi: r.jain.medianCi.hi })),
      { id: "jain-vs-load", title: `Fairness vs offered load (open loop, % of round-robin's capacity; median, ${ciLabel(sweep.map((r) => r.jain.medianCi))})`, xTitle: "offered load (% of capacity)", yTitle: "Jain's fairness index of connections" },
    ),
  ]);
}
