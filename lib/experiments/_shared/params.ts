/**
 * The parameters every experiment shares, as parameter specs with per-profile defaults: how its
 * trials run (how many, warm-ups, order, seed, time limit) and how its comparisons are decided
 * (confidence level, equivalence band, family adjustment).
 * @module
 */
import type { ParamSpec, Profile } from "../../types.ts";

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
    seed: { type: "integer", description: "seed of the trial order (and of any Monte Carlo p-value)", min: 0, max: 2 ** 31 - 1, default: 1 },
    timeoutMs: { type: "integer", description: "time limit of one trial", unit: "ms", min: defaults.minTimeoutMs, max: 3_600_000, default: 120_000 },
  };
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
