/**
 * Strips what running a notebook adds — outputs, execution counts, the volatile metadata
 * nbstripout also drops by default, and the details a kernel reports of its language — so that
 * committed notebooks carry only what the pair shares plus the sync record, and a notebook that
 * was only run shows no change to git. Used on files, or as a git `clean` filter from stdin to stdout.
 * @module
 */
import { languageOf, languageInfoFor, parseIpynb, serializeIpynb, type Ipynb } from "./ipynb.ts";

/** Cell metadata written by running or viewing a notebook, not by authoring it (nbstripout's defaults). */
const VOLATILE_CELL_METADATA = ["collapsed", "scrolled", "ExecuteTime", "execution", "heading_collapsed", "hidden"];
/** Notebook metadata of the same kind: a trust signature and live widget state. */
const VOLATILE_NOTEBOOK_METADATA = ["signature", "widgets"];

/** A copy of `notebook` without outputs, execution counts or volatile metadata. */
export function stripNotebook(notebook: Ipynb): Ipynb {
  const stripped = structuredClone(notebook);
  for (const key of VOLATILE_NOTEBOOK_METADATA) delete stripped.metadata[key];
  // Each run rewrites language_info with the kernel's version and mimetype (tslab's and Deno's differ);
  // only its name is shared with the .ts, so the rest goes back to what a generated notebook says.
  if (stripped.metadata.language_info !== undefined) stripped.metadata.language_info = languageInfoFor(languageOf(stripped));
  for (const cell of stripped.cells) {
    for (const key of VOLATILE_CELL_METADATA) delete cell.metadata[key];
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  return stripped;
}

/**
 * The stripped text of a notebook's text.
 * @throws InputError naming `file` when the text is not a valid notebook.
 */
export function stripText(text: string, file: string): string {
  return serializeIpynb(stripNotebook(parseIpynb(text, file)));
}
