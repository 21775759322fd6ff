/**
 * The parameters every experiment shares, as parameter specs with per-profile defaults: how its
 * trials run (how many, warm-ups, order, seed, time limit) and how its comparisons are decided
 * (confidence level, equivalence band, family adjustment).
 * @module
 */
import type { ParamSpec, Profile } from "../../types.ts";

/** Names of the parameters {@link trialParamSpecs} gives. */
export type TrialParamName = "trials" | "warmups" | "order" | "seed" | "timeoutMs" | "precision" | "maxTrials" | "looks";

/**
 * The parameters every experiment's trials share: how many, warm-ups, order, seed and time limit,
 * and when to stop once precise enough (stopping.ts). `precision` 0 runs `trials` trials of every
 * condition; above 0, `trials` is the fewest a condition runs and `maxTrials` the most.
 */
export function trialParamSpecs(defaults: {
  trials: { [K in Profile]: number };
  warmups: { [K in Profile]: number };
  /** Shortest time limit of one trial that makes sense for the experiment, in milliseconds. */
  minTimeoutMs: number;
  /** Profiles that stop each condition once precise enough: the precision (0: fixed size) and the most trials. Default: none does. */
  stopping?: { precision: { [K in Profile]: number }; maxTrials: { [K in Profile]: number } };
}): Record<TrialParamName, ParamSpec> {
  return {
    trials: {
      type: "integer", description: "measured trials per condition (the fewest, when precision > 0)", unit: "trials", min: 1, max: 10_000, default: defaults.trials,
    },
    warmups: { type: "integer", description: "discarded warm-up trials per condition", unit: "trials", min: 0, max: 100, default: defaults.warmups },
    order: { type: "string", description: "order of conditions: randomised blocks, ABBA, or blocked", choices: ["random", "abba", "blocked"], default: "random" },
    seed: { type: "integer", description: "seed of the trial order (and of any Monte Carlo p-value)", min: 0, max: 2 ** 31 - 1, default: 1 },
    timeoutMs: { type: "integer", description: "time limit of one trial", unit: "ms", min: defaults.minTimeoutMs, max: 3_600_000, default: 120_000 },
    precision: {
      type: "number", description: "stop a condition once its median interval is within ± this share of its median (0: run every condition `trials` times)", unit: "share", min: 0, max: 0.5,
      default: defaults.stopping?.precision ?? 0,
    },
    maxTrials: {
      type: "integer", description: "most measured trials per condition when precision > 0", unit: "trials", min: 1, max: 10_000, default: defaults.stopping?.maxTrials ?? defaults.trials,
    },
    looks: {
      type: "integer", description: "how many times, from trials to maxTrials, each condition is looked at when precision > 0 (the run's α is split among them)", unit: "looks", min: 2, max: 20, default: 3,
    },
  };
}

/**
 * What a profile runs, in words: "6", or "6 to 20, each condition stopping once within ±2%" when the
 * profile stops when precise enough.
 */
export function trialsOfProfile(specs: Record<"trials", ParamSpec> & Partial<Record<"precision" | "maxTrials", ParamSpec>>, profile: Profile): string {
  const at = (spec: ParamSpec | undefined) => {
    const d = spec?.default;
    return typeof d === "number" ? d : (d as Record<Profile, number> | undefined)?.[profile];
  };
  const trials = at(specs.trials)!;
  const precision = at(specs.precision) ?? 0;
  const most = at(specs.maxTrials) ?? trials;
  return precision > 0 && most > trials ? `${trials} to ${most}, each condition stopping once within ±${Math.round(precision * 1000) / 10}%` : `${trials}`;
}

/** The parameters that decide verdicts, the same in every experiment. */
export const VERDICT_PARAM_SPECS: Record<"confidence" | "equivalence" | "family", ParamSpec> = {
  confidence: {
    type: "number", description: "target confidence level of every interval; the tests' α is 1 − confidence", min: 0.5, max: 1, exclusiveBounds: true, default: 0.95,
  },
  equivalence: {
    type: "number", description: "equivalence band δ: a ratio whose interval lies within [1/(1+δ), 1+δ] is called equivalent", min: 0, max: 1, exclusiveBounds: true, default: 0.05,
  },
  family: {
    type: "string", description: "how p-values are adjusted within the experiment's family of comparisons", choices: ["holm", "bonferroni", "none"], default: "holm",
  },
};
