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
  /** Requests per trial (an open-loop trial at p% of capacity sends p% of them, so it lasts as long). */
  requests: number;
  /**
   * The sweep: open-loop load levels in percent of round-robin's capacity, measured closed loop at
   * the start of the run; 0 alone: no sweep (absent in Results saved before the sweep).
   */
  loadLevels?: number[];
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
  /** Open loop at this percentage of round-robin's capacity; null: closed loop of `concurrency` clients. */
  loadPercent: number | null;
}

/** How far an open loop's generator fell behind its schedule, summed over a condition's trials. */
export interface Behind {
  scheduled: number;
  late: number;
  /** Of the late, those that waited for one of the slots (the server held them all). */
  waitedForSlot: number;
  dropped: number;
  /** (late + dropped) / scheduled. */
  share: number;
  /** True above {@link FELL_BEHIND_SHARE}: the offered load was not what the schedule said. */
  fellBehind: boolean;
}

/** Share of late or dropped requests above which a condition's generator counts as having fallen behind. */
export const FELL_BEHIND_SHARE = 0.05;

/** Statistics of one condition across its trials. */
export interface DistributionRow {
  label: string;
  policy: SchedulingPolicy;
  concurrency: number;
  keepAlive: boolean;
  /** Open loop at this percentage of capacity; absent for a closed loop. */
  loadPercent?: number;
  /** Open loop: the rate offered, requests per second, across trials; absent for a closed loop. */
  offeredRps?: Summary;
  /** Open loop: the schedule's account; absent for a closed loop. */
  behind?: Behind;
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
  /**
   * The sweep: each policy against round-robin at each load level (top-2 share), and each policy's
   * top-2 share at its highest level against its lowest ("does the imbalance grow with load"); decided
   * in the same family. Conditions whose generator fell behind are left out, and named. Absent
   * when the run swept no load levels (and in Results saved before the sweep).
   */
  sweep?: {
    /** Round-robin's capacity (requests per second, closed loop at the highest client count) by keep-alive, as the run measured it. */
    capacity: Array<{ keepAlive: boolean; rps: Summary }>;
    vsRoundRobin: Array<{ policy: SchedulingPolicy; keepAlive: boolean; loadPercent: number; top2: CheckedComparison }>;
    growth: Array<{ policy: SchedulingPolicy; keepAlive: boolean; low: number; high: number; top2: CheckedComparison }>;
    fellBehind: string[];
  };
  /** Comparisons in the family (three per policy and closed-loop load shape, plus the sweep's). */
  familySize: number;
  /**
   * The spread of identical trials, IQR / median of the throughput of the condition whose trials are
   * most alike by design: round-robin (else the first policy measured) at the lowest client count,
   * new connections first. Null without trials.
   */
  noiseFloor: { label: string; metric: "throughputRps"; relativeIqr: number } | null;
  /**
   * Which load generator drove which conditions: `ab` (ApacheBench) or `node` (the lab's own), each
   * with the condition labels it drove, plus "capacity, new conn" / "capacity, keep-alive" for the
   * capacity measurement. Absent in Results saved before the lab could drive ab (all node then).
   */
  generators?: Array<{ generator: "node" | "ab"; conditions: string[] }>;
  /** Policies this runtime could not run, with why. */
  unavailable: Array<{ policy: SchedulingPolicy; reason: string }>;
  failures: number;
}

/** A saved distribution run. */
export type DistributionResult = Result<DistributionParams, DistributionSummary>;

/** Ids of the distribution charts, in display order. */
export const DISTRIBUTION_CHART_IDS = ["share-by-rank", "top2-vs-concurrency", "fairness-vs-throughput", "latency-ecdf", "top2-vs-load", "jain-vs-load"] as const;

/** The distribution charts by id: `charts["share-by-rank"]`. */
export type DistributionCharts = Charts<(typeof DISTRIBUTION_CHART_IDS)[number]>;
