/**
 * The percent format of notebook sources, as jupytext reads it for TypeScript: `// %% [markdown]`
 * starts a prose cell written as `//` comments, `// %%` starts a code cell, and
 * `// %% tags=["parameters"]` tags one. The source stays a runnable script.
 *
 * The writer is the parser's inverse on canonical sources (one blank line between cells, prose
 * commented with `// `, no header unless the kernel is not the default one), so a notebook written
 * back from Jupyter reads byte for byte like the source it came from.
 * @module
 */

/** One cell of a notebook source. */
export interface SourceCell {
  type: "markdown" | "code";
  /** Cell text: prose without the comment markers, or code as written. */
  source: string;
  tags: string[];
  /** 1-based lines of the cell's content in the source file (inclusive; end < start for an empty cell). */
  startLine: number;
  endLine: number;
}

/** The kernel a notebook asks Jupyter for: its name and language are what a pair shares. */
export interface Kernelspec {
  name: string;
  language: string;
  display_name: string;
}

/** A whole percent-format source: the kernel its header names (if any) and its cells. */
export interface PercentNotebook {
  kernelspec?: Kernelspec;
  cells: SourceCell[];
}

/** What the writer needs of a cell: line numbers are the parser's business. */
export type CellContent = Pick<SourceCell, "type" | "source" | "tags">;

const MARKER = /^\/\/\s?%%(.*)$/;
const HEADER_FENCE = "// ---";

function parseMarker(rest: string): { markdown: boolean; tags: string[] } {
  let tags: string[] = [];
  let other = rest;
  // Tags are JSON and may hold "]" or "[markdown]", so they are cut out before looking for the cell type.
  const at = /tags\s*=\s*\[/.exec(rest);
  if (at) {
    const open = at.index + at[0].length - 1;
    let parsed: unknown;
    for (let close = rest.indexOf("]", open); close >= 0 && parsed === undefined; close = rest.indexOf("]", close + 1)) {
      try {
        parsed = JSON.parse(rest.slice(open, close + 1));
        other = rest.slice(0, at.index) + rest.slice(close + 1);
      } catch {
        // Not the closing bracket yet: a tag itself contains "]".
      }
    }
    if (!Array.isArray(parsed)) throw new SyntaxError(`cell marker has unreadable tags: ${rest.trim()}; write tags=["parameters"]`);
    tags = parsed.map(String);
  }
  return { markdown: /\[(markdown|md)\]/.test(other), tags };
}

function trimBlankEdges(lines: string[], start: number): { lines: string[]; start: number } {
  let s = 0;
  let e = lines.length;
  while (s < e && lines[s]!.trim() === "") s++;
  while (e > s && lines[e - 1]!.trim() === "") e--;
  return { lines: lines.slice(s, e), start: start + s };
}

const unquote = (value: string): string => {
  const v = value.trim();
  if (v.startsWith('"')) return JSON.parse(v) as string;
  if (v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1).replace(/''/g, "'");
  return v;
};

/**
 * Reads jupytext's YAML header (`// ---` … `// ---`) for the one thing a pair shares from it, the
 * kernelspec. Only the shape jupytext and {@link writePercent} write is understood; a YAML library
 * for six lines would be more code to trust than this.
 */
function parseHeader(lines: string[]): { kernelspec?: Kernelspec; end: number } {
  if (lines[0]?.trimEnd() !== HEADER_FENCE) return { end: 0 };
  const end = lines.findIndex((l, i) => i > 0 && l.trimEnd() === HEADER_FENCE);
  if (end < 0) throw new SyntaxError(`the header opened by "${HEADER_FENCE}" on line 1 is never closed`);
  const spec: Partial<Kernelspec> = {};
  let inKernelspec = false;
  for (const raw of lines.slice(1, end)) {
    const line = raw.replace(/^\/\/ ?/, "");
    if (/^\s*kernelspec:\s*$/.test(line)) inKernelspec = true;
    else if (/^\S/.test(line) || /^ {2}\S/.test(line)) inKernelspec = false;
    const m = inKernelspec ? /^\s{4,}(display_name|language|name):(.*)$/.exec(line) : null;
    if (m) spec[m[1] as keyof Kernelspec] = unquote(m[2]!);
  }
  if (spec.name === undefined) return { end: end + 1 };
  return { kernelspec: { name: spec.name, language: spec.language ?? "", display_name: spec.display_name ?? spec.name }, end: end + 1 };
}

/** Splits a percent-format source into its header's kernelspec and its cells (see {@link parsePercent}). */
export function parsePercentNotebook(text: string): PercentNotebook {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const { kernelspec, end: bodyStart } = parseHeader(lines);
  const cells: SourceCell[] = [];
  let current = { markdown: false, tags: [] as string[], start: bodyStart + 1, lines: [] as string[] };
  const close = () => {
    let { lines: body, start } = trimBlankEdges(current.lines, current.start);
    if (current.markdown) {
      // A prose line of `//` alone is blank prose: trimmed at the edges like blank code lines.
      const prose = trimBlankEdges(body.map((l) => l.replace(/^\/\/ ?/, "")), start);
      body = prose.lines;
      start = prose.start;
    }
    if (body.length === 0) return;
    cells.push({ type: current.markdown ? "markdown" : "code", source: body.join("\n"), tags: current.tags, startLine: start, endLine: start + body.length - 1 });
  };
  lines.slice(bodyStart).forEach((line, i) => {
    const m = MARKER.exec(line);
    if (m) {
      close();
      const { markdown, tags } = parseMarker(m[1]!);
      current = { markdown, tags, start: bodyStart + i + 2, lines: [] };
    } else {
      current.lines.push(line);
    }
  });
  close();
  return kernelspec ? { kernelspec, cells } : { cells };
}

/** Splits a percent-format source into cells. Blank cells are dropped; text before the first marker becomes a code cell. */
export function parsePercent(text: string): SourceCell[] {
  return parsePercentNotebook(text).cells;
}

/** Which cell holds a 1-based source line (the last cell starting at or before it). */
export function cellIndexOfLine(cells: readonly SourceCell[], line: number): number {
  let index = -1;
  cells.forEach((c, i) => {
    if (c.startLine <= line || (i === 0 && line < c.startLine)) index = i;
  });
  return index;
}

/** The written lines of a cell's content: code as is, prose behind `// `. */
function contentLines(cell: CellContent): string[] {
  const lines = cell.source.replace(/\r\n/g, "\n").split("\n");
  return cell.type === "markdown" ? lines.map((l) => (l === "" ? "//" : `// ${l}`)) : lines;
}

/**
 * The 1-based line of `cell`'s source that the parser would take for a cell marker, or 0: such a
 * cell cannot be written to the percent format intact.
 */
export function markerLineIn(cell: CellContent): number {
  const i = contentLines(cell).findIndex((l) => MARKER.test(l));
  return i + 1;
}

const yamlValue = (v: string): string => (/^[\w.+-][\w .+()/-]*$/.test(v) && v.trim() === v ? v : JSON.stringify(v));

/** The percent-format source of a notebook: the parser's inverse on canonical text. */
export function writePercent(notebook: { kernelspec?: Kernelspec; cells: readonly CellContent[] }): string {
  const out: string[] = [];
  const k = notebook.kernelspec;
  if (k) {
    out.push(HEADER_FENCE, "// jupyter:", "//   kernelspec:", `//     display_name: ${yamlValue(k.display_name)}`,
      `//     language: ${yamlValue(k.language)}`, `//     name: ${yamlValue(k.name)}`, HEADER_FENCE, "");
  }
  notebook.cells.forEach((cell, i) => {
    if (i > 0) out.push("");
    const tags = cell.tags.length > 0 ? ` tags=[${cell.tags.map((t) => JSON.stringify(t)).join(", ")}]` : "";
    out.push(`// %%${cell.type === "markdown" ? " [markdown]" : ""}${tags}`, ...contentLines(cell));
  });
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}
