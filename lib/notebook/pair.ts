/**
 * A paired notebook — a percent-format `.ts` source and its `.ipynb` — compared by what the two
 * share: cell types, sources, tags, kernel and language. Outputs, execution counts and Jupyter's
 * own metadata belong to the `.ipynb` alone, so running a notebook never puts a pair out of sync.
 *
 * Which side changed is told by a hash of the shared content at the last sync, kept in the
 * notebook's metadata (`metadata.parlab.source_hash`): it travels with the notebook through git,
 * Jupyter and copies, where file times do not. Everything here is pure; `sync.ts` does the files.
 * @module
 */
import { createHash } from "node:crypto";
import { cellId, cellSource, kernelspecOf, languageOf, newCell, newNotebook, setKernelspec, TSLAB_KERNELSPEC, type Ipynb, type IpynbCell } from "./ipynb.ts";
import { markerLineIn, parsePercent, writePercent, type CellContent, type Kernelspec, type PercentNotebook } from "./percent.ts";

/** A cell as the pair shares it, with where it sits (for messages; not part of the content). */
export interface SharedCell {
  type: "markdown" | "code" | "raw";
  source: string;
  tags: string[];
  /** How a person finds the cell, e.g. "cell 4 (line 22)" in a .ts or "cell 4" in an .ipynb. */
  where: string;
}

/** What a pair shares: the same on both sides when the pair is in sync. */
export interface Shared {
  kernel: { name: string; language: string };
  language: string;
  cells: SharedCell[];
}

/** The side a sync copies from. */
export type Side = "ts" | "ipynb";

/** What a sync should do with one pair. */
export type Decision =
  | { action: "none" }
  /** The sides agree but the record does not (no record yet, or both sides changed alike): record the agreement. */
  | { action: "record" }
  | { action: "to-ipynb" | "to-ts"; why: string }
  | { action: "conflict" };

const DEFAULT_KERNEL = TSLAB_KERNELSPEC.name;

/** The shared content of a parsed `.ts` source; a source without a header pairs with the tslab kernel. */
export function sharedOfSource(notebook: PercentNotebook): Shared {
  const k = notebook.kernelspec ?? TSLAB_KERNELSPEC;
  return {
    kernel: { name: k.name, language: k.language },
    language: k.language,
    cells: notebook.cells.map((c, i) => ({ type: c.type, source: c.source, tags: c.tags, where: `cell ${i + 1} (line ${c.startLine})` })),
  };
}

/**
 * The shared content of a notebook, each cell read as the `.ts` would hold it: blank cells and
 * blank edge lines dropped, as the percent format drops them, so that they never count as changes.
 */
export function sharedOfIpynb(notebook: Ipynb): Shared {
  const k = kernelspecOf(notebook);
  const cells = notebook.cells.flatMap((cell, i): SharedCell[] => {
    const where = `cell ${i + 1}`;
    const tags = (cell.metadata.tags as string[] | undefined) ?? [];
    const source = cellSource(cell);
    if (cell.cell_type === "raw") return source.trim() === "" ? [] : [{ type: "raw", source, tags, where }];
    const content = { type: cell.cell_type as "markdown" | "code", source, tags };
    return parsePercent(writePercent({ cells: [content] })).map((c) => ({ type: c.type, source: c.source, tags: c.tags, where }));
  });
  return { kernel: { name: k.name, language: k.language }, language: languageOf(notebook), cells };
}

/** A hash of the shared content, independent of where the cells sit. */
export function hashShared(shared: Shared): string {
  const content = {
    kernel: [shared.kernel.name, shared.kernel.language],
    language: shared.language,
    cells: shared.cells.map((c) => [c.type, c.source, c.tags]),
  };
  return `sha256:${createHash("sha256").update(JSON.stringify(content)).digest("hex")}`;
}

/** The hash recorded at the notebook's last sync, if any. */
export function recordedHash(notebook: Ipynb): string | undefined {
  const record = notebook.metadata.parlab as { source_hash?: unknown } | undefined;
  return typeof record?.source_hash === "string" ? record.source_hash : undefined;
}

/** Records `hash` as the content both sides shared at this sync. */
export function setRecord(notebook: Ipynb, hash: string): void {
  const record = typeof notebook.metadata.parlab === "object" && notebook.metadata.parlab !== null ? notebook.metadata.parlab : {};
  notebook.metadata.parlab = { ...record, source_hash: hash };
}

/**
 * Decides one pair. With `from`, that side wins. Otherwise the side whose shared content moved
 * away from the record wins; both moved (to different content) is a conflict; with no record,
 * the `.ts` — the source of truth before notebooks were paired — is taken as the newer side.
 */
export function decide(ts: Shared | null, ipynb: Shared | null, record: string | undefined, from?: Side): Decision {
  if (ts === null) return { action: "to-ts", why: "there is no .ts source yet" };
  if (ipynb === null) return { action: "to-ipynb", why: "there is no .ipynb yet" };
  const tsHash = hashShared(ts);
  const ipynbHash = hashShared(ipynb);
  if (tsHash === ipynbHash) return record === tsHash ? { action: "none" } : { action: "record" };
  if (from === "ts") return { action: "to-ipynb", why: "--from ts" };
  if (from === "ipynb") return { action: "to-ts", why: "--from ipynb" };
  if (record === undefined) return { action: "to-ipynb", why: "no sync is recorded in the .ipynb, so the .ts is taken as the newer side" };
  const tsChanged = tsHash !== record;
  const ipynbChanged = ipynbHash !== record;
  if (tsChanged && ipynbChanged) return { action: "conflict" };
  return tsChanged ? { action: "to-ipynb", why: "the .ts changed since the last sync" } : { action: "to-ts", why: "the .ipynb changed since the last sync" };
}

/** Longest common subsequence of two lists under `same`: the index pairs that match, in order. */
export function alignCells<A, B>(a: readonly A[], b: readonly B[], same: (x: A, y: B) => boolean): Array<[number, number]> {
  const n = a.length;
  const m = b.length;
  const len = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) len[i]![j] = same(a[i]!, b[j]!) ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < n && j < m;) {
    if (same(a[i]!, b[j]!)) pairs.push([i++, j++]);
    else if (len[i + 1]![j]! >= len[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** The runs of unmatched items between matched pairs (and before the first and after the last). */
function gaps(n: number, m: number, pairs: ReadonlyArray<[number, number]>): Array<{ a: number[]; b: number[] }> {
  const out: Array<{ a: number[]; b: number[] }> = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [n, m] as [number, number]]) {
    const a = Array.from({ length: pi - i }, (_, k) => i + k);
    const b = Array.from({ length: pj - j }, (_, k) => j + k);
    if (a.length + b.length > 0) out.push({ a, b });
    i = pi + 1;
    j = pj + 1;
  }
  return out;
}

const sameContent = (x: Omit<SharedCell, "where">, y: Omit<SharedCell, "where">) =>
  x.type === y.type && x.source === y.source && x.tags.length === y.tags.length && x.tags.every((t, i) => t === y.tags[i]);

/** A line quoted for a message, cut to 60 characters; from `from` on (with "…" before) to show where it differs. */
const quote = (line: string | undefined, from = 0): string => {
  if (line === undefined) return "(no such line)";
  const start = from > 30 ? from - 20 : 0;
  const text = `${start > 0 ? "…" : ""}${line.slice(start).trim()}`;
  return `"${text.length > 60 ? `${text.slice(0, 59)}…` : text}"`;
};

/** A cell's first non-blank line, quoted and shortened, for naming it in a message. */
export function firstLine(cell: Pick<SharedCell, "source">): string {
  return quote(cell.source.split("\n").find((l) => l.trim() !== "") ?? "");
}

/** How two versions of a cell differ: in type, in tags, or from a line on (1-based, within the cell). */
function howDiffers(t: SharedCell, i: SharedCell): string {
  if (t.type !== i.type) return `is ${t.type} in the .ts, ${i.type} in the .ipynb`;
  if (t.source === i.source) return `has tags [${t.tags.join(", ")}] in the .ts, [${i.tags.join(", ")}] in the .ipynb`;
  const a = t.source.split("\n");
  const b = i.source.split("\n");
  let k = 0;
  while (k < a.length && k < b.length && a[k] === b[k]) k++;
  let col = 0;
  while (a[k] !== undefined && b[k] !== undefined && a[k]![col] === b[k]![col]) col++;
  const tags = t.tags.join() === i.tags.join() ? "" : ` (and its tags: [${t.tags.join(", ")}] in the .ts, [${i.tags.join(", ")}] in the .ipynb)`;
  return `differs from its line ${k + 1}: the .ts has ${quote(a[k], col)}, the .ipynb ${quote(b[k], col)}${tags}`;
}

/** Where the two sides differ, one line each: cells changed, only on one side, or the kernel. */
export function describeDifferences(ts: Shared, ipynb: Shared): string[] {
  const lines: string[] = [];
  if (ts.kernel.name !== ipynb.kernel.name || ts.kernel.language !== ipynb.kernel.language || ts.language !== ipynb.language) {
    lines.push(`kernel: the .ts has ${ts.kernel.name} (${ts.language}), the .ipynb has ${ipynb.kernel.name} (${ipynb.language})`);
  }
  const name = (c: SharedCell, side: Side) => `.${side} ${c.where} [${c.type}${c.tags.length ? ` ${c.tags.join(",")}` : ""}] ${firstLine(c)}`;
  for (const gap of gaps(ts.cells.length, ipynb.cells.length, alignCells(ts.cells, ipynb.cells, sameContent))) {
    const both = Math.min(gap.a.length, gap.b.length);
    for (let k = 0; k < Math.max(gap.a.length, gap.b.length); k++) {
      const t = ts.cells[gap.a[k]!];
      const i = ipynb.cells[gap.b[k]!];
      if (k < both) lines.push(`${name(t!, "ts")} (${i!.where} in the .ipynb) ${howDiffers(t!, i!)}`);
      else if (t) lines.push(`${name(t, "ts")} is not in the .ipynb`);
      else lines.push(`${name(i!, "ipynb")} is not in the .ts`);
    }
  }
  return lines;
}

/** Why a notebook's cells cannot be written to a percent-format `.ts` as they are; empty when they can. */
export function unwritable(notebook: Ipynb): string[] {
  return notebook.cells.flatMap((cell, i) => {
    if (cell.cell_type === "raw") return cellSource(cell).trim() === "" ? [] : [`cell ${i + 1} is a raw cell, which a .ts source cannot hold; make it a markdown or code cell`];
    const line = markerLineIn({ type: cell.cell_type as "markdown" | "code", source: cellSource(cell), tags: [] });
    return line > 0 ? [`line ${line} of cell ${i + 1} would read as a cell marker ("// %%") in the .ts; reword it`] : [];
  });
}

/** The `.ts` source holding a notebook's shared content (a header only for a kernel other than tslab). */
export function sourceOf(notebook: Ipynb, shared: Shared = sharedOfIpynb(notebook)): string {
  const k = kernelspecOf(notebook);
  const isDefault = k.name === DEFAULT_KERNEL && k.language === TSLAB_KERNELSPEC.language;
  return writePercent({ kernelspec: isDefault ? undefined : k, cells: shared.cells as CellContent[] });
}

function withTags(cell: IpynbCell, tags: readonly string[]): IpynbCell {
  const { tags: _old, ...metadata } = cell.metadata;
  return { ...cell, metadata: tags.length > 0 ? { ...metadata, tags: [...tags] } : metadata };
}

/**
 * The notebook updated to the `.ts` source's cells and kernel. A cell whose content is unchanged
 * keeps its outputs, execution count, id and Jupyter metadata; a changed cell keeps its id and
 * metadata but loses its now stale outputs; new cells start empty. Blank cells are dropped.
 */
export function updateNotebook(old: Ipynb | null, source: PercentNotebook): Ipynb {
  const kernelspec: Kernelspec = source.kernelspec ?? TSLAB_KERNELSPEC;
  if (!old) return newNotebook(source.cells, kernelspec);
  const oldCells = old.cells
    .map((cell) => ({ cell, shared: sharedOfIpynb({ ...old, cells: [cell] }).cells }))
    .filter((c) => c.shared.length === 1)
    .map((c) => ({ cell: c.cell, shared: c.shared[0]! }));
  const sameSource = (o: (typeof oldCells)[number], n: CellContent) => o.shared.type === n.type && o.shared.source === n.source;
  const pairs = alignCells(oldCells, source.cells, sameSource);
  const cells: Array<IpynbCell | null> = source.cells.map(() => null);
  for (const [o, n] of pairs) cells[n] = withTags(oldCells[o]!.cell, source.cells[n]!.tags);
  // Between matched cells, a changed cell of the same type is taken for an edit of the old one.
  for (const gap of gaps(oldCells.length, source.cells.length, pairs)) {
    gap.b.forEach((n, k) => {
      const prior = gap.a[k] === undefined ? undefined : oldCells[gap.a[k]!]!.cell;
      const content = source.cells[n]!;
      if (!prior || prior.cell_type !== content.type) return;
      const fresh = newCell(content, prior.id ?? "");
      cells[n] = { ...withTags(prior, content.tags), source: fresh.source, ...(content.type === "code" ? { outputs: [], execution_count: null } : {}) };
    });
  }
  const taken = new Set(cells.flatMap((c) => (c?.id ? [c.id] : [])));
  const withIds = (old.nbformat_minor ?? 0) >= 5;
  const notebook: Ipynb = structuredClone({ ...old, cells: [] });
  notebook.cells = cells.map((cell, n) => {
    if (cell) return structuredClone(cell);
    let k = n + 1;
    while (taken.has(cellId(k))) k++;
    taken.add(cellId(k));
    const created = newCell(source.cells[n]!, cellId(k));
    if (!withIds) delete created.id;
    return created;
  });
  setKernelspec(notebook, kernelspec);
  return notebook;
}
