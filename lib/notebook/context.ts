/**
 * What notebooks call: their parameters with outside overrides applied, where Results are kept,
 * and running (or re-loading) an experiment with every trial checkpointed to disk.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { AbortedError, InputError } from "../errors.ts";
import { checkProfile, externalParams, resolveParams, type Override } from "../params.ts";
import { fileTimestamp, loadResult, ResultWriter, ensureWritableDir, projectDataDir, writeFileAtomic } from "../results.ts";
import { provenanceOf, withProvenance } from "../provenance.ts";
import { reanalyse } from "../report.ts";
import { runMode } from "../runtime.ts";
import { progressLine, type ProgressLine } from "../show.ts";
import type { Experiment, Profile, Result } from "../types.ts";
import { labEnv } from "../env.ts";
import { SIGINT_EXIT_CODE, stopOnInterrupt } from "./interrupt.ts";

/**
 * The folder Results are saved in: `PARLAB_RESULTS_DIR`, else `data/results` of the project the
 * notebook runs in (found upwards from the working folder, which is the notebook's own in Jupyter).
 */
export function resultsDir(): string {
  const fromEnv = labEnv().resultsDir;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(projectDataDir(), "results");
}

/**
 * A notebook's parameters: the `parameters` cell's values (a `profile` plus any experiment
 * parameters), overridden by PARLAB_PROFILE / PARLAB_SET and, when run as a script, by its command
 * line (`--profile tiny --set trials=3`). Unset (undefined) values take the profile's default.
 */
export function notebookParams<P extends Record<string, unknown>>(
  experiment: Experiment<P, unknown>,
  cell: { profile?: string } & Partial<Record<keyof P, unknown>>,
): P & { profile: Profile } {
  const mode = runMode();
  // A kernel's argv is the kernel's, not the notebook's.
  const argv = mode === "tslab" || mode === "deno-jupyter" ? undefined : process.argv.slice(2);
  // Its default environment is the process's, read through labEnv like every PARLAB_* variable.
  const outside = externalParams(undefined, argv);
  const profile = outside.profile ?? checkProfile(cell.profile ?? "quick", "parameters cell: profile");
  // `profile` and `runtimes` say how and where to run, not what: they are no experiment's parameters.
  const fromCell: Override[] = Object.entries(cell)
    .filter(([k, v]) => !NOT_EXPERIMENT_PARAMS.has(k) && v !== undefined)
    .map(([key, value]) => ({ key, value, input: `parameters cell: ${key}` }));
  const overrides = [...fromCell, ...outside.overrides.filter((o) => !NOT_EXPERIMENT_PARAMS.has(o.key))];
  const params = resolveParams(experiment.params, profile, overrides);
  experiment.check?.(params);
  return { ...params, profile };
}

/** Keys of a parameters cell that are not the experiment's: the profile, and the runtimes to measure on. */
const NOT_EXPERIMENT_PARAMS = new Set(["profile", "runtimes"]);

/** A Result and the file it was saved in (or loaded from). */
export interface NotebookRunResult<P, S> {
  result: Result<P, S>;
  /**
   * The file as readers are shown it: relative to the project when inside it (`data/results/…`),
   * else its name alone — never an absolute path of this machine, since notebooks print it.
   */
  file: string;
  /** The same file's absolute path, for code that opens it. */
  path: string;
}

/**
 * Runs the experiment, saving the Result after every trial under {@link resultsDir}; or, when
 * PARLAB_RESULT names a saved Result of this experiment, loads and re-analyses it instead.
 *
 * Stopping the notebook stops the run: an interrupted kernel (the stop button) or Ctrl-C of a
 * script aborts it within its trials' tear-down, so that no worker, server or load generator of it
 * outlives the cell, and the trials completed so far are saved, marked incomplete. Then, in a
 * kernel, the cell ends with an {@link AbortedError} saying where they were kept (tslab has already
 * freed the cell; the error stops the rest of it from running); a script exits with code 130.
 */
export async function runOrLoad<P extends Record<string, unknown>, S>(
  experiment: Experiment<P, S>,
  params: P,
): Promise<NotebookRunResult<P, S>> {
  const from = labEnv().result;
  if (from) {
    const loaded = loadResult<P, S>(from);
    if (loaded.experiment.id !== experiment.id) {
      throw new InputError("PARLAB_RESULT", `${from} holds a "${loaded.experiment.id}" Result; give a saved Result of "${experiment.id}", or unset it to measure`);
    }
    recordForExporter(path.resolve(from), false);
    return { result: reanalyse(loaded), file: shownPath(path.resolve(from)), path: path.resolve(from) };
  }
  const dir = ensureWritableDir(resultsDir(), "results folder (PARLAB_RESULTS_DIR)");
  const writer = new ResultWriter(dir, `${experiment.id}-${fileTimestamp()}`);
  const { profile, ...experimentParams } = params as P & { profile?: Profile };
  // Taken before anything is measured: the source that measures this run.
  const provenance = provenanceOf(experiment.id, profile);
  const mode = runMode();
  const progress = progressLine();
  let lastShown = -1;
  let kept = 0;
  const stop = stopOnInterrupt(mode, () => {
    // Said at once, in the cell being interrupted: tear-down takes a moment and the cell is freed first.
    const text = `${experiment.id}: interrupted; stopping the run and its workers…`;
    if (mode === "script") process.stderr.write(`\n${text}\n`);
    else progress.update(text);
  });
  let result: Result<P, S>;
  try {
    result = await experiment.run(experimentParams as unknown as P, {
      signal: stop.signal,
      onCheckpoint: (partial) => {
        kept = partial.trials.length;
        const claimed = writer.paths !== undefined;
        const saved = writer.write(withProvenance(partial, provenance));
        if (!claimed) recordForExporter(saved.json, true);
      },
      onProgress: (e) => {
        // An update per tenth of the run keeps scripts' stderr short; kernels rewrite one line in place.
        const tenth = Math.floor((10 * e.done) / e.total);
        if (tenth > lastShown && !stop.interrupted) {
          lastShown = tenth;
          progress.update(`${experiment.id}: ${e.done}/${e.total} trials (${e.phase === "warmup" ? "warm-up" : e.condition})`);
        }
      },
    });
  } catch (error) {
    if (!stop.interrupted) throw error;
    // Stopped before the run could return its partial Result: what was checkpointed is what is kept.
    interrupted(experiment.id, mode, { trials: kept, file: writer.paths?.json, complete: false }, progress);
  } finally {
    stop.dispose();
  }
  result = withProvenance(result as Result, provenance) as Result<P, S>;
  const claimed = writer.paths !== undefined;
  const saved = writer.write(result as Result);
  if (!claimed) recordForExporter(saved.json, true);
  if (stop.interrupted) interrupted(experiment.id, mode, { trials: result.trials.length, file: saved.json, complete: result.complete }, progress);
  return { result, file: shownPath(saved.json), path: saved.json };
}

/** One Result a notebook run used: the file, and whether the run measured it (else it was loaded). */
export interface UsedResult {
  file: string;
  measured: boolean;
}

/** The file beside the exporter's capture file in which a notebook run lists the Results it used. */
export function usedResultsFile(captureFile: string): string {
  return `${captureFile}.results.json`;
}

/**
 * When run by the headless exporter (PARLAB_CAPTURE set), lists `file` among the Results this run
 * used, so that the exporter learns which Result each notebook wrote or loaded without guessing
 * from a folder others may write to as well.
 */
export function recordForExporter(file: string, measured: boolean): void {
  const capture = labEnv().capture;
  if (!capture) return;
  const list = usedResultsFile(capture);
  let used: UsedResult[] = [];
  try {
    used = JSON.parse(fs.readFileSync(list, "utf8")) as UsedResult[];
  } catch {
    // The first Result of this run.
  }
  used.push({ file, measured });
  writeFileAtomic(list, JSON.stringify(used));
}

/**
 * Ends an interrupted run: says how many trials were kept and where, then exits a script with 130
 * (as Ctrl-C did) or throws in a kernel so that the rest of the cell does not run.
 */
export function interrupted(
  id: string,
  mode: ReturnType<typeof runMode>,
  kept: { trials: number; file: string | undefined; complete: boolean },
  progress: ProgressLine,
): never {
  // Complete when the interrupt came as the last trial ended: nothing was lost, but the cell still stops.
  const where = kept.file ? ` in ${shownPath(kept.file)}${kept.complete ? "" : " (marked incomplete)"}` : "";
  const message = `${id}: the run was interrupted; ${kept.trials} completed ${kept.trials === 1 ? "trial" : "trials"} kept${where}`;
  try {
    if (mode === "script") process.stderr.write(`${message}\n`);
    // In place of the progress line, which stays in the interrupted cell even once another one runs.
    else progress.update(message);
  } catch {
    // A kernel shutting down (a restart) may have closed its channels: the Result is saved all the same.
  }
  if (mode === "script") process.exit(SIGINT_EXIT_CODE);
  throw new AbortedError(message);
}

/**
 * A file's path as readers are shown it: relative to the project (forward slashes) when inside it,
 * else its name alone, so that no absolute path of this machine reaches a page or an output.
 */
export function shownPath(file: string): string {
  const relative = path.relative(path.dirname(projectDataDir()), path.resolve(file));
  return relative.startsWith("..") || path.isAbsolute(relative) ? path.basename(file) : relative.split(path.sep).join("/");
}
