/**
 * The markup of one chart in an exported page: its static image (inline SVG or an `<img>`), an
 * empty place where the page's script draws the interactive chart, and the vega-lite spec as a JSON
 * data block. Without the script (blocked, failed, printed) the static image is what shows.
 * @module
 */
import type { VegaLiteSpec } from "../types.ts";

/** The class of the JSON data block that holds a chart's spec; only the lab writes raw `<script` into a page. */
export const SPEC_CLASS = "parlab-chart-spec";

/**
 * A spec as JSON that is safe inside a `<script type="application/json">` element: `<`, `>` and `&`
 * are written as JSON escapes, so no text in the chart's data can end the element or open a tag.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { specJson } from "./figure.ts";
 *
 * const json = specJson({ title: "</script><img src=x onerror=alert(1)>" });
 * assert.ok(!json.includes("<"));
 * assert.deepEqual(JSON.parse(json), { title: "</script><img src=x onerror=alert(1)>" });
 * ```
 */
export function specJson(spec: VegaLiteSpec): string {
  return JSON.stringify(spec).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A chart as page markup: `staticHtml` (an SVG or image, already safe HTML) shown until the page's
 * script draws the spec in the `.chart-view` beside it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chartFigure } from "./figure.ts";
 *
 * const html = chartFigure({ mark: "point", data: { values: [{ x: 1 }] } }, "<svg></svg>");
 * assert.match(html, /^<figure class="output chart parlab-chart">/);
 * assert.match(html, /<script type="application\/json" class="parlab-chart-spec">\{"mark":"point"/);
 * ```
 */
export function chartFigure(spec: VegaLiteSpec, staticHtml: string): string {
  return `<figure class="output chart parlab-chart"><div class="chart-static">${staticHtml}</div><div class="chart-view"></div>` +
    `<script type="application/json" class="${SPEC_CLASS}">${specJson(spec)}</script></figure>`;
}
