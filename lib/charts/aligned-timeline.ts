/**
 * Readings aligned on an event: the faults experiment's picture of throughput before, at and after
 * a worker is killed, every trial's clock set to zero at the fault.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, finite } from "./base.ts";
import { colorEncoding } from "./palette.ts";

/** One reading of one series at a time relative to an event (a fault), in milliseconds. */
export interface AlignedRow {
  /** Milliseconds from the event; negative before it. */
  tMs: number;
  series: string;
  /** The reading, in the unit `valueTitle` names. */
  value: number;
}

/** Options of {@linkcode alignedTimeline}. */
export interface AlignedTimelineOptions extends ChartOptions {
  /** Axis title of the readings, with the unit: "throughput (requests/s)". */
  valueTitle: string;
  /** Label of the dashed rule at time 0 (default "fault"). */
  eventLabel?: string;
}

/**
 * Readings around an event, one line per series: seconds from the event on x (negative before it),
 * the reading in the unit of `valueTitle` on y, and a dashed rule where the event happened.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { alignedTimeline } from "./aligned-timeline.ts";
 *
 * const chart = alignedTimeline([{ tMs: -100, series: "cluster-sigkill", value: 900 }, { tMs: 0, series: "cluster-sigkill", value: 420 }],
 *   { id: "timeline", title: "Throughput around the fault", valueTitle: "throughput (requests/s)" });
 * assert.deepEqual((chart.spec.data as { values: { t: number }[] }).values.map((v) => v.t), [-0.1, 0]); // seconds from the fault
 * ```
 */
export function alignedTimeline(rows: readonly AlignedRow[], opts: AlignedTimelineOptions): Chart {
  const values = rows.filter((r) => finite(r.tMs, r.value)).map((r) => ({ series: r.series, t: r.tMs / 1000, value: r.value }));
  const x = { field: "t", type: "quantitative", title: `time from the ${opts.eventLabel ?? "fault"} (s)` };
  const event = { values: [{ t: 0 }] };
  return chart(opts, {
    ...baseSpec(opts, values),
    layer: [
      {
        // Each reading is a point, transparent but hoverable; drag or wheel zooms the time axis.
        mark: { type: "line", strokeWidth: 1.5, interpolate: "step-after", point: { size: 20, opacity: 0 } },
        params: [{ name: "zoom", select: { type: "interval", encodings: ["x"] }, bind: "scales" }],
        encoding: {
          x,
          y: { field: "value", type: "quantitative", title: opts.valueTitle },
          color: colorEncoding(values.map((r) => r.series), opts.colors),
          tooltip: [
            { field: "series", type: "nominal", title: "series" },
            { field: "t", type: "quantitative", title: x.title, format: ",.3~f" },
            { field: "value", type: "quantitative", title: opts.valueTitle, format: ",.4~g" },
          ],
        },
      },
      { data: event, mark: { type: "rule", color: "#444", strokeDash: [6, 4] }, encoding: { x } },
      {
        data: event,
        mark: { type: "text", text: opts.eventLabel ?? "fault", align: "left", baseline: "top", dx: 3, y: 2, color: "#444" },
        encoding: { x },
      },
    ],
  });
}
