/**
 * The data model of the faults experiment: its parameters, the statistics of one fault, what a run
 * found, and its charts by id. Shared by the measuring and the analysing side; it loads nothing.
 * @module
 */
import type { VerdictRules } from "../../stats/compare.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Charts, Comparison, Interval, Result, Summary } from "../../types.ts";
import type { FaultCondition } from "./table.ts";

/** Parameters of the faults experiment. */
export interface FaultsParams extends TrialPlan, Record<string, unknown> {
  /** Labels of the faults to inject, from the fixed table. */
  faults: string[];
  /** Cluster workers, or worker threads of the thread server. */
  workers: number;
  /** Concurrent keep-alive clients. */
  concurrency: number;
  /** CPU time each request burns in its worker, in milliseconds. */
  handlerCostMs: number;
  /** Heap limit of each worker, in MiB. */
  heapMb: number;
  /**
   * Load before the baseline window, unmeasured, so the baseline is a warm server's rate (absent in
   * Results saved before it was a parameter: 0, and the baseline was the second half of preFaultMs).
   */
  warmupMs?: number;
  /** Steady load before the fault (after the warm-up): the baseline window, in milliseconds. */
  preFaultMs: number;
  /** Load measured after the fault, in milliseconds. */
  postFaultMs: number;
  /** Width of a throughput-timeline bucket, in milliseconds. */
  bucketMs: number;
  /** Verdict rules (absent in Results saved before they were parameters: the defaults apply). */
  confidence?: number;
  equivalence?: number;
  family?: Required<VerdictRules>["family"];
}

/** Statistics of one fault condition across its trials. */
export interface FaultRow {
  label: string;
  model: FaultCondition["model"];
  description: string;
  /** How the clients connected: keep-alive connections, or a new connection per request (absent in Results saved before the warm-up: keep-alive). */
  load?: "keep-alive" | "new-connection";
  n: number;
  /** Trials after which the server still answered. */
  survived: number;
  /** Wilson interval of the survival rate at the Result's confidence level (its `level`), in [0, 1]. */
  survival: Interval;
  /** Requests that failed (error, reset, 5xx) from the fault to the end of the load. */
  failedRequests: Summary;
  /** Requests completed after the fault as a share of what the pre-fault rate would have completed (1 = no loss). */
  servedShare: Summary;
  /** Trials whose throughput came back (see `recoveryOf`). */
  recovered: number;
  /** Time from the fault until throughput stayed back, over the recovered trials only, in milliseconds. */
  recoveryMs: Summary | null;
  /** Time from the injection until the worker, thread or process was seen to die, in milliseconds. */
  faultToExitMs: Summary | null;
  /** Time from a death until its replacement served, in milliseconds. */
  replacementMs: Summary | null;
  /** After the primary's SIGKILL: time until its last worker had exited, in milliseconds. */
  orphanExitMs: Summary | null;
  /** Workers still running when that wait (up to 5 s) ended, summed over trials. */
  orphansLeft: number;
  /** Trials in which the fault visibly acted (something died) within the window plus 10 s. */
  acted: number;
  /** Trials in which the server's own process (thread server, or cluster primary) died. */
  processDied: number;
  /**
   * From the server's per-worker counters (cluster faults with a replacement): the trials that read
   * them, the trials in which a replacement served at least one request after the fault (with its
   * Wilson interval), and the replacements' share of the requests served after the fault. Absent in
   * Results saved before the warm-up (which read no counts).
   */
  replacementTraffic?: {
    /** Trials whose replacement was up for at least a bucket before the load ended. */
    trials: number;
    served: number;
    servedRate: Interval;
    share: Summary;
    connections: Summary;
    /** How long the replacement was up before the load ended, in ms. */
    upMs: Summary;
    /** Trials with counts whose replacement came up too late to take traffic (left out). */
    notUp: number;
  } | null;
  /** How the dead processes ended, each distinct outcome once ("killed by SIGABRT: FATAL ERROR: …"). */
  outcomes: string[];
}

/**
 * The noise floor of one server kind: how much the pre-fault throughput of identical servers spread
 * over every trial of that kind, before any fault could act (IQR / median, unitless).
 */
export interface FaultsNoiseFloor {
  model: FaultRow["model"];
  relativeIqr: number;
  /** Trials whose pre-fault throughput was read. */
  trials: number;
  /** Median pre-fault throughput over those trials, in completed requests per second. */
  medianRps: number;
}

/** What a faults run found. */
export interface FaultsSummary {
  rows: FaultRow[];
  /** One per server kind measured; see {@link FaultsNoiseFloor}. */
  noiseFloor: FaultsNoiseFloor[];
  unavailable: Array<{ label: string; reason: string }>;
  /**
   * The same fault under keep-alive and under new-connection load: the share of the pre-fault rate
   * served after it, new-connection over keep-alive (a Hodges–Lehmann ratio decided by the lab's
   * verdict rule, alone in its family); null when the run lacks either side, absent in Results saved
   * before the warm-up.
   */
  loadModes?: { keepAlive: string; newConnection: string; servedShare: Comparison } | null;
  failures: number;
}

/** A saved Result of the faults experiment. */
export type FaultsResult = Result<FaultsParams, FaultsSummary>;

/** Ids of the faults experiment's charts, in display order. */
export const FAULTS_CHART_IDS = ["timeline-cluster", "timeline-threads", "failed-requests", "survival", "recovery"] as const;

/** The id of one of the faults experiment's charts. */
export type FaultsChartId = (typeof FAULTS_CHART_IDS)[number];

/** The faults experiment's charts by id: `charts["survival"]`. */
export type FaultsCharts = Charts<FaultsChartId>;
