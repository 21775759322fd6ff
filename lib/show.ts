/**
 * One `show()` for every place a notebook runs: in tslab it displays a MIME bundle, in Deno's
 * Jupyter kernel it hands the bundle to `Deno.jupyter.display`, and as a script it prints text
 * and, when the notebook is being exported, records the bundle with the cell it came from.
 * A chart's bundle holds its vega-lite spec (interactive where the front end renders vega-lite)
 * and its SVG (everywhere else), so it appears once, never twice.
 * @module
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import process from "node:process";
import { formatWithOptions } from "node:util";
import { denoJupyter, runMode } from "./runtime.ts";
import { escapeHtml, markdownToHtml, VEGALITE_MIME, type MimeBundle } from "./html.ts";
import { renderSvg } from "./render.ts";
import { exitWithParent } from "./drivers/_host/orphan.ts";
import type { Chart } from "./types.ts";
import { labEnv } from "./env.ts";

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
// Script-mode capture for the HTML export. The exporter sets PARLAB_CAPTURE (where to write the
// outputs) and PARLAB_NOTEBOOK (the notebook's path); each output is tied to the notebook line
// that produced it, found in the call stack, so the notebook source stays exactly as written.

/** One recorded output of a notebook run as a script. */
export interface CapturedOutput {
  /** 1-based line of the notebook source that produced the output, or null when not found. */
  line: number | null;
  kind: "display" | "stdout" | "stderr";
  bundle?: MimeBundle;
  text?: string;
}

let captured: CapturedOutput[] | null = null;
let lastLine: number | null = null;

function notebookLine(): number | null {
  const file = labEnv().notebook;
  if (!file) return null;
  const stack = new Error().stack ?? "";
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:(\\d+):\\d+`).exec(stack);
  if (match) lastLine = Number(match[1]);
  // Output from a callback the notebook did not call directly belongs to the last line seen.
  return lastLine;
}

function startCapture(): void {
  const target = labEnv().capture;
  if (!target || captured) return;
  const outputs: CapturedOutput[] = [];
  captured = outputs;
  const methods = [["log", "stdout"], ["info", "stdout"], ["warn", "stderr"], ["error", "stderr"]] as const;
  for (const [method, stream] of methods) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      outputs.push({ line: notebookLine(), kind: stream, text: formatWithOptions({ colors: false }, ...args) + "\n" });
      original(...args);
    };
  }
  const flush = () => fs.writeFileSync(target, JSON.stringify(outputs));
  process.on("exit", flush);
  // Run by the exporter: end with it, even when it was killed outright, rather than measure for no one.
  exitWithParent(() => process.exit(1));
  // Stopped by the exporter (Ctrl-C, SIGTERM, its time limit): keep the outputs so far. Exiting
  // through process.exit runs the exit hooks, which write them and kill the pools' workers.
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.once(signal, () => {
      outputs.push({ line: lastLine, kind: "stderr", text: `stopped by ${signal}\n` });
      process.exit(code);
    });
  }
  // An uncaught error is part of the notebook's output too.
  process.on("uncaughtException", (error) => {
    outputs.push({ line: notebookLine(), kind: "stderr", text: `${error instanceof Error ? error.stack ?? error.message : String(error)}\n` });
    flush();
    process.exit(1);
  });
  process.on("unhandledRejection", (error) => {
    outputs.push({ line: notebookLine(), kind: "stderr", text: `${error instanceof Error ? error.stack ?? error.message : String(error)}\n` });
    flush();
    process.exit(1);
  });
}
startCapture();

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
  if (captured) {
    captured.push({ line: notebookLine(), kind: "display", bundle });
    return;
  }
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
