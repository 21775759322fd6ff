/**
 * Speedup against the number of workers, the scaling experiment's headline chart: how close each
 * kind of worker comes to the ideal y = x, with the core count marked because past it workers share
 * cores and the ideal no longer applies.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, DEFAULT_HEIGHT, finite } from "./base.ts";
import { colorEncoding } from "./palette.ts";
import { coresLayers, seriesLayers, WORKERS_X, workerRange } from "./workers-axis.ts";

/** Speedup of one series at one worker count, with its confidence interval. */
export interface SpeedupRow {
  series: string;
  /** Number of workers (threads or processes). */
  workers: number;
  /** Speedup over the single-worker (or baseline) time, as a factor: 3.2 = 3.2× faster. */
  speedup: number;
  lo: number;
  hi: number;
}

/** A point of a fitted speedup curve (e.g. Amdahl's law), as a factor. */
export interface FittedPoint {
  series: string;
  workers: number;
  speedup: number;
}

/** Options of {@linkcode speedup}. */
export interface SpeedupOptions extends ChartOptions {
  /** Number of CPU cores, marked by a vertical rule. */
  cores?: number;
  /** Fitted curves, drawn dashed in their series' colour. */
  fitted?: FittedPoint[];
  /** Y axis title (default "speedup (× vs 1 worker)"). */
  yTitle?: string;
}

/**
 * Speedup (a factor, × faster) against the number of workers: one line with points and CI bars per
 * series, the ideal y = x dashed and labelled "ideal", an optional rule at the core count, and
 * optional fitted curves (e.g. Amdahl's law) dashed in their series' colour.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { speedup } from "./speedup.ts";
 *
 * const chart = speedup([{ series: "threads", workers: 2, speedup: 1.9, lo: 1.8, hi: 2.0 }],
 *   { id: "cpu-speedup", title: "CPU-bound speedup", cores: 8 });
 * assert.equal(chart.id, "cpu-speedup");
 * assert.deepEqual(chart.spec.data, { values: [{ series: "threads", workers: 2, speedup: 1.9, lo: 1.8, hi: 2 }] });
 * ```
 */
export function speedup(rows: readonly SpeedupRow[], opts: SpeedupOptions): Chart {
  const values = rows
    .filter((r) => finite(r.workers, r.speedup, r.lo, r.hi))
    .map((r) => ({ series: r.series, workers: r.workers, speedup: r.speedup, lo: r.lo, hi: r.hi }));
  const fitted = (opts.fitted ?? [])
    .filter((r) => finite(r.workers, r.speedup))
    .map((r) => ({ series: r.series, workers: r.workers, speedup: r.speedup, curve: "fitted" }));
  const color = colorEncoding([...values, ...fitted].map((r) => r.series), opts.colors);
  const [from, to] = workerRange([...values, ...fitted].map((r) => r.workers), opts.cores);
  const y = { type: "quantitative", title: opts.yTitle ?? "speedup (× vs 1 worker)" };
  const x = WORKERS_X;
  const ideal = { values: [{ workers: from, speedup: from }, { workers: to, speedup: to }] };
  return chart(opts, {
    ...baseSpec(opts, values),
    layer: [
      {
        data: ideal,
        mark: { type: "line", color: "#888", strokeDash: [6, 4], strokeWidth: 1 },
        encoding: { x, y: { ...y, field: "speedup" } },
      },
      {
        data: { values: [ideal.values[1]] },
        mark: { type: "text", text: "ideal", align: "right", baseline: "bottom", dx: -4, dy: -4, color: "#666" },
        encoding: { x, y: { ...y, field: "speedup" } },
      },
      ...coresLayers(opts.cores, opts.height ?? DEFAULT_HEIGHT),
      ...(fitted.length === 0 ? [] : [{
        data: { values: fitted },
        mark: { type: "line", strokeDash: [5, 3], strokeWidth: 1.5, opacity: 0.9 },
        encoding: {
          x,
          y: { ...y, field: "speedup" },
          color,
          // A one-entry legend says what the dashed curves are.
          strokeDash: { field: "curve", type: "nominal", title: null, scale: { domain: ["fitted"], range: [[5, 3]] } },
        },
      }]),
      ...seriesLayers("speedup", y, color),
    ],
  });
}
