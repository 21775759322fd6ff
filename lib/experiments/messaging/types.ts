/**
 * The data model of the messaging experiment: its parameters and conditions, the statistics of one
 * condition, channels compared size by size, what a run found, and its charts by id. Shared by the
 * measuring and the analysing side; it loads nothing.
 * @module
 */
import type { ChannelId } from "../../drivers/channels/mod.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Charts, Comparison, Result, Summary } from "../../types.ts";
import type { PayloadKind } from "../../workloads/payloads.ts";

/** Parameters of the messaging experiment. */
export interface MessagingParams extends TrialPlan, Record<string, unknown> {
  channels: ChannelId[];
  kinds: PayloadKind[];
  /** Payload sizes, in bytes. */
  sizes: number[];
  /** Measured round trips per trial at most. */
  roundTrips: number;
  /** Discarded round trips at the start of each trial. */
  warmupRoundTrips: number;
  /** No new round trip after this long in a trial, in milliseconds. */
  budgetMs: number;
}

/** One condition: a channel carrying a kind of payload of one size. */
export interface MessagingCondition {
  label: string;
  channel: ChannelId;
  kind: PayloadKind;
  sizeBytes: number;
}

/** Statistics of one condition across its trials (each trial contributes its own p50, p99, throughput). */
export interface MessagingRow {
  label: string;
  channel: ChannelId;
  kind: PayloadKind;
  sizeBytes: number;
  /** Median round-trip latency of each trial, in milliseconds. */
  p50Ms: Summary;
  /** 99th-percentile round-trip latency of each trial, in milliseconds. */
  p99Ms: Summary;
  /** One-way messages per second (two per round trip), over the time spent in round trips. */
  messagesPerSec: Summary;
  /** Payload megabytes (10^6 bytes) per second, the payload counted once per direction. */
  mbPerSec: Summary;
  /** Median number of measured round trips per trial. */
  roundTrips: number;
}

/** One comparison of two channels at one size. */
export interface SizePoint {
  sizeBytes: number;
  comparison: Comparison;
  /** Which side the ratio's CI lies on: "a" faster (wholly below 1), "b" faster (wholly above), or "none". */
  side: "a" | "b" | "none";
}

/** Two channels compared on p50 latency at every size, for one payload kind. */
export interface PairComparison {
  id: string;
  /** The question it answers, e.g. "advanced vs JSON serialisation". */
  question: string;
  a: ChannelId;
  b: ChannelId;
  kind: PayloadKind;
  points: SizePoint[];
  /**
   * Smallest size from which `a` is measurably faster (ratio CI wholly below 1) with no larger size
   * where `b` is measurably faster; null when there is none.
   */
  crossoverBytes: number | null;
  /** One sentence: where a is faster, where b is, where no difference was detected. */
  verdict: string;
}

/** What a messaging run found. */
export interface MessagingSummary {
  cores: number;
  /** "node 20.20.2": the runtime that measured, for labels. */
  runtime: string;
  rows: MessagingRow[];
  comparisons: PairComparison[];
  /** Channel and kind combinations that were asked for but not measured, with why. */
  unavailable: Array<{ channel: ChannelId; kind: PayloadKind; reason: string }>;
  /** Median over conditions of the relative spread (IQR / median) of per-trial p50: the noise of identical trials. */
  noiseFloor: number;
  failures: number;
}

/** A saved Result of the messaging experiment. */
export type MessagingResult = Result<MessagingParams, MessagingSummary>;

/** Ids of the messaging experiment's charts, in display order. */
export const MESSAGING_CHART_IDS = ["latency-p50", "latency-p99", "throughput", "crossover"] as const;

/** The id of one of the messaging experiment's charts. */
export type MessagingChartId = (typeof MESSAGING_CHART_IDS)[number];

/** The messaging experiment's charts by id: `charts["latency-p50"]`. */
export type MessagingCharts = Charts<MessagingChartId>;
