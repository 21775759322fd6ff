/**
 * The library's shape, checked from its import graph: no static import cycle, an experiment's
 * analysing side (its `analyse.ts` and everything that file loads) never reaches a driver, a workload
 * with side effects, the machine sampler, sharp or a server, so that re-analysing or re-plotting a
 * saved Result loads none of them; no file too long to read in one sitting; driver entry modules
 * inside their family's folder.
 *
 * The graph is read with the TypeScript parser from each file's static `import … from` and
 * `export … from` declarations. `import type` and `export type … from` are erased from the emitted
 * JavaScript, so they load nothing and are left out; `import { type X } from` is kept, because with
 * verbatimModuleSyntax it still loads the module. Dynamic `import()` is not a static edge and is
 * not followed.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { ROOT } from "../helpers.ts";

const LIB = path.join(ROOT, "lib");
const MAX_LINES = 450;

/** Library-relative paths ("experiments/scaling/mod.ts") of every TypeScript file of lib/, compiled output aside. */
function libFiles(dir = LIB): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "dist" || entry.name === "node_modules" ? [] : libFiles(full);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path.relative(LIB, full)] : [];
  });
}

/** What one file loads when it is evaluated. */
interface Imports {
  /** Library-relative paths of the lib/ files it imports (value imports only). */
  files: string[];
  /** Package and node: specifiers it imports (value imports only). */
  packages: string[];
}

function importsOf(file: string): Imports {
  const text = fs.readFileSync(path.join(LIB, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: Imports = { files: [], packages: [] };
  for (const statement of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.phaseModifier === ts.SyntaxKind.TypeKeyword) continue;
      specifier = statement.moduleSpecifier;
    } else if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      specifier = statement.moduleSpecifier;
    }
    if (!specifier || !ts.isStringLiteral(specifier)) continue;
    const spec = specifier.text;
    if (spec.startsWith(".")) {
      const target = path.relative(LIB, path.resolve(LIB, path.dirname(file), spec));
      assert.ok(fs.existsSync(path.join(LIB, target)), `${file} imports "${spec}", which does not exist (relative imports name the .ts file)`);
      found.files.push(target);
    } else {
      found.packages.push(spec);
    }
  }
  return found;
}

/** Lines of a text, as `wc -l` counts them, plus a last line without its newline. */
const lineCount = (text: string) => (text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0));

const FILES = libFiles();
const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

/** Strongly connected components of more than one file, or a file importing itself: the import cycles. */
function importCycles(): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of GRAPH.get(v)?.files ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || GRAPH.get(v)!.files.includes(v)) cycles.push(component.sort());
  };
  for (const file of FILES) if (!index.has(file)) visit(file);
  return cycles;
}

/**
 * Pure workload modules an analysis may load, although lib/workloads/ is otherwise the measuring
 * side's. Each is plain arithmetic over parameters, and what it imports is still checked:
 * - cpu.ts: the expected prime count, so a scaling summary states the right answer even for a
 *   Result whose every trial failed;
 * - corpus.ts: the corpus id, a name derived from the corpus parameters (sharp loads lazily, only
 *   when images are drawn).
 */
const PURE_WORKLOADS = new Set(["workloads/cpu.ts", "workloads/corpus.ts"]);

const FORBIDDEN_PACKAGES = ["sharp", "child_process", "worker_threads", "cluster", "http", "net"].flatMap((p) => (p === "sharp" ? [p] : [p, `node:${p}`]));

/** Why a file may not be loaded by an analysis, or null when it may. */
function forbiddenFile(file: string): string | null {
  if (file.startsWith("drivers/")) return "a driver";
  if (file.startsWith("workloads/") && !PURE_WORKLOADS.has(file)) return "a workload";
  if (file === "machine.ts") return "the machine sampler";
  if (file === "experiments/_shared/run.ts") return "the run harness";
  return null;
}

/**
 * Why a file has side effects when loaded (a driver's host or entry, the sampler, the run harness),
 * or null. Workloads are judged by what they load, and so are the pure tables of a driver family
 * (e.g. drivers/channels/channel.ts: the channel names and their checks).
 */
function measuringFile(file: string): string | null {
  return file.startsWith("workloads/") || PURE_DRIVER_FILES.has(file) ? null : forbiddenFile(file);
}

/** Driver files that only name and check things (no process, thread or server): parameters may use them. */
const PURE_DRIVER_FILES = new Set(["drivers/channels/channel.ts"]);

/** Every forbidden file or package `root` loads, each with the chain of imports that reaches it. */
function forbiddenReach(root: string, forbidden: (file: string) => string | null = forbiddenFile): string[] {
  const parent = new Map<string, string | null>([[root, null]]);
  const chain = (file: string): string => {
    const up = parent.get(file);
    return up ? `${chain(up)} → ${file}` : file;
  };
  const problems: string[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const file = queue.shift()!;
    const why = forbidden(file);
    if (why) {
      problems.push(`${chain(file)} (${why})`);
      continue;
    }
    const { files, packages } = GRAPH.get(file)!;
    for (const p of packages) if (FORBIDDEN_PACKAGES.includes(p)) problems.push(`${chain(file)} → ${p}`);
    for (const f of files) {
      if (parent.has(f)) continue;
      parent.set(f, file);
      queue.push(f);
    }
  }
  return problems;
}

const EXPERIMENTS = fs.readdirSync(path.join(LIB, "experiments"), { withFileTypes: true })
  .filter((e) => e.isDirectory() && !e.name.startsWith("_"))
  .map((e) => e.name)
  .sort();

describe("library architecture", () => {
  it("the import graph was read", () => {
    assert.ok(GRAPH.get("mod.ts")!.files.includes("experiments/index.ts"), "lib/mod.ts imports the experiment registry");
    assert.ok(EXPERIMENTS.includes("scaling"), "experiments are found");
  });

  it("has no static import cycle among lib/**/*.ts (type-only imports aside)", () => {
    assert.deepEqual(importCycles(), []);
  });

  it("every experiment is split into mod.ts, measure.ts and analyse.ts", () => {
    const missing = EXPERIMENTS.flatMap((id) =>
      ["mod.ts", "measure.ts", "analyse.ts"].filter((f) => !fs.existsSync(path.join(LIB, "experiments", id, f))).map((f) => `experiments/${id}/${f}`));
    assert.deepEqual(missing, []);
  });

  it("an experiment's analysis loads no driver, workload with side effects, sampler, run harness, sharp or server", () => {
    const problems = EXPERIMENTS
      .map((id) => `experiments/${id}/analyse.ts`)
      .filter((root) => GRAPH.has(root))
      .flatMap((root) => forbiddenReach(root));
    assert.deepEqual(problems, []);
  });

  it("within an experiment, only measure.ts imports drivers, workloads with side effects, the sampler or the run harness", () => {
    // A workload is judged by what it loads (cpu.ts is arithmetic, thumbnail.ts loads sharp); anything else by what it is.
    const measuring = (target: string) =>
      target.startsWith("workloads/") || PURE_DRIVER_FILES.has(target) ? forbiddenReach(target, measuringFile).length > 0 : measuringFile(target) !== null;
    const problems = FILES
      .filter((f) => /^experiments\/[^_/][^/]*\//.test(f) && path.basename(f) !== "measure.ts")
      .flatMap((f) => {
        const { files, packages } = GRAPH.get(f)!;
        return [...files.filter(measuring), ...packages.filter((p) => FORBIDDEN_PACKAGES.includes(p))].map((target) => `${f} → ${target}`);
      });
    assert.deepEqual(problems, []);
  });

  it("the experiment registry, the report and the decision guide load no process, thread, server or sharp: re-plotting a saved Result starts nothing", () => {
    // Each experiment's run() imports its measure.ts when called, so listing experiments, checking
    // parameters, re-analysing a Result and answering the guide from saved Results never load what measures.
    const problems = ["experiments/index.ts", "report.ts", "guide/mod.ts"].flatMap((root) => forbiddenReach(root, measuringFile));
    assert.deepEqual(problems, []);
  });

  it(`has no file over ${MAX_LINES} lines in lib/ (compiled output aside)`, () => {
    const all = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) return e.name === "dist" || e.name === "node_modules" ? [] : all(full);
      return [full];
    });
    const long = all(LIB)
      .map((f) => ({ file: path.relative(LIB, f), lines: lineCount(fs.readFileSync(f, "utf8")) }))
      .filter((x) => x.lines > MAX_LINES)
      .map((x) => `${x.file}: ${x.lines} lines`);
    assert.deepEqual(long, []);
  });

  it("keeps driver entry modules inside their family's folder, none directly in lib/drivers/", () => {
    const loose = fs.readdirSync(path.join(LIB, "drivers")).filter((f) => /^entry-.*\.ts$/.test(f));
    assert.deepEqual(loose, []);
  });
});
