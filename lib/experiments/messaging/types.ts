/**
 * The data model of the messaging experiment: its parameters and conditions, the statistics of one
 * condition, channels compared size by size, what a run found, and its charts by id. Shared by the
 * measuring and the analysing side; it loads nothing.
 * @module
 */
import type { ChannelId } from "../../drivers/channels/mod.ts";
import type { VerdictRules } from "../../stats/compare.ts";
import type { TrialPlan } from "../../trials.ts";
import type { Charts, Comparison, Result, Summary } from "../../types.ts";
import type { RoundsCheck } from "../_shared/rounds.ts";
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
  /** Verdict rules (absent in Results saved before they were parameters: the defaults apply). */
  confidence?: number;
  equivalence?: number;
  family?: Required<VerdictRules>["family"];
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

/** One comparison of two channels at one size, decided within the run's family of comparisons. */
export interface SizePoint {
  sizeBytes: number;
  /** The pooled comparison of per-trial p50s, decided with every other comparison of the Result. */
  comparison: Comparison;
  /** Which side the decided verdict names: "a" faster (outcome lower), "b" faster (higher), or "none" (equivalent or inconclusive). */
  side: "a" | "b" | "none";
  /** The same two conditions compared within rounds, as a check; only for the pairs the claims rest on. */
  within?: RoundsCheck;
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
   * Smallest size from which the verdicts name `a` faster with no larger size where they name `b`
   * faster; null when there is none.
   */
  crossoverBytes: number | null;
  /** One sentence: where the verdicts name a faster, where b, where equivalent, where inconclusive. */
  verdict: string;
}

/** What a messaging run found. */
export interface MessagingSummary {
  cores: number;
  /** "node 20.20.2": the runtime that measured, for labels. */
  runtime: string;
  rows: MessagingRow[];
  comparisons: PairComparison[];
  /** The family every comparison of the run was decided in: how many, and the rules. */
  family: { size: number; rules: Required<VerdictRules> };
  /** Ids of the pairs the claims rest on, the only ones also compared within rounds. */
  checkedWithinRounds: string[];
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
