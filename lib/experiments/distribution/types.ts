/**
 * The data model of the distribution experiment: its parameters, conditions, per-condition
 * statistics and summary. Types only, so both the measuring and the analysing side can name them.
 * @module
 */
import type { SchedulingPolicy } from "../../drivers/cluster/mod.ts";
import type { FamilyProcedure } from "../../stats/mod.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Charts, Interval, Result, Summary } from "../../types.ts";
import type { CheckedComparison } from "../_shared/decided.ts";

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
  /** Target confidence level of every interval (absent in Results saved before it was a parameter: 0.95). */
  confidence?: number;
  /** Equivalence band δ of every comparison (absent in older Results: 0.05). */
  equivalence?: number;
  /** How p-values are adjusted within the family of comparisons (absent in older Results: "holm"). */
  family?: FamilyProcedure;
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
  /**
   * Share of connections taken by the busiest two workers, per trial, in [0, 1]; its `medianCi` is
   * the order-statistic interval of the median at the level it attains.
   */
  top2Share: Summary;
  /** Whether the top-2 share's median interval reaches the target level (6 trials are needed for 95%). */
  top2ReachesTarget: boolean;
  /** Jain's fairness index of connections per worker, in [1/k, 1]. */
  jain: Summary;
  throughputRps: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  /** CPU the primary used, as a fraction of one core over the load. */
  primaryCpuShare: Summary;
  /** Trials in which the busiest two workers took at least 70% of connections. */
  claimHits: number;
  /**
   * Median share of connections by worker rank (busiest first) across trials, with the
   * order-statistic interval of that median at the level it attains.
   */
  shareByRank: Array<{ rank: number; median: number; ci: Interval }>;
  /** Chi-square p-values against an even spread, one per trial. */
  chiSquareP: number[];
}

/** What a distribution run found. */
export interface DistributionSummary {
  workers: number;
  rows: DistributionRow[];
  /**
   * Socket sharing and reusePort against round-robin under each load shape: top-2 share, throughput
   * and p99 latency, all decided as one family, each with its within-round check.
   */
  comparisons: Array<{ concurrency: number; keepAlive: boolean; policy: SchedulingPolicy; top2: CheckedComparison; throughput: CheckedComparison; p99: CheckedComparison }>;
  /** Comparisons in the family (three per policy and load shape). */
  familySize: number;
  /**
   * The spread of identical trials, IQR / median of the throughput of the condition whose trials are
   * most alike by design: round-robin (else the first policy measured) at the lowest client count,
   * new connections first. Null without trials.
   */
  noiseFloor: { label: string; metric: "throughputRps"; relativeIqr: number } | null;
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
