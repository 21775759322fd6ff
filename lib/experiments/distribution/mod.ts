/**
 * Experiment "distribution": how a cluster spreads connections over its workers under round-robin
 * (the primary accepts and hands out), socket sharing (workers accept from one shared socket) and
 * reusePort (each worker has its own socket; the kernel spreads). Tests the claim that with socket
 * sharing "70% of connections hit 2 of 8 workers", what round-robin costs in throughput and latency,
 * and, sweeping offered load, whether socket sharing's imbalance grows with load.
 *
 * This file wires the experiment together: measuring is in measure.ts (the only file that starts
 * servers), analysing a saved Result in analyse.ts and the files it re-exports.
 * @module
 */
import { InputError } from "../../errors.ts";
import type { CheckedExperiment } from "../../types.ts";
import { distributionCharts, distributionClaims, distributionFindings, summarizeDistribution } from "./analyse.ts";
import { DISTRIBUTION_PARAMS } from "./params.ts";
import type { DistributionCharts, DistributionParams, DistributionSummary } from "./types.ts";
import type { ComparesAcrossRuntimes } from "../../compare/runtime-metric.ts";

export type { DistributionCharts, DistributionCondition, DistributionParams, DistributionResult, DistributionRow, DistributionSummary } from "./types.ts";
export { DISTRIBUTION_CHART_IDS } from "./types.ts";

/** The distribution experiment, with its charts typed by id. */
export type DistributionExperiment = CheckedExperiment<DistributionParams, DistributionSummary, DistributionCharts> & ComparesAcrossRuntimes;

/** The distribution experiment. */
export const distribution: DistributionExperiment = {
  id: "distribution",
  version: 1,
  title: "How cluster spreads connections: round-robin vs socket sharing vs reusePort",
  description:
    "A fresh cluster HTTP server per trial on 127.0.0.1, with the scheduling policy checked from inside its workers, " +
    "loaded by a generator in its own process (closed loop, and open loop at levels of round-robin's measured capacity); " +
    "per-worker connection and request counts, fairness, throughput and latency.",
  params: DISTRIBUTION_PARAMS,
  check(params) {
    for (const c of params.concurrency) {
      if (c > params.requests) throw new InputError("concurrency", `${c} clients cannot share ${params.requests} requests; give concurrency ≤ requests`);
    }
    const levels = params.loadLevels ?? [];
    if (levels.includes(0) && levels.some((x) => x > 0)) {
      throw new InputError("loadLevels", `0 means no sweep and cannot be combined with levels; give 0 alone, or levels from 1 to 100 (% of round-robin's capacity), got ${levels.join(",")}`);
    }
  },
  run: async (params, options = {}) => (await import("./measure.ts")).runDistribution(distribution, params, options),
  summarize: summarizeDistribution,
  charts: distributionCharts,
  findings: distributionFindings,
  claims: distributionClaims,
  // What the analysis compares between policies: how many requests are served, and how evenly.
  acrossRuntimes: [
    {
      metric: "throughputRps", name: "throughput", unit: "req/s", better: "higher",
      setBy: { metric: "offeredRps", reason: "at a load level the run offers a share of its own measured capacity, so throughput follows the offered rate" },
    },
    { metric: "top2Share", name: "busiest-two share", unit: "share", better: "lower" },
  ],
};
