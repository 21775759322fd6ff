/**
 * What notebooks call: their parameters with outside overrides applied, where Results are kept,
 * and running (or re-loading) an experiment with every trial checkpointed to disk.
 * @module
 */
import path from "node:path";
import process from "node:process";
import { InputError } from "../errors.ts";
import { checkProfile, externalParams, resolveParams, type Override } from "../params.ts";
import { fileTimestamp, loadResult, ResultWriter, ensureWritableDir, projectDataDir } from "../results.ts";
import { reanalyse } from "../report.ts";
import { runMode } from "../runtime.ts";
import { progressLine } from "../show.ts";
import type { Experiment, Profile, Result } from "../types.ts";
import { labEnv } from "../env.ts";

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
  const progress = progressLine();
  let lastShown = -1;
  const result = await experiment.run(experimentParams as unknown as P, {
    onCheckpoint: (partial) => writer.write(partial),
    onProgress: (e) => {
      // An update per tenth of the run keeps scripts' stderr short; kernels rewrite one line in place.
      const tenth = Math.floor((10 * e.done) / e.total);
      if (tenth > lastShown) {
        lastShown = tenth;
        progress.update(`${experiment.id}: ${e.done}/${e.total} trials (${e.phase === "warmup" ? "warm-up" : e.condition})`);
      }
    },
  });
  const saved = writer.write(result as Result);
  return { result, file: saved.json };
}
