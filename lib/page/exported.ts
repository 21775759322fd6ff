/**
 * The last step of every exported notebook page, whichever exporter wrote it (the headless script
 * export or nbconvert): the Result files its text names become links, and its charts become
 * interactive (see `interactive.ts`).
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { interactivePage } from "./interactive.ts";
import { linkResultFiles } from "./result-links.ts";

/** The project a notebook belongs to: the nearest folder above it that holds `data/` and `notebooks/`, else the notebook's folder. */
function projectOf(notebook: string): string {
  const start = path.dirname(path.resolve(notebook));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "data")) && fs.existsSync(path.join(dir, "notebooks"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/**
 * A notebook's exported page, finished: Result files linked relative to `pageDir` (the folder the
 * page is written to; paths the notebook printed relative to its project are found there), charts
 * made interactive with the libraries inlined once.
 */
export function finishNotebookPage(html: string, pageDir: string, notebook: string): string {
  return interactivePage(linkResultFiles(html, pageDir, projectOf(notebook)));
}
