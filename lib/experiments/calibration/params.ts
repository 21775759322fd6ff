/**
 * The calibration experiment's parameter specs with their per-profile defaults.
 * @module
 */
import type { ParamSpec } from "../../types.ts";
import { trialParamSpecs, VERDICT_PARAM_SPECS } from "../_shared/params.ts";
import type { CalibrationParams } from "./types.ts";

/** Every calibration parameter's spec. */
export const CALIBRATION_PARAMS: { [K in keyof CalibrationParams]: ParamSpec } = {
  tasks: { type: "integer", description: "tasks of the 1.00× conditions; a condition of factor f runs round(tasks × f) identical tasks", unit: "tasks", min: 10, max: 100_000, default: 100 },
  from: { type: "integer", description: "each task counts the primes from this number", unit: "count", min: 0, max: 1_000_000_000, default: 1_000_000 },
  width: { type: "integer", description: "each task counts the primes in a range this wide", unit: "count", min: 100, max: 10_000_000, default: { tiny: 1000, quick: 2000, full: 2000 } },
  effects: { type: "integer[]", description: "injected slowdowns, in percent more work (2 = 2% more tasks)", unit: "%", min: 1, max: 100, default: [2, 5, 10] },
  quickTrials: { type: "integer", description: "trials per side of one virtual run at the quick profile of the other experiments", unit: "trials", min: 2, max: 1000, default: { tiny: 2, quick: 6, full: 6 } },
  fullTrials: { type: "integer", description: "trials per side of one virtual run at the full profile of the other experiments", unit: "trials", min: 2, max: 1000, default: { tiny: 2, quick: 20, full: 20 } },
  stopPrecision: {
    type: "number", description: "precision of the stopping rule replayed on virtual runs from quickTrials to fullTrials trials per side, as the other experiments' full profile stops (0: none)",
    unit: "share", min: 0, max: 0.5, default: 0.02,
  },
  ...trialParamSpecs({ trials: { tiny: 2, quick: 160, full: 600 }, warmups: { tiny: 0, quick: 2, full: 3 }, minTimeoutMs: 100 }),
  ...VERDICT_PARAM_SPECS,
};
