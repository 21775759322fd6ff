/**
 * Values against payload size on log–log axes: the messaging experiment's picture of how each
 * channel's latency and throughput grow from 64 bytes to megabytes.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, DEFAULT_HEIGHT, DEFAULT_WIDTH, finite, positive } from "./base.ts";
import { colorEncoding } from "./palette.ts";

/** One point of a series against payload size, with an optional CI band. */
export interface SizeSeriesRow {
  series: string;
  /** Panel (small multiple) the point belongs to, e.g. the payload kind; one panel when absent. */
  panel?: string;
  /** Second grouping drawn as the line's dash pattern, e.g. the runtime of an overlaid Result. */
  style?: string;
  /** Payload size in bytes. */
  sizeBytes: number;
  /** The value, in the unit `yTitle` names. */
  y: number;
  lo?: number;
  hi?: number;
}

/** Options of {@linkcode sizeSeries}. */
export interface SizeSeriesOptions extends ChartOptions {
  /** Axis title of the values, with the unit: "round-trip latency (ms)". */
  yTitle: string;
  /** Axis title of the sizes (default "payload size"). */
  xTitle?: string;
  /** Log scale for the values (default true); values ≤ 0 are then left out. */
  logY?: boolean;
  /** Value of a dashed horizontal reference rule, e.g. 1 for a ratio. */
  reference?: number;
  /** Legend title of the dash patterns (default "style"). */
  styleTitle?: string;
}

/** Byte counts as axis labels: 64 B, 4 KiB, 16 MiB. */
const BYTES_LABEL =
  "datum.value >= 1073741824 ? format(datum.value / 1073741824, '~g') + ' GiB' : datum.value >= 1048576 ? format(datum.value / 1048576, '~g') + ' MiB' : datum.value >= 1024 ? format(datum.value / 1024, '~g') + ' KiB' : format(datum.value, '~g') + ' B'";

/**
 * Values against payload size on log–log axes (sizes in bytes, labelled 64 B … 16 MiB at the sizes
 * measured): a line with points per series, a translucent CI band where rows have `lo` and `hi`, one
 * panel per `panel` side by side with a shared y axis, dash patterns per `style` (for overlaying
 * runs), and an optional dashed reference rule.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { sizeSeries } from "./size-series.ts";
 *
 * const chart = sizeSeries([{ series: "thread-clone", panel: "buffer", sizeBytes: 64, y: 0.03, lo: 0.028, hi: 0.033 }],
 *   { id: "latency", title: "Round-trip latency", yTitle: "p50 round trip (ms)" });
 * assert.equal(chart.spec.facet, undefined); // one panel: no small multiples
 * ```
 */
export function sizeSeries(rows: readonly SizeSeriesRow[], opts: SizeSeriesOptions): Chart {
  const logY = opts.logY ?? true;
  const ok = (y: unknown) => finite(y) && (!logY || positive(y as number));
  const kept = rows.filter((r) => finite(r.sizeBytes) && positive(r.sizeBytes) && ok(r.y));
  const values = kept.map((r) => ({
    series: r.series, panel: r.panel ?? "", style: r.style ?? "", x: r.sizeBytes, y: r.y,
    ...(ok(r.lo) && ok(r.hi) ? { lo: r.lo, hi: r.hi } : {}),
  }));
  const panels = [...new Set(values.map((v) => v.panel))];
  const styles = [...new Set(values.map((v) => v.style))];
  const sizes = [...new Set(values.map((v) => v.x))].sort((a, b) => a - b);
  const color = colorEncoding(values.map((v) => v.series), opts.colors);
  const x = {
    field: "x", type: "quantitative", title: opts.xTitle ?? "payload size",
    scale: { type: "log", base: 2, nice: false },
    axis: { values: sizes, labelExpr: BYTES_LABEL, labelAngle: -45, grid: true },
  };
  const y = { type: "quantitative", title: opts.yTitle, scale: logY ? { type: "log", nice: false } : { zero: false } };
  const dash = styles.length > 1
    ? { strokeDash: { field: "style", type: "nominal", title: opts.styleTitle ?? "style", sort: styles } }
    : {};
  const shape = styles.length > 1 ? { shape: { field: "style", type: "nominal", title: opts.styleTitle ?? "style", sort: styles } } : {};
  const layer: object[] = [
    {
      transform: [{ filter: "isValid(datum.lo) && isValid(datum.hi)" }],
      mark: { type: "area", opacity: 0.18 },
      encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color, detail: { field: "style", type: "nominal" } },
    },
    { mark: { type: "line", strokeWidth: 1.6 }, encoding: { x, y: { ...y, field: "y" }, color, ...dash } },
    {
      mark: { type: "point", filled: true, size: 36 },
      encoding: {
        x, y: { ...y, field: "y" }, color, ...shape,
        tooltip: [
          { field: "series", type: "nominal", title: "series" },
          ...(styles.length > 1 ? [{ field: "style", type: "nominal", title: opts.styleTitle ?? "style" }] : []),
          { field: "x", type: "quantitative", title: "size (bytes)", format: "," },
          { field: "y", type: "quantitative", title: opts.yTitle, format: ",.4~g" },
          { field: "lo", type: "quantitative", title: "interval from", format: ",.4~g" },
          { field: "hi", type: "quantitative", title: "interval to", format: ",.4~g" },
        ],
      },
    },
    ...(opts.reference !== undefined && finite(opts.reference)
      ? [{ mark: { type: "rule", color: "#444", strokeDash: [6, 4] }, encoding: { y: { datum: opts.reference, type: "quantitative" } } }]
      : []),
  ];
  const width = opts.width ?? (panels.length > 1 ? 300 : DEFAULT_WIDTH);
  const height = opts.height ?? DEFAULT_HEIGHT;
  const { width: _w, height: _h, ...top } = baseSpec(opts, values);
  const spec = panels.length > 1
    ? { ...top, facet: { column: { field: "panel", type: "nominal", title: null, sort: panels } }, spec: { width, height, layer }, resolve: { scale: { y: "shared" } } }
    : { ...top, width, height, layer };
  return chart(opts, spec);
}
