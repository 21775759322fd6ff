/**
 * A trade-off as points: throughput against tail latency, or any two measures, each with its CI
 * where known, so a reader sees which configuration buys what.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, finite } from "./base.ts";
import { colorEncoding } from "./palette.ts";

/** One point of a trade-off plot, with optional CIs on either axis. */
export interface ScatterRow {
  series: string;
  /** In the unit `xTitle` names. */
  x: number;
  /** In the unit `yTitle` names. */
  y: number;
  xLo?: number;
  xHi?: number;
  yLo?: number;
  yHi?: number;
}

/** Options of {@linkcode scatter}. */
export interface ScatterOptions extends ChartOptions {
  /** Axis titles, with units: "throughput (req/s)", "p99 latency (ms)". */
  xTitle: string;
  yTitle: string;
}

/**
 * Points of a trade-off (e.g. throughput against latency), coloured by series, with CI bars on x
 * and/or y where a row has both ends. Units are those of `xTitle` and `yTitle`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scatter } from "./scatter.ts";
 *
 * const chart = scatter([{ series: "threads", x: 5400, y: 12.5, yLo: 11.9, yHi: 13.4 }],
 *   { id: "tradeoff", title: "Throughput vs tail latency", xTitle: "throughput (req/s)", yTitle: "p99 latency (ms)" });
 * assert.equal((chart.spec.layer as unknown[]).length, 2); // the y CI bars and the points
 * ```
 */
export function scatter(rows: readonly ScatterRow[], opts: ScatterOptions): Chart {
  const kept = rows.filter((r) => finite(r.x, r.y));
  const values = kept.map((r) => ({ series: r.series, x: r.x, y: r.y }));
  const xBars = kept.filter((r) => finite(r.xLo, r.xHi)).map((r) => ({ series: r.series, y: r.y, lo: r.xLo, hi: r.xHi }));
  const yBars = kept.filter((r) => finite(r.yLo, r.yHi)).map((r) => ({ series: r.series, x: r.x, lo: r.yLo, hi: r.yHi }));
  const color = colorEncoding(values.map((r) => r.series), opts.colors);
  // Padding keeps the extreme points off the axes, where they would hide behind the ticks.
  const x = { type: "quantitative", title: opts.xTitle, scale: { zero: false, padding: 16 } };
  const y = { type: "quantitative", title: opts.yTitle, scale: { zero: false, padding: 16 } };
  return chart(opts, {
    ...baseSpec(opts, values),
    layer: [
      ...(xBars.length === 0 ? [] : [{
        data: { values: xBars },
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: { x: { ...x, field: "lo" }, x2: { field: "hi" }, y: { ...y, field: "y" }, color },
      }]),
      ...(yBars.length === 0 ? [] : [{
        data: { values: yBars },
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: { x: { ...x, field: "x" }, y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
      }]),
      {
        mark: { type: "point", filled: true, size: 60, stroke: "#222", strokeWidth: 0.5, opacity: 1 },
        encoding: {
          x: { ...x, field: "x" },
          y: { ...y, field: "y" },
          color,
          tooltip: [{ field: "series", type: "nominal", title: "series" }, { field: "x", type: "quantitative", title: opts.xTitle, format: ",.4~g" }, { field: "y", type: "quantitative", title: opts.yTitle, format: ",.4~g" }],
        },
      },
    ],
  });
}
