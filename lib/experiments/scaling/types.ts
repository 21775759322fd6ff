/**
 * The data model of the scaling experiment: its parameters, conditions, per-condition statistics
 * and summary. Types only, so both the measuring and the analysing side can name them.
 * @module
 */
import type { PoolKind } from "../../drivers/pool/mod.ts";
import type { AmdahlMediansFit, FamilyProcedure } from "../../stats/mod.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Charts, Interval, Result, Summary } from "../../types.ts";
import type { CheckedComparison } from "../_shared/decided.ts";

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
  /** Target confidence level of every interval (absent in Results saved before it was a parameter: 0.95). */
  confidence?: number;
  /** Equivalence band δ of every comparison (absent in older Results: 0.05). */
  equivalence?: number;
  /** How p-values are adjusted within the family of comparisons (absent in older Results: "holm"). */
  family?: FamilyProcedure;
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
  /**
   * Main-thread time over this time: the Hodges–Lehmann ratio (median of every pairwise ratio) with
   * its distribution-free interval at the level it attains, and whether that reaches the target.
   */
  speedup?: { ratio: number; ci: Interval; reachesTarget: boolean };
  /** speedup / workers, with the speedup's interval divided by the workers. */
  efficiency?: { value: number; ci: Interval };
}

/** Amdahl's law fitted to the medians of one kind of pool over k ≤ cores, or why it could not be. */
export interface AmdahlRow {
  kind: PoolKind;
  fit: AmdahlMediansFit;
}

/** The speedup at the pre-specified point k = cores (or the largest k below it that ran), per kind. */
export interface SpeedupAtCores {
  kind: PoolKind;
  label: string;
  workers: number;
  speedup: { ratio: number; ci: Interval; reachesTarget: boolean };
  efficiency: { value: number; ci: Interval };
}

/** What a scaling run found. */
export interface ScalingSummary {
  cores: number;
  expectedPrimes: number;
  rows: ScalingRow[];
  amdahl: AmdahlRow[];
  /** Speedup at k = cores for each kind: the point chosen before the run, not the largest estimate. */
  atCores: SpeedupAtCores[];
  /**
   * threads×k against processes×k in compute time (Hodges–Lehmann ratio, exact rank-sum p), decided
   * in one family with the start-up comparison, each with its within-round check.
   */
  comparisons: CheckedComparison[];
  /** processes×1 against threads×1 start-up time, when both ran; in the same family. */
  startupComparison: CheckedComparison | null;
  /** Comparisons in the family (compute at every k, plus start-up). */
  familySize: number;
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
