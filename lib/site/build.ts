/**
 * `parlab site`: every notebook page and the claims front page, built from saved Results without
 * measuring. Each notebook whose experiment has a saved Result in the folder runs as a script with
 * PARLAB_RESULT naming it, so `runOrLoad` loads and re-analyses it instead of measuring; pages are
 * built two at a time. With `refresh`, the notebooks whose Result is stale (its measuring source
 * has changed, see provenance.ts) are first re-measured one at a time, at the Result's profile,
 * into the same folder, and their pages are built from the new Result.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { ENV } from "../env.ts";
import { EXPERIMENTS } from "../experiments/index.ts";
import { escapeHtml, htmlPage } from "../html.ts";
import { notebookHtml, notebookTitle, runNotebook, type NotebookRun, type ScriptRuntime } from "../notebook/export.ts";
import { parsePercent } from "../notebook/percent.ts";
import { finishNotebookPage } from "../page/exported.ts";
import { writeFileAtomic } from "../results.ts";
import { claimRows } from "./claims.ts";
import { measuresOwnWorkload, notebookExperiments } from "./notebooks.ts";
import { measuredLine, pickEvidence, readEvidence, type Evidence } from "./evidence.ts";
import { frontPageHtml, type PageEntry } from "./front-page.ts";
import { projectPath, withoutMachinePaths } from "./paths.ts";

/** Options of a site build. */
export interface SiteOptions {
  /** Notebook sources to build (NN-name.ts), in order. */
  notebooks: string[];
  /** The folder of saved Results. */
  from: string;
  /** The folder the pages are written to (it exists and is writable). */
  out: string;
  refresh?: boolean;
  runtime?: ScriptRuntime;
  /** Pages built at once (each runs a notebook script); default 2. */
  concurrency?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  say?: (line: string) => void;
}

/** One notebook of the site: the Result its page rests on and how its page came about. */
export interface SitePage extends PageEntry {
  file: string;
  experiment: string | null;
  evidence: Evidence | null;
  /** True when this build measured (only with refresh, only a stale Result). */
  measured: boolean;
  /** True when a build that was to load a Result found the notebook measuring instead. */
  measuredUnasked: boolean;
}

/** What a site build wrote. */
export interface SiteBuild {
  pages: SitePage[];
  index: string;
  /** Notebooks re-measured by `refresh`. */
  refreshed: string[];
}

/** Runs `tasks` with at most `limit` at a time; resolves with their results in order. */
async function pooled<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return out;
}

function placeholderPage(title: string, text: string): string {
  return withoutMachinePaths(htmlPage(title, `<h1>${escapeHtml(title)}</h1>\n<p class="meta status-failed">${escapeHtml(text)}</p>`));
}

/** Builds the site: re-measures stale notebooks when asked, writes every page and the front page. */
export async function buildSite(options: SiteOptions): Promise<SiteBuild> {
  const say = options.say ?? (() => {});
  const runtime = options.runtime ?? "node";
  const shownFrom = projectPath(options.from);
  let folder = readEvidence(options.from);
  for (const u of folder.unreadable) say(`skipped ${u.shown}: ${u.reason}`);
  const plans = options.notebooks.map((file) => {
    const source = fs.readFileSync(file, "utf8");
    const experiments = notebookExperiments(source);
    return { file, name: path.basename(file, ".ts"), title: notebookTitle(parsePercent(source), file), experiments, cells: parsePercent(source), ownWorkload: measuresOwnWorkload(source) };
  });

  // Re-measure stale notebooks first, one at a time: measuring shares the cores with nothing else of ours.
  const refreshed: string[] = [];
  if (options.refresh) {
    for (const plan of plans) {
      const evidence = plan.experiments.length === 1 ? pickEvidence(folder.entries, plan.experiments[0]!) : undefined;
      if (!evidence?.staleness.stale || options.signal?.aborted) continue;
      say(`re-measuring ${plan.name} (${evidence.shown} is ${evidence.staleness.reason})…`);
      const run = await runNotebook(plan.file, {
        profile: evidence.profile.profile ?? "quick",
        runtime,
        timeoutMs: options.timeoutMs,
        signal: options.signal,
        env: { [ENV.resultsDir]: path.resolve(options.from) },
      });
      if (!run.ok) say(`re-measuring ${plan.name} failed (exit ${run.exitCode}); its page rests on the stale Result`);
      else refreshed.push(plan.name);
    }
    if (refreshed.length > 0) folder = readEvidence(options.from);
  }

  const picked = new Map<string, Evidence>();
  const tasks = plans.map((plan) => async (): Promise<SitePage> => {
    const href = `${plan.name}.html`;
    const target = path.join(options.out, href);
    const base = { name: plan.name, title: plan.title, href, file: plan.file, measured: refreshed.includes(plan.name), measuredUnasked: false };
    if (plan.experiments.length > 1) {
      const note = `not built: it runs ${plan.experiments.join(", ")}, and a page is built from one saved Result`;
      writeFileAtomic(target, placeholderPage(plan.title, note));
      return { ...base, experiment: null, evidence: null, ok: false, note, stale: false };
    }
    if (plan.experiments.length === 0 && plan.ownWorkload) {
      // Running it would measure; the page shows its prose and code, unexecuted, and says how to run it.
      const note = `shown unexecuted: it measures the reader's own workload, so no saved Result stands for it; run it with \`npx parlab notebooks ${plan.name}\``;
      const run: NotebookRun = {
        file: plan.file, title: plan.title, cells: plan.cells.map((c) => ({ ...c, outputs: [] })), orphans: [],
        exitCode: 0, signal: null, durationMs: 0, ok: true, results: [],
      };
      const banner = `Not executed by the site: ${escapeHtml(note.replace(/^shown unexecuted: /, ""))}.`;
      writeFileAtomic(target, finishNotebookPage(notebookHtml(run, { profile: "quick", runtime, banner, unexecuted: true }), path.dirname(target), plan.file));
      say(`shown ${plan.name} unexecuted (it measures)`);
      return { ...base, experiment: null, evidence: null, ok: true, note, stale: false };
    }
    const experiment = plan.experiments[0] ?? null;
    const evidence = experiment ? pickEvidence(folder.entries, experiment) ?? null : null;
    if (experiment && !evidence) {
      const note = `no saved Result of "${experiment}" in ${shownFrom}; measure one with \`npx parlab notebooks ${plan.name}\` (or \`npm start\`)`;
      writeFileAtomic(target, placeholderPage(plan.title, `This page has no evidence: ${note}.`));
      return { ...base, experiment, evidence: null, ok: false, note, stale: false };
    }
    const run: NotebookRun = await runNotebook(plan.file, {
      profile: evidence?.profile.profile ?? "quick",
      runtime,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      env: evidence ? { [ENV.result]: evidence.file } : {},
    });
    const measuredUnasked = run.results.some((r) => r.measured) && !base.measured;
    const line = evidence ? measuredLine(evidence) : "runs no experiment";
    const reason = evidence?.staleness.reason ?? "";
    const staleWords = evidence ? ` ${reason.charAt(0).toUpperCase()}${reason.slice(1)}.` : "";
    const banner = evidence
      ? `Built from the saved Result ${escapeHtml(evidence.shown)}, ${escapeHtml(line)}.${escapeHtml(staleWords)}`
      : "Built by running the notebook, which measures nothing through runOrLoad.";
    writeFileAtomic(target, finishNotebookPage(notebookHtml(run, { profile: evidence?.profile.profile ?? "quick", runtime, banner }), path.dirname(target), plan.file));
    if (evidence && experiment) picked.set(experiment, evidence);
    say(`${run.ok ? "built" : "FAILED"} ${plan.name} in ${(run.durationMs / 1000).toFixed(1)} s`);
    const note = `${evidence ? `${evidence.shown}, ${line}` : line}${measuredUnasked ? "; the notebook measured instead of loading its Result" : ""}`;
    return { ...base, experiment, evidence: evidence ?? null, ok: run.ok && !measuredUnasked, note, stale: evidence?.staleness.stale ?? false, measuredUnasked };
  });
  const pages = await pooled(tasks, options.concurrency ?? 2);

  // Claims rest on the Results the pages show, in the lab's order of experiments.
  const ordered = new Map([...picked].sort(([a], [b]) => EXPERIMENTS.findIndex((e) => e.id === a) - EXPERIMENTS.findIndex((e) => e.id === b)));
  // An experiment with a Result but no notebook page still has its claims decided.
  for (const e of EXPERIMENTS) {
    if (ordered.has(e.id) || pages.some((p) => p.experiment === e.id)) continue;
    const evidence = pickEvidence(folder.entries, e.id);
    if (evidence) ordered.set(e.id, evidence);
  }
  const pageOf = (id: string) => pages.find((p) => p.experiment === id && p.evidence)?.href ?? null;
  const from = `the saved Results in ${shownFrom}`;
  const index = path.join(options.out, "index.html");
  const used = new Set([...ordered.values()].map((e) => e.file));
  const others = folder.entries.filter((e) => !used.has(e.file));
  writeFileAtomic(index, frontPageHtml(claimRows(ordered, pageOf, shownFrom), pages, { from, picked: ordered, others }));
  return { pages, index, refreshed };
}

