/**
 * The `parlab` command: list experiments, run one, re-render a saved Result, and run or sync the
 * notebooks. Bad input exits with code 2 and a message naming the input and what would be valid.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { parseArgs, type ParseArgsConfig } from "node:util";
import cliProgress from "cli-progress";
import { exitWithParent } from "./drivers/_host/orphan.ts";
import { AbortedError, InputError, errorMessage } from "./errors.ts";
import { EXPERIMENTS, getExperiment } from "./experiments/index.ts";
import { checkProfile, defaultOf, describeValid, parseSetArg, resolveParams, type Override } from "./params.ts";
import { ensureWritableDir, fileTimestamp, loadResult, resultJson, ResultWriter, writeFileAtomic } from "./results.ts";
import { reanalyse, writeReport } from "./report.ts";
import { measuredMarkdown, updateReadme } from "./measured.ts";
import { provenanceOf, withProvenance } from "./provenance.ts";
import { stoppingRuleOf, type StoppingParams } from "./stopping.ts";
import { notebookFilesCommand, NOTEBOOK_FILES_USAGE } from "./notebook/cli.ts";
import { siteCommand, SITE_USAGE } from "./site/cli.ts";
import { compareCommand, COMPARE_USAGE } from "./compare/cli.ts";
import { exportNotebooks, listNotebooks, selectNotebooks, type ScriptRuntime } from "./notebook/export.ts";
import { PROFILES, type ParamSpec, type Result } from "./types.ts";
import { findNode } from "./drivers/_host/node-host.ts";
import { runtimesCommand, RUNTIMES_USAGE } from "./runtimes/command.ts";
import { denoRefusal } from "./runtimes/deno.ts";
import { runOn } from "./runtimes/exec.ts";
import { resolveRuntime } from "./runtimes/resolve.ts";
import { parseRuntimeSpec } from "./runtimes/spec.ts";

const USAGE = `parlab — measure when Node.js should scale with processes and when with threads

Usage:
  parlab list                                   experiments, their parameters, units and defaults
  parlab run <experiment> [--profile tiny|quick|full] [--out DIR] [--trials N] [--set key=value ...]
             [--precision P] [--max-trials N]   stop each condition once its median interval is within
                                                ±P of its median (after --trials, at most --max-trials)
             [--runtime SPEC]                   measure on another runtime: current (default), deno,
                                                node@24, node@22, node@20 or node@X.Y.Z (fetched from
                                                the npm registry into the lab's cache on first use)
  parlab report <result.json> [--out DIR]       re-render charts and an HTML page from a saved Result
  parlab reanalyse <result.json> ...            rewrite each Result's summary with the current
                                                analysis, keeping its trials (atomic; --check compares)
  parlab findings [result.json ...] [--readme FILE [--check]]
                                                what saved Results found, as markdown (default: the
                                                committed references); --readme rewrites FILE's
                                                generated section, --check only compares it
${COMPARE_USAGE}
  parlab notebooks [name ...] [--profile P] [--out DIR] [--runtime node|deno] [--set key=value ...]
                                                run notebooks headless, export HTML + index.html
${RUNTIMES_USAGE}${NOTEBOOK_FILES_USAGE}${SITE_USAGE}`;

/** Writes to stderr; the CLI's stdout carries only results. */
const say = (text: string) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);

function parse<const O extends NonNullable<ParseArgsConfig["options"]>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true as const, strict: true as const });
  } catch (error) {
    throw new InputError("command line", `${errorMessage(error)}\n\n${USAGE}`);
  }
}

function formatDefault(spec: ParamSpec): string {
  const show = (v: unknown) => (Array.isArray(v) ? v.join(",") : String(v));
  const values = PROFILES.map((p) => show(defaultOf(spec, p)));
  return values.every((v) => v === values[0]) ? values[0]! : PROFILES.map((p, i) => `${p}: ${values[i]}`).join("; ");
}

function list(): number {
  for (const e of EXPERIMENTS) {
    process.stdout.write(`${e.id} — ${e.title}\n  ${e.description}\n  parameters:\n`);
    for (const [name, spec] of Object.entries(e.params) as Array<[string, ParamSpec]>) {
      process.stdout.write(`    ${name.padEnd(10)} ${spec.description}; ${describeValid(spec)}; default ${formatDefault(spec)}\n`);
    }
  }
  return 0;
}

/** Aborts on the first Ctrl-C or SIGTERM so the run can tear its workers down; a second one exits at once. */
function interruptible(): { signal: AbortSignal; dispose(): void; code(): number } {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  const handler = (sig: NodeJS.Signals) => {
    if (received) process.exit(sig === "SIGINT" ? 130 : 143);
    received = sig;
    say(`\n${sig}: stopping after tearing down the workers; completed trials are kept…`);
    controller.abort(new AbortedError(sig));
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
    code: () => (received === "SIGTERM" ? 143 : 130),
  };
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    profile: { type: "string", default: "quick" },
    out: { type: "string", default: "data/results" },
    trials: { type: "string" },
    precision: { type: "string" },
    "max-trials": { type: "string" },
    set: { type: "string", multiple: true },
    quiet: { type: "boolean", default: false },
    runtime: { type: "string", default: "current" },
    // Set by `--runtime` on the run it starts on the other runtime: stop with the command that started it.
    "watch-parent": { type: "boolean", default: false },
  });
  if (positionals.length !== 1) throw new InputError("experiment", `give exactly one experiment to run; available: ${EXPERIMENTS.map((e) => e.id).join(", ")}`);
  const experiment = getExperiment(positionals[0]!);
  const profile = checkProfile(values.profile as string);
  const overrides: Override[] = (values.set as string[] | undefined ?? []).map((s) => parseSetArg(s));
  if (values.trials !== undefined) overrides.push({ key: "trials", value: values.trials as string, input: "--trials" });
  if (values.precision !== undefined) overrides.push({ key: "precision", value: values.precision as string, input: "--precision" });
  if (values["max-trials"] !== undefined) overrides.push({ key: "maxTrials", value: values["max-trials"] as string, input: "--max-trials" });
  const params = resolveParams(experiment.params, profile, overrides);
  experiment.check?.(params);
  // A stopping rule whose parameters contradict each other fails here, before anything runs.
  stoppingRuleOf(params as unknown as StoppingParams);
  const dir = ensureWritableDir(values.out as string, "--out");
  const spec = parseRuntimeSpec(values.runtime as string);
  if (spec.kind === "deno") {
    const node = findNode();
    const refused = denoRefusal(experiment.id, node && `node ${node.version}`, EXPERIMENTS.map((e) => e.id));
    if (refused) throw refused;
  }
  if (spec.kind !== "current") {
    const target = await resolveRuntime(spec, { say });
    if (target.source !== "current") {
      say(`running ${experiment.id} on ${target.name} ${target.version} (${target.binary})`);
      return await runOn(target, ["run", ...withoutRuntime(args), "--watch-parent"]);
    }
  }
  const writer = new ResultWriter(dir, `${experiment.id}-${fileTimestamp()}`);
  const provenance = provenanceOf(experiment.id, profile);
  const stop = interruptible();
  // Re-run here by `--runtime` from another process: stop as on SIGTERM, trials kept, if that process dies.
  if (values["watch-parent"]) exitWithParent(() => process.kill(process.pid, "SIGTERM"));
  const bar = new cliProgress.SingleBar(
    { format: `${experiment.id} [{bar}] {value}/{total} trials | {condition} | eta {eta_formatted}`, stream: process.stderr, hideCursor: true, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    const result = await experiment.run(params, {
      signal: stop.signal,
      onCheckpoint: (partial) => writer.write(withProvenance(partial, provenance)),
      onProgress: (e) => {
        if (values.quiet) return;
        if (!started) {
          bar.start(e.total, 0, { condition: e.condition });
          started = true;
        }
        bar.update(e.done, { condition: e.condition });
      },
    });
    if (started) bar.stop();
    const saved = writer.write(withProvenance(result as Result, provenance));
    for (const line of experiment.findings(result)) process.stdout.write(`- ${line}\n`);
    process.stdout.write(`${saved.json}\n${saved.csv}\n`);
    if (!result.complete) {
      say(`interrupted: ${result.trials.length} completed trials kept in ${saved.json} (marked incomplete)`);
      return stop.code();
    }
    return result.failures.length > 0 ? 1 : 0;
  } catch (error) {
    if (started) bar.stop();
    if (writer.paths) say(`the run failed; completed trials are kept in ${writer.paths.json}`);
    throw error;
  } finally {
    stop.dispose();
  }
}

/** `args` without its `--runtime` option, for the run that happens on that runtime. */
function withoutRuntime(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--runtime") i++;
    else if (!args[i]!.startsWith("--runtime=")) out.push(args[i]!);
  }
  return out;
}

async function report(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { out: { type: "string" } });
  if (positionals.length !== 1) throw new InputError("report", "give exactly one Result file (.json) to render");
  const written = await writeReport(positionals[0]!, values.out as string | undefined);
  for (const f of written) process.stdout.write(`${f}\n`);
  return 0;
}

async function reanalyseFiles(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { check: { type: "boolean", default: false } });
  if (positionals.length === 0) throw new InputError("reanalyse", "give one or more Result files (.json) to re-analyse");
  let stale = 0;
  for (const file of positionals) {
    const next = resultJson(reanalyse(loadResult(file)));
    if (fs.readFileSync(file, "utf8") === next) continue;
    stale++;
    if (values.check) say(`${file}: its saved summary differs from the current analysis`);
    else {
      writeFileAtomic(file, next);
      say(`re-analysed ${file}`);
    }
  }
  return values.check && stale > 0 ? 1 : 0;
}

async function findings(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { readme: { type: "string" }, check: { type: "boolean", default: false }, root: { type: "string", default: "." } });
  const root = path.resolve(values.root as string);
  const files = positionals.length > 0 ? positionals : referenceResults(root);
  if (values.readme === undefined) {
    if (values.check) throw new InputError("--check", "compares a README's generated section; give --readme FILE with it");
    process.stdout.write(`${measuredMarkdown(files, root)}\n`);
    return 0;
  }
  const { upToDate } = updateReadme(values.readme as string, files, root, values.check as boolean);
  if (values.check) {
    if (!upToDate) say(`${values.readme}: its measured section differs from what the Results say; run npx parlab findings --readme ${values.readme}`);
    return upToDate ? 0 : 1;
  }
  say(upToDate ? `${values.readme} was up to date` : `wrote ${values.readme}`);
  return 0;
}

/** The committed reference Results of the project at `root`. */
function referenceResults(root: string): string[] {
  const dir = path.join(root, "data", "results", "reference");
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    throw new InputError("findings", `no Result files given and no reference folder at ${path.relative(process.cwd(), dir) || dir}; give Result files`);
  }
  return names.filter((n) => n.endsWith(".json")).sort().map((n) => path.join(dir, n));
}

async function notebooks(args: string[]): Promise<number> {
  if (args[0] === "sync" || args[0] === "strip") return await notebookFilesCommand(args[0], args.slice(1));
  const { values, positionals } = parse(args, {
    profile: { type: "string", default: "quick" },
    out: { type: "string", default: "reports" },
    dir: { type: "string", default: "notebooks" },
    runtime: { type: "string", default: "node" },
    set: { type: "string", multiple: true },
    "timeout-ms": { type: "string", default: String(30 * 60_000) },
  });
  const profile = checkProfile(values.profile as string);
  const runtime = values.runtime as string;
  if (runtime !== "node" && runtime !== "deno") throw new InputError("--runtime", `unknown runtime "${runtime}"; valid: node, deno`);
  const timeoutMs = Number(values["timeout-ms"]);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new InputError("--timeout-ms", "expected a whole number of milliseconds ≥ 1");
  for (const s of (values.set as string[] | undefined) ?? []) parseSetArg(s);
  const files = selectNotebooks(listNotebooks(values.dir as string), positionals);
  const out = ensureWritableDir(values.out as string, "--out");
  const stop = interruptible();
  try {
    const runs = await exportNotebooks(files, out, {
      profile,
      runtime: runtime as ScriptRuntime,
      set: values.set as string[] | undefined,
      timeoutMs,
      signal: stop.signal,
      onStart: (f) => say(`running ${path.basename(f)} (${runtime}, ${profile})…`),
      onDone: (r) => say(`${r.ok ? "ok" : "FAILED"} ${path.basename(r.file)} in ${(r.durationMs / 1000).toFixed(1)} s`),
    });
    process.stdout.write(`${path.join(out, "index.html")}\n`);
    if (stop.signal.aborted) return stop.code();
    return runs.every((r) => r.ok) ? 0 : 1;
  } finally {
    stop.dispose();
  }
}

async function site(args: string[]): Promise<number> {
  const stop = interruptible();
  try {
    const code = await siteCommand(args, stop.signal);
    return stop.signal.aborted ? stop.code() : code;
  } finally {
    stop.dispose();
  }
}

/** Runs the CLI with `args` (without node and script); returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  try {
    switch (command) {
      case "list":
        return list();
      case "run":
        return await run(rest);
      case "report":
        return await report(rest);
      case "findings":
        return await findings(rest);
      case "reanalyse":
        return await reanalyseFiles(rest);
      case "compare":
        return compareCommand(rest);
      case "notebooks":
        return await notebooks(rest);
      case "site":
        return await site(rest);
      case "runtimes":
        return await runtimesCommand(rest);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new InputError("command", `unknown command "${command}"; valid commands: list, run, report, reanalyse, findings, notebooks, site, compare, runtimes\n\n${USAGE}`);
    }
  } catch (error) {
    if (error instanceof InputError) {
      say(`parlab: ${error.message}`);
      return 2;
    }
    say(`parlab: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    return 1;
  }
}
