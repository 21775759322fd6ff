/**
 * HTML building blocks shared by the notebook export and the Result report: escaping, markdown,
 * MIME bundles to HTML, and a self-contained page (inline CSS, nothing fetched). Pages with charts
 * get their one script from `page/interactive.ts`.
 * @module
 */
import MarkdownIt from "markdown-it";
import { chartFigure } from "./page/figure.ts";
import type { VegaLiteSpec } from "./types.ts";

// html: false makes markdown-it escape any raw HTML in prose, so text from parameters or errors cannot inject markup.
const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Escapes text for HTML content and attribute values. Takes any value: Result files can hold a number where text was expected, and the reverse. */
export function escapeHtml(text: unknown): string {
  return md.utils.escapeHtml(String(text));
}

/** Renders markdown to HTML with raw HTML escaped. */
export function markdownToHtml(text: string): string {
  return md.render(text);
}

/** A Jupyter-style MIME bundle: MIME type → content. */
export type MimeBundle = Record<string, unknown>;

/** The MIME type of vega-lite 5 specs, as JupyterLab renders them. */
export const VEGALITE_MIME = "application/vnd.vegalite.v5+json";

/**
 * Renders a bundle: a chart (vega-lite spec and SVG) as a figure that a page's script can draw
 * interactively (the SVG stays as its fallback, see `page/interactive.ts`); otherwise the richest
 * static part: SVG, then HTML, then markdown, then text.
 */
export function bundleToHtml(bundle: MimeBundle): string {
  const svg = bundle["image/svg+xml"];
  const spec = bundle[VEGALITE_MIME];
  if (typeof svg === "string" && typeof spec === "object" && spec !== null && !Array.isArray(spec)) return chartFigure(spec as VegaLiteSpec, svg);
  if (typeof svg === "string") return `<div class="output chart">${svg}</div>`;
  const html = bundle["text/html"];
  if (typeof html === "string") return `<div class="output html">${html}</div>`;
  const markdown = bundle["text/markdown"];
  if (typeof markdown === "string") return `<div class="output markdown">${markdownToHtml(markdown)}</div>`;
  const text = bundle["text/plain"];
  return `<pre class="output text">${escapeHtml(typeof text === "string" ? text : JSON.stringify(text))}</pre>`;
}

const CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-code: #f6f8fa; --err: #b42318; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 980px; padding: 24px 20px 64px; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); }
h1, h2, h3 { line-height: 1.25; }
a { color: #0969da; }
pre, code { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
pre { background: var(--bg-code); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; white-space: pre-wrap; }
.cell { margin: 14px 0; }
.cell.code > pre.source { border-left: 3px solid #0969da; }
.output { margin: 8px 0; overflow-x: auto; }
pre.output.text { background: #fff; }
pre.output.stderr { background: #fff5f5; border-color: #f3c4c4; }
pre.output.error { background: #fff5f5; border-color: var(--err); color: var(--err); }
.output.chart svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; margin: 8px 0; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: right; }
th:first-child, td:first-child { text-align: left; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
footer, .meta { color: var(--muted); font-size: 13px; }
.status-ok { color: #1a7f37; } .status-failed { color: var(--err); }
`;

/** A complete, self-contained HTML page: inline CSS, no scripts, no external resources (`page/interactive.ts` adds the one script of a page with charts). */
export function htmlPage(title: string, body: string, footer = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
${footer ? `<footer>${footer}</footer>` : ""}
</body>
</html>
`;
}
