/**
 * The data model of the thumbnails experiment: its parameters, conditions, per-condition
 * statistics and summary. Types only, so both the measuring and the analysing side can name them.
 * @module
 */
import type { ThumbnailMode } from "../../drivers/thumbnails/mod.ts";
import type { FamilyProcedure } from "../../stats/mod.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Charts, Interval, Result, Summary } from "../../types.ts";
import type { ImageFormat } from "../../workloads/corpus.ts";
import type { CheckedComparison } from "../_shared/decided.ts";

/** Named groups of conditions; a run measures the union of the groups it lists. */
export type ConditionSet = "baseline" | "article" | "matched" | "scaling" | "knobs";

/** Parameters of the thumbnails experiment. */
export interface ThumbnailsParams extends TrialPlan, Record<string, unknown> {
  /** Images in the corpus. */
  images: number;
  /** Size of every image of the corpus, in pixels. */
  width: number;
  height: number;
  format: ImageFormat;
  corpusSeed: number;
  /** Root of the corpora; "" means data/images of the project. */
  imagesDir: string;
  /** Size of every thumbnail, in pixels. */
  thumbWidth: number;
  thumbHeight: number;
  /** Pool sizes k of the scaling set. */
  workers: number[];
  sets: ConditionSet[];
  /** Whether the headline time includes pool start-up (spawn until every worker has loaded sharp). */
  includeStartup: boolean;
  /**
   * Images each host (or each pool worker) resizes, unmeasured, before the clock starts, so that the
   * measured span is warm (absent in Results saved before it was a parameter: 0, cold hosts).
   */
  warmupImages?: number;
  /** Target confidence level of every interval (absent in Results saved before it was a parameter: 0.95). */
  confidence?: number;
  /** Equivalence band δ of every comparison (absent in older Results: 0.05). */
  equivalence?: number;
  /** How p-values are adjusted within the family of comparisons (absent in older Results: "holm"). */
  family?: FamilyProcedure;
}

/** One condition: a mode and the process-wide knobs it runs with. */
export interface ThumbnailsCondition {
  label: string;
  mode: ThumbnailMode;
  k: number;
  /** sharp.concurrency per process; 0 = sharp's default. */
  concurrency: number;
  /** UV_THREADPOOL_SIZE per process; 0 = unset (libuv's default, 4). */
  uv: number;
  cache: boolean;
  input: "path" | "buffer";
}

/** Per-condition statistics. */
export interface ThumbnailsRow extends Omit<ThumbnailsCondition, "label"> {
  label: string;
  /** The headline time (compute, plus pool start-up when includeStartup), in ms. */
  timeMs: Summary;
  computeMs: Summary;
  startupMs?: Summary;
  /** The unmeasured warm-up before the clock (absent when the run had none). */
  warmupMs?: Summary;
  imagesPerS: Summary;
  /** Per-trial median and 99th percentile of per-image latency, in ms. */
  latencyP50Ms: Summary;
  latencyP99Ms: Summary;
  peakRssBytes: Summary;
  peakPssBytes: Summary | null;
  /** Cores busy on average during the compute time (CPU time of the tree / compute time). */
  cpuCores: Summary;
  /** libvips concurrency the trials reported (sharp's default resolved). */
  effectiveConcurrency: number;
  /**
   * Single-thread time over this time: the Hodges–Lehmann ratio (median of every pairwise ratio)
   * with its distribution-free interval at the level it attains.
   */
  speedup?: { ratio: number; ci: Interval; reachesTarget: boolean };
  /** This rate / (single-thread rate × cores): the share of this machine's limit reached; the speedup's interval divided by the cores. */
  efficiency?: { value: number; ci: Interval };
}

/**
 * Time and memory of one pair of conditions (threads over processes), each a Hodges–Lehmann ratio
 * with its exact rank-sum p, decided in the experiment's one family, with its within-round check.
 */
export interface PairComparisons {
  time: CheckedComparison;
  memory: CheckedComparison;
  /** Peak PSS: shared pages split between the processes that map them, so shared code is counted once. */
  memoryPss: CheckedComparison | null;
}

/** What a thumbnails run found. */
export interface ThumbnailsSummary {
  cores: number;
  corpusId: string;
  /** sharp and libvips versions the trials ran with ("unknown" in a Result without them). */
  versions: { sharp: string; libvips: string };
  /** Images each host or worker resized before its clock started (0 or absent: cold hosts, first-use costs inside the span). */
  warmupImages?: number;
  /** Label of the single-thread reference: the fastest sequential condition whose libvips used one thread. */
  singleThread: string | null;
  rows: ThumbnailsRow[];
  /**
   * The row with the highest speedup and its efficiency against the limit, and the comparison of its
   * image rate with the efficiency goal × the limit (a ratio above 1: the goal is met), decided in the
   * family. `goal` is null when the best row is the single-thread condition itself.
   */
  best: { label: string; speedup: number; speedupCi: Interval; efficiency: number; efficiencyCi: Interval; goal: CheckedComparison | null } | null;
  /**
   * threads×2 vs processes×2 with sharp's defaults, as the article ran them: time, peak RSS and peak
   * PSS (null where PSS could not be read) of the whole tree.
   */
  article: PairComparisons | null;
  /** threads×2 vs processes×2 with the same total number of libvips and libuv threads. */
  matched: PairComparisons | null;
  /** Comparisons in the family: time, RSS and PSS of both pairs, and the efficiency goal. */
  familySize: number;
  /** IQR / median of the single-thread trials. */
  noiseFloor: number;
  /** Images that failed (corrupt input), over every trial. */
  imageFailures: number;
  failures: number;
}

/** A saved thumbnails run. */
export type ThumbnailsResult = Result<ThumbnailsParams, ThumbnailsSummary>;

/** Ids of the thumbnails charts, in display order. */
export const THUMBNAILS_CHART_IDS = ["time", "speedup", "memory", "cpu", "latency"] as const;

/** The thumbnails charts by id: `charts["speedup"]`. */
export type ThumbnailsCharts = Charts<(typeof THUMBNAILS_CHART_IDS)[number]>;
