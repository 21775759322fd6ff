/**
 * Experiment "footprint": what a worker weighs and how long it takes to start. For n workers as
 * threads and as processes, each loading an empty or a realistic module graph, a fresh host process
 * reads its tree's RSS and PSS before and after starting them, and times each from spawn to ready.
 * The marginal memory of one more worker is the slope of a line fitted to memory against n, with an
 * interval from the replicates' variances, the slope of every step and a lack-of-fit test; processes
 * and threads are compared by the ratio of their slopes (Fieller's interval, a Welch t test) and by
 * start-up, every comparison of a run decided as one family.
 *
 * This module holds the experiment's parameters and rules and wires the parts together: the
 * conditions (conditions.ts), measuring (measure.ts), and the pure analysis (analyse.ts, charts.ts,
 * findings.ts, claims.ts).
 * @module
 */
import { checkParam } from "../../params.ts";
import type { CheckedExperiment } from "../../types.ts";
import { MODULE_GRAPHS } from "../../workloads/graphs.ts";
import { footprintCharts, footprintClaims, footprintFindings, summarizeFootprint } from "./analyse.ts";
import { FOOTPRINT_TRIAL_SPECS } from "./params.ts";
import { VERDICT_PARAM_SPECS } from "../_shared/params.ts";
import type { FootprintCharts, FootprintParams, FootprintSummary } from "./types.ts";
import type { ComparesAcrossRuntimes } from "../../compare/runtime-metric.ts";

export type {
  FootprintChartId, FootprintCharts, FootprintCondition, FootprintParams, FootprintResult, FootprintRow, FootprintSummary, MemoryMeasure, SlopeComparison, SlopeRow,
} from "./types.ts";
export { FOOTPRINT_CHART_IDS } from "./types.ts";
export { footprintConditions } from "./conditions.ts";

/** The footprint experiment, with its charts typed by id and its claims always present. */
export type FootprintExperiment = CheckedExperiment<FootprintParams, FootprintSummary, FootprintCharts> & ComparesAcrossRuntimes;

/** The footprint experiment. */
export const footprint: FootprintExperiment = {
  id: "footprint",
  version: 1,
  title: "What a worker weighs: memory and start-up of processes vs threads",
  description:
    "Each trial starts a fresh host process on Node with --expose-gc, reads its process tree's RSS and PSS, starts n workers — " +
    "threads inside itself or forked processes — each importing a module graph (empty, or sharp plus the lab itself), times each " +
    "from spawn to ready, collects garbage everywhere, waits, and reads the tree again. The memory added over the bare host, fitted " +
    "against n, gives the marginal memory of one worker (the least-squares slope, with a t interval from the replicates' variances at each n, the slope of each step, and a lack-of-fit test); " +
    "processes and threads are compared by Fieller's interval of their slopes' ratio with a Welch t test, and by start-up with an exact rank-sum test, all comparisons of a run adjusted as one family.",
  params: {
    workers: { type: "integer[]", description: "numbers of workers n to start", unit: "workers", min: 1, max: 64, default: { tiny: [1, 2], quick: [1, 2, 4, 8], full: [1, 2, 4, 8, 16] } },
    kinds: { type: "string[]", description: "kinds of worker", choices: ["threads", "processes"], default: ["threads", "processes"] },
    graphs: { type: "string[]", description: "module graph each worker loads: empty (nothing) or lab (sharp and the lab's public module)", choices: MODULE_GRAPHS, default: ["empty", "lab"] },
    settleMs: { type: "integer", description: "wait after every worker is ready and collected, before memory is read", unit: "ms", min: 0, max: 10_000, default: { tiny: 50, quick: 200, full: 300 } },
    prime: { type: "boolean", description: "start one unrecorded host of each kind and graph first, so the first trial does not pay for a cold page cache", default: { tiny: false, quick: true, full: true } },
    ...FOOTPRINT_TRIAL_SPECS,
    ...VERDICT_PARAM_SPECS,
  },
  check(params) {
    // Parameters passed to run() directly have not been through the CLI's or a notebook's checks.
    for (const [name, spec] of Object.entries(footprint.params)) {
      // The verdict rules may be left out: the lab's defaults then apply, as for Results saved before them.
      if (name in VERDICT_PARAM_SPECS && params[name] === undefined) continue;
      checkParam(name, spec, params[name]);
    }
  },
  run: async (params, options = {}) => (await import("./measure.ts")).runFootprint(footprint, params, options),
  summarize: summarizeFootprint,
  charts: footprintCharts,
  findings: footprintFindings,
  claims: footprintClaims,
  // Memory per worker as PSS, which the claims rest on: RSS counts every shared page once per process.
  acrossRuntimes: [{ metric: "pssPerWorkerBytes", name: "PSS per worker", unit: "bytes", better: "lower" }],
};
