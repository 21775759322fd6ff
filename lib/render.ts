/**
 * Renders vega-lite charts to self-contained SVG text, headless, in Node and in Deno.
 *
 * No canvas package is needed: without one, vega estimates text widths from character
 * counts, which also keeps the output the same on every machine that lacks one.
 * @module
 */

// Namespace imports of the packages' CommonJS builds: Node's ESM loader exposes their
// named exports (tested with Node 20 and Deno 2), where a default import would tie us
// to each runtime's CJS-interop rules.
import * as vl from "vega-lite";
import * as vega from "vega";
import type { VegaLiteSpec } from "./types.ts";

/** Options of {@linkcode renderSvg}. */
export interface RenderOptions {
  /** Receives every warning vega-lite (compiling) or vega (running) emits; warnings are dropped without it. */
  onWarning?: (message: string) => void;
}

/** A vega-lite spec compiled to vega, with the warnings the compiler emitted. */
export interface CompiledSpec {
  /** The vega spec, ready for `vega.parse`. */
  vega: Record<string, unknown>;
  warnings: string[];
}

type CompileOptions = NonNullable<Parameters<typeof vl.compile>[1]>;
type Logger = NonNullable<CompileOptions["logger"]>;

/**
 * A vega logger that hands warnings to `onWarning` and errors to `onError`, so nothing reaches the
 * console. Errors are collected rather than thrown because vega logs and swallows dataflow errors
 * inside its async run, which would otherwise yield a silently incomplete chart.
 */
function collectingLogger(onWarning: (message: string) => void, onError: (message: string) => void): Logger {
  let level: number = vega.Warn;
  const text = (args: readonly unknown[]) => args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ");
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      onError(text(args));
      return logger;
    },
    warn(...args: readonly unknown[]) {
      if (level >= vega.Warn) onWarning(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as unknown as Logger;
}

/**
 * Compiles a vega-lite spec to a vega spec and collects the compiler's warnings.
 * The input is cloned first, so the caller's spec and data are never mutated.
 *
 * @example
 * ```ts
 * const { vega, warnings } = compileVegaLite(chart.spec);
 * ```
 */
export function compileVegaLite(spec: VegaLiteSpec): CompiledSpec {
  const warnings: string[] = [];
  const errors: string[] = [];
  const input = structuredClone(spec) as unknown as Parameters<typeof vl.compile>[0];
  const logger = collectingLogger((m) => warnings.push(m), (m) => errors.push(m));
  const { spec: compiled } = vl.compile(input, { logger });
  if (errors.length > 0) throw new Error(`vega-lite: ${errors.join("; ")}`);
  return { vega: compiled as unknown as Record<string, unknown>, warnings };
}

/**
 * A loader that refuses every URL and notes it in `refused`, so that a spec can never reach the
 * network or the file system. Vega only warns when a load fails, hence the note.
 */
function refusingLoader(refused: string[]): vega.Loader {
  const refuse = (uri: string) => {
    refused.push(uri);
    return Promise.reject(new Error(`refused to load ${uri}`));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/**
 * Vega numbers clip paths and gradients from process-wide counters, so the second render of a
 * chart would name them differently; renumbering by first appearance makes the output repeatable.
 */
function renumberDefIds(svg: string): string {
  const ids = new Map<string, string>();
  const rename = (id: string) => {
    let next = ids.get(id);
    if (next === undefined) {
      const prefix = id.replace(/\d+$/, "");
      next = `${prefix}${[...ids.keys()].filter((k) => k.replace(/\d+$/, "") === prefix).length + 1}`;
      ids.set(id, next);
    }
    return next;
  };
  return svg.replace(
    /(id="|url\(#)((?:clip|gradient_|p_gradient_)\d+)(?=[")])/g,
    (_match, lead: string, id: string) => lead + rename(id),
  );
}

/** Vega's warning that an event stream's source (the window, the document) does not exist headless. */
const HEADLESS_EVENT_WARNING = /^Can not resolve event source: (window|document)$/;

/**
 * Renders a vega-lite spec to an SVG document (a string starting with `<svg`), sized in CSS pixels.
 * The SVG is self-contained (inline data, generic font families, no external hrefs) and the same
 * string comes back for the same spec on every call.
 *
 * @throws {Error} when vega-lite or vega reports an error, or the spec asks to load data or images
 * from a URL or file (charts carry their data inline).
 *
 * @example
 * ```ts
 * const svg = await renderSvg(speedup(rows, { id: "cpu", title: "CPU-bound speedup" }).spec);
 * await Deno.writeTextFile("cpu.svg", svg);
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec, options: RenderOptions = {}): Promise<string> {
  const report = options.onWarning ?? (() => {});
  // Interactive charts (zoom, selections) listen on the window, which a headless render has not;
  // a static image needs no events, so that warning says nothing about the SVG.
  const onWarning = (message: string) => {
    if (!HEADLESS_EVENT_WARNING.test(message)) report(message);
  };
  const { vega: compiled, warnings } = compileVegaLite(spec);
  warnings.forEach((w) => onWarning(w));
  const errors: string[] = [];
  const refused: string[] = [];
  const view = new vega.View(vega.parse(compiled as vega.Spec), {
    renderer: "none",
    loader: refusingLoader(refused),
    logger: collectingLogger(onWarning, (m) => errors.push(m)) as unknown as vega.ViewOptions["logger"],
    logLevel: vega.Warn,
  });
  try {
    const svg = await view.toSVG();
    if (refused.length > 0) throw new Error(`charts take inline data only; refused to load ${refused.join(", ")}`);
    if (errors.length > 0) throw new Error(`vega: ${errors.join("; ")}`);
    return renumberDefIds(svg);
  } finally {
    view.finalize();
  }
}

/**
 * Wraps an SVG document in a `data:` URI, for an `<img src>` in HTML reports or notebook output.
 *
 * @example
 * ```ts
 * const html = `<img alt="speedup" src="${svgToDataUri(svg)}">`;
 * ```
 */
export function svgToDataUri(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
