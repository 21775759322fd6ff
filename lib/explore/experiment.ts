/**
 * An experiment of one's own, in the style of a benchmark library:
 * `experiment("json-vs-clone").condition("json", fnA).condition("clone", fnB).run()`, or the same
 * as a plain object with {@link runExperiment}. The lab runs it as its own experiments: warm-ups
 * discarded, conditions interleaved in a seeded order, each trial timed and bounded, failures kept
 * with their reason, the Result (id "custom") saved after every trial, which `parlab report`
 * re-renders without the user's code.
 * @module
 */
import { InputError } from "../errors.ts";
import { notebookParams, runOrLoad } from "../notebook/context.ts";
import type { Measurement, TrialContext } from "../trials.ts";
import type { Experiment } from "../types.ts";
import { runConditions } from "../experiments/_shared/run.ts";
import { customExperiment, type CustomCharts, type CustomParams, type CustomResult, type CustomSummary } from "./custom-analyse.ts";

/**
 * One trial of a condition. Its wall time is measured around the call; a function that returns
 * `{ durationMs?, metrics? }` reports its own time (e.g. of the part that matters) and metrics.
 */
export type ConditionFn = (context: TrialContext) => unknown;

/** How to run a user's experiment; unset values take the profile's defaults. */
export interface RunExperimentOptions {
  profile?: string;
  trials?: number;
  warmups?: number;
  /** The condition every other is compared with (default: the first declared). */
  baseline?: string;
  /** Compare a metric every measure returns instead of the time (e.g. "bytes"). */
  metric?: string;
  lowerIsBetter?: boolean;
  /** Limit on one trial, in ms; past it the trial fails as a timeout and the run goes on. */
  timeoutMs?: number;
  order?: "random" | "abba" | "blocked";
  seed?: number;
}

/** A user's experiment as a plain object. */
export interface ExperimentDefinition extends RunExperimentOptions {
  name: string;
  conditions: Record<string, ConditionFn>;
}

/** A finished run: the Result, where it was saved, its charts and findings. */
export interface CustomRun {
  result: CustomResult;
  /** Where it was saved, as shown to readers: relative to the project when inside it. */
  file: string;
  /** The saved file's absolute path, to open it. */
  path: string;
  charts: CustomCharts;
  findings: string[];
}

function isMeasurement(value: unknown): value is Partial<Measurement> {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<Measurement>;
  return typeof v.durationMs === "number" || (typeof v.metrics === "object" && v.metrics !== null);
}

async function measureOne(fn: ConditionFn, context: TrialContext): Promise<Measurement> {
  const t0 = performance.now();
  const value = await fn(context);
  const wall = performance.now() - t0;
  if (!isMeasurement(value)) return { durationMs: wall };
  const metrics = Object.fromEntries(Object.entries(value.metrics ?? {}).filter(([, v]) => typeof v === "number"));
  return { durationMs: typeof value.durationMs === "number" ? value.durationMs : wall, metrics };
}

/** Runs a user's experiment given as a plain object. */
export async function runExperiment(definition: ExperimentDefinition): Promise<CustomRun> {
  const { name, conditions: fns, ...options } = definition;
  if (typeof name !== "string" || name.trim() === "") throw new InputError("name", "give the experiment a name");
  const labels = Object.keys(fns ?? {});
  for (const label of labels) {
    if (typeof fns[label] !== "function") throw new InputError(`condition "${label}"`, "give a function that runs one trial");
  }
  if (labels.length === 0) throw new InputError("conditions", `experiment "${name}" has no condition; add one with .condition(label, fn)`);
  const params = notebookParams(customExperiment, {
    profile: options.profile ?? "quick",
    conditions: labels, baseline: options.baseline ?? labels[0], metric: options.metric, lowerIsBetter: options.lowerIsBetter,
    trials: options.trials, warmups: options.warmups, timeoutMs: options.timeoutMs, order: options.order, seed: options.seed,
  });
  const experiment: Experiment<CustomParams, CustomSummary> = {
    ...customExperiment,
    title: name,
    run: (p, runOptions = {}) => runConditions(experiment, p, runOptions, labels.map((label) => ({ label })), (c, ctx) => measureOne(fns[c.label]!, ctx)),
  };
  const { result, file, path } = await runOrLoad(experiment, params);
  return { result, file, path, charts: customExperiment.charts(result) as CustomCharts, findings: customExperiment.findings(result) };
}

/** Declares conditions one by one, then runs them. */
export class ExperimentBuilder {
  readonly #conditions: Record<string, ConditionFn> = {};
  constructor(readonly name: string) {}

  /** Adds a condition; labels must be unique. */
  condition(label: string, fn: ConditionFn): this {
    if (typeof label !== "string" || label === "") throw new InputError("condition", "give each condition a non-empty label");
    if (label in this.#conditions) throw new InputError(`condition "${label}"`, "is declared twice; give each condition its own label");
    this.#conditions[label] = fn;
    return this;
  }

  /** Runs every condition's trials and returns the saved Result with its charts and findings. */
  run(options: RunExperimentOptions = {}): Promise<CustomRun> {
    return runExperiment({ ...options, name: this.name, conditions: { ...this.#conditions } });
  }
}

/** Starts declaring an experiment of one's own: `experiment("name").condition("a", fnA).condition("b", fnB).run()`. */
export function experiment(name: string): ExperimentBuilder {
  return new ExperimentBuilder(name);
}
