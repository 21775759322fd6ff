/**
 * The data model of the footprint experiment: its parameters and conditions, the statistics of one
 * condition, the fitted lines of memory against the number of workers, what a run found, and its
 * charts by id. Shared by the measuring and the analysing side; it loads nothing.
 * @module
 */
import type { PoolKind } from "../../drivers/pool/mod.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Chart, Charts, Comparison, Interval, Result, Summary } from "../../types.ts";
import type { ModuleGraph } from "../../workloads/graphs.ts";

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

/** The line memory-added = intercept + slope·n for one kind and graph. */
export interface SlopeRow {
  kind: PoolKind;
  graph: ModuleGraph;
  memory: MemoryMeasure;
  /** Marginal memory of one more worker, in bytes, with its bootstrap CI. */
  slopeBytes: number;
  slopeCi: Interval;
  interceptBytes: number;
  r2: number;
  /** Trials fitted, and the worker counts they cover. */
  points: number;
  workers: number[];
}

/** Process slope over thread slope for one graph and memory measure. */
export interface SlopeComparison {
  graph: ModuleGraph;
  memory: MemoryMeasure;
  ratio: number;
  ci: Interval;
  /** Fewest trials of any condition in the two fits. */
  minTrials: number;
  noDifference: boolean;
  conclusive: boolean;
  verdict: string;
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
