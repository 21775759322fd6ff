/**
 * What every experiment does around its trials: record the runtime and machine, sample CPU and
 * memory, checkpoint the Result after each trial, and summarise at the end.
 * @module
 */
import { machineSnapshot, startSampler, type Sampler } from "../../machine.ts";
import { runtimeInfo } from "../../runtime.ts";
import { stoppingRuleOf, type StoppingParams } from "../../stopping.ts";
import { plannedOrder, runTrials, type Measure, type TrialPlan, type TrialRunOutcome } from "../../trials.ts";
import { RESULT_SCHEMA, type Experiment, type Result, type RunOptions, type TrialOrder, type TrialRecord } from "../../types.ts";

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
    ...(outcome.stopping ? { stopping: outcome.stopping } : {}),
  };
  return { ...partial, summary: state.experiment.summarize(partial) };
}

/**
 * The plan of a run's trials from its parameters, with the stopping rule they ask for (`precision`
 * > 0) watching `stopOn` (a key of `trial.metrics`, or "durationMs").
 * @throws {InputError} When the stopping parameters contradict each other (stopping.ts).
 */
export function trialPlanOf(params: TrialPlan & StoppingParams, stopOn = "durationMs"): TrialPlan {
  return { ...params, stopping: stoppingRuleOf(params, stopOn) };
}

/**
 * The body of an experiment's `run()`: begins the run, measures every condition's trials in the
 * planned order with `measure` (until precise enough, when the parameters ask for it, watching
 * `stopOn`), and finishes the Result (stopping the sampler if anything throws).
 */
export async function runConditions<P extends Record<string, unknown> & TrialPlan, S, C extends { label: string }>(
  experiment: Experiment<P, S>,
  params: P,
  options: RunOptions,
  conditions: readonly C[],
  measure: Measure<C>,
  stopOn = "durationMs",
): Promise<Result<P, S>> {
  experiment.check?.(params);
  const plan = trialPlanOf(params, stopOn);
  const run = beginRun(experiment, params, options, plannedOrder(conditions.map((c) => c.label), params));
  try {
    const outcome = await runTrials(conditions, plan, measure, { signal: options.signal, onProgress: options.onProgress, onTrial: run.onTrial });
    return await finishRun(run, outcome);
  } catch (error) {
    await run.abandon();
    throw error;
  }
}
