/**
 * Grouped bars with CI whiskers: each worker's share of the work, or any value per category and
 * group, against an optional reference such as the even share 1/k.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, DEFAULT_WIDTH, finite } from "./base.ts";
import { colorEncoding } from "./palette.ts";

/** One bar: a value of one group (coloured) in one category (on the x axis), with an optional CI. */
export interface BarRow {
  group: string;
  category: string;
  /** The value, in the unit `valueTitle` names. */
  value: number;
  lo?: number;
  hi?: number;
}

/** Options of {@linkcode barsWithCi}. */
export interface BarsOptions extends ChartOptions {
  /** Axis title of the values, with the unit: "share of requests (%)". */
  valueTitle: string;
  /** Value of a dashed horizontal reference rule, e.g. 1/k for an even share over k workers. */
  ideal?: number;
  /** Label of the reference rule (default "ideal"). */
  idealLabel?: string;
  /** Axis title of the categories (default "category"). */
  categoryTitle?: string;
}

/**
 * Grouped bars: categories along x, groups side by side in their colours, with CI whiskers where a
 * row has `lo` and `hi`, and an optional dashed reference rule (e.g. each worker's share vs 1/k).
 * Values are in the unit of `valueTitle`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barsWithCi } from "./bars.ts";
 *
 * const chart = barsWithCi([{ group: "cluster", category: "worker 1", value: 0.41, lo: 0.38, hi: 0.44 }],
 *   { id: "share", title: "Share of connections", valueTitle: "share of connections", ideal: 0.25, idealLabel: "1/k" });
 * assert.deepEqual(chart.spec.data, { values: [{ series: "cluster", category: "worker 1", value: 0.41 }] });
 * ```
 */
export function barsWithCi(rows: readonly BarRow[], opts: BarsOptions): Chart {
  const values = rows
    .filter((r) => finite(r.value))
    .map((r) => ({ series: r.group, category: r.category, value: r.value }));
  const cis = rows
    .filter((r) => finite(r.value, r.lo, r.hi))
    .map((r) => ({ series: r.group, category: r.category, lo: r.lo, hi: r.hi }));
  const categories = [...new Set(values.map((r) => r.category))];
  const groups = [...new Set(values.map((r) => r.series))];
  const x = { field: "category", type: "nominal", title: opts.categoryTitle ?? "category", sort: categories, axis: { labelAngle: 0 } };
  const xOffset = { field: "series", type: "nominal", sort: groups, scale: { domain: groups } };
  const y = { type: "quantitative", title: opts.valueTitle };
  const ideal = opts.ideal !== undefined && finite(opts.ideal) ? { values: [{ value: opts.ideal }] } : undefined;
  return chart(opts, {
    ...baseSpec(opts, values),
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x, xOffset, y: { ...y, field: "value" }, color: colorEncoding(groups, opts.colors),
          tooltip: [
            { field: "series", type: "nominal", title: "group" },
            { field: "category", type: "nominal", title: opts.categoryTitle ?? "category" },
            { field: "value", type: "quantitative", title: opts.valueTitle, format: ",.4~g" },
          ],
        },
      },
      ...(cis.length === 0 ? [] : [{
        data: { values: cis },
        mark: { type: "rule", color: "#222", strokeWidth: 1.5 },
        encoding: { x, xOffset, y: { ...y, field: "lo" }, y2: { field: "hi" } },
      }]),
      ...(ideal === undefined ? [] : [
        { data: ideal, mark: { type: "rule", color: "#444", strokeDash: [6, 4] }, encoding: { y: { ...y, field: "value" } } },
        {
          data: ideal,
          mark: { type: "text", text: opts.idealLabel ?? "ideal", align: "right", baseline: "bottom", dy: -3, color: "#444" },
          encoding: { y: { ...y, field: "value" }, x: { value: opts.width ?? DEFAULT_WIDTH } },
        },
      ]),
    ],
  });
}
