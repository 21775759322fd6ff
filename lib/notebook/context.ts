/**
 * What notebooks call: their parameters with outside overrides applied, where Results are kept,
 * and running (or re-loading) an experiment with every trial checkpointed to disk.
 * @module
 */
import path from "node:path";
import process from "node:process";
import { AbortedError, InputError } from "../errors.ts";
import { checkProfile, externalParams, resolveParams, type Override } from "../params.ts";
import { fileTimestamp, loadResult, ResultWriter, ensureWritableDir, projectDataDir } from "../results.ts";
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
  const fromCell: Override[] = Object.entries(cell)
    .filter(([k, v]) => k !== "profile" && v !== undefined)
    .map(([key, value]) => ({ key, value, input: `parameters cell: ${key}` }));
  const params = resolveParams(experiment.params, profile, [...fromCell, ...outside.overrides]);
  experiment.check?.(params);
  return { ...params, profile };
}

/** A Result and the file it was saved in (or loaded from). */
export interface NotebookRunResult<P, S> {
  result: Result<P, S>;
  file: string;
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
    return { result: reanalyse(loaded), file: path.resolve(from) };
  }
  const dir = ensureWritableDir(resultsDir(), "results folder (PARLAB_RESULTS_DIR)");
  const writer = new ResultWriter(dir, `${experiment.id}-${fileTimestamp()}`);
  const { profile: _profile, ...experimentParams } = params as P & { profile?: string };
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
        writer.write(partial);
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
  const saved = writer.write(result as Result);
  if (stop.interrupted) interrupted(experiment.id, mode, { trials: result.trials.length, file: saved.json, complete: result.complete }, progress);
  return { result, file: saved.json };
}

/**
 * Ends an interrupted run: says how many trials were kept and where, then exits a script with 130
 * (as Ctrl-C did) or throws in a kernel so that the rest of the cell does not run.
 */
function interrupted(
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

/** A file's path relative to the project when it is inside it (as a notebook shows it), else absolute. */
function shownPath(file: string): string {
  const relative = path.relative(path.dirname(projectDataDir()), file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
