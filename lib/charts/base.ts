/**
 * What every chart of the lab shares: the vega-lite schema, default sizes, the options each
 * builder takes, the top of every spec (title, size, inline data, font), and charts keyed by id.
 * Specs carry their data inline, so a chart renders offline and can be saved as JSON beside its Result.
 * @module
 */
import type { Chart, Charts, VegaLiteSpec } from "../types.ts";

/**
 * The vega-lite schema every spec declares (vega-lite v5).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VEGA_LITE_SCHEMA } from "./base.ts";
 *
 * assert.match(VEGA_LITE_SCHEMA, /vega-lite\/v5\.json$/);
 * ```
 */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/**
 * Default plot width, in CSS pixels.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_WIDTH } from "./base.ts";
 * import { timeline } from "./timeline.ts";
 *
 * assert.equal(timeline([], { id: "t", title: "t", valueTitle: "%" }).spec.width, DEFAULT_WIDTH);
 * ```
 */
export const DEFAULT_WIDTH = 480;
/**
 * Default plot height, in CSS pixels.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_HEIGHT } from "./base.ts";
 * import { timeline } from "./timeline.ts";
 *
 * assert.equal(timeline([], { id: "t", title: "t", valueTitle: "%" }).spec.height, DEFAULT_HEIGHT);
 * assert.equal(timeline([], { id: "t", title: "t", valueTitle: "%", height: 200 }).spec.height, 200);
 * ```
 */
export const DEFAULT_HEIGHT = 300;

/**
 * Options every builder takes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ChartOptions } from "./base.ts";
 * import { timeline } from "./timeline.ts";
 *
 * const opts: ChartOptions = { id: "cpu", title: "CPU use", colors: { machine: "#000000" }, width: 640 };
 * assert.equal(timeline([], { ...opts, valueTitle: "CPU use (%)" }).spec.width, 640);
 * ```
 */
export interface ChartOptions {
  /** Names the chart's files; letters, digits, `-` and `_` are safest. */
  id: string;
  /** Shown above the plot; any text (it is escaped when rendered). */
  title: string;
  /** Colour per series name, overriding `SERIES_COLORS` and the fallback palette. */
  colors?: Record<string, string>;
  /** Plot width in CSS pixels (default 480). */
  width?: number;
  /** Plot height in CSS pixels (default 300; the distribution grows with its conditions). */
  height?: number;
}

/**
 * The top of a spec: schema, title, size in CSS pixels, the inline data, and the lab's font and frame.
 *
 * @param height Height in CSS pixels when the options give none.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { baseSpec } from "./base.ts";
 *
 * const spec = baseSpec({ id: "x", title: "Wall time" }, [{ value: 1 }], 120);
 * assert.deepEqual([spec.width, spec.height, spec.data], [480, 120, { values: [{ value: 1 }] }]);
 * ```
 */
export function baseSpec(opts: ChartOptions, values: object[], height = DEFAULT_HEIGHT): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: opts.title, anchor: "start" },
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? height,
    data: { values },
    config: { font: "sans-serif", view: { stroke: "#ddd" } },
  };
}

/**
 * A {@linkcode Chart} of the spec under the options' id and title.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chart } from "./base.ts";
 *
 * assert.deepEqual(chart({ id: "x", title: "T" }, { mark: "point" }), { id: "x", title: "T", spec: { mark: "point" } });
 * ```
 */
export function chart(opts: ChartOptions, spec: VegaLiteSpec): Chart {
  return { id: opts.id, title: opts.title, spec };
}

/**
 * True when every argument is a finite number: rows with NaN, ±Infinity or a missing value are left out of a chart.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { finite } from "./base.ts";
 *
 * assert.equal(finite(1, 2.5), true);
 * assert.equal(finite(1, undefined), false);
 * assert.equal(finite(Infinity), false);
 * ```
 */
export const finite = (...xs: unknown[]): boolean => xs.every((x) => typeof x === "number" && Number.isFinite(x));

/**
 * True for values a log scale can show.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { positive } from "./base.ts";
 *
 * assert.deepEqual([1, 0, -1].map(positive), [true, false, false]);
 * ```
 */
export const positive = (x: number): boolean => x > 0;

/**
 * Charts keyed by their ids, in the order given; two charts with one id are a programming error.
 *
 * @throws {Error} When two charts share an id.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { byId } from "./base.ts";
 * import { timeline } from "./timeline.ts";
 *
 * const cpu = timeline([], { id: "cpu", title: "CPU use", valueTitle: "CPU use (%)" });
 * assert.deepEqual(Object.keys(byId([cpu])), ["cpu"]);
 * assert.throws(() => byId([cpu, cpu]), /two charts share the id "cpu"/);
 * ```
 */
export function byId(list: readonly Chart[]): Charts {
  const out: Record<string, Chart> = {};
  for (const chart of list) {
    if (chart.id in out) throw new Error(`two charts share the id "${chart.id}"`);
    out[chart.id] = chart;
  }
  return out;
}
