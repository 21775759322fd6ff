/**
 * One notebook run on several runtimes: the `runtimes` parameter (`["current", "node@24"]`) and
 * {@link runOnRuntimes}, which measures the experiment once on each, one runtime after another.
 *
 * Blocks, not interleaved trials: each runtime is a process tree of its own (its caller, its pools,
 * its servers), so switching runtime between trials would add a runtime's start-up to every trial
 * and leave the trial runner's seeded order unable to span them. The blocks run back to back in the
 * listed order, and the cross-runtime comparison names the time each ran.
 *
 * `current` is measured here, through {@link runOrLoad}. Another runtime re-runs the `parlab`
 * command on its binary, as `parlab run --runtime` does: a child in a process group of its own,
 * started with `--watch-parent`, so that it stops, keeping its trials, if the kernel is killed.
 * Its Result is saved where this notebook saves its own and loaded when the child is done.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { InputError, WorkerError } from "../errors.ts";
import { labEnv } from "../env.ts";
import { externalParams, defaultOf } from "../params.ts";
import { loadResult } from "../results.ts";
import { reanalyse } from "../report.ts";
import { runMode } from "../runtime.ts";
import { startOn } from "../runtimes/exec.ts";
import { findNode } from "../drivers/_host/node-host.ts";
import { EXPERIMENTS } from "../experiments/index.ts";
import { denoRefusal } from "../runtimes/deno.ts";
import { resolveRuntime } from "../runtimes/resolve.ts";
import { parseRuntimeSpec, VALID_SPECS } from "../runtimes/spec.ts";
import { progressLine } from "../show.ts";
import type { Experiment, ParamSpec, Profile } from "../types.ts";
import {
  interrupted, recordForExporter, resultsDir, runOrLoad, shownPath, type NotebookRunResult,
} from "./context.ts";
import { stopOnInterrupt } from "./interrupt.ts";

/** One runtime's run: the spec it was asked as, and its Result with the file it was saved in. */
export interface RuntimeRun<P, S> extends NotebookRunResult<P, S> {
  /** The spec as given: "current", "node@24", "deno". */
  runtime: string;
}

/**
 * The runtimes a notebook measures on: its parameters cell's `runtimes` (a list of specs), overridden
 * by `runtimes=…` in PARLAB_SET or, in a script, `--set runtimes=node@20,node@24`; `["current"]`
 * when none is given. Each spec is checked before anything runs.
 * @throws {InputError} naming `runtimes`: an unknown or too old spec, a spec given twice, an empty list.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { notebookRuntimes } from "./runtimes.ts";
 * assert.deepEqual(notebookRuntimes({ runtimes: ["current", "node@24"] }), ["current", "node@24"]);
 * assert.deepEqual(notebookRuntimes({}), ["current"]);
 * assert.throws(() => notebookRuntimes({ runtimes: ["node@19"] }), /runtimes/);
 * ```
 */
export function notebookRuntimes(cell: { runtimes?: unknown }): string[] {
  const mode = runMode();
  const argv = mode === "tslab" || mode === "deno-jupyter" ? undefined : process.argv.slice(2);
  const outside = externalParams(undefined, argv).overrides.filter((o) => o.key === "runtimes").at(-1);
  const given = outside ? outside.value : cell.runtimes;
  const input = outside ? outside.input : "parameters cell: runtimes";
  if (given === undefined || given === null) return ["current"];
  const list = typeof given === "string" ? given.split(",").map((s) => s.trim()).filter((s) => s !== "") : given;
  if (!Array.isArray(list) || list.some((s) => typeof s !== "string")) {
    throw new InputError(input, `give a list of runtimes, e.g. ["current", "node@24"] (or runtimes=current,node@24); each one of: ${VALID_SPECS}`);
  }
  if (list.length === 0) throw new InputError(input, `the list of runtimes is empty; give at least one of: ${VALID_SPECS}`);
  const specs = (list as string[]).map((s) => parseRuntimeSpec(s, input).text);
  const twice = specs.find((s, i) => specs.indexOf(s) !== i);
  if (twice) throw new InputError(input, `${twice} is listed twice; give each runtime once`);
  return specs;
}

/** `--set key=value` for every parameter that differs from the profile's default (the rest the child's profile gives). */
function setArgs(specs: Record<string, ParamSpec>, params: Record<string, unknown>, profile: Profile): string[] {
  const out: string[] = [];
  for (const [key, spec] of Object.entries(specs)) {
    const value = params[key];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(defaultOf(spec, profile))) continue;
    out.push("--set", `${key}=${Array.isArray(value) ? value.join(",") : String(value)}`);
  }
  return out;
}

/** The saved Result file among the lines a `parlab run` printed: its path ends the output, before its CSV. */
function savedFile(stdout: string): string | undefined {
  return stdout.split("\n").map((l) => l.trim()).filter((l) => l.endsWith(".json")).at(-1);
}

/** Measures on `spec` (not the current runtime) through the `parlab` command on that runtime's binary. */
async function runOnOther<P extends Record<string, unknown>, S>(
  experiment: Experiment<P, S>,
  params: P & { profile: Profile },
  spec: string,
): Promise<RuntimeRun<P, S>> {
  const parsed = parseRuntimeSpec(spec, "runtimes");
  const mode = runMode();
  const progress = progressLine();
  const target = await resolveRuntime(parsed, { say: (text) => progress.update(`${experiment.id}: ${text}`) });
  if (target.name === "deno") {
    const node = findNode();
    const refused = denoRefusal(experiment.id, node && `node ${node.version}`, EXPERIMENTS.map((e) => e.id), "runtimes");
    if (refused) throw refused;
  }
  const { profile, ...experimentParams } = params;
  const dir = resultsDir();
  const args = ["run", experiment.id, "--profile", profile, ...setArgs(experiment.params, experimentParams, profile), "--out", dir, "--quiet", "--watch-parent"];
  const label = `${target.name} ${target.version}`;
  progress.update(`${experiment.id}: measuring on ${label}…`);
  // Its own group: Jupyter's interrupt (SIGINT to the kernel's group) reaches the kernel, which passes it on once.
  const run = startOn(target, args, { env: { ...process.env, PARLAB_RESULT: "" }, capture: true });
  const stop = stopOnInterrupt(mode, () => {
    run.child.kill("SIGINT");
    const text = `${experiment.id}: interrupted; stopping the run on ${label} and its workers…`;
    if (mode === "script") process.stderr.write(`\n${text}\n`);
    else progress.update(text);
  });
  let code: number;
  try {
    code = await run.exited;
  } finally {
    stop.dispose();
  }
  const saved = savedFile(run.stdout);
  if (stop.interrupted) {
    const kept = saved && fs.existsSync(saved) ? loadResult(saved) : undefined;
    interrupted(experiment.id, mode, { trials: kept?.trials.length ?? 0, file: saved, complete: kept?.complete ?? false }, progress);
  }
  // 0: done; 1: done with failed trials, which the Result keeps and the analysis reports.
  if ((code !== 0 && code !== 1) || !saved || !fs.existsSync(saved)) {
    const why = run.stderr.trim().split("\n").slice(-3).join(" / ") || `exit code ${code}`;
    throw new WorkerError(`${experiment.id} on ${label} failed: ${why}`);
  }
  const result = reanalyse(loadResult<P, S>(saved));
  recordForExporter(saved, true);
  progress.update(`${experiment.id}: measured on ${label}: ${result.trials.length} trials in ${shownPath(saved)}`);
  return { runtime: spec, result, file: shownPath(saved), path: path.resolve(saved) };
}

/**
 * Runs `experiment` once on each of `runtimes` (from {@link notebookRuntimes}), in that order, and
 * returns each run's Result. With `["current"]` it is {@link runOrLoad}. When PARLAB_RESULT names
 * saved Results (comma-separated), they are loaded and re-analysed instead, one run each, and
 * nothing is measured.
 *
 * Stopping the notebook stops the run in progress — on another runtime too: the child gets the
 * interrupt, keeps its trials in its Result (marked incomplete), and the cell ends as
 * {@link runOrLoad}'s does. Runtimes after it are not started.
 * @throws {InputError} for a runtime that cannot be had or cannot host the experiment (Deno and the
 *   Node-hosted experiments), or a PARLAB_RESULT file of another experiment.
 */
export async function runOnRuntimes<P extends Record<string, unknown>, S>(
  experiment: Experiment<P, S>,
  params: P & { profile: Profile },
  runtimes: readonly string[] = ["current"],
): Promise<{ runs: Array<RuntimeRun<P, S>> }> {
  const from = labEnv().result;
  if (from && from.includes(",")) {
    const runs = from.split(",").map((f) => f.trim()).filter((f) => f !== "").map((file) => {
      const loaded = loadResult<P, S>(file);
      if (loaded.experiment.id !== experiment.id) {
        throw new InputError("PARLAB_RESULT", `${file} holds a "${loaded.experiment.id}" Result; give saved Results of "${experiment.id}", or unset it to measure`);
      }
      recordForExporter(path.resolve(file), false);
      return { runtime: `${loaded.runtime.name} ${loaded.runtime.version}`, result: reanalyse(loaded), file: shownPath(file), path: path.resolve(file) };
    });
    return { runs };
  }
  if (from) {
    // One saved Result: the notebook's own run, re-plotted.
    const run = await runOrLoad(experiment, params);
    return { runs: [{ runtime: "current", ...run }] };
  }
  // Every spec is checked before the first run starts.
  for (const spec of runtimes) parseRuntimeSpec(spec, "runtimes");
  const runs: Array<RuntimeRun<P, S>> = [];
  for (const spec of runtimes) {
    runs.push(spec === "current" ? { runtime: spec, ...(await runOrLoad(experiment, params)) } : await runOnOther(experiment, params, spec));
  }
  return { runs };
}
