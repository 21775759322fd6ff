/**
 * Experiment "messaging": what it costs to talk to a worker. Round-trip latency (p50, p99) and
 * throughput against payload size for process IPC (JSON and advanced serialisation), worker-thread
 * postMessage (structured clone, a transferred buffer, a MessageChannel port) and a SharedArrayBuffer
 * ping-pong woken by Atomics.wait / Atomics.waitAsync; every echo checked against what was sent.
 *
 * This module holds the experiment's parameters and rules and wires the parts together: the
 * conditions (conditions.ts), measuring (measure.ts), the pure analysis (analyse.ts, charts.ts,
 * findings.ts, claims.ts), and the overlay of saved Results of other runtimes (overlay.ts).
 * @module
 */
import type { CheckedExperiment } from "../../types.ts";
import { MAX_PAYLOAD_BYTES, MIN_PAYLOAD_BYTES, PAYLOAD_KINDS } from "../../workloads/payloads.ts";
import { messagingCharts, messagingClaims, messagingFindings, summarizeMessaging } from "./analyse.ts";
import { MESSAGING_ID } from "./conditions.ts";
import { CHANNELS } from "../../drivers/channels/channel.ts";
import { checkMessagingParams } from "./check.ts";
import { MESSAGING_TRIAL_SPECS } from "./params.ts";
import { VERDICT_PARAM_SPECS } from "../_shared/params.ts";
import type { MessagingCharts, MessagingParams, MessagingSummary } from "./types.ts";
import type { ComparesAcrossRuntimes } from "../../compare/runtime-metric.ts";

export type {
  MessagingChartId, MessagingCharts, MessagingCondition, MessagingParams, MessagingResult, MessagingRow, MessagingSummary, PairComparison, SizePoint,
} from "./types.ts";
export { MESSAGING_CHART_IDS } from "./types.ts";
export { CHANNEL_COLORS } from "./channels.ts";
export { formatBytes } from "./conditions.ts";
export { checkMessagingParams } from "./check.ts";
export { loadComparisons, overlayMessaging } from "./overlay.ts";

/** The messaging experiment, with its charts typed by id and its claims always present. */
export type MessagingExperiment = CheckedExperiment<MessagingParams, MessagingSummary, MessagingCharts> & ComparesAcrossRuntimes;

/** The messaging experiment. */
export const messaging: MessagingExperiment = {
  id: MESSAGING_ID,
  version: 1,
  title: "What talking costs: process IPC vs thread messages vs shared memory",
  description:
    "A fresh echo peer per trial (a forked process, or a worker thread) started from a fixed entry module; the caller sends one payload at a time and " +
    "times each round trip with performance.now() until the echo is back, checking every echo against what was sent (outside the timed span). " +
    "Round trips per trial adapt to size: up to roundTrips, but no new one after budgetMs (at least one), after discarded warm-up round trips (with at most a 64 KiB payload of the same kind). " +
    "IPC JSON carries a Buffer as base64 text, decoded and re-encoded by the peer (JSON's own conversion, an array of numbers, takes seconds per MiB); transfer moves the ArrayBuffer both ways and applies to buffers only. " +
    "The shared-memory ping-pong copies the payload into a SharedArrayBuffer (strings UTF-8-encoded, objects as JSON text), flips an Int32 flag and notifies; the peer copies out, " +
    "decodes, encodes and copies back, so encoding and copies are paid as a message pays serialisation. " +
    "Throughput is of this one-at-a-time ping-pong: messages/s = 2 per round trip over the time in round trips; MB/s counts the payload once per direction. " +
    "Channels are compared pairwise on each trial's p50 by an exact rank-sum test and the Hodges–Lehmann ratio with its interval at the level it attains, every comparison of a run adjusted as one family.",
  params: {
    channels: { type: "string[]", description: "channels to measure", choices: CHANNELS, default: [...CHANNELS] },
    kinds: { type: "string[]", description: "payload kinds", choices: PAYLOAD_KINDS, default: { tiny: ["buffer", "object"], quick: ["buffer", "object"], full: ["string", "object", "buffer"] } },
    sizes: {
      type: "integer[]", description: "payload sizes", unit: "bytes", min: MIN_PAYLOAD_BYTES, max: MAX_PAYLOAD_BYTES,
      default: {
        tiny: [64, 65_536],
        // Two sizes, one where a message's fixed cost rules and one where copying does: 22 comparisons,
        // a family in which 6 trials per side can decide (a complete separation, p = 2/924, passes
        // Holm's adjustment in families of up to 22). Seven sizes made 77, where 5 trials decided none.
        quick: [64, 1_048_576],
        full: [64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216],
      },
    },
    roundTrips: { type: "integer", description: "measured round trips per trial at most (small payloads reach it)", unit: "round trips", min: 10, max: 1_000_000, default: { tiny: 100, quick: 1000, full: 5000 } },
    warmupRoundTrips: { type: "integer", description: "discarded round trips at the start of each trial", unit: "round trips", min: 0, max: 100_000, default: { tiny: 10, quick: 100, full: 500 } },
    budgetMs: { type: "integer", description: "no new round trip after this long in a trial (large payloads stop here)", unit: "ms", min: 1, max: 600_000, default: { tiny: 50, quick: 150, full: 1000 } },
    ...MESSAGING_TRIAL_SPECS,
    ...VERDICT_PARAM_SPECS,
  },
  check: checkMessagingParams,
  run: async (params, options = {}) => (await import("./measure.ts")).runMessaging(messaging, params, options),
  summarize: summarizeMessaging,
  charts: messagingCharts,
  findings: messagingFindings,
  claims: messagingClaims,
  // The quantity every comparison of the experiment is about (MESSAGING_QUANTITY): a message's round trip.
  acrossRuntimes: [{ metric: "p50Ms", name: "p50 round-trip time", unit: "ms", better: "lower" }],
};
