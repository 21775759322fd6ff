/**
 * Generates Jupyter notebooks (.ipynb, nbformat 4.5) from percent-format sources, for the tslab
 * kernel. Output is deterministic, so a test can tell when a committed .ipynb is out of date.
 * @module
 */
import type { SourceCell } from "./percent.ts";

/** The kernelspec the generated notebooks ask for. */
export const TSLAB_KERNELSPEC = { display_name: "TypeScript", language: "typescript", name: "tslab" } as const;

const splitSource = (text: string): string[] => {
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l) => l !== "");
};

/** The notebook JSON for `cells`, as text with a trailing newline (the form Jupyter writes). */
export function toIpynb(cells: readonly SourceCell[]): string {
  const notebook = {
    cells: cells.map((c, i) => {
      const id = `cell-${String(i + 1).padStart(2, "0")}`;
      const metadata = c.tags.length > 0 ? { tags: c.tags } : {};
      return c.type === "markdown"
        ? { cell_type: "markdown", id, metadata, source: splitSource(c.source) }
        : { cell_type: "code", execution_count: null, id, metadata, outputs: [], source: splitSource(c.source) };
    }),
    metadata: {
      jupytext: { formats: "ipynb,ts:percent", notebook_metadata_filter: "-all" },
      kernelspec: TSLAB_KERNELSPEC,
      language_info: {
        codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
        file_extension: ".ts",
        mimetype: "text/typescript",
        name: "typescript",
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
  return JSON.stringify(notebook, null, 1) + "\n";
}
