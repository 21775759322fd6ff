/**
 * The guide's charts: the deciding figures as points with their intervals, against the value where
 * the answer flips — the reader's job length against each pool's break-even, the workers wanted
 * against how many fit the budget, and every deciding ratio against 1 (no difference).
 * @module
 */
import { baseSpec, chart, type ChartOptions, finite } from "../charts/base.ts";
import type { Chart } from "../types.ts";
import type { Figure, Guide } from "./types.ts";

/** One row of an interval chart: a label, a value and its interval. */
interface IntervalRow {
  label: string;
  value: number;
  lo: number;
  hi: number;
}

/**
 * Points with interval whiskers, one row per label, and a dashed rule with a marker at the value where
 * the answer flips. A row whose value is not finite (a break-even that may never come) has no point.
 */
function intervalsChart(rows: readonly IntervalRow[], opts: ChartOptions & { axisTitle: string; log: boolean; rule: { value: number; label: string } }): Chart {
  const values = rows.filter((r) => finite(r.value));
  const whiskers = rows.filter((r) => finite(r.lo, r.hi));
  const x = { type: "quantitative", title: opts.axisTitle, scale: opts.log ? { type: "log" } : { zero: false } };
  const y = { field: "label", type: "nominal", title: null, sort: rows.map((r) => r.label), axis: { labelLimit: 360 } };
  return chart(opts, {
    ...baseSpec(opts, values, Math.max(60, 28 * rows.length)),
    layer: [
      { data: { values: whiskers }, mark: { type: "rule", color: "#222", strokeWidth: 1.5 }, encoding: { x: { ...x, field: "lo" }, x2: { field: "hi" }, y } },
      { mark: { type: "point", filled: true, size: 60, color: "#1f77b4" }, encoding: { x: { ...x, field: "value" }, y, tooltip: [{ field: "label" }, { field: "value" }] } },
      { data: { values: [opts.rule] }, mark: { type: "rule", color: "#d62728", strokeDash: [6, 4] }, encoding: { x: { ...x, field: "value" } } },
      // A marker on the rule, so the reader's value shows even where no figure of a branch is finite.
      { data: { values: [opts.rule] }, mark: { type: "point", shape: "triangle-down", filled: true, size: 70, color: "#d62728" }, encoding: { x: { ...x, field: "value" }, y: { value: 0 } } },
      { data: { values: [opts.rule] }, mark: { type: "text", align: "left", baseline: "top", dx: 3, dy: 3, color: "#d62728" }, encoding: { x: { ...x, field: "value" }, y: { value: 0 }, text: { field: "label" } } },
    ],
  });
}

const rowOf = (label: string, f: Figure): IntervalRow => ({ label, value: f.value, lo: f.ci.lo, hi: f.ci.hi });

/** The guide's charts, keyed by id: "break-even", "workers-fit" and "ratios" (empty where a branch has no figures). */
export function guideCharts(guide: Guide): { "break-even": Chart; "workers-fit": Chart; ratios: Chart } {
  const figures = (id: string, test: (f: Figure) => boolean) => guide.branches.find((b) => b.id === id)?.figures.filter(test) ?? [];
  const q = guide.question;
  return {
    "break-even": intervalsChart(figures("cpu", (f) => f.name.startsWith("break-even")).map((f) => rowOf(f.name.replace("break-even job length for ", ""), f)), {
      id: "break-even", title: "Break-even job length of each pool, with its interval, against your job",
      axisTitle: "CPU time of the job on one core, ms (log scale)", log: true, rule: { value: q.jobMs, label: `your job: ${q.jobMs} ms` },
    }),
    "workers-fit": intervalsChart(figures("memory", (f) => f.name.includes(" that fit ")).map((f) => rowOf(f.name, f)), {
      id: "workers-fit", title: "Workers that fit the memory budget, with their interval, against the workers wanted",
      axisTitle: "workers", log: false, rule: { value: q.workersWanted, label: `wanted: ${q.workersWanted}` },
    }),
    ratios: intervalsChart(guide.branches.flatMap((b, i) => b.figures.filter((f) => f.unit === "×").map((f) => rowOf(`${i + 1}. ${f.name}`, f))), {
      id: "ratios", title: "Every deciding ratio with its interval, against 1 (no difference)",
      axisTitle: "ratio (log scale)", log: true, rule: { value: 1, label: "no difference" },
    }),
  };
}
