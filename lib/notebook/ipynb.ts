/**
 * Jupyter notebooks (.ipynb, nbformat 4) as files: reading one with every problem named (a
 * notebook edited by hand or saved half-way must not be half-understood), creating one from
 * percent-format cells for the tslab kernel, and writing one exactly as Jupyter does (keys sorted,
 * one-space indent, trailing newline), so that rewriting a notebook Jupyter saved changes only
 * what was meant to change.
 * @module
 */
import fs from "node:fs";
import { InputError, errorMessage } from "../errors.ts";
import type { CellContent, Kernelspec } from "./percent.ts";

/** The kernelspec the generated notebooks ask for. */
export const TSLAB_KERNELSPEC = { display_name: "TypeScript", language: "typescript", name: "tslab" } as const;

/** What the generated notebooks say of their language until a kernel reports its own. */
const TSLAB_LANGUAGE_INFO = {
  codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
  file_extension: ".ts",
  mimetype: "text/typescript",
  name: "typescript",
};

/** Jupyter's metadata telling jupytext, where installed, that the notebook pairs with a percent-format .ts. */
const JUPYTEXT_METADATA = { formats: "ipynb,ts:percent", notebook_metadata_filter: "-all" };

/** One cell as nbformat 4 stores it; keys this lab does not know are kept as they are. */
export interface IpynbCell {
  cell_type: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  id?: string;
  outputs?: unknown[];
  execution_count?: number | null;
  [key: string]: unknown;
}

/** A notebook as nbformat 4 stores it. */
export interface Ipynb {
  cells: IpynbCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
  [key: string]: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isSource = (v: unknown): v is string | string[] => typeof v === "string" || (Array.isArray(v) && v.every((l) => typeof l === "string"));

function checkCell(cell: unknown, n: number, problem: (what: string) => InputError): void {
  if (!isObject(cell)) throw problem(`cell ${n} is not a JSON object`);
  if (!["markdown", "code", "raw"].includes(cell.cell_type as string)) {
    throw problem(`cell ${n} has cell_type ${JSON.stringify(cell.cell_type)}; valid: "markdown", "code", "raw"`);
  }
  if (!("source" in cell)) throw problem(`cell ${n} (${cell.cell_type}) has no source`);
  if (!isSource(cell.source)) throw problem(`cell ${n} has a source that is neither text nor a list of lines`);
  if (!isObject(cell.metadata)) throw problem(`cell ${n} has no metadata object`);
  const tags = cell.metadata.tags;
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === "string"))) throw problem(`cell ${n} has tags that are not a list of strings`);
  if (cell.cell_type === "code" && cell.outputs !== undefined && !Array.isArray(cell.outputs)) throw problem(`cell ${n} has outputs that are not a list`);
}

/**
 * Parses and checks a notebook's text.
 * @throws InputError naming `file` and the problem: not JSON (truncated or corrupt), not a notebook,
 * an nbformat other than 4, or a cell without a type, source or metadata.
 */
export function parseIpynb(text: string, file: string): Ipynb {
  // Not regenerated on its own: the broken file may hold the only copy of a student's edits.
  const problem = (what: string) => new InputError(file, `${what}; fix the notebook, or delete it and run \`parlab notebooks sync\` to regenerate it from its .ts source`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw problem(`not valid JSON, the notebook is truncated or corrupt (${errorMessage(error)})`);
  }
  if (!isObject(data)) throw problem("not a notebook: expected a JSON object with cells, metadata and nbformat");
  if (data.nbformat !== 4) throw problem(`nbformat ${JSON.stringify(data.nbformat)} is not supported; this version of parlab reads nbformat 4`);
  if (!Number.isInteger(data.nbformat_minor)) throw problem("nbformat_minor is missing or not a whole number");
  if (!isObject(data.metadata)) throw problem("the notebook has no metadata object");
  if (data.metadata.kernelspec !== undefined && !(isObject(data.metadata.kernelspec) && typeof data.metadata.kernelspec.name === "string")) {
    throw problem("metadata.kernelspec has no name");
  }
  if (!Array.isArray(data.cells)) throw problem("the notebook has no list of cells");
  data.cells.forEach((cell, i) => checkCell(cell, i + 1, problem));
  return data as Ipynb;
}

/**
 * Reads and checks a notebook file.
 * @throws InputError naming the file when it cannot be read or is not a valid notebook.
 */
export function readIpynb(file: string): Ipynb {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError(file, `cannot read the notebook (${errorMessage(error)})`);
  }
  return parseIpynb(text, file);
}

const sortKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortKeys(value[k])]));
};

/** The notebook's text as Jupyter writes it: keys sorted, one-space indent, a trailing newline. */
export function serializeIpynb(notebook: Ipynb): string {
  return JSON.stringify(sortKeys(notebook), null, 1) + "\n";
}

/** A cell's source as one string, whichever of nbformat's two forms it is stored in. */
export function cellSource(cell: Pick<IpynbCell, "source">): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/** Text as nbformat's list of lines, each but the last ending in a newline (the form Jupyter saves). */
export function splitSource(text: string): string[] {
  const lines = text.split("\n");
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l) => l !== "");
}

/** A new cell holding `content`, with no outputs. */
export function newCell(content: CellContent, id: string): IpynbCell {
  const metadata = content.tags.length > 0 ? { tags: [...content.tags] } : {};
  return content.type === "markdown"
    ? { cell_type: "markdown", id, metadata, source: splitSource(content.source) }
    : { cell_type: "code", execution_count: null, id, metadata, outputs: [], source: splitSource(content.source) };
}

/** The ids nbformat 4.5 wants: unique, and stable for a notebook generated from scratch. */
export const cellId = (n: number): string => `cell-${String(n).padStart(2, "0")}`;

/** The kernelspec a notebook's metadata names (the tslab one when it names none). */
export function kernelspecOf(notebook: Ipynb): Kernelspec {
  const k = notebook.metadata.kernelspec as Partial<Kernelspec> | undefined;
  if (!k) return { ...TSLAB_KERNELSPEC };
  return { name: k.name ?? "", language: typeof k.language === "string" ? k.language : "", display_name: typeof k.display_name === "string" ? k.display_name : k.name ?? "" };
}

/** The language a notebook's kernel reported (language_info.name), else its kernelspec's. */
export function languageOf(notebook: Ipynb): string {
  const info = notebook.metadata.language_info;
  return isObject(info) && typeof info.name === "string" ? info.name : kernelspecOf(notebook).language;
}

/** The language_info a generated notebook carries for `language`, before any kernel reports its own. */
export function languageInfoFor(language: string): Record<string, unknown> {
  return language === TSLAB_LANGUAGE_INFO.name ? structuredClone(TSLAB_LANGUAGE_INFO) : { name: language };
}

/** Points a notebook at `kernelspec`, keeping what Jupyter recorded of the language when it still applies. */
export function setKernelspec(notebook: Ipynb, kernelspec: Kernelspec): void {
  notebook.metadata.kernelspec = { display_name: kernelspec.display_name, language: kernelspec.language, name: kernelspec.name };
  if (languageOf(notebook) !== kernelspec.language) notebook.metadata.language_info = languageInfoFor(kernelspec.language);
}

/** A new notebook of `cells` for `kernelspec` (default tslab), without outputs. */
export function newNotebook(cells: readonly CellContent[], kernelspec: Kernelspec = TSLAB_KERNELSPEC): Ipynb {
  const notebook: Ipynb = {
    cells: cells.map((c, i) => newCell(c, cellId(i + 1))),
    metadata: { jupytext: { ...JUPYTEXT_METADATA }, kernelspec: { ...TSLAB_KERNELSPEC }, language_info: structuredClone(TSLAB_LANGUAGE_INFO) },
    nbformat: 4,
    nbformat_minor: 5,
  };
  setKernelspec(notebook, kernelspec);
  return notebook;
}

/** The notebook JSON for `cells`, as text with a trailing newline (the form Jupyter writes). */
export function toIpynb(cells: readonly CellContent[]): string {
  return serializeIpynb(newNotebook(cells));
}
