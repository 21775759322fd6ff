/**
 * The distribution of repeated trials per condition: a box plot with every trial drawn on top, so
 * a reader sees the spread and each slow trial rather than a single bar. Outliers are flagged with
 * the same Tukey fences the summaries use, so a diamond is exactly a trial beyond a whisker.
 * @module
 */
import { tukeyFences } from "../stats/outliers.ts";
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, finite, positive } from "./base.ts";
import { colorEncoding, seriesColors } from "./palette.ts";

/**
 * Flags values beyond Tukey's fences (1.5 IQR outside the type-7 quartiles). vega computes a box
 * plot's quartiles by the same type-7 rule (d3-array's), so the flags match the whiskers drawn.
 */
function tukeyFlags(values: readonly number[]): boolean[] {
  if (values.length === 0) return [];
  const { lower, upper } = tukeyFences(values);
  return values.map((v) => v < lower || v > upper);
}

/** A low-discrepancy jitter in [−0.5, 0.5): evenly spread and the same on every render, unlike `random()`. */
const jitter = (i: number) => (((i + 0.5) * 0.6180339887498949) % 1) - 0.5;

/** One trial of one condition. */
export interface DistributionRow {
  condition: string;
  /** The measured value, in the unit `valueTitle` names. */
  value: number;
  /** True for a Tukey outlier; computed from the condition's values when absent. */
  outlier?: boolean;
  /** Colour key (e.g. "threads"); defaults to the condition, coloured by its family word. */
  series?: string;
  /** The trial's index within its condition, as its Result records it; shown when hovering its point. */
  index?: number;
}

/** Options of {@linkcode distribution}. */
export interface DistributionOptions extends ChartOptions {
  /** Axis title of the values, with the unit: "wall time (ms)". */
  valueTitle: string;
  /** Top-to-bottom order of conditions; conditions not listed follow in order of appearance. */
  order?: string[];
  /** Log scale for the values; values ≤ 0 are then left out. */
  log?: boolean;
}

/**
 * Distribution of one measured value per condition, in the unit of `valueTitle`: a box plot
 * (median, quartiles, Tukey whiskers at 1.5 IQR) with every trial on top as a jittered point,
 * outliers drawn as diamonds. Conditions run down the y axis. Non-finite values are left out.
 * Where the chart is drawn interactively, hovering a point shows its trial (condition, index when
 * the rows give it, value) and the value axis zooms.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { distribution } from "./distribution.ts";
 *
 * const rows = [812, 815, 809, 811, 990].map((value) => ({ condition: "threads×4", value }));
 * const chart = distribution([...rows, { condition: "processes×4", value: 845 }],
 *   { id: "cpu-wall", title: "Wall time per trial", valueTitle: "wall time (ms)" });
 * const trials = (chart.spec.data as { values: { value: number; trial: string }[] }).values;
 * assert.deepEqual(trials.filter((t) => t.trial === "outlier").map((t) => t.value), [990]);
 * ```
 */
export function distribution(rows: readonly DistributionRow[], opts: DistributionOptions): Chart {
  const kept = rows.filter((r) => finite(r.value) && (!opts.log || positive(r.value)));
  const appearing = [...new Set(kept.map((r) => r.condition))];
  const listed = (opts.order ?? []).filter((c) => appearing.includes(c));
  const order = [...new Set([...listed, ...appearing])];

  const byCondition = new Map<string, DistributionRow[]>();
  for (const row of kept) byCondition.set(row.condition, [...(byCondition.get(row.condition) ?? []), row]);
  const values: object[] = [];
  for (const condition of order) {
    const group = byCondition.get(condition) ?? [];
    const flags = tukeyFlags(group.map((r) => r.value));
    group.forEach((r, i) => {
      values.push({
        condition,
        series: r.series ?? condition,
        value: r.value,
        trial: (r.outlier ?? flags[i]) ? "outlier" : "trial",
        jitter: jitter(i),
        ...(finite(r.index) ? { index: r.index } : {}),
      });
    });
  }
  const series = values.map((v) => (v as { series: string }).series);
  const color = { ...colorEncoding(series, opts.colors, null), scale: seriesColors(series, opts.colors, true), legend: null };
  const x = {
    field: "value",
    type: "quantitative",
    title: opts.valueTitle,
    scale: opts.log ? { type: "log", nice: false, padding: 12 } : { zero: false, padding: 12 },
  };
  return chart(opts, {
    ...baseSpec(opts, values, Math.max(120, 48 * order.length)),
    encoding: { y: { field: "condition", type: "nominal", title: "condition", sort: order } },
    layer: [
      {
        mark: {
          type: "boxplot",
          extent: 1.5,
          outliers: false,
          size: 18,
          box: { opacity: 0.35 },
          median: { color: "#222", strokeWidth: 2 },
          rule: { color: "#555" },
          ticks: { color: "#555", size: 10 },
        },
        encoding: { x, color },
      },
      {
        mark: { type: "point", filled: true, opacity: 0.85, stroke: "#222", strokeWidth: 0.5 },
        // Drag or wheel on the plot zooms and pans the values; a double click resets.
        params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
        encoding: {
          tooltip: [
            { field: "condition", type: "nominal", title: "condition" },
            ...(values.some((v) => "index" in v) ? [{ field: "index", type: "quantitative", title: "trial" }] : []),
            { field: "value", type: "quantitative", title: opts.valueTitle, format: ",.4~g" },
            { field: "trial", type: "nominal", title: "kind" },
          ],
          size: { condition: { test: "datum.trial === 'outlier'", value: 100 }, value: 30 },
          x: { field: "value", type: "quantitative", title: opts.valueTitle },
          // Offsets span the middle of each band ([−1, 1] maps to the band), around the box.
          yOffset: { field: "jitter", type: "quantitative", scale: { domain: [-1, 1] } },
          color,
          shape: {
            field: "trial",
            type: "nominal",
            title: null,
            scale: { domain: ["trial", "outlier"], range: ["circle", "diamond"] },
            legend: { orient: "bottom", labelExpr: "datum.label == 'outlier' ? 'Tukey outlier' : 'trial'" },
          },
        },
      },
    ],
  });
}
