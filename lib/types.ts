/**
 * The types every part of the lab shares: statistics, trials, Results, experiments and charts.
 * Gathered here so that a reader can see the whole data model in one place.
 * @module
 */
import type { FailureKind } from "./errors.ts";
export type { FailureKind };

/** A closed interval with the confidence level it was computed for (0.95 = 95%). */
export interface Interval {
  lo: number;
  hi: number;
  level: number;
}

/** Descriptive statistics of one sample, in the sample's own unit. */
export interface Summary {
  /** Number of values summarised. */
  n: number;
  median: number;
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator); 0 when n < 2. */
  sd: number;
  /** 25th and 75th percentiles and their difference. */
  p25: number;
  p75: number;
  iqr: number;
  min: number;
  max: number;
  /**
   * Distribution-free interval of the median from order statistics; `level` is the level it attains
   * (e.g. [min, max] of 5 trials is a 93.75% interval), ≥ the target when the trials allow.
   */
  medianCi: Interval;
  /** Relative spread IQR / median: the noise floor of identical trials (0.05 = 5%). */
  relativeIqr: number;
  /** Indices of values outside Tukey's fences (1.5 IQR beyond the quartiles); kept, only flagged. */
  outliers: number[];
}

/**
 * Comparison of two samples of a positive quantity by their ratio a/b, decided by the lab's one
 * verdict rule (see `stats/decide.ts`): an exact Wilcoxon–Mann–Whitney test, its Hodges–Lehmann
 * interval of the ratio at the level it attains, and a p-value adjusted within the experiment's family.
 */
export interface Comparison {
  /** Labels of the two samples; the ratio is a / b. */
  a: string;
  b: string;
  nA: number;
  nB: number;
  medianA: number;
  medianB: number;
  /** Hodges–Lehmann estimate of the ratio a/b: the median of every pairwise ratio a_i / b_j. */
  ratio: number;
  /** Distribution-free interval of the ratio; `level` is the level it attains (≥ the target when reachable). */
  ratioCi: Interval;
  /** False when even the widest interval falls short of the target level: too few trials. */
  reachesTarget: boolean;
  /** Two-sided p-value of the exact rank-sum test (Monte Carlo or normal only where exactness is out of reach). */
  pValue: number;
  /** How the p-value was obtained. */
  pMethod: "exact" | "monte-carlo" | "normal";
  /** The smallest p-value these sample sizes can give. */
  minAttainableP: number;
  /** p adjusted within the family of comparisons the experiment makes (Holm by default). */
  pAdjusted: number;
  /** How many comparisons the family holds, and the adjustment used. */
  familySize: number;
  procedure: "holm" | "bonferroni" | "none";
  /** Cliff's delta in [−1, 1]: P(a > b) − P(a < b). */
  cliffsDelta: number;
  /** What was compared (e.g. "compute time"), and whether smaller is better and the quantity is a time. */
  quantity: string;
  lowerIsBetter: boolean;
  timeLike: boolean;
  /** True when the ratio's interval includes 1. */
  noDifference: boolean;
  /** lower / higher (A against B), equivalent within the band, or inconclusive. */
  outcome: "lower" | "higher" | "equivalent" | "inconclusive";
  /** True when the verdict names a side (lower or higher). */
  conclusive: boolean;
  /** One plain-language sentence stating the result, its interval, its p and the family. */
  verdict: string;
}

/** How evenly a total is spread over k workers (counts of connections, requests, tasks). */
export interface Fairness {
  k: number;
  total: number;
  /** The k in "share of the busiest k" (default 2). */
  top: number;
  /** Share of the total taken by the busiest `top` workers, in [0, 1]. */
  topShare: number;
  /** The share `top` workers would take under a perfectly even spread. */
  topShareIdeal: number;
  /** max / min count (Infinity when a worker got nothing). */
  maxMinRatio: number;
  /** Jain's fairness index in [1/k, 1]; 1 is perfectly even. */
  jain: number;
  /** Coefficient of variation of the counts (sd / mean, population sd). */
  cv: number;
  /** Pearson's chi-square statistic against the uniform spread, its degrees of freedom and p-value. */
  chiSquare: number;
  df: number;
  pValue: number;
}

/** One measured (or failed) trial of one condition. */
export interface TrialRecord {
  /** Condition label, e.g. "threads×2". */
  condition: string;
  /** Index of this trial within its condition, from 0. */
  index: number;
  /** Position in the run's whole order of trials, from 0 (warm-ups excluded). */
  seq: number;
  /** ISO time the trial started. */
  startedAt: string;
  /** Wall time of the measured part of the trial. */
  durationMs: number;
  ok: boolean;
  /** Why the trial failed, when ok is false. */
  error?: string;
  /** What kind of failure it was, when ok is false (absent in Results saved before kinds were recorded). */
  failureKind?: FailureKind;
  /** Named numbers the experiment measured in this trial; names carry the unit (`computeMs`, `rssBytes`). */
  metrics: Record<string, number>;
  /** Anything else the experiment keeps per trial (per-worker counts, raw latencies). */
  detail?: Record<string, unknown>;
}

/** A trial that did not produce a measurement, with its reason. */
export interface Failure {
  condition: string;
  index: number;
  reason: string;
  /** Absent in Results saved before kinds were recorded. */
  kind?: FailureKind;
  at: string;
}

/** What the runtime is and can do. */
export interface RuntimeInfo {
  name: "node" | "deno" | "bun" | "unknown";
  version: string;
  v8: string;
  /** How the code is being run: a script, the tslab kernel, Deno's Jupyter kernel, a test. */
  mode: "script" | "tslab" | "deno-jupyter" | "test";
  features: {
    cluster: boolean;
    reusePort: boolean;
    sharedArrayBuffer: boolean;
    atomicsWaitAsync: boolean;
    requireEsm: boolean;
  };
  /**
   * Which runtime served each part of the run (absent in Results saved before it was recorded).
   * Written with the Result, from the caller's runtime and what its trials recorded.
   */
  parts?: RuntimeParts;
}

/** Which runtime served each part of a run, each as "node 24.11.1" or "deno 2.5.6". */
export interface RuntimeParts {
  /** The process that ran the experiment: it timed the trials and drove the load. */
  caller: string;
  /** The pools' worker threads and forked processes: they run on the caller's binary. */
  pool: string;
  /**
   * The servers and hosts started on Node.js (cluster and thread servers, thumbnail and footprint
   * hosts), as their trials recorded them; empty when the trials recorded none.
   */
  server: string[];
}

/** The machine a Result was measured on. */
export interface MachineSnapshot {
  hostname: string;
  os: { platform: string; release: string; arch: string };
  cpu: { model: string; cores: number; speedMHz: number };
  memory: { totalBytes: number; freeBytes: number };
  loadAverage: number[];
  uvThreadpoolSize: number | null;
  git: { commit: string; dirty: boolean } | null;
  /** When this snapshot was taken (ISO). */
  takenAt: string;
}

/** One reading of the machine during a run. */
export interface MachineSample {
  /** Milliseconds since the sampler started. */
  tMs: number;
  /** Whole-machine CPU use over the window that ended at tMs, in [0, 100] percent of all cores. */
  cpuPercent: number;
  /** Length of that window, in milliseconds (absent in Results saved before it was recorded). */
  windowMs?: number;
  /**
   * CPU used in that window by every process outside the lab's own tree (the caller and all it
   * started, exited children included), in [0, 100] percent of all cores: outside load that can
   * disturb a trial. Absent where it could not be read, and in Results saved before it was recorded.
   */
  otherCpuPercent?: number;
  usedMemoryBytes: number;
}

/** The order in which conditions were run, so that a run can be repeated exactly. */
export interface TrialOrder {
  kind: "random" | "abba" | "blocked";
  seed: number;
  warmupsPerCondition: number;
  /** Condition of every measured trial, in run order. */
  sequence: string[];
}

/**
 * How a run that stopped when precise enough stopped (see stopping.ts): its rule, and for each
 * condition the trials it ran, its median interval's relative half-width at its last look, and why
 * it stopped ("precise", "maximum" at the last look, or "aborted" when the run was stopped).
 */
export interface StoppingRecord {
  rule: "precision";
  /** Largest relative half-width of a condition's median interval at which it stops, in (0, 1). */
  precision: number;
  /** Trials every condition runs before the first look. */
  minTrials: number;
  /** Trials at which every condition stops. */
  maxTrials: number;
  /** Trial counts at which conditions are looked at, ascending, the first `minTrials`, the last `maxTrials`. */
  looks: number[];
  /** Level of the median interval a look reads: the run's confidence (which look stops is free to choose; the union bound holds for any). */
  confidence: number;
  /** Level of every interval and test of the run, 1 − (1 − confidence)/looks.length. */
  lookConfidence: number;
  /** Key of `trial.metrics` the rule watches, or "durationMs" for the trial's wall time. */
  metric: string;
  stopped: Record<string, { trials: number; halfWidth: number | null; reason: "precise" | "maximum" | "aborted" }>;
}

/** The saved outcome of one experiment run. Everything a chart or verdict needs is in here. */
export interface Result<P = Record<string, unknown>, S = unknown> {
  schema: typeof RESULT_SCHEMA;
  experiment: { id: string; version: number; title: string };
  params: P;
  runtime: RuntimeInfo;
  machine: MachineSnapshot;
  startedAt: string;
  finishedAt: string;
  /** False while a run is still going or when it was interrupted: the trials so far are kept. */
  complete: boolean;
  order: TrialOrder;
  trials: TrialRecord[];
  failures: Failure[];
  /** Machine CPU and memory sampled during the run. */
  samples: MachineSample[];
  summary: S;
  /** How the run stopped when it ran until precise enough; absent for a run of fixed size. */
  stopping?: StoppingRecord;
  /** What produced the Result (absent in Results saved before it was recorded). */
  provenance?: Provenance;
}

/**
 * What produced a Result, beside its parameters and runtime (recorded in the Result already): the
 * source that measured it, so that a Result whose measuring source has since changed can be told
 * apart (see `staleness` in provenance.ts), and the profile it ran at.
 */
export interface Provenance {
  /**
   * SHA-256 over the library sources that measure this experiment (its measure.ts and all it loads,
   * driver entry modules included; never the analysis, which is redone whenever a Result is loaded),
   * or null when those sources were not beside the library that ran.
   */
  sourceHash: string | null;
  /** Library-relative path of each of those files → the first 16 hex digits of its SHA-256. */
  sources?: Record<string, string>;
  /** The profile the run's parameters came from, when it was run at one. */
  profile?: Profile;
}

/** Version of the Result file format; loading a file of another version fails with a clear error. */
export const RESULT_SCHEMA = 1 as const;

/** The kind of value a parameter takes. */
export type ParamType = "integer" | "number" | "string" | "boolean" | "integer[]" | "string[]" | "boolean[]";

/** Profiles scale an experiment: tiny for tests, quick for class and CI, full for an overnight run. */
export type Profile = "tiny" | "quick" | "full";
export const PROFILES: readonly Profile[] = ["tiny", "quick", "full"];

/** Declares one experiment parameter: its type, unit, bounds and default per profile. */
export interface ParamSpec {
  type: ParamType;
  description: string;
  /** Unit of the value ("ms", "workers", "count"); omitted for unitless values. */
  unit?: string;
  /** Default for every profile, or one per profile. */
  default: unknown | { [K in Profile]: unknown };
  /** Inclusive bounds for numbers (each element for arrays). */
  min?: number;
  max?: number;
  /** Allowed values for strings (each element for arrays). */
  choices?: readonly string[];
  /** True when `min` and `max` themselves are not allowed (an open interval, e.g. a level in (0.5, 1)). */
  exclusiveBounds?: boolean;
}

/** Options every experiment run accepts. */
export interface RunOptions {
  /** Called as the run makes progress. */
  onProgress?: (event: ProgressEvent) => void;
  /** Called after every trial with the Result so far (complete: false), so that callers can checkpoint it. */
  onCheckpoint?: (partial: Result) => void;
  /** Aborting stops the run after tearing down whatever is running; the trials so far are kept. */
  signal?: AbortSignal;
}

/** Progress of a run: `done` of `total` trials (warm-ups included). */
export interface ProgressEvent {
  done: number;
  total: number;
  condition: string;
  phase: "warmup" | "trial";
  ok?: boolean;
}

/** A vega-lite specification, kept opaque so the public types need nothing from vega-lite. */
export type VegaLiteSpec = Record<string, unknown>;

/** A chart: an id to name its files, a title, and its vega-lite spec. */
export interface Chart {
  id: string;
  title: string;
  spec: VegaLiteSpec;
}

/** Charts keyed by their ids, in display order. */
export type Charts<K extends string = string> = { readonly [id in K]: Chart };

/** One experiment: its parameters, how to run it, and how to summarise and plot a saved Result. */
export interface Experiment<P extends Record<string, unknown> = Record<string, unknown>, S = unknown> {
  id: string;
  version: number;
  title: string;
  /** One paragraph: what is measured and why. */
  description: string;
  params: { [K in keyof P]: ParamSpec };
  /**
   * Checks rules that tie parameters together (each one alone was checked against its spec), before
   * anything starts; throws an InputError naming the parameter. The CLI and notebooks call it.
   */
  check?(params: P): void;
  run(params: P, options?: RunOptions): Promise<Result<P, S>>;
  /** Recomputes the summary from the trials, so a saved Result can be re-analysed without running. */
  summarize(result: Omit<Result<P, S>, "summary">): S;
  /** The experiment's charts, keyed by chart id (`charts.speedup`), in display order. */
  charts(result: Result<P, S>): Charts;
  /** Plain-language findings with their uncertainty. */
  findings(result: Result<P, S>): string[];
  /** The article's claims this experiment tests, each with the verdict this Result supports. */
  claims?(result: Result<P, S>): Claim[];
}

/**
 * An experiment whose parameter check and claims are always there and whose charts are typed by
 * id, as every experiment of the lab is: `scaling.charts(result)["speedup"]` needs no cast.
 */
export interface CheckedExperiment<P extends Record<string, unknown>, S, C extends Charts> extends Experiment<P, S> {
  check(params: P): void;
  charts(result: Result<P, S>): C;
  claims(result: Result<P, S>): Claim[];
}

/** What a Result says of a claim: it holds, holds only under a condition, does not hold here, or the run cannot tell. */
export type ClaimVerdict = "holds" | "holds-only-when" | "does-not-hold" | "undecided";

/** One claim of the article (or one of the lab's own questions) and the verdict a Result supports. */
export interface Claim {
  /** Stable id, e.g. "threads-edge-out". */
  id: string;
  /** The claim in the article's words, or the lab's question. */
  claim: string;
  verdict: ClaimVerdict;
  /** For "holds-only-when": the condition under which it holds. */
  when?: string;
  /** The figure that decides it, with its interval, in markdown. */
  evidence: string;
  /** Id of the chart that shows the evidence, when one does. */
  chart?: string;
}
