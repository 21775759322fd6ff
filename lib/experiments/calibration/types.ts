/**
 * The data model of the calibration experiment: its parameters, conditions and summary. Types
 * only, so both the measuring and the analysing side can name them.
 * @module
 */
import type { FamilyProcedure } from "../../stats/mod.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Charts, Interval, Result } from "../../types.ts";

/** Parameters of the calibration experiment. */
export interface CalibrationParams extends TrialPlan, Record<string, unknown> {
  /** Tasks of the 1.00× conditions; a condition of factor f runs round(tasks × f) of the same task. */
  tasks: number;
  /** Each task counts the primes in [from, from + width). */
  from: number;
  width: number;
  /** Injected slowdowns, in percent more work (2 = 2% more tasks). */
  effects: number[];
  /** Trials per side of one virtual run at the quick profile of the other experiments. */
  quickTrials: number;
  /** Trials per side of one virtual run at the full profile. */
  fullTrials: number;
  /** Precision of the stopping rule replayed from quickTrials to fullTrials (0: none). */
  stopPrecision: number;
  confidence?: number;
  equivalence?: number;
  family?: FamilyProcedure;
}

/** One condition: the base work under one of two labels, or the base work times a factor. */
export interface CalibrationCondition {
  label: string;
  /** Work relative to the base condition: 1 for both A/A labels, 1.02 for 2% more. */
  factor: number;
  /** Tasks a trial runs: round(tasks × factor). */
  tasks: number;
}

/** A proportion with its Wilson interval. */
export interface Rate {
  hits: number;
  n: number;
  /** hits / n (NaN when n = 0). */
  rate: number;
  /** Wilson interval at the run's confidence level; null when n = 0. */
  ci: Interval | null;
}

/** The calibration at one virtual-run size: what a run of `trialsPerSide` trials per condition resolves. */
export interface Resolution {
  /** "quick" or "full": the profile whose trial count this is. */
  profile: string;
  trialsPerSide: number;
  /** Virtual runs the measured trials were split into (each a family of every comparison with the base). */
  runs: number;
  /** The A/A comparison declared lower or higher: the false-positive rate per comparison. */
  falsePositive: Rate;
  /** Any verdict in a family naming a wrong side (A/A declared, or an injected slowdown called faster). */
  familyFalsePositive: Rate;
  /** Per injected effect: how often it was declared higher (power) and its interval covered the true ratio. */
  effects: Array<{ label: string; effect: number; trueRatio: number; power: Rate; coverage: Rate }>;
  /** How often the A/A interval covered 1. */
  nullCoverage: Rate;
  /**
   * The minimum detectable effect: the smallest relative difference a run of this size detects with
   * 80% power, from the median half-width of the A/A intervals (log scale) × (z₁₋α/₂ + z₀.₈)/z₁₋α/₂;
   * null with no A/A interval, or when n trials per side cannot give an interval at the target level.
   */
  mde: number | null;
  /** Median relative spread (IQR / median) of the base condition's trials within a virtual run. */
  spread: number;
}

/** The calibration of a stopping rule: virtual runs that each stopped once precise enough (stopping.ts). */
export interface SequentialResolution extends Resolution {
  stopping: {
    precision: number;
    minTrials: number;
    maxTrials: number;
    looks: number[];
    /** Level of each run's intervals and tests, the run's α split over its looks. */
    lookConfidence: number;
    /** Trials per side the virtual runs took, on average. */
    meanTrials: number;
    /** Sides (conditions of a virtual run) that stopped before the most. */
    stoppedEarly: Rate;
  };
}

/** What a calibration run found. */
export interface CalibrationSummary {
  cores: number;
  /** Tasks actually counted per condition, from the trials: the check that the injected work was done. */
  work: Array<{ label: string; factor: number; tasks: number; medianMs: number; primesPerTrial: number | null }>;
  resolutions: Resolution[];
  /** Virtual runs under the full profile's stopping rule; null when none was replayed (absent in Results analysed before it existed). */
  sequential?: SequentialResolution | null;
  failures: number;
}

/** A saved calibration run. */
export type CalibrationResult = Result<CalibrationParams, CalibrationSummary>;

/** Ids of the calibration charts, in display order. */
export const CALIBRATION_CHART_IDS = ["power", "coverage", "trials"] as const;

/** The calibration charts by id. */
export type CalibrationCharts = Charts<(typeof CALIBRATION_CHART_IDS)[number]>;
