/**
 * The distribution experiment's parameter specs with their per-profile defaults. Kept apart from
 * the experiment object so that its claims can quote how many trials each profile runs.
 * @module
 */
import type { ParamSpec } from "../../types.ts";
import { trialParamSpecs, VERDICT_PARAM_SPECS } from "../_shared/params.ts";
import type { DistributionParams } from "./types.ts";

/** Every distribution parameter's spec. */
export const DISTRIBUTION_PARAMS: { [K in keyof DistributionParams]: ParamSpec } = {
  workers: { type: "integer", description: "cluster workers", unit: "workers", min: 1, max: 64, default: { tiny: 4, quick: 8, full: 8 } },
  policies: { type: "string[]", description: "scheduling policies", choices: ["rr", "none", "reuseport"], default: ["rr", "none", "reuseport"] },
  concurrency: { type: "integer[]", description: "concurrent clients (closed loop; the sweep's open loops may have four times the highest in flight)", unit: "clients", min: 1, max: 1024, default: { tiny: [4], quick: [64], full: [1, 8, 64] } },
  keepAlive: { type: "boolean[]", description: "keep-alive connections (false: a new connection per request)", default: { tiny: [false], quick: [false], full: [false, true] } },
  handlerCostMs: { type: "number", description: "CPU time each request burns in the worker", unit: "ms", min: 0, max: 1000, default: 0 },
  slowWorkerMs: { type: "number", description: "extra CPU time worker 0 burns on every 10th request (0: none)", unit: "ms", min: 0, max: 1000, default: 0 },
  requests: { type: "integer", description: "requests per trial", unit: "requests", min: 1, max: 1_000_000, default: { tiny: 200, quick: 2000, full: 20_000 } },
  loadLevels: {
    type: "integer[]", description: "open-loop load levels of the sweep, in percent of round-robin's capacity measured at the start of the run (0: no sweep)", unit: "%",
    min: 0, max: 100, default: { tiny: [50], quick: [25, 75], full: [25, 50, 75, 100] },
  },
  // Six trials: the fewest whose median interval reaches 95%, and whose exact rank test can still
  // show a difference in a family of nine comparisons (three policies); five can do neither.
  ...trialParamSpecs({ trials: { tiny: 2, quick: 6, full: 6 }, warmups: { tiny: 0, quick: 1, full: 1 }, minTimeoutMs: 2000,
    stopping: { precision: { tiny: 0, quick: 0, full: 0.02 }, maxTrials: { tiny: 2, quick: 6, full: 15 } },
  }),
  ...VERDICT_PARAM_SPECS,
};
