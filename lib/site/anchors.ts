/**
 * Stable anchors of an exported notebook's cells, so that a page (the claims front page) can link
 * to the exact cell that shows a piece of evidence. Every cell has `cell-N` (N from 1, by position);
 * cells also get names read off their source, which survive cells being added or moved:
 * - `claims`: the code cell that states the experiment's claims (it calls `….claims(`);
 * - `chart-<id>`: the code cell that shows chart `<id>` (`charts["<id>"]`);
 * - each tag of a cell (`// %% tags=["evidence"]`), as written.
 * A name goes to the first cell that earns it.
 * @module
 */
import type { SourceCell } from "../notebook/percent.ts";

/** The anchor of the cell that states a notebook's claims. */
export const CLAIMS_ANCHOR = "claims";

/** The anchor of the cell that shows chart `id`. */
export const chartAnchor = (id: string) => `chart-${id}`;

const CHART_USE = /charts\[\s*["']([\w-]+)["']\s*\]/g;
const CLAIMS_CALL = /\.claims\(/;
const SAFE = /^[A-Za-z][\w-]*$/;

/** The names each cell is found by (besides `cell-N`), in cell order; each name once. */
export function cellAnchors(cells: readonly Pick<SourceCell, "type" | "source" | "tags">[]): string[][] {
  const taken = new Set<string>();
  return cells.map((cell) => {
    const names: string[] = [...cell.tags];
    if (cell.type === "code") {
      if (CLAIMS_CALL.test(cell.source)) names.push(CLAIMS_ANCHOR);
      for (const m of cell.source.matchAll(CHART_USE)) names.push(chartAnchor(m[1]!));
    }
    return names.filter((n) => SAFE.test(n) && !taken.has(n) && (taken.add(n), true));
  });
}

/** The `cell-N` id of the cell at `index` (from 0). */
export const cellId = (index: number) => `cell-${index + 1}`;
