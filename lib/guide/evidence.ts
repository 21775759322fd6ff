/**
 * The guide's evidence: for each experiment, the newest Result in the results folder, or else the
 * committed reference Result the site rests the experiment on (`pickEvidence`), re-analysed from its trials; which one it is, and whether it is
 * stale by a rule the caller gives. Reads files and the experiment registry only: nothing measures.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { labEnv } from "../env.ts";
import { errorMessage } from "../errors.ts";
import { EXPERIMENTS, getExperiment } from "../experiments/index.ts";
import { loadResult, projectDataDir } from "../results.ts";
import type { Result } from "../types.ts";
import { evidenceOf as siteEvidenceOf, pickEvidence, type Evidence as SiteEvidence } from "../site/evidence.ts";
import { GUIDED_EXPERIMENTS } from "./flow.ts";
import type { Evidence } from "./types.ts";

/** Where the guide looks, and how it judges a Result stale. */
export interface EvidenceOptions {
  /** Folder of the lab's own runs (default: PARLAB_RESULTS_DIR, else data/results of the project). */
  runsDir?: string;
  /** Folder of the committed reference Results (default: data/results/reference of the project). */
  referenceDir?: string;
  /** Files are named relative to this folder when inside it (default: the project's folder). */
  root?: string;
  /**
   * Whether a Result no longer describes the library that would measure today: the reason, or null
   * when it still does (a `{ stale, reason }` record is read the same way).
   */
  isStale?: (result: Result) => string | null | { stale: boolean; reason: string };
}

/** The Result files of one experiment in a folder (not its subfolders), newest name first. */
function candidates(dir: string, id: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  // Names are `<id>-<ISO timestamp>[-n].json`, so for one id the order of names is the order of runs.
  return names
    .filter((n) => n.startsWith(`${id}-`) && /^\d{4}-/.test(n.slice(id.length + 1)) && n.endsWith(".json"))
    .sort()
    .reverse()
    .map((n) => path.join(dir, n));
}

/** `files` with the one {@link pickEvidence} rests experiment `id` on first (unreadable files are left to the caller). */
function byPickRule(files: string[], id: string): string[] {
  const readable: SiteEvidence[] = [];
  for (const file of files) {
    try {
      readable.push(siteEvidenceOf(file));
    } catch {
      // Reported by firstReadable, which tries it in its turn.
    }
  }
  const picked = pickEvidence(readable, id)?.file;
  return picked ? [picked, ...files.filter((f) => path.resolve(f) !== picked)] : files;
}

/** `file` relative to `root` with forward slashes, or only its name when it lies outside `root`. */
function shownPath(file: string, root: string): string {
  const rel = path.relative(root, file);
  return rel.startsWith("..") || path.isAbsolute(rel) ? path.basename(file) : rel.split(path.sep).join("/");
}

/** The first Result among `files` that loads and is of experiment `id`, re-analysed; what failed on the way. */
function firstReadable(files: string[], id: string, root: string): { file?: string; result?: Result; skipped: string[] } {
  const skipped: string[] = [];
  for (const file of files) {
    try {
      const loaded = loadResult(file);
      if (loaded.experiment.id !== id) throw new Error(`it holds a Result of "${loaded.experiment.id}"`);
      const result = { ...loaded, summary: getExperiment(id).summarize(loaded) };
      return { file, result, skipped };
    } catch (error) {
      skipped.push(`${shownPath(file, root)}: ${errorMessage(error)}`);
    }
  }
  return { skipped };
}

/** The reason a staleness rule gave, or null when the Result is current or no rule was given. */
function staleReason(verdict: string | null | undefined | { stale: boolean; reason: string }): string | null {
  if (verdict === null || verdict === undefined) return null;
  if (typeof verdict === "string") return verdict;
  return verdict.stale ? verdict.reason : null;
}

/** The evidence for one experiment: a run of ours if one is readable, else the reference, else missing. */
export function evidenceFor(id: string, options: EvidenceOptions = {}): Evidence {
  getExperiment(id, "experiment of the guide's evidence");
  const data = projectDataDir();
  const root = path.resolve(options.root ?? path.dirname(data));
  const runsDir = path.resolve(options.runsDir ?? labEnv().resultsDir ?? path.join(data, "results"));
  const referenceDir = path.resolve(options.referenceDir ?? path.join(data, "results", "reference"));
  const skipped: string[] = [];
  for (const [source, dir] of [["run", runsDir], ["reference", referenceDir]] as const) {
    // The lab's own runs: the newest. The references: the one the site and the README rest the
    // experiment on (one rule, whatever order the references were measured in), then the rest.
    const files = source === "run" ? candidates(dir, id) : byPickRule(candidates(dir, id), id);
    const found = firstReadable(files, id, root);
    skipped.push(...found.skipped);
    if (found.file && found.result) {
      return { experiment: id, source, file: shownPath(found.file, root), result: found.result, stale: staleReason(options.isStale?.(found.result)), skipped };
    }
  }
  return { experiment: id, source: "missing", file: null, result: null, stale: null, skipped };
}

/** The evidence for every experiment a branch of the guide rests on, in the lab's order. */
export function gatherEvidence(options: EvidenceOptions = {}): Evidence[] {
  return EXPERIMENTS.filter((e) => GUIDED_EXPERIMENTS.has(e.id)).map((e) => evidenceFor(e.id, options));
}
