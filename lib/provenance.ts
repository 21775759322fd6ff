/**
 * What produced a Result, and whether the source that measured it has changed since.
 *
 * A run records a hash of the library sources that *measure* its experiment: the experiment's
 * `measure.ts` and every module it loads (static, re-exported and dynamic relative imports,
 * type-only imports aside), plus the entry modules of every driver family it reaches (workers and
 * processes start from those by name, not by import). The analysis is left out on purpose: it is
 * redone whenever a Result is loaded, so changing it never makes a Result stale. For the same reason
 * `lib/stats/` is left out but for its seeded generator (`stats/rng.ts`), which decides what is
 * measured — the trials' order, the corpora, the load — and which the measuring side reaches
 * through the `stats/mod.ts` barrel.
 *
 * The sources are found beside this module: `lib/` when the lab runs from its TypeScript sources
 * (tsx, Deno), the folder above `lib/dist/` when it runs compiled (Node, tslab). Where they are not
 * there, a run records `sourceHash: null` and staleness says it cannot tell.
 * @module
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Profile, Provenance, Result } from "./types.ts";

/** The folder of the library's TypeScript sources (the one holding `experiments/index.ts`), or null. */
export function librarySourceDir(): string | null {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const dir of [here, path.dirname(here)]) {
    if (fs.existsSync(path.join(dir, "experiments", "index.ts")) && fs.existsSync(path.join(dir, "provenance.ts"))) return dir;
  }
  return null;
}

// `import … from "./x.ts"`, `export … from "./x.ts"`, `import "./x.ts"`; group 1 marks `import type`/`export type`.
const STATIC_IMPORT = /(?:^|[;\n}])\s*(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]*?\s*from\s*)?["'](\.{1,2}\/[^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;

/** The statistics the measuring side uses; the rest of lib/stats is analysis (see the module's note). */
const MEASURING_STATS = new Set(["stats/rng.ts"]);

/** Whether a module that the measuring side loads is measuring source (else it is the analysis). */
const measures = (file: string) => !file.startsWith("stats/") || MEASURING_STATS.has(file);

/** Library-relative paths of the modules `file` loads when it runs (type-only imports aside). */
function importsOf(libDir: string, file: string): string[] {
  const text = fs.readFileSync(path.join(libDir, file), "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(STATIC_IMPORT)) if (!m[1]) found.push(m[2]!);
  for (const m of text.matchAll(DYNAMIC_IMPORT)) found.push(m[1]!);
  return found
    .map((spec) => path.relative(libDir, path.resolve(libDir, path.dirname(file), spec)).split(path.sep).join("/"))
    .filter((f) => f.endsWith(".ts") && !f.startsWith("..") && fs.existsSync(path.join(libDir, f)));
}

/** Entry modules of the driver family that `file` belongs to (started by name, never imported). */
function familyEntries(libDir: string, file: string): string[] {
  const m = /^drivers\/([^/]+)\//.exec(file);
  if (!m) return [];
  const dir = `drivers/${m[1]}`;
  return fs.readdirSync(path.join(libDir, dir)).filter((n) => /^entry-.*\.ts$/.test(n)).map((n) => `${dir}/${n}`);
}

/**
 * The library-relative paths of the sources that measure experiment `id`, sorted; empty when the
 * experiment has no `measure.ts` there.
 */
export function measuringSources(id: string, libDir: string): string[] {
  const root = `experiments/${id}/measure.ts`;
  if (!/^[\w-]+$/.test(id) || !fs.existsSync(path.join(libDir, root))) return [];
  const seen = new Set([root, ...MEASURING_STATS]);
  const queue = [root, ...MEASURING_STATS];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of [...importsOf(libDir, file), ...familyEntries(libDir, file)]) {
      if (seen.has(next) || !measures(next)) continue;
      seen.add(next);
      queue.push(next);
    }
  }
  return [...seen].sort();
}

/** The measuring sources of experiment `id` with a hash of each and of all, or null when they are not here. */
export function sourceFingerprint(id: string, libDir: string | null = librarySourceDir()): { sourceHash: string; sources: Record<string, string> } | null {
  if (!libDir) return null;
  const files = measuringSources(id, libDir);
  if (files.length === 0) return null;
  const all = createHash("sha256");
  const sources: Record<string, string> = {};
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(libDir, file));
    sources[file] = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
    all.update(file).update("\0").update(bytes).update("\0");
  }
  return { sourceHash: all.digest("hex"), sources };
}

/** The provenance a run of experiment `id` records, taken before it measures. */
export function provenanceOf(id: string, profile?: Profile): Provenance {
  const print = sourceFingerprint(id);
  return { sourceHash: print?.sourceHash ?? null, ...(print ? { sources: print.sources } : {}), ...(profile ? { profile } : {}) };
}

/** `result` with `provenance` recorded, unless it already has one (a loaded Result keeps its own). */
export function withProvenance<R extends Result>(result: R, provenance: Provenance): R {
  return result.provenance ? result : { ...result, provenance };
}

/** The files that differ between two fingerprints' source lists, as `lib/…` paths. */
function changedFiles(before: Record<string, string> | undefined, now: Record<string, string>): string[] {
  if (!before) return [];
  const names = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...names].filter((f) => before[f] !== now[f]).sort().map((f) => `lib/${f}`);
}

/**
 * Whether the source that measured `result` has changed since, by one rule: stale exactly when the
 * Result records a source hash and this library's measuring source for its experiment hashes to
 * another value. A Result that records none (saved before provenance was recorded, or measured
 * where the sources were absent) is "provenance unknown" and not stale: nothing says it changed, and
 * re-measuring it would not make the next check any wiser about the Result it replaced.
 */
export function staleness(result: Result): { stale: boolean; reason: string } {
  const id = result.experiment.id;
  const recorded = result.provenance?.sourceHash ?? null;
  if (recorded === null) {
    return {
      stale: false,
      reason: result.provenance
        ? "provenance unknown: the library's sources were not available where it was measured, so a change cannot be told"
        : "provenance unknown: saved before Results recorded the source that measured them, so a change cannot be told",
    };
  }
  const now = sourceFingerprint(id);
  if (!now) return { stale: false, reason: `cannot check: the sources that measure "${id}" are not beside this library` };
  if (now.sourceHash === recorded) return { stale: false, reason: `current: measured by the source this library holds (source ${recorded.slice(0, 12)})` };
  const changed = changedFiles(result.provenance?.sources, now.sources);
  const which = changed.length === 0 ? "" : ` (${changed.length} ${changed.length === 1 ? "file" : "files"}: ${changed.slice(0, 5).join(", ")}${changed.length > 5 ? ", …" : ""})`;
  return { stale: true, reason: `stale: the source that measures "${id}" has changed since this Result was measured${which}; source ${recorded.slice(0, 12)} then, ${now.sourceHash.slice(0, 12)} now` };
}
