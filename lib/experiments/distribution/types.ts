/**
 * The data model of the distribution experiment: its parameters, conditions, per-condition
 * statistics and summary. Types only, so both the measuring and the analysing side can name them.
 * @module
 */
import type { SchedulingPolicy } from "../../drivers/cluster/mod.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Charts, Comparison, Interval, Result, Summary } from "../../types.ts";

/** Parameters of the distribution experiment. */
export interface DistributionParams extends TrialPlan, Record<string, unknown> {
  /** Cluster workers. */
  workers: number;
  policies: SchedulingPolicy[];
  /** Concurrent clients, one condition each. */
  concurrency: number[];
  /** Keep-alive connections (false: a new connection per request), one condition each. */
  keepAlive: boolean[];
  /** CPU time each request burns in the worker, in milliseconds. */
  handlerCostMs: number;
  /** Extra CPU time worker 0 burns on every 10th request, in milliseconds (0: none). */
  slowWorkerMs: number;
  /** Requests per trial. */
  requests: number;
}

/** One condition: a policy under a load shape. */
export interface DistributionCondition {
  label: string;
  policy: SchedulingPolicy;
  concurrency: number;
  keepAlive: boolean;
}

/** Statistics of one condition across its trials. */
export interface DistributionRow {
  label: string;
  policy: SchedulingPolicy;
  concurrency: number;
  keepAlive: boolean;
  /** Share of connections taken by the busiest two workers, per trial, in [0, 1]. */
  top2Share: Summary;
  /** Jain's fairness index of connections per worker, in [1/k, 1]. */
  jain: Summary;
  throughputRps: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  /** CPU the primary used, as a fraction of one core over the load. */
  primaryCpuShare: Summary;
  /** Trials in which the busiest two workers took at least 70% of connections. */
  claimHits: number;
  /** Mean share of connections by worker rank (busiest first), with a bootstrap CI across trials. */
  shareByRank: Array<{ rank: number; mean: number; ci: Interval }>;
  /** Chi-square p-values against an even spread, one per trial. */
  chiSquareP: number[];
}

/** What a distribution run found. */
export interface DistributionSummary {
  workers: number;
  rows: DistributionRow[];
  /** Socket sharing and reusePort against round-robin under each load shape. */
  comparisons: Array<{ concurrency: number; keepAlive: boolean; policy: SchedulingPolicy; top2: Comparison; throughput: Comparison; p99: Comparison }>;
  /** Policies this runtime could not run, with why. */
  unavailable: Array<{ policy: SchedulingPolicy; reason: string }>;
  failures: number;
}

/** A saved distribution run. */
export type DistributionResult = Result<DistributionParams, DistributionSummary>;

/** Ids of the distribution charts, in display order. */
export const DISTRIBUTION_CHART_IDS = ["share-by-rank", "top2-vs-concurrency", "fairness-vs-throughput", "latency-ecdf"] as const;

/** The distribution charts by id: `charts["share-by-rank"]`. */
export type DistributionCharts = Charts<(typeof DISTRIBUTION_CHART_IDS)[number]>;
