/**
 * compareKinds: should *my* function scale with threads or processes on this machine? Checks the
 * module in the host first (no worker starts for a missing file, a module that throws at load or an
 * export that is not a function), then runs the lab's trials — warm-ups, interleaving, failures kept,
 * the Result saved after every trial — and returns it with the lab's charts and findings.
 * @module
 */
import { InputError } from "../errors.ts";
import { notebookParams, runOrLoad } from "../notebook/context.ts";
import type { Experiment } from "../types.ts";
import { checkUserModule, type UserFunctionSpec } from "./module.ts";
import { exploreKinds } from "./kinds-analyse.ts";
import type { ExploreKind, KindsCharts, KindsParams, KindsResult, KindsSummary } from "./kinds-types.ts";

/** What to compare: the function, its inputs, and optionally the conditions and trials. */
export interface CompareKindsOptions extends UserFunctionSpec {
  /** The inputs one trial runs the function over (each sent to a worker as it is, so it must be cloneable — and JSON for processes). */
  inputs: readonly unknown[];
  /**
   * Kinds to measure (default all three). "main" is the baseline of speedup and efficiency; leave it
   * out for a function that may hang synchronously, which the main thread cannot stop.
   */
  kinds?: ReadonlyArray<"main" | ExploreKind>;
  /** Pool sizes k. */
  workers?: number[];
  /** "tiny", "quick" (the default) or "full"; PARLAB_PROFILE and a script's --profile win. */
  profile?: string;
  trials?: number;
  warmups?: number;
  /** Limit on one input's task, in ms (default 30 s): past it the trial fails and its workers are killed. */
  taskTimeoutMs?: number;
  /** Limit on one whole trial, in ms. */
  timeoutMs?: number;
  prewarm?: boolean;
  seed?: number;
  /**
   * Checks each result in the host after the trial's clock stopped (throw, or return false, when it
   * is wrong): a wrong answer fails the trial as the lab's own checks do, naming the input.
   */
  check?: (output: unknown, index: number, input: unknown) => unknown;
}

/** A compareKinds run: its Result, where it was saved, its charts and findings. */
export interface KindsRun {
  result: KindsResult;
  /** Where it was saved, as shown to readers: relative to the project when inside it. */
  file: string;
  /** The saved file's absolute path, to open it. */
  path: string;
  charts: KindsCharts;
  findings: string[];
}

/**
 * Runs `fn` of `module` over `inputs` in the main thread and in pools of k threads and k processes.
 * @example
 * ```ts
 * const run = await compareKinds({ module: "./examples/hash.ts", export: "sha256Rounds", inputs, workers: [1, 2] });
 * for (const chart of Object.values(run.charts)) await show(chart);
 * ```
 */
export async function compareKinds(options: CompareKindsOptions): Promise<KindsRun> {
  if (!Array.isArray(options?.inputs) || options.inputs.length === 0) {
    throw new InputError("inputs", "give a non-empty array of inputs, one per task");
  }
  if (options.check !== undefined && typeof options.check !== "function") throw new InputError("check", "give a function (output, index, input) that throws or returns false for a wrong result");
  const asked = options.kinds ?? ["main", "threads", "processes"];
  const kinds = asked.filter((k) => k !== "main");
  const user = await checkUserModule(options);
  const params = notebookParams(exploreKinds, {
    profile: options.profile ?? "quick",
    module: user.file, export: user.exportName, inputs: options.inputs.length, kinds, main: asked.includes("main"),
    workers: options.workers, trials: options.trials, warmups: options.warmups, taskTimeoutMs: options.taskTimeoutMs,
    timeoutMs: options.timeoutMs, prewarm: options.prewarm, seed: options.seed,
  });
  const experiment: Experiment<KindsParams, KindsSummary> = {
    ...exploreKinds,
    title: `${exploreKinds.title}: ${user.exportName}()`,
    run: async (p, runOptions = {}) => (await import("./kinds-measure.ts")).runKinds(experiment, p, runOptions, user, options.inputs, options.check),
  };
  const { result, file, path } = await runOrLoad(experiment, params);
  return { result, file, path, charts: exploreKinds.charts(result) as KindsCharts, findings: exploreKinds.findings(result) };
}
