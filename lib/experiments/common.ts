/**
 * What every experiment does around its trials: record the runtime and machine, sample CPU and
 * memory, checkpoint the Result after each trial, and summarise at the end.
 * @module
 */
import { machineSnapshot, startSampler, type Sampler } from "../machine.ts";
import { runtimeInfo } from "../runtime.ts";
import { plannedOrder, runTrials, type Measure, type TrialPlan, type TrialRunOutcome } from "../trials.ts";
import { RESULT_SCHEMA, type Experiment, type ParamSpec, type Profile, type Result, type RunOptions, type TrialOrder, type TrialRecord } from "../types.ts";
export { formatInterval, formatNumber } from "../format.ts";

/** A run in progress. */
export interface RunState<P extends Record<string, unknown>, S> {
  experiment: Experiment<P, S>;
  base: Omit<Result<P, S>, "summary" | "finishedAt" | "complete" | "trials" | "failures" | "order" | "samples">;
  trials: TrialRecord[];
  sampler: Sampler;
  /** Pass to runTrials: keeps the trials and checkpoints the partial Result. */
  onTrial(record: TrialRecord): void;
  /** Stops the sampler when the run fails before it could finish. */
  abandon(): Promise<void>;
}

/** Starts a run: snapshots the machine and runtime and starts the CPU/memory sampler. */
export function beginRun<P extends Record<string, unknown>, S>(
  experiment: Experiment<P, S>,
  params: P,
  options: RunOptions,
  order: TrialOrder,
): RunState<P, S> {
  const state: RunState<P, S> = {
    experiment,
    base: {
      schema: RESULT_SCHEMA,
      experiment: { id: experiment.id, version: experiment.version, title: experiment.title },
      params,
      runtime: runtimeInfo(),
      machine: machineSnapshot(),
      startedAt: new Date().toISOString(),
    },
    trials: [],
    sampler: startSampler(),
    onTrial(record) {
      state.trials.push(record);
      options.onCheckpoint?.({
        ...state.base,
        finishedAt: new Date().toISOString(),
        complete: false,
        order,
        trials: [...state.trials],
        failures: state.trials.filter((t) => !t.ok).map((t) => ({ condition: t.condition, index: t.index, reason: t.error ?? "", at: t.startedAt })),
        samples: [],
        // Summaries of a partial run are recomputed from its trials when it is loaded.
        summary: null,
      } as Result);
    },
    async abandon() {
      await state.sampler.stop();
    },
  };
  return state;
}

/** Ends a run: stops the sampler and returns the Result with its summary (complete unless aborted). */
export async function finishRun<P extends Record<string, unknown>, S>(
  state: RunState<P, S>,
  outcome: TrialRunOutcome,
): Promise<Result<P, S>> {
  const samples = await state.sampler.stop();
  const partial = {
    ...state.base,
    finishedAt: new Date().toISOString(),
    complete: !outcome.aborted,
    order: outcome.order,
    trials: outcome.trials,
    failures: outcome.failures,
    samples,
  };
  return { ...partial, summary: state.experiment.summarize(partial) };
}

/** Values of one metric over the successful trials of one condition. */
export function trialsOf(result: Pick<Result, "trials">, condition: string, metric: string): number[] {
  return result.trials
    .filter((t) => t.ok && t.condition === condition && Number.isFinite(t.metrics[metric]))
    .map((t) => t.metrics[metric]!);
}

/** The parameters every experiment's trials share: how many, warm-ups, order, seed and time limit. */
export function trialParamSpecs(defaults: {
  trials: { [K in Profile]: number };
  warmups: { [K in Profile]: number };
  /** Shortest time limit of one trial that makes sense for the experiment, in milliseconds. */
  minTimeoutMs: number;
}): Record<"trials" | "warmups" | "order" | "seed" | "timeoutMs", ParamSpec> {
  return {
    trials: { type: "integer", description: "measured trials per condition", unit: "trials", min: 1, max: 10_000, default: defaults.trials },
    warmups: { type: "integer", description: "discarded warm-up trials per condition", unit: "trials", min: 0, max: 100, default: defaults.warmups },
    order: { type: "string", description: "order of conditions: randomised blocks, ABBA, or blocked", choices: ["random", "abba", "blocked"], default: "random" },
    seed: { type: "integer", description: "seed of the trial order and the bootstrap", min: 0, max: 2 ** 31 - 1, default: 1 },
    timeoutMs: { type: "integer", description: "time limit of one trial", unit: "ms", min: defaults.minTimeoutMs, max: 3_600_000, default: 120_000 },
  };
}

/** The closing line of findings when trials failed. */
export function failureNote(failures: number): string[] {
  return failures > 0 ? [`${failures} trial(s) failed; see the Result's failures for their reasons.`] : [];
}

/**
 * The body of an experiment's `run()`: begins the run, measures every condition's trials in the
 * planned order with `measure`, and finishes the Result (stopping the sampler if anything throws).
 */
export async function runConditions<P extends Record<string, unknown> & TrialPlan, S, C extends { label: string }>(
  experiment: Experiment<P, S>,
  params: P,
  options: RunOptions,
  conditions: readonly C[],
  measure: Measure<C>,
): Promise<Result<P, S>> {
  const run = beginRun(experiment, params, options, plannedOrder(conditions.map((c) => c.label), params));
  try {
    const outcome = await runTrials(conditions, params, measure, { signal: options.signal, onProgress: options.onProgress, onTrial: run.onTrial });
    return await finishRun(run, outcome);
  } catch (error) {
    await run.abandon();
    throw error;
  }
}
