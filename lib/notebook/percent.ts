/**
 * The percent format of notebook sources, as jupytext reads it for TypeScript: `// %% [markdown]`
 * starts a prose cell written as `//` comments, `// %%` starts a code cell, and
 * `// %% tags=["parameters"]` tags one. The source stays a runnable script.
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

const MARKER = /^\/\/\s?%%(.*)$/;

function parseMarker(rest: string): { markdown: boolean; tags: string[] } {
  const markdown = /\[markdown\]/.test(rest);
  const tagMatch = /tags\s*=\s*(\[[^\]]*\])/.exec(rest);
  let tags: string[] = [];
  if (tagMatch) {
    try {
      tags = (JSON.parse(tagMatch[1]!) as unknown[]).map(String);
    } catch {
      throw new SyntaxError(`cell marker has unreadable tags: ${rest.trim()}; write tags=["parameters"]`);
    }
  }
  return { markdown, tags };
}

function trimBlankEdges(lines: string[], start: number): { lines: string[]; start: number } {
  let s = 0;
  let e = lines.length;
  while (s < e && lines[s]!.trim() === "") s++;
  while (e > s && lines[e - 1]!.trim() === "") e--;
  return { lines: lines.slice(s, e), start: start + s };
}

/** Splits a percent-format source into cells. Blank cells are dropped; text before the first marker becomes a code cell. */
export function parsePercent(text: string): SourceCell[] {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  const cells: SourceCell[] = [];
  let current: { markdown: boolean; tags: string[]; start: number; lines: string[] } = { markdown: false, tags: [], start: 1, lines: [] };
  const close = () => {
    const { lines: body, start } = trimBlankEdges(current.lines, current.start);
    if (body.length === 0) return;
    const source = current.markdown ? body.map((l) => l.replace(/^\/\/ ?/, "")).join("\n") : body.join("\n");
    cells.push({ type: current.markdown ? "markdown" : "code", source, tags: current.tags, startLine: start, endLine: start + body.length - 1 });
  };
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (m) {
      close();
      const { markdown, tags } = parseMarker(m[1]!);
      current = { markdown, tags, start: i + 2, lines: [] };
    } else {
      current.lines.push(line);
    }
  });
  close();
  return cells;
}

/** Which cell holds a 1-based source line (the last cell starting at or before it). */
export function cellIndexOfLine(cells: readonly SourceCell[], line: number): number {
  let index = -1;
  cells.forEach((c, i) => {
    if (c.startLine <= line || (i === 0 && line < c.startLine)) index = i;
  });
  return index;
}
