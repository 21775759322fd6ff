/**
 * The scaling experiment's parameter specs with their per-profile defaults. Kept apart from the
 * experiment object so that its claims can quote how many trials each profile runs.
 * @module
 */
import type { ParamSpec } from "../../types.ts";
import { trialParamSpecs, VERDICT_PARAM_SPECS } from "../_shared/params.ts";
import type { ScalingParams } from "./types.ts";

/** Every scaling parameter's spec. */
export const SCALING_PARAMS: { [K in keyof ScalingParams]: ParamSpec } = {
  workers: { type: "integer[]", description: "pool sizes k to measure", unit: "workers", min: 1, max: 64, default: { tiny: [1, 2], quick: [1, 2, 3, 4], full: [1, 2, 3, 4, 6, 8] } },
  kinds: { type: "string[]", description: "kinds of pool", choices: ["threads", "processes"], default: ["threads", "processes"] },
  n: { type: "integer", description: "count the primes below n", unit: "count", min: 1000, max: 50_000_000, default: { tiny: 200_000, quick: 1_000_000, full: 3_000_000 } },
  chunks: { type: "integer", description: "tasks the range is split into", unit: "tasks", min: 1, max: 100_000, default: { tiny: 8, quick: 48, full: 96 } },
  ...trialParamSpecs({ trials: { tiny: 2, quick: 6, full: 6 }, warmups: { tiny: 0, quick: 1, full: 2 }, minTimeoutMs: 100,
    stopping: { precision: { tiny: 0, quick: 0, full: 0.02 }, maxTrials: { tiny: 2, quick: 6, full: 20 } },
  }),
  prewarm: { type: "boolean", description: "give each fresh worker one small task before timing, so compute time excludes its JIT warm-up", default: true },
  ...VERDICT_PARAM_SPECS,
};
