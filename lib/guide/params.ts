/**
 * The guide's parameters: the reader's situation (job length, message size, memory budget, workers
 * wanted) and the folder of runs to read, with the same overrides as an experiment's notebook:
 * the parameters cell, then PARLAB_SET, then a script's `--set key=value`.
 * @module
 */
import { externalParams, resolveParams } from "../params.ts";
import { runMode } from "../runtime.ts";
import type { ParamSpec } from "../types.ts";
import type { GuideQuestion } from "./types.ts";

/** The guide's parameters: the reader's situation, and where the runs are. */
export interface GuideParams extends GuideQuestion, Record<string, unknown> {
  /** Folder of the lab's runs; "" means PARLAB_RESULTS_DIR, else data/results of the project. */
  resultsDir: string;
}

export const GUIDE_PARAMS: { [K in keyof GuideParams]: ParamSpec } = {
  jobMs: { type: "number", unit: "ms", min: 0.001, default: 500, description: "CPU time of one job on one core, for a job that starts its own pool" },
  payloadBytes: { type: "integer", unit: "bytes", min: 1, default: 65536, description: "Size of one message between the main thread and a worker" },
  memoryBudgetMb: { type: "number", unit: "MB", min: 0.001, default: 512, description: "Memory the workers may add, in MB (10^6 bytes)" },
  workersWanted: { type: "integer", unit: "workers", min: 1, default: 4, description: "How many workers the reader wants to run" },
  resultsDir: { type: "string", default: "", description: "Folder of the lab's runs (\"\": PARLAB_RESULTS_DIR, else data/results)" },
};

/**
 * The guide notebook's parameters: the cell's values, overridden by PARLAB_SET and, in a script, by
 * `--set key=value` (a `--profile` is accepted and ignored: the guide measures nothing).
 * @throws InputError naming the parameter and what is valid.
 */
export function guideParams(cell: Partial<Record<keyof GuideParams, unknown>> = {}): GuideParams {
  const mode = runMode();
  const argv = mode === "tslab" || mode === "deno-jupyter" ? undefined : process.argv.slice(2);
  const outside = externalParams(undefined, argv);
  const fromCell = Object.entries(cell)
    .filter(([, v]) => v !== undefined)
    .map(([key, value]) => ({ key, value, input: `parameters cell: ${key}` }));
  return resolveParams<GuideParams>(GUIDE_PARAMS, "quick", [...fromCell, ...outside.overrides]);
}
