/**
 * One `show()` for every place a notebook runs: in tslab it displays a MIME bundle, in Deno's
 * Jupyter kernel it hands the bundle to `Deno.jupyter.display`, and as a script it prints text
 * or, when the exporter captures the run (see `notebook/capture.ts`), records the bundle with the
 * line it came from. Importing it starts nothing.
 * A chart's bundle holds its vega-lite spec (interactive where the front end renders vega-lite)
 * and its SVG (everywhere else), so it appears once, never twice.
 * @module
 */
import { createRequire } from "node:module";
import process from "node:process";
import { denoJupyter, runMode } from "./runtime.ts";
import { escapeHtml, markdownToHtml, VEGALITE_MIME, type MimeBundle } from "./html.ts";
import { captureDisplay } from "./notebook/capture.ts";
import { renderSvg } from "./render.ts";
import type { Chart } from "./types.ts";

/** A table to display: column names and rows of values. */
export interface Table {
  kind: "table";
  title?: string;
  columns: string[];
  rows: unknown[][];
}

/** Markdown text to display. */
export interface Markdown {
  kind: "markdown";
  text: string;
}

/** Anything `show()` can display. */
export type Displayable = Chart | Table | Markdown | string;

/** A table from objects that share keys; the first object's keys are the columns. */
export function table(rows: Array<Record<string, unknown>>, title?: string): Table {
  const columns = rows.length > 0 ? Object.keys(rows[0]!) : [];
  return { kind: "table", title, columns, rows: rows.map((r) => columns.map((c) => r[c])) };
}

/** Markdown to display (rendered with raw HTML escaped). */
export function markdown(text: string): Markdown {
  return { kind: "markdown", text };
}

function isChart(x: unknown): x is Chart {
  return typeof x === "object" && x !== null && "spec" in x && "id" in x;
}

function cellText(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
  return value === undefined || value === null ? "" : String(value);
}

function tableText(t: Table): string {
  const cells = [t.columns, ...t.rows.map((r) => r.map(cellText))];
  const widths = t.columns.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
  const line = (r: unknown[]) => r.map((c, i) => String(c ?? "").padEnd(widths[i]!)).join("  ").trimEnd();
  return [t.title ?? "", line(t.columns), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)]
    .filter((l, i) => i > 0 || l !== "").join("\n");
}

function tableHtml(t: Table): string {
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(cellText(c))}</td>`).join("")}</tr>`).join("\n");
  return `<table>${t.title ? `<caption>${escapeHtml(t.title)}</caption>` : ""}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The MIME bundle of a displayable: charts carry vega-lite + SVG, tables HTML + text, markdown HTML + markdown + text. */
export async function toBundle(x: Displayable): Promise<MimeBundle> {
  if (typeof x === "string") return { "text/plain": x };
  if (isChart(x)) {
    return { [VEGALITE_MIME]: x.spec, "image/svg+xml": await renderSvg(x.spec), "text/plain": `[chart: ${x.title}]` };
  }
  if (x.kind === "table") return { "text/html": tableHtml(x), "text/plain": tableText(x) };
  return { "text/html": markdownToHtml(x.text), "text/markdown": x.text, "text/plain": x.text };
}

// ---------------------------------------------------------------------------------------------
// Kernels.

interface TslabJupyter {
  lastWriteDisplayData?: (data: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void;
}

/** tslab's display writer, found among the modules the kernel has loaded (whichever tslab copy runs it). */
function tslabWriter(): TslabJupyter["lastWriteDisplayData"] | undefined {
  const cache = createRequire(import.meta.url).cache;
  for (const [key, mod] of Object.entries(cache)) {
    if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(key)) {
      const writer = (mod?.exports as TslabJupyter | undefined)?.lastWriteDisplayData;
      if (typeof writer === "function") return writer;
    }
  }
  return undefined;
}

/** Displays a chart, table, markdown or text where the notebook runs. Await it, so outputs stay in order. */
export async function show(x: Displayable): Promise<void> {
  const bundle = await toBundle(x);
  const mode = runMode();
  if (mode === "tslab") {
    const write = tslabWriter();
    if (write) {
      write({ data: bundle, metadata: {}, transient: {} }, false);
      return;
    }
  }
  const jupyter = denoJupyter() as { display?: (b: MimeBundle, o: { raw: boolean }) => Promise<void> } | undefined;
  if (mode === "deno-jupyter" && typeof jupyter?.display === "function") {
    await jupyter.display(bundle, { raw: true });
    return;
  }
  if (captureDisplay(bundle)) return;
  process.stdout.write(`${String(bundle["text/plain"])}\n`);
}

/** A line of text that a run keeps rewriting in place: one updating output in a kernel, stderr lines in a script. */
export interface ProgressLine {
  update(text: string): void;
}

/**
 * Progress for notebooks: in tslab and Deno's kernel one output that is updated in place (so an
 * executed notebook keeps only the last state), in a script a line on stderr per update.
 */
export function progressLine(): ProgressLine {
  const mode = runMode();
  const id = `parlab-progress-${Math.random().toString(36).slice(2)}`;
  let first = true;
  if (mode === "tslab") {
    const write = tslabWriter();
    if (write) {
      return {
        update(text) {
          write({ data: { "text/plain": text }, metadata: {}, transient: { display_id: id } }, !first);
          first = false;
        },
      };
    }
  }
  const jupyter = denoJupyter() as { broadcast?: (type: string, content: object) => Promise<void> } | undefined;
  if (mode === "deno-jupyter" && typeof jupyter?.broadcast === "function") {
    const broadcast = jupyter.broadcast.bind(jupyter);
    return {
      update(text) {
        void broadcast(first ? "display_data" : "update_display_data", { data: { "text/plain": text }, metadata: {}, transient: { display_id: id } });
        first = false;
      },
    };
  }
  return { update: (text) => void process.stderr.write(`${text}\n`) };
}
