/**
 * Runs notebooks headless as scripts (under Node with tsx, or under Deno) and exports each to one
 * self-contained HTML file — prose, code, outputs, charts as inline SVG — plus an index page.
 * No Python, Jupyter or network is needed on this path.
 * @module
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { ENV } from "../env.ts";
import { InputError } from "../errors.ts";
import { bundleToHtml, escapeHtml, htmlPage, markdownToHtml } from "../html.ts";
import { finishNotebookPage } from "../page/exported.ts";
import { writeFileAtomic } from "../results.ts";
import { runtimeInfo } from "../runtime.ts";
import type { Profile } from "../types.ts";
import type { CapturedOutput } from "./capture.ts";
import { cellIndexOfLine, parsePercent, type SourceCell } from "./percent.ts";
import { usedResultsFile, type UsedResult } from "./context.ts";
import { cellAnchors, cellId } from "../site/anchors.ts";
import { withoutMachinePaths } from "../site/paths.ts";
import { frontPageFromRuns, runBanner } from "../site/from-runs.ts";

/** Which runtime executes a notebook script. */
export type ScriptRuntime = "node" | "deno";

/** Options of a headless notebook run. */
export interface NotebookRunOptions {
  profile: Profile;
  runtime?: ScriptRuntime;
  /** `key=value` parameter overrides, passed as PARLAB_SET. */
  set?: string[];
  /** Kill the run after this long, in milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Extra environment for the notebook. */
  env?: Record<string, string>;
}

/** A notebook run headless: its cells with their outputs, and how it ended. */
export interface NotebookRun {
  file: string;
  title: string;
  cells: Array<SourceCell & { outputs: CapturedOutput[] }>;
  /** Outputs that could not be tied to a cell. */
  orphans: CapturedOutput[];
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  ok: boolean;
  /** The Results the run used (saved or loaded through `runOrLoad`), in order. */
  results: UsedResult[];
}

/** Lists the notebook sources (NN-name.ts) in a folder, in order. */
export function listNotebooks(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    throw new InputError(dir, "no such notebooks folder; give the folder that holds NN-name.ts notebook sources");
  }
  return names.filter((n) => /^\d+-[\w-]+\.ts$/.test(n)).sort().map((n) => path.join(dir, n));
}

/** Picks notebooks by name ("01-scaling", "01-scaling.ts", "scaling" or "01"). */
export function selectNotebooks(all: string[], names: string[]): string[] {
  if (names.length === 0) return all;
  return names.map((name) => {
    const stem = name.replace(/\.(ts|ipynb)$/, "");
    const hit = all.find((f) => {
      const base = path.basename(f, ".ts");
      return base === stem || base.replace(/^\d+-/, "") === stem || base.split("-")[0] === stem;
    });
    if (!hit) throw new InputError(name, `no such notebook; available: ${all.map((f) => path.basename(f, ".ts")).join(", ")}`);
    return hit;
  });
}

/** The first markdown heading of a notebook, or its file name. */
export function notebookTitle(cells: readonly SourceCell[], file: string): string {
  for (const c of cells) {
    const m = c.type === "markdown" ? /^#\s+(.+)$/m.exec(c.source) : null;
    if (m) return m[1]!.trim();
  }
  return path.basename(file, ".ts");
}

/** The deno binary: the project's own (npm package `deno`) if installed, else the one on PATH. */
export function findDeno(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "node_modules", ".bin", "deno");
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return "deno";
    dir = parent;
  }
}

// The capture starter of the tree this module runs from (source or compiled), like a driver's entries.
const CAPTURE_STARTER = new URL(`./entry-capture${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url);

/** The command that runs a notebook script with its output capture started before its first line. */
function scriptCommand(runtime: ScriptRuntime, file: string): { command: string; args: string[] } {
  if (runtime === "deno") {
    return { command: findDeno(), args: ["run", "-A", "--preload", fileURLToPath(CAPTURE_STARTER), file] };
  }
  // tsx runs the TypeScript source on every Node version we support (20.19+); it loads first, so a
  // starter taken from the TypeScript source loads too.
  return { command: process.execPath, args: ["--import", import.meta.resolve("tsx"), "--import", CAPTURE_STARTER.href, file] };
}

/** Runs one notebook as a script with its outputs captured per cell. Never throws for a failing notebook. */
export async function runNotebook(file: string, options: NotebookRunOptions): Promise<NotebookRun> {
  const abs = path.resolve(file);
  const cells = parsePercent(fs.readFileSync(abs, "utf8"));
  const captureFile = path.join(os.tmpdir(), `parlab-capture-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  const { command, args } = scriptCommand(options.runtime ?? "node", abs);
  const t0 = performance.now();
  const child = spawn(command, args, {
    cwd: path.dirname(abs),
    env: {
      ...process.env,
      ...options.env,
      [ENV.capture]: captureFile,
      [ENV.notebook]: abs,
      [ENV.profile]: options.profile,
      [ENV.set]: (options.set ?? []).join(";"),
    },
    // stdout is captured through the capture file; stderr carries progress for whoever watches.
    stdio: ["ignore", "ignore", "inherit"],
  });
  const kill = () => child.kill("SIGTERM");
  options.signal?.addEventListener("abort", kill, { once: true });
  const timer = options.timeoutMs ? setTimeout(kill, options.timeoutMs) : undefined;
  const [exitCode, signal] = await new Promise<[number | null, string | null]>((resolve) => {
    child.once("error", (error) => {
      fs.writeFileSync(captureFile, JSON.stringify([{ line: null, kind: "stderr", text: `could not start ${command}: ${error.message}\n` }]));
      resolve([127, null]);
    });
    child.once("exit", (code, sig) => resolve([code, sig]));
  });
  clearTimeout(timer);
  options.signal?.removeEventListener("abort", kill);
  let outputs: CapturedOutput[] = [];
  try {
    outputs = JSON.parse(fs.readFileSync(captureFile, "utf8")) as CapturedOutput[];
  } catch {
    outputs = [{ line: null, kind: "stderr", text: `the notebook ended (code ${exitCode}, signal ${signal}) before writing its outputs\n` }];
  } finally {
    fs.rmSync(captureFile, { force: true });
  }
  let results: UsedResult[] = [];
  try {
    results = JSON.parse(fs.readFileSync(usedResultsFile(captureFile), "utf8")) as UsedResult[];
  } catch {
    // The notebook used no Result (or ended before its first was saved).
  } finally {
    fs.rmSync(usedResultsFile(captureFile), { force: true });
  }
  const withOutputs = cells.map((c) => ({ ...c, outputs: [] as CapturedOutput[] }));
  const orphans: CapturedOutput[] = [];
  for (const o of outputs) {
    const i = o.line === null ? -1 : cellIndexOfLine(cells, o.line);
    if (i >= 0 && withOutputs[i]!.type === "code") withOutputs[i]!.outputs.push(o);
    else orphans.push(o);
  }
  return {
    file: abs,
    title: notebookTitle(cells, abs),
    cells: withOutputs,
    orphans,
    exitCode,
    signal,
    durationMs: performance.now() - t0,
    ok: exitCode === 0,
    results,
  };
}

function outputsHtml(outputs: readonly CapturedOutput[]): string {
  let html = "";
  let stream: { kind: string; text: string } | null = null;
  const flush = () => {
    if (stream) html += `<pre class="output ${stream.kind === "stderr" ? "stderr" : "text"}">${escapeHtml(stream.text)}</pre>\n`;
    stream = null;
  };
  for (const o of outputs) {
    if (o.kind === "display" && o.bundle) {
      flush();
      html += bundleToHtml(o.bundle) + "\n";
    } else if (o.text !== undefined) {
      if (stream && stream.kind !== o.kind) flush();
      stream ??= { kind: o.kind, text: "" };
      stream.text += o.text;
    }
  }
  flush();
  return html;
}

/**
 * The self-contained HTML page of a notebook run. Every cell has an id (`cell-N`) and the names of
 * site/anchors.ts (`claims`, `chart-<id>`, its tags), so that other pages can link to it; `banner`
 * (HTML) heads the page, e.g. where the Result it shows was measured. No absolute path of this
 * machine is left in the page.
 */
export function notebookHtml(run: NotebookRun, meta: { profile: Profile; runtime: ScriptRuntime; banner?: string; unexecuted?: boolean }): string {
  const anchors = cellAnchors(run.cells);
  const body = run.cells.map((c, i) => {
    const names = anchors[i]!.map((n) => `<a id="${escapeHtml(n)}"></a>`).join("");
    return c.type === "markdown"
      ? `<section id="${cellId(i)}" class="cell markdown">${names}${markdownToHtml(c.source)}</section>`
      : `<section id="${cellId(i)}" class="cell code">${names}<pre class="source"><code>${escapeHtml(c.source)}</code></pre>\n${outputsHtml(c.outputs)}</section>`;
  }).join("\n");
  const rt = runtimeInfo();
  const status = meta.unexecuted
    ? `<p class="meta">Not executed: code and prose only.</p>`
    : run.ok
    ? `<p class="meta status-ok">Ran to completion in ${(run.durationMs / 1000).toFixed(1)} s.</p>`
    : `<p class="meta status-failed">The notebook failed (exit code ${run.exitCode}${run.signal ? `, signal ${escapeHtml(run.signal)}` : ""}); outputs up to the failure are kept below.</p>`;
  const footer = meta.unexecuted ? `Source: ${escapeHtml(path.basename(run.file))}, shown unexecuted.` : `Run headless as a ${escapeHtml(meta.runtime)} script at the ${escapeHtml(meta.profile)} profile on ${escapeHtml(new Date().toISOString())}` +
    ` (exporter: ${escapeHtml(rt.name)} ${escapeHtml(rt.version)}, ${os.availableParallelism?.() ?? os.cpus().length} cores). Source: ${escapeHtml(path.basename(run.file))}.`;
  const banner = meta.banner ? `<p class="meta measured">${meta.banner}</p>\n` : "";
  return withoutMachinePaths(htmlPage(run.title, `${banner}${status}\n${body}\n${run.orphans.length ? `<section class="cell">${outputsHtml(run.orphans)}</section>` : ""}`, footer));
}

/**
 * Runs notebooks and writes `<out>/<name>.html` for each plus `<out>/index.html`: the lab's front
 * page, whose claims table is computed from the Results these runs measured.
 */
export async function exportNotebooks(
  files: string[],
  outDir: string,
  options: NotebookRunOptions & { onStart?: (file: string) => void; onDone?: (run: NotebookRun) => void },
): Promise<NotebookRun[]> {
  const runs: Array<{ run: NotebookRun; href: string }> = [];
  for (const file of files) {
    if (options.signal?.aborted) break;
    options.onStart?.(file);
    const run = await runNotebook(file, options);
    const href = `${path.basename(file, ".ts")}.html`;
    writeFileAtomic(path.join(outDir, href), finishNotebookPage(notebookHtml(run, { profile: options.profile, runtime: options.runtime ?? "node", banner: runBanner(run) }), outDir, file));
    runs.push({ run, href });
    options.onDone?.(run);
  }
  writeFileAtomic(path.join(outDir, "index.html"), frontPageFromRuns(runs));
  return runs.map((r) => r.run);
}
