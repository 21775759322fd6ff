/**
 * The front page of a headless run of the notebooks (`npm start`): its claims table rests on the
 * Results these very runs measured, which each run names itself (see `runOrLoad`), so no folder is
 * searched and nothing another run wrote is picked up.
 * @module
 */
import path from "node:path";
import { errorMessage } from "../errors.ts";
import { escapeHtml } from "../html.ts";
import type { UsedResult } from "../notebook/context.ts";
import { claimRows } from "./claims.ts";
import { evidenceOf, measuredLine, type Evidence } from "./evidence.ts";
import { frontPageHtml, type PageEntry } from "./front-page.ts";

/** What the front page needs of one notebook run. */
export interface RunForFrontPage {
  run: { file: string; title: string; ok: boolean; durationMs: number; results: UsedResult[] };
  href: string;
}

/** The line heading a page of a notebook run: the Result it measured (or loaded), where, when and how; undefined when it used none. */
export function runBanner(run: RunForFrontPage["run"]): string | undefined {
  const used = run.results.find((r) => r.measured) ?? run.results[0];
  if (!used) return undefined;
  try {
    const evidence = evidenceOf(used.file);
    return escapeHtml(`${used.measured ? "Measured" : "Loaded"} ${evidence.shown}: ${measuredLine(evidence)}.`);
  } catch {
    return undefined;
  }
}

/** The front page of notebooks run headless, from the Results they used (measured ones first). */
export function frontPageFromRuns(runs: readonly RunForFrontPage[]): string {
  const picked = new Map<string, Evidence>();
  const pageOfExperiment = new Map<string, string>();
  const pages: PageEntry[] = runs.map(({ run, href }) => {
    const used = run.results.find((r) => r.measured) ?? run.results[0];
    let note = `${run.ok ? "ran" : "failed"} in ${(run.durationMs / 1000).toFixed(1)} s`;
    let stale = false;
    if (used) {
      try {
        const evidence = evidenceOf(used.file);
        picked.set(evidence.result.experiment.id, evidence);
        pageOfExperiment.set(evidence.result.experiment.id, href);
        stale = evidence.staleness.stale;
        note += `; ${used.measured ? "measured" : "loaded"} ${evidence.shown}, ${measuredLine(evidence)}`;
      } catch (error) {
        note += `; its Result could not be read (${errorMessage(error)})`;
      }
    } else {
      note += "; no Result";
    }
    return { name: path.basename(run.file, ".ts"), title: run.title, href, ok: run.ok, note, stale };
  });
  const rows = claimRows(picked, (id) => pageOfExperiment.get(id) ?? null, "the Results this run measured");
  return frontPageHtml(rows, pages, { from: "the Results this run measured", picked });
}
