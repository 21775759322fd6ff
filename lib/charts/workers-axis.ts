/**
 * The worker-count axis shared by the speedup, efficiency and per-worker charts: whole numbers
 * from 1, a dotted rule at the machine's core count (past it, workers share cores), and per-series
 * lines with CI bars.
 * @module
 */
import { finite } from "./base.ts";

/**
 * Axis of worker counts: whole numbers only.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WORKERS_AXIS } from "./workers-axis.ts";
 *
 * assert.equal(WORKERS_AXIS.format, "d"); // no "2.5 workers" tick
 * ```
 */
export const WORKERS_AXIS = { title: "workers (count)", tickMinStep: 1, format: "d" };
/**
 * The x encoding of worker counts. They start at 1, so a zero on the axis would only waste space.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WORKERS_X } from "./workers-axis.ts";
 *
 * assert.deepEqual(WORKERS_X.scale, { zero: false });
 * ```
 */
export const WORKERS_X = { field: "workers", type: "quantitative", axis: WORKERS_AXIS, scale: { zero: false } };

/**
 * The worker count as a tooltip entry.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WORKERS_TOOLTIP } from "./workers-axis.ts";
 *
 * assert.deepEqual(WORKERS_TOOLTIP, { field: "workers", type: "quantitative", title: "workers" });
 * ```
 */
export const WORKERS_TOOLTIP = { field: "workers", type: "quantitative", title: "workers" };

/**
 * The span of worker counts to draw, from at most 1 to the largest count or the core count.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { workerRange } from "./workers-axis.ts";
 *
 * assert.deepEqual(workerRange([2, 4], 8), [1, 8]);
 * assert.deepEqual(workerRange([]), [1, 1]);
 * ```
 */
export function workerRange(xs: readonly number[], cores?: number): [number, number] {
  const all = [...xs, ...(cores !== undefined && finite(cores) ? [cores] : [])];
  return all.length === 0 ? [1, 1] : [Math.min(1, ...all), Math.max(...all)];
}

/**
 * Layers of a labelled vertical rule at `cores`, or none; the label sits at the bottom, where
 * curves rising from 1 worker rarely are.
 *
 * @param height Plot height in CSS pixels, where the label goes.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { coresLayers } from "./workers-axis.ts";
 *
 * assert.equal(coresLayers(8, 300).length, 2); // the rule and its label
 * assert.deepEqual(coresLayers(undefined, 300), []);
 * ```
 */
export function coresLayers(cores: number | undefined, height: number): object[] {
  if (cores === undefined || !finite(cores)) return [];
  const data = { values: [{ cores }] };
  const x = { field: "cores", type: "quantitative" };
  return [
    { data, mark: { type: "rule", color: "#555", strokeDash: [2, 3] }, encoding: { x } },
    {
      data,
      mark: { type: "text", text: "cores", align: "left", baseline: "bottom", dx: 4, dy: -4, color: "#555" },
      encoding: { x, y: { value: height } },
    },
  ];
}

/**
 * Layers of CI bars (from the rows' `lo` and `hi`), a line and points per series, for a measure
 * `field` on the y axis against the worker count.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seriesLayers } from "./workers-axis.ts";
 *
 * assert.equal(seriesLayers("speedup", { type: "quantitative" }, { field: "series" }).length, 2);
 * ```
 */
export function seriesLayers(field: string, y: object, color: object): object[] {
  const x = WORKERS_X;
  return [
    {
      mark: { type: "errorbar", ticks: { size: 8 } },
      encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
    },
    {
      mark: { type: "line", point: { filled: true, size: 45 } },
      encoding: {
        x, y: { ...y, field }, color,
        tooltip: [
          { field: "series", type: "nominal", title: "series" },
          WORKERS_TOOLTIP,
          { field, type: "quantitative", title: (y as { title?: unknown }).title ?? field, format: ",.4~g" },
          { field: "lo", type: "quantitative", title: "interval from", format: ",.4~g" },
          { field: "hi", type: "quantitative", title: "interval to", format: ",.4~g" },
        ],
      },
    },
  ];
}
