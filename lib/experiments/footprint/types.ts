/**
 * The data model of the footprint experiment: its parameters and conditions, the statistics of one
 * condition, the fitted lines of memory against the number of workers, what a run found, and its
 * charts by id. Shared by the measuring and the analysing side; it loads nothing.
 * @module
 */
import type { PoolKind } from "../../drivers/pool/mod.ts";
import type { VerdictRules } from "../../stats/compare.ts";
import type { LackOfFit, RatioSet, StepSlope } from "../../stats/mod.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Chart, Charts, Comparison, Interval, Result, Summary } from "../../types.ts";
import type { ModuleGraph } from "../../workloads/graphs.ts";
import type { RoundsCheck } from "../_shared/rounds.ts";

/** Parameters of the footprint experiment. */
export interface FootprintParams extends TrialPlan, Record<string, unknown> {
  /** Numbers of workers n to start. */
  workers: number[];
  kinds: PoolKind[];
  graphs: ModuleGraph[];
  /** Wait after every worker is ready and collected, before memory is read, in milliseconds. */
  settleMs: number;
  /** Start one unrecorded host of each kind and graph first, so the first trial does not pay for a cold page cache. */
  prime: boolean;
  /** Verdict rules (absent in Results saved before they were parameters: the defaults apply). */
  confidence?: number;
  equivalence?: number;
  family?: Required<VerdictRules>["family"];
}

/** One condition: n workers of one kind, each loading one module graph, in a fresh host. */
export interface FootprintCondition {
  label: string;
  kind: PoolKind;
  graph: ModuleGraph;
  workers: number;
}

/** Which memory figure: resident set size, or proportional set size (shared pages split between their users). */
export type MemoryMeasure = "rss" | "pss";

/** Per-condition statistics; memory in bytes, times in milliseconds. */
export interface FootprintRow extends FootprintCondition {
  /** Tree memory with the workers, minus the bare host's. */
  rssAddedBytes: Summary;
  pssAddedBytes: Summary | null;
  /** The same divided by n: the average weight of one worker. */
  rssPerWorkerBytes: Summary;
  pssPerWorkerBytes: Summary | null;
  /** From the first spawn until every worker was ready. */
  startupMs: Summary;
  /** Each worker from its own spawn to its ready, pooled over the trials. */
  workerStartupMs: Summary;
}

/** The line memory-added = intercept + slope·n for one kind and graph, and how well a line describes it. */
export interface SlopeRow {
  kind: PoolKind;
  graph: ModuleGraph;
  memory: MemoryMeasure;
  /** Marginal memory of one more worker (least-squares slope), in bytes per worker. */
  slopeBytes: number;
  /** Its t interval from the replicates' own variances at each n (Welch–Satterthwaite df), in bytes per worker. */
  slopeCi: Interval;
  /** Standard error of the slope, in bytes per worker, and the degrees of freedom of its t interval. */
  slopeSeBytes: number;
  df: number;
  /** "replicate-variance" when every n has 2 or more trials, else "hc3". */
  method: "replicate-variance" | "hc3";
  interceptBytes: number;
  /** Slope between consecutive n from the median at each, in bytes per worker: where one slope hides a bend. */
  steps: StepSlope[];
  /** Lack-of-fit F test of the line against the means at each n, or why it cannot be done. */
  lackOfFit: LackOfFit;
  /** Trials fitted, and the worker counts they cover. */
  points: number;
  workers: number[];
}

/**
 * Process slope over thread slope for one graph and memory measure: Fieller's set for the ratio, a
 * Welch t test of the slopes' difference, decided with every other comparison of the Result.
 */
export interface SlopeComparison {
  graph: ModuleGraph;
  memory: MemoryMeasure;
  /** Process slope / thread slope, unitless. */
  ratio: number;
  /** Fieller's confidence set of the ratio at the target level: an interval, its complement, or the whole line. */
  set: RatioSet;
  /** Process slope minus thread slope, in bytes per worker, and the Welch t test of it being 0. */
  differenceBytes: number;
  t: number;
  df: number;
  /** Two-sided p of "the slopes are equal", unadjusted and adjusted within the family. */
  pValue: number;
  pAdjusted: number;
  familySize: number;
  procedure: Comparison["procedure"];
  /** Trials in the process fit and in the thread fit. */
  nA: number;
  nB: number;
  /** The decided outcome of process against thread: "higher" means a process weighs more. */
  outcome: Comparison["outcome"];
  conclusive: boolean;
  verdict: string;
  /** The same ratio from each round's pair of slopes, as a check. */
  within: RoundsCheck;
}

/** What a footprint run found. */
export interface FootprintSummary {
  cores: number;
  /** Runtimes the hosts and their workers ran on, e.g. ["node 20.20.2"]. */
  hostRuntimes: string[];
  /** True when every trial read memory after a full garbage collection in the host and every worker. */
  collected: boolean;
  /** True when PSS was read (Linux with /proc/<pid>/smaps_rollup). */
  pssAvailable: boolean;
  rows: FootprintRow[];
  slopes: SlopeRow[];
  slopeComparisons: SlopeComparison[];
  /** A process against a thread, time until one worker is ready, per graph (at the smallest n). */
  startupComparisons: Comparison[];
  /** Each start-up comparison compared within rounds, in the same order. */
  startupWithin: RoundsCheck[];
  /** The family every slope and start-up comparison was decided in: how many, and the rules. */
  family: { size: number; rules: Required<VerdictRules> };
  /** IQR / median of the bare hosts' RSS: the spread of identical readings on this machine. */
  noiseFloor: number;
  failures: number;
}

/** A saved Result of the footprint experiment. */
export type FootprintResult = Result<FootprintParams, FootprintSummary>;

/** Ids of the footprint experiment's charts, in display order; "pss-added" only where PSS was read. */
export const FOOTPRINT_CHART_IDS = ["rss-added", "pss-added", "marginal-memory", "worker-startup"] as const;

/** The id of one of the footprint experiment's charts. */
export type FootprintChartId = (typeof FOOTPRINT_CHART_IDS)[number];

/** The footprint experiment's charts by id; "pss-added" only where PSS was read. */
export type FootprintCharts = Charts<Exclude<FootprintChartId, "pss-added">> & { readonly "pss-added"?: Chart };
