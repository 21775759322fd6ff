/**
 * Readings over the time of a run (CPU use, memory, throughput), to show what the machine was
 * doing while a result was measured.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, finite } from "./base.ts";
import { colorEncoding } from "./palette.ts";

/** One reading of one series at a time since the start. */
export interface TimelineRow {
  /** Milliseconds since the start of the run. */
  tMs: number;
  series: string;
  /** The reading, in the unit `valueTitle` names. */
  value: number;
}

/** Options of {@linkcode timeline}. */
export interface TimelineOptions extends ChartOptions {
  /** Axis title of the readings, with the unit: "CPU use (%)". */
  valueTitle: string;
}

/**
 * Readings over time, one line per series: seconds since the start on x, the reading in the unit
 * of `valueTitle` on y.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { timeline } from "./timeline.ts";
 *
 * const samples = [{ tMs: 0, cpuPercent: 12 }, { tMs: 500, cpuPercent: 97 }];
 * const chart = timeline(samples.map((s) => ({ tMs: s.tMs, series: "machine", value: s.cpuPercent })),
 *   { id: "cpu-use", title: "Machine CPU use", valueTitle: "CPU use (%)" });
 * assert.deepEqual((chart.spec.data as { values: { t: number }[] }).values.map((v) => v.t), [0, 0.5]); // seconds
 * ```
 */
export function timeline(rows: readonly TimelineRow[], opts: TimelineOptions): Chart {
  const values = rows
    .filter((r) => finite(r.tMs, r.value))
    .map((r) => ({ series: r.series, t: r.tMs / 1000, value: r.value }));
  return chart(opts, {
    ...baseSpec(opts, values),
    // Each reading is a point, transparent but hoverable; drag or wheel zooms the time axis.
    mark: { type: "line", strokeWidth: 1.5, point: { size: 20, opacity: 0 } },
    params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
    encoding: {
      tooltip: [
        { field: "series", type: "nominal", title: "series" },
        { field: "t", type: "quantitative", title: "time (s)", format: ",.3~f" },
        { field: "value", type: "quantitative", title: opts.valueTitle, format: ",.4~g" },
      ],
      x: { field: "t", type: "quantitative", title: "time since start (s)" },
      y: { field: "value", type: "quantitative", title: opts.valueTitle },
      color: colorEncoding(values.map((r) => r.series), opts.colors),
    },
  });
}
