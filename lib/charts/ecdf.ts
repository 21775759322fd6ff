/**
 * Empirical cumulative distributions: every latency of a run at once, so a tail that a median and
 * a p99 would hide (a second mode, a cliff) shows as a step.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, finite, positive } from "./base.ts";
import { colorEncoding } from "./palette.ts";

/** One observed value of one series. */
export interface EcdfRow {
  series: string;
  /** The value, in the unit `valueTitle` names. */
  value: number;
}

/** Options of {@linkcode ecdf}. */
export interface EcdfOptions extends ChartOptions {
  /** Axis title of the values, with the unit: "latency (ms)". */
  valueTitle: string;
  /** Log scale for the values; values ≤ 0 are then left out. */
  log?: boolean;
}

/**
 * Empirical cumulative distribution per series: the share of values (in %) at or below each value,
 * as a step line. The fractions are computed here, so the spec holds one point per value plus a
 * starting point at 0% per series. Non-finite values are left out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ecdf } from "./ecdf.ts";
 *
 * const chart = ecdf([{ series: "threads", value: 1.9 }, { series: "threads", value: 1.2 }],
 *   { id: "latency-ecdf", title: "Request latency", valueTitle: "latency (ms)", log: true });
 * const points = (chart.spec.data as { values: { value: number; fraction: number }[] }).values;
 * assert.deepEqual(points.map((p) => [p.value, p.fraction]), [[1.2, 0], [1.2, 0.5], [1.9, 1]]);
 * ```
 */
export function ecdf(rows: readonly EcdfRow[], opts: EcdfOptions): Chart {
  const bySeries = new Map<string, number[]>();
  for (const r of rows) {
    if (!finite(r.value) || (opts.log && !positive(r.value))) continue;
    bySeries.set(r.series, [...(bySeries.get(r.series) ?? []), r.value]);
  }
  const values: object[] = [];
  for (const [series, xs] of bySeries) {
    const sorted = [...xs].sort((a, b) => a - b);
    values.push({ series, value: sorted[0], fraction: 0, rank: 0 });
    sorted.forEach((value, i) => values.push({ series, value, fraction: (i + 1) / sorted.length, rank: i + 1 }));
  }
  return chart(opts, {
    ...baseSpec(opts, values),
    // Drag or wheel zooms the value axis (a double click resets). No point per value, which an
    // ECDF of thousands of requests would add to every page by the thousand.
    mark: { type: "line", interpolate: "step-after" },
    params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
    encoding: {
      x: {
        field: "value",
        type: "quantitative",
        title: opts.valueTitle,
        scale: opts.log ? { type: "log", nice: false, padding: 12 } : { zero: false, padding: 12 },
      },
      y: {
        field: "fraction",
        type: "quantitative",
        title: "cumulative share of values (%)",
        axis: { format: "%" },
        scale: { domain: [0, 1] },
      },
      // Ties put several points at one x; the rank keeps the steps in order.
      order: { field: "rank", type: "quantitative" },
      color: colorEncoding([...bySeries.keys()], opts.colors),
    },
  });
}
