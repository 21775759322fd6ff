/**
 * A chart's data for download: its inline values as CSV and as JSON, each in a `data:` link, so a
 * reader can take the numbers behind a chart from the page alone.
 * @module
 */
import { escapeHtml } from "../html.ts";
import type { VegaLiteSpec } from "../types.ts";

type Row = Record<string, unknown>;

const isRows = (x: unknown): x is Row[] => Array.isArray(x) && x.every((r) => typeof r === "object" && r !== null && !Array.isArray(r));

/**
 * The rows a chart plots: the spec's top-level inline data, else the first layer's, else none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chartRows } from "./data-links.ts";
 *
 * assert.deepEqual(chartRows({ data: { values: [{ a: 1 }] } }), [{ a: 1 }]);
 * assert.deepEqual(chartRows({ layer: [{ mark: "rule" }, { data: { values: [{ b: 2 }] } }] }), [{ b: 2 }]);
 * assert.deepEqual(chartRows({ mark: "point" }), []);
 * ```
 */
export function chartRows(spec: VegaLiteSpec): Row[] {
  const candidates = [spec, ...(Array.isArray(spec.layer) ? spec.layer as VegaLiteSpec[] : [])];
  for (const s of candidates) {
    const values = (s?.data as { values?: unknown } | undefined)?.values;
    if (isRows(values)) return values;
  }
  return [];
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: unknown): string {
  const text = value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows as CSV: a header of every key in order of first appearance, then one line per row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rowsToCsv } from "./data-links.ts";
 *
 * assert.equal(rowsToCsv([{ condition: "a, b", value: 1 }, { value: 2, note: 'say "hi"' }]),
 *   'condition,value,note\n"a, b",1,\n,2,"say ""hi"""\n');
 * ```
 */
export function rowsToCsv(rows: readonly Row[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return [columns.map(csvField).join(","), ...rows.map((r) => columns.map((c) => csvField(r[c])).join(","))].join("\n") + "\n";
}

/** UTF-8 text as base64, in Node and in Deno alike. */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A name for downloaded files from a chart's title: lower case letters, digits and dashes. */
function fileStem(spec: VegaLiteSpec, index: number): string {
  const title = spec.title as string | { text?: unknown } | undefined;
  const text = typeof title === "string" ? title : typeof title?.text === "string" ? title.text : "";
  const slug = text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 48);
  return `chart-${index + 1}${slug ? `-${slug}` : ""}`;
}

/**
 * The data links of a chart: CSV and JSON of its rows as `data:` URIs, with download names.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dataLinks } from "./data-links.ts";
 *
 * const html = dataLinks({ title: "Wall time", data: { values: [{ value: 1 }] } }, 0);
 * assert.match(html, /download="chart-1-wall-time\.csv" href="data:text\/csv;charset=utf-8;base64,dmFsdWUKMQo="/);
 * ```
 */
export function dataLinks(spec: VegaLiteSpec, index: number): string {
  const rows = chartRows(spec);
  const stem = fileStem(spec, index);
  // Base64 adds a third; percent-encoding would triple JSON's quotes and braces.
  const csv = `data:text/csv;charset=utf-8;base64,${base64(rowsToCsv(rows))}`;
  const json = `data:application/json;charset=utf-8;base64,${base64(JSON.stringify(rows))}`;
  return `<p class="chart-data">Data (${rows.length} rows): <a download="${stem}.csv" href="${escapeHtml(csv)}">CSV</a> · ` +
    `<a download="${stem}.json" href="${escapeHtml(json)}">JSON</a></p>`;
}
