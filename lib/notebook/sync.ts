/**
 * Brings paired notebooks (`NN-name.ts` + `NN-name.ipynb` in one folder) up to date, in the
 * direction of the side that changed since the last sync, or checks that they are. Every pair is
 * read and decided before anything is written, so a malformed notebook or a conflict in one pair
 * leaves every file as it was; each file is then replaced atomically.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { InputError, errorMessage } from "../errors.ts";
import { writeFileAtomic } from "../results.ts";
import { selectNotebooks } from "./export.ts";
import { readIpynb, serializeIpynb, type Ipynb } from "./ipynb.ts";
import { decide, describeDifferences, hashShared, recordedHash, setRecord, sharedOfIpynb, sharedOfSource, sourceOf, unwritable, updateNotebook, type Decision, type Shared, type Side } from "./pair.ts";
import { parsePercentNotebook, type PercentNotebook } from "./percent.ts";

/** Options of {@link syncNotebooks}. */
export interface SyncOptions {
  /** The folder holding the pairs. */
  dir: string;
  /** Notebooks to sync ("01-scaling", "scaling", "01"); all when empty. */
  names?: string[];
  /** Copy from this side whatever the record says. */
  from?: Side;
  /** Only report pairs that are not in sync; write nothing. */
  check?: boolean;
}

/** What a sync or check did: one message per pair that needed something, and the exit code. */
export interface SyncReport {
  messages: string[];
  written: string[];
  /** 0: in sync (or brought in sync); 1: a check found a pair out of sync, or a sync met a conflict. */
  code: 0 | 1;
}

interface Pair {
  name: string;
  tsFile: string;
  ipynbFile: string;
  source: PercentNotebook | null;
  notebook: Ipynb | null;
  ts: Shared | null;
  ipynb: Shared | null;
  decision: Decision;
}

const PAIR_FILE = /^(\d+-[\w-]+)\.(ts|ipynb)$/;

/** The pairs' names in `dir` (from a .ts, an .ipynb or both), in order. */
export function listPairs(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    throw new InputError(dir, "no such notebooks folder; give the folder that holds NN-name.ts notebook sources");
  }
  return [...new Set(names.flatMap((n) => PAIR_FILE.exec(n)?.[1] ?? []))].sort();
}

function readSource(file: string): PercentNotebook | null {
  if (!fs.existsSync(file)) return null;
  try {
    return parsePercentNotebook(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new InputError(file, errorMessage(error));
  }
}

function readPair(dir: string, name: string, from: Side | undefined): Pair {
  const tsFile = path.join(dir, `${name}.ts`);
  const ipynbFile = path.join(dir, `${name}.ipynb`);
  const source = readSource(tsFile);
  const notebook = fs.existsSync(ipynbFile) ? readIpynb(ipynbFile) : null;
  if (from === "ipynb" && !notebook) throw new InputError(ipynbFile, "no such notebook to sync from; drop --from ipynb to generate it from the .ts");
  if (from === "ts" && !source) throw new InputError(tsFile, "no such source to sync from; drop --from ts to write it from the .ipynb");
  const ts = source && sharedOfSource(source);
  const ipynb = notebook && sharedOfIpynb(notebook);
  return { name, tsFile, ipynbFile, source, notebook, ts, ipynb, decision: decide(ts, ipynb, notebook ? recordedHash(notebook) : undefined, from) };
}

/** The new text of each file a pair's decision changes, checked to be in sync once written. */
function plan(pair: Pair): Array<{ file: string; text: string }> {
  const { decision, notebook } = pair;
  if (decision.action === "to-ipynb") {
    const updated = updateNotebook(notebook, pair.source!);
    const hash = hashShared(pair.ts!);
    if (hashShared(sharedOfIpynb(updated)) !== hash) throw new Error(`${pair.ipynbFile}: the updated notebook does not match its .ts; please report this`);
    setRecord(updated, hash);
    return [{ file: pair.ipynbFile, text: serializeIpynb(updated) }];
  }
  if (decision.action === "to-ts") {
    const problems = unwritable(notebook!);
    if (problems.length > 0) throw new InputError(pair.ipynbFile, `cannot be written to ${path.basename(pair.tsFile)}: ${problems.join("; ")}`);
    const text = sourceOf(notebook!, pair.ipynb!);
    const hash = hashShared(sharedOfSource(parsePercentNotebook(text)));
    if (hash !== hashShared(pair.ipynb!)) throw new Error(`${pair.tsFile}: the written source does not read back as its notebook; please report this`);
    const recorded = structuredClone(notebook!);
    setRecord(recorded, hash);
    return [{ file: pair.tsFile, text }, { file: pair.ipynbFile, text: serializeIpynb(recorded) }];
  }
  if (decision.action === "record") {
    const recorded = structuredClone(notebook!);
    setRecord(recorded, hashShared(pair.ipynb!));
    return [{ file: pair.ipynbFile, text: serializeIpynb(recorded) }];
  }
  return [];
}

const indent = (lines: string[]) => lines.map((l) => `  ${l}`).join("\n");

function conflictMessage(pair: Pair): string {
  return `${pair.name}: both the .ts and the .ipynb changed since the last sync; nothing was written. The cells that differ:\n` +
    `${indent(describeDifferences(pair.ts!, pair.ipynb!))}\n` +
    `  Keep one side with \`parlab notebooks sync --from ts ${pair.name}\` or \`--from ipynb\`, after copying over what you need from the other.`;
}

function checkMessage(pair: Pair): string | null {
  const { decision } = pair;
  if (decision.action === "none" || decision.action === "record") return null;
  if (decision.action === "conflict") return conflictMessage(pair);
  if (!pair.notebook) return `${pair.ipynbFile} is missing; run \`npm run notebooks:sync\` to generate it from ${path.basename(pair.tsFile)}`;
  if (!pair.source) return `${pair.tsFile} is missing; run \`npm run notebooks:sync\` to write it from ${path.basename(pair.ipynbFile)}`;
  const [stale, fresh] = decision.action === "to-ipynb" ? [pair.ipynbFile, pair.tsFile] : [pair.tsFile, pair.ipynbFile];
  return `${stale} is out of date with ${path.basename(fresh)} (${decision.why}); run \`npm run notebooks:sync\`` +
    `${decision.action === "to-ipynb" ? " (the outputs of unchanged cells are kept)" : ""}:\n${indent(describeDifferences(pair.ts!, pair.ipynb!))}`;
}

/**
 * Syncs (or with `check`, checks) the pairs in a folder.
 * @throws InputError naming the file when a source or notebook cannot be read, is malformed, or
 * holds what the other side cannot; nothing is written then.
 */
export function syncNotebooks(options: SyncOptions): SyncReport {
  const all = listPairs(options.dir);
  const chosen = selectNotebooks(all.map((n) => path.join(options.dir, `${n}.ts`)), options.names ?? []).map((f) => path.basename(f, ".ts"));
  const pairs = chosen.map((name) => readPair(options.dir, name, options.from));
  if (options.check) {
    const messages = pairs.flatMap((p) => checkMessage(p) ?? []);
    return { messages, written: [], code: messages.length > 0 ? 1 : 0 };
  }
  const conflicts = pairs.filter((p) => p.decision.action === "conflict");
  if (conflicts.length > 0) return { messages: conflicts.map(conflictMessage), written: [], code: 1 };
  const writes = pairs.map((p) => ({ pair: p, files: plan(p) }));
  const messages: string[] = [];
  const written: string[] = [];
  for (const { pair, files } of writes) {
    for (const { file, text } of files) {
      writeFileAtomic(file, text);
      written.push(file);
    }
    const d = pair.decision;
    if (d.action === "to-ipynb") messages.push(`wrote ${pair.ipynbFile} from ${path.basename(pair.tsFile)} (${d.why})`);
    else if (d.action === "to-ts") messages.push(`wrote ${pair.tsFile} from ${path.basename(pair.ipynbFile)} (${d.why})`);
    else if (d.action === "record") messages.push(`recorded the sync in ${pair.ipynbFile} (the two sides already agree)`);
  }
  return { messages, written, code: 0 };
}
