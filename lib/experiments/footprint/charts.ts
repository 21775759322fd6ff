/**
 * The footprint experiment's charts, keyed by id: memory added against n with the fitted lines (RSS,
 * and PSS where it was read), the marginal memory of one more worker, and every worker's start-up.
 * Pure: drawn from a Result's summary and its trials.
 * @module
 */
import * as charts from "../../charts/mod.ts";
import type { PoolKind } from "../../drivers/pool/mod.ts";
import type { ModuleGraph } from "../../workloads/graphs.ts";
import { footprintConditions } from "./conditions.ts";
import { FOOTPRINT_CHART_IDS, type FootprintCharts, type FootprintResult, type MemoryMeasure } from "./types.ts";
import { mib } from "./units.ts";
import { keyedChartsSome } from "../_shared/analysis.ts";
import { formatLevel } from "../../format.ts";

const series = (kind: PoolKind, graph: ModuleGraph) => `${kind} ${graph}`;
/** Each kind keeps its family's colour, darker with the heavier graph, so a reader sees kind first and graph second. */
const SERIES_COLORS: Record<string, string> = {
  "processes empty": "#56B4E9",
  "processes lab": "#0072B2",
  "threads empty": "#E69F00",
  "threads lab": "#D55E00",
};

/** The experiment's charts by id, in display order; "pss-added" only when PSS was read. */
export function footprintCharts(result: FootprintResult): FootprintCharts {
  const s = result.summary;
  const conditions = footprintConditions(result.params);
  const byLabel = new Map(conditions.map((c) => [c.label, c]));
  const ok = result.trials.filter((t) => t.ok && byLabel.has(t.condition));
  const ns = [...new Set(s.rows.map((r) => r.workers))];
  const memoryChart = (memory: MemoryMeasure) =>
    charts.trialsWithLines(
      ok.filter((t) => Number.isFinite(t.metrics[`${memory}AddedBytes`])).map((t) => {
        const c = byLabel.get(t.condition)!;
        return { series: series(c.kind, c.graph), workers: c.workers, value: mib(t.metrics[`${memory}AddedBytes`]!) };
      }),
      {
        id: `${memory}-added`,
        title: `${memory === "rss" ? "Resident memory (RSS)" : "Proportional memory (PSS)"} the workers added to the tree, every trial, with fitted lines`,
        valueTitle: `${memory.toUpperCase()} added over the bare host (MiB)`,
        colors: SERIES_COLORS,
        fitted: s.slopes.filter((l) => l.memory === memory).flatMap((l) =>
          ns.map((n) => ({ series: series(l.kind, l.graph), workers: n, value: mib(l.interceptBytes + l.slopeBytes * n) })),
        ),
      },
    );
  const list = [memoryChart("rss")];
  if (s.pssAvailable) list.push(memoryChart("pss"));
  list.push(
    charts.barsWithCi(
      s.slopes.map((l) => ({ group: l.kind, category: `${l.graph}, ${l.memory.toUpperCase()}`, value: mib(l.slopeBytes), lo: mib(l.slopeCi.lo), hi: mib(l.slopeCi.hi) })),
      { id: "marginal-memory", title: `Memory of one more worker: least-squares slope with its ${formatLevel(s.family.rules.confidence)} t interval from the replicates' variances`, valueTitle: "memory per extra worker (MiB)", categoryTitle: "module graph, memory measure" },
    ),
    charts.distribution(
      ok.flatMap((t) => ((t.detail?.workerStartupMs as number[] | undefined) ?? []).map((value) => ({ condition: t.condition, value }))),
      { id: "worker-startup", title: "Start-up of every worker: its spawn until it was ready", valueTitle: "start-up time per worker (ms)", order: s.rows.map((r) => r.label) },
    ),
  );
  return keyedChartsSome(FOOTPRINT_CHART_IDS, list, ["pss-added"]);
}
