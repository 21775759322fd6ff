/**
 * Makes an exported page's charts interactive, offline: on a page that holds charts (see
 * `figure.ts`), adds each chart's data links, the chart styles (print included) and one inline
 * script with vega, vega-lite and vega-embed, under a content security policy that lets only that
 * script run and the page load nothing. A page without charts is returned as it was, with no script.
 * @module
 */
import { chartScript } from "./libraries.ts";
import { dataLinks } from "./data-links.ts";
import { SPEC_CLASS } from "./figure.ts";
import type { VegaLiteSpec } from "../types.ts";

// The spec's JSON never holds "<" (figure.ts escapes it), so the block ends at the first "<".
const SPEC_BLOCK = new RegExp(`<script type="application/json" class="${SPEC_CLASS}">([^<]*)</script>`, "g");

/**
 * Styles of interactive charts: the static image shows until the chart is drawn; printing shows the
 * static image only, with no controls or links, and keeps each chart on one page.
 */
const CSS = `
figure.parlab-chart { margin: 8px 0; overflow-x: auto; }
figure.parlab-chart .chart-static svg, figure.parlab-chart .chart-static img { max-width: 100%; height: auto; }
figure.parlab-chart .chart-view:empty { display: none; }
figure.parlab-chart .chart-view svg { max-width: none; }
figure.parlab-chart.interactive .chart-static { display: none; }
figure.parlab-chart .chart-data { margin: 2px 0 0; font-size: 12px; color: #59636e; }
#vg-tooltip-element { font: 12px/1.4 system-ui, sans-serif; }
@media print {
  figure.parlab-chart { break-inside: avoid; page-break-inside: avoid; overflow: visible; }
  figure.parlab-chart .chart-view, figure.parlab-chart .chart-data, #vg-tooltip-element { display: none !important; }
  figure.parlab-chart .chart-static, figure.parlab-chart.interactive .chart-static { display: block !important; }
  pre, table { break-inside: avoid; }
}
`;

/**
 * The content security policy of a page with charts: only the lab's script runs (by its hash);
 * styles and images come from the page itself; nothing is fetched, framed or submitted.
 */
function policy(scriptHash: string): string {
  return `default-src 'none'; script-src ${scriptHash}; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'`;
}

/** Inserts `text` before (or after) the first match of `anchor`; at the start (or end) of the page without one. */
function insertAt(html: string, anchor: RegExp, text: string, after: boolean): string {
  const m = anchor.exec(html);
  if (!m) return after ? text + html : html + text;
  const at = after ? m.index + m[0].length : m.index;
  return html.slice(0, at) + text + html.slice(at);
}

/** How many charts a page holds (their spec blocks). */
export function chartCount(html: string): number {
  return [...html.matchAll(SPEC_BLOCK)].length;
}

/**
 * The page with its charts made interactive; unchanged when it holds none. Each chart gets its data
 * links; the head gets the security policy (first, before anything that could run) and the styles;
 * the end of the body gets the one script. A spec that does not parse keeps its static image and
 * gets no data links.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { interactivePage } from "./interactive.ts";
 *
 * assert.equal(interactivePage("<html><head></head><body>no chart</body></html>"), "<html><head></head><body>no chart</body></html>");
 * ```
 */
export function interactivePage(html: string): string {
  if (chartCount(html) === 0) return html;
  let index = 0;
  const withLinks = html.replace(SPEC_BLOCK, (block, json: string) => {
    let spec: VegaLiteSpec;
    try {
      spec = JSON.parse(json) as VegaLiteSpec;
    } catch {
      return block;
    }
    return block + dataLinks(spec, index++);
  });
  const { text, hash } = chartScript();
  const head = `\n<meta http-equiv="Content-Security-Policy" content="${policy(hash)}">\n`;
  const withHead = insertAt(insertAt(withLinks, /<head(?:\s[^>]*)?>/i, head, true), /<\/head>/i, `<style>${CSS}</style>\n`, false);
  const lastBody = withHead.toLowerCase().lastIndexOf("</body>");
  const script = `<script>${text}</script>\n`;
  return lastBody < 0 ? withHead + script : withHead.slice(0, lastBody) + script + withHead.slice(lastBody);
}
