/**
 * Two runs' intervals side by side: for each comparison, the ratio and its interval in one run and
 * in the other, on one log axis with the line of no difference at 1, so a reader sees at a glance
 * which comparisons moved between a run and its reference.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, finite } from "./base.ts";
import { colorEncoding } from "./palette.ts";

/** One side of one comparison: its ratio and interval. */
export interface VersusRow {
  /** What was compared, e.g. "compute time: threads×1 vs processes×1". */
  comparison: string;
  /** Which run, e.g. "this run" or "reference". */
  side: string;
  ratio: number;
  lo: number;
  hi: number;
  /** Whether the two runs agree on this comparison ("agrees" / "differs"), shown in the label. */
  status: string;
}

/** Options of {@linkcode versusIntervals}. */
export interface VersusOptions extends ChartOptions {
  /** Axis title of the ratio (default "ratio A/B (log scale)"). */
  valueTitle?: string;
}

/**
 * Each comparison on its own row, the two runs' intervals side by side in their colours (a point at
 * the ratio, a rule from lo to hi), on a log axis with a dashed rule at 1. Rows with a non-positive
 * or missing value are left out, as a log axis cannot show them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { versusIntervals } from "./versus.ts";
 *
 * const chart = versusIntervals([
 *   { comparison: "time: a vs b", side: "this run", ratio: 1.3, lo: 1.2, hi: 1.4, status: "differs" },
 *   { comparison: "time: a vs b", side: "reference", ratio: 1.0, lo: 0.9, hi: 1.1, status: "differs" },
 * ], { id: "versus", title: "This run vs the reference" });
 * assert.equal((chart.spec.data as { values: unknown[] }).values.length, 2);
 * ```
 */
export function versusIntervals(rows: readonly VersusRow[], opts: VersusOptions): Chart {
  const values = rows
    .filter((r) => finite(r.ratio, r.lo, r.hi) && r.lo > 0 && r.ratio > 0)
    .map((r) => ({ label: `${r.comparison} (${r.status})`, series: r.side, ratio: r.ratio, lo: r.lo, hi: r.hi }));
  const labels = [...new Set(values.map((v) => v.label))];
  const sides = [...new Set(values.map((v) => v.series))];
  const y = { field: "label", type: "nominal", title: null, sort: labels, axis: { labelLimit: 360 } };
  const yOffset = { field: "series", type: "nominal", sort: sides, scale: { domain: sides } };
  const x = { type: "quantitative", title: opts.valueTitle ?? "ratio A/B (log scale)", scale: { type: "log" } };
  const color = colorEncoding(sides, opts.colors, "run");
  return chart(opts, {
    ...baseSpec(opts, values, Math.max(120, 36 * labels.length)),
    layer: [
      { mark: { type: "rule", strokeWidth: 2 }, encoding: { y, yOffset, x: { ...x, field: "lo" }, x2: { field: "hi" }, color } },
      { mark: { type: "point", filled: true, size: 50 }, encoding: { y, yOffset, x: { ...x, field: "ratio" }, color } },
      { data: { values: [{ one: 1 }] }, mark: { type: "rule", color: "#444", strokeDash: [6, 4] }, encoding: { x: { ...x, field: "one" } } },
    ],
  });
}
