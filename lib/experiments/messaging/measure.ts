/**
 * Measuring the messaging experiment: which channel and payload combinations this runtime can run,
 * and one trial — a fresh echo peer, warm-up round trips, then timed round trips of one payload,
 * every echo checked. The only file of the experiment that opens a channel; it also hands mod.ts the
 * channel names the drivers offer and their checks.
 * @module
 */
import { quantileSorted } from "../../stats/quantile.ts";
import { channelSupport, openChannel, runRoundTrips } from "../../drivers/channels/mod.ts";
import { InputError } from "../../errors.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Experiment, Result, RunOptions } from "../../types.ts";
import { makePayload, type Payload, type PayloadKind } from "../../workloads/payloads.ts";
import { runConditions } from "../_shared/run.ts";
import { allConditions, MIN_ROUND_TRIPS } from "./conditions.ts";
import type { MessagingCondition, MessagingParams, MessagingSummary } from "./types.ts";
import { checkMessagingParams } from "./check.ts";


/**
 * Largest payload warm-up round trips carry, in bytes. Warm-up exists to run both ends' code paths
 * for the channel and kind before the clock counts; a smaller payload of the same kind does that,
 * while a 16 MiB one would only add seconds to the trial.
 */
const WARMUP_MAX_BYTES = 65_536;


/** The conditions this runtime can run, and the combinations set aside with their reason. */
export function messagingConditions(params: Pick<MessagingParams, "channels" | "kinds" | "sizes">): {
  conditions: MessagingCondition[];
  unavailable: MessagingSummary["unavailable"];
} {
  checkMessagingParams(params);
  const unavailable: MessagingSummary["unavailable"] = [];
  for (const channel of params.channels) {
    for (const kind of params.kinds) {
      const support = channelSupport(channel, kind);
      if (!support.available) unavailable.push({ channel, kind, reason: support.reason });
    }
  }
  const skip = (c: MessagingCondition) => unavailable.some((u) => u.channel === c.channel && u.kind === c.kind);
  return { conditions: allConditions(params).filter((c) => !skip(c)), unavailable };
}

/** Type-7 quantile of sorted values (the lab's one quantile). */
const quantile = (sorted: number[], p: number) => quantileSorted(sorted, p);

/** One trial of a condition: latency quantiles (milliseconds) and throughput of its round trips. */
export async function measureCondition(condition: MessagingCondition, context: TrialContext, params: MessagingParams, payloadOf: (kind: PayloadKind, size: number) => Payload): Promise<Measurement> {
  const payload = payloadOf(condition.kind, condition.sizeBytes);
  const ch = await openChannel({
    channel: condition.channel,
    kind: condition.kind,
    // Payloads are ASCII or bytes, so a payload's encoding is exactly its size.
    capacityBytes: condition.sizeBytes,
    replyTimeoutMs: params.timeoutMs,
    signal: context.signal,
  });
  try {
    // A fresh peer per trial: warm both ends' code paths before the clock counts.
    const warmup = condition.sizeBytes <= WARMUP_MAX_BYTES ? payload : payloadOf(condition.kind, WARMUP_MAX_BYTES);
    await runRoundTrips(ch, warmup, { count: params.warmupRoundTrips, minCount: Math.min(1, params.warmupRoundTrips), budgetMs: params.budgetMs / 4, signal: context.signal });
    const { latenciesMs, busyMs } = await runRoundTrips(ch, payload, { count: params.roundTrips, minCount: MIN_ROUND_TRIPS, budgetMs: params.budgetMs, signal: context.signal });
    const sorted = latenciesMs.slice().sort((a, b) => a - b);
    const messagesPerSec = (2 * sorted.length) / (busyMs / 1000);
    return {
      durationMs: busyMs,
      metrics: {
        p50Ms: quantile(sorted, 0.5),
        p99Ms: quantile(sorted, 0.99),
        meanMs: busyMs / sorted.length,
        maxMs: sorted[sorted.length - 1]!,
        roundTrips: sorted.length,
        messagesPerSec,
        mbPerSec: (messagesPerSec * condition.sizeBytes) / 1e6,
        startupMs: ch.startupMs,
        payloadBytes: condition.sizeBytes,
      },
    };
  } finally {
    await ch.close();
  }
}

/**
 * The body of the experiment's `run()`: sets aside what this runtime cannot run, builds each
 * payload once, and measures every condition in the planned order.
 * @throws {InputError} When a parameter is not valid, or no requested combination can run here.
 */
export async function runMessaging(
  experiment: Experiment<MessagingParams, MessagingSummary>,
  params: MessagingParams,
  options: RunOptions = {},
): Promise<Result<MessagingParams, MessagingSummary>> {
  const { conditions } = messagingConditions(params);
  if (conditions.length === 0) throw new InputError("channels", "none of the requested channel and kind combinations can run on this runtime");
  // Payloads are built once per run: a 16 MiB object takes longer to build than to send.
  const payloads = new Map<string, Payload>();
  const payloadOf = (kind: PayloadKind, size: number) => {
    const key = `${kind}:${size}`;
    if (!payloads.has(key)) payloads.set(key, makePayload(kind, size, params.seed));
    return payloads.get(key)!;
  };
  return runConditions(experiment, params, options, conditions, (c, ctx) => measureCondition(c, ctx, params, payloadOf), "p50Ms");
}
