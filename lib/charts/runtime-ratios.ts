/**
 * What changed across runtimes: for each condition, the ratio of a quantity on another runtime to
 * its value on the baseline runtime, with its interval, one row per runtime against the baseline,
 * on one log axis with the line of no change at 1.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, finite } from "./base.ts";
import { colorEncoding } from "./palette.ts";

/** One condition's ratio on one runtime against the baseline. */
export interface RuntimeRatioRow {
  /** What was compared and where, e.g. "throughput: rr c=64 new conn". */
  label: string;
  /** Which runtime against which, e.g. "node 24.22.3 vs node 20.20.2". */
  pair: string;
  ratio: number;
  lo: number;
  hi: number;
  /** The verdict's outcome (lower, higher, equivalent, inconclusive), shown in the tooltip. */
  outcome: string;
}

/**
 * Each condition on its own row, each runtime against the baseline in its colour (a point at the
 * ratio, a rule from lo to hi), on a log axis with a dashed rule at 1. Rows with a non-positive or
 * missing value are left out, as a log axis cannot show them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runtimeRatios } from "./runtime-ratios.ts";
 *
 * const chart = runtimeRatios([
 *   { label: "compute time: threads×2", pair: "node 24 vs node 20", ratio: 0.8, lo: 0.7, hi: 0.9, outcome: "lower" },
 * ], { id: "runtimes", title: "Node 24 against Node 20" });
 * assert.equal((chart.spec.data as { values: unknown[] }).values.length, 1);
 * ```
 */
export function runtimeRatios(rows: readonly RuntimeRatioRow[], opts: ChartOptions & { valueTitle?: string }): Chart {
  const values = rows.filter((r) => finite(r.ratio, r.lo, r.hi) && r.lo > 0 && r.ratio > 0).map((r) => ({ ...r, series: r.pair }));
  const labels = [...new Set(values.map((v) => v.label))];
  const pairs = [...new Set(values.map((v) => v.pair))];
  const y = { field: "label", type: "nominal", title: null, sort: labels, axis: { labelLimit: 360 } };
  const yOffset = { field: "pair", type: "nominal", sort: pairs, scale: { domain: pairs } };
  const x = { type: "quantitative", title: opts.valueTitle ?? "ratio to the baseline runtime (log scale)", scale: { type: "log" } };
  const color = colorEncoding(pairs, opts.colors, "runtime");
  const tooltip = [{ field: "label" }, { field: "pair" }, { field: "ratio", format: ".3" }, { field: "lo", format: ".3" }, { field: "hi", format: ".3" }, { field: "outcome" }];
  return chart(opts, {
    ...baseSpec(opts, values, Math.max(120, 28 * labels.length * Math.max(1, pairs.length))),
    layer: [
      { mark: { type: "rule", strokeWidth: 2 }, encoding: { y, yOffset, x: { ...x, field: "lo" }, x2: { field: "hi" }, color, tooltip } },
      { mark: { type: "point", filled: true, size: 50 }, encoding: { y, yOffset, x: { ...x, field: "ratio" }, color, tooltip } },
      { data: { values: [{ one: 1 }] }, mark: { type: "rule", color: "#444", strokeDash: [6, 4] }, encoding: { x: { ...x, field: "one" } } },
    ],
  });
}
