/**
 * Every trial against the number of workers with a fitted line per series: the footprint
 * experiment's picture of what each added worker weighs, and how well a straight line explains it.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, DEFAULT_HEIGHT, finite } from "./base.ts";
import { colorEncoding } from "./palette.ts";
import { coresLayers, WORKERS_AXIS, WORKERS_TOOLTIP, WORKERS_X } from "./workers-axis.ts";

/** One trial's value of one series at one worker count. */
export interface WorkerValueRow {
  series: string;
  workers: number;
  /** The value, in the unit `valueTitle` names. */
  value: number;
}

/** Options of {@linkcode trialsWithLines}. */
export interface TrialsWithLinesOptions extends ChartOptions {
  /** Axis title of the values, with the unit: "memory added (MiB)". */
  valueTitle: string;
  /** Points of fitted lines (at least the two ends per series), drawn dashed in their series' colour. */
  fitted?: readonly WorkerValueRow[];
  /** Number of CPU cores, marked by a vertical rule. */
  cores?: number;
}

/**
 * Every trial as a point against the number of workers, one colour per series, with a fitted line
 * per series (dashed): how a quantity grows with each added worker, and how well a line explains it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { trialsWithLines } from "./trials-with-lines.ts";
 *
 * const chart = trialsWithLines([{ series: "processes", workers: 4, value: 180 }],
 *   { id: "rss", title: "Resident memory added", valueTitle: "RSS added (MiB)",
 *     fitted: [{ series: "processes", workers: 1, value: 45 }, { series: "processes", workers: 4, value: 180 }] });
 * assert.equal((chart.spec.layer as unknown[]).length, 2); // the fitted lines and the trials
 * ```
 */
export function trialsWithLines(rows: readonly WorkerValueRow[], opts: TrialsWithLinesOptions): Chart {
  const values = rows.filter((r) => finite(r.workers, r.value)).map((r) => ({ series: r.series, workers: r.workers, value: r.value }));
  const fitted = (opts.fitted ?? []).filter((r) => finite(r.workers, r.value)).map((r) => ({ series: r.series, workers: r.workers, value: r.value, curve: "fitted line" }));
  const color = colorEncoding([...values, ...fitted].map((r) => r.series), opts.colors);
  const y = { field: "value", type: "quantitative", title: opts.valueTitle };
  // A linear axis, so that a line fitted in n looks straight; ticked only where measured, so 1, 2 does not read "1, 2, 2".
  const ns = [...new Set(values.map((r) => r.workers))].sort((a, b) => a - b);
  const x = { ...WORKERS_X, scale: { zero: false, padding: 12 }, axis: { ...WORKERS_AXIS, values: ns } };
  return chart(opts, {
    ...baseSpec(opts, values),
    layer: [
      ...coresLayers(opts.cores, opts.height ?? DEFAULT_HEIGHT),
      ...(fitted.length === 0 ? [] : [{
        data: { values: fitted },
        mark: { type: "line", strokeDash: [5, 3], strokeWidth: 1.5 },
        encoding: {
          x,
          y,
          color,
          detail: { field: "series", type: "nominal" },
          strokeDash: { field: "curve", type: "nominal", title: null, scale: { domain: ["fitted line"], range: [[5, 3]] } },
        },
      }]),
      {
        mark: { type: "point", filled: true, size: 40, opacity: 0.75 },
        encoding: { x, y, color, tooltip: [{ field: "series", type: "nominal", title: "series" }, WORKERS_TOOLTIP, { ...y, format: ",.4~g" }] },
      },
    ],
  });
}
