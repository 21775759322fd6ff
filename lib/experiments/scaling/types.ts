/**
 * The data model of the scaling experiment: its parameters, conditions, per-condition statistics
 * and summary. Types only, so both the measuring and the analysing side can name them.
 * @module
 */
import type { PoolKind } from "../../drivers/pool/mod.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Charts, Comparison, Interval, Result, Summary } from "../../types.ts";

/** Parameters of the scaling experiment. */
export interface ScalingParams extends TrialPlan, Record<string, unknown> {
  /** Pool sizes k to measure. */
  workers: number[];
  kinds: PoolKind[];
  /** Count the primes below n. */
  n: number;
  /** Tasks the range is split into. */
  chunks: number;
  /** Give each fresh worker one small task before timing, so compute time excludes its JIT warm-up. */
  prewarm: boolean;
}

/** One condition: the main thread, or a pool of `workers` threads or processes. */
export interface ScalingCondition {
  label: string;
  kind: "main" | PoolKind;
  workers: number;
}

/** Per-condition statistics. */
export interface ScalingRow {
  label: string;
  kind: ScalingCondition["kind"];
  workers: number;
  /** Compute time of the whole count, in milliseconds. */
  computeMs: Summary;
  /** Time from spawning the pool until every worker was ready, in milliseconds (pools only). */
  startupMs?: Summary;
  /** median(main) / median(this), with its bootstrap CI. */
  speedup?: { ratio: number; ci: Interval };
  /** speedup / workers, with its CI. */
  efficiency?: { value: number; ci: Interval };
}

/** Amdahl's law fitted to one kind of pool over k ≤ cores. */
export interface AmdahlRow {
  kind: PoolKind;
  serialFraction: number;
  serialFractionCi: Interval;
  maxSpeedup: number;
  t1Ms: number;
  workersUsed: number[];
}

/** What a scaling run found. */
export interface ScalingSummary {
  cores: number;
  expectedPrimes: number;
  rows: ScalingRow[];
  amdahl: AmdahlRow[];
  /** threads×k against processes×k, ratio of compute-time medians. */
  comparisons: Comparison[];
  /** processes×1 against threads×1 start-up time, when both ran. */
  startupComparison: Comparison | null;
  /** IQR / median of the main-thread trials: the spread of identical work on this machine. */
  noiseFloor: number;
  failures: number;
}

/** A saved scaling run. */
export type ScalingResult = Result<ScalingParams, ScalingSummary>;

/** Ids of the scaling charts, in display order. */
export const SCALING_CHART_IDS = ["speedup", "compute-time", "startup-time"] as const;

/** The scaling charts by id: `charts["speedup"]`. */
export type ScalingCharts = Charts<(typeof SCALING_CHART_IDS)[number]>;
