/**
 * Channels between the caller and an echo peer, one interface over seven ways for two workers to
 * talk: process IPC (JSON, with buffers as base64 text, or advanced serialisation), worker_threads
 * postMessage (structured clone, a transferred buffer, or a MessageChannel port), and a
 * SharedArrayBuffer ping-pong woken by Atomics.wait or Atomics.waitAsync. Peers start from fixed
 * entry modules and echo what they get; every wait has a limit, so a dead or stuck peer fails the
 * round trip instead of hanging it.
 * @module
 */
import { Buffer } from "node:buffer";
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { AbortedError, InputError, WrongAnswerError } from "../../errors.ts";
import { checkKind, copyPayload, echoMismatch, type Payload } from "../../workloads/payloads.ts";
import { liveChildCount } from "../_host/children.ts";
import { numberInRange, wholeNumber } from "../_host/options.ts";
import { channelSupport, checkChannel, DEFAULT_CAPACITY_BYTES, WAIT_SLICE_MS, type Channel, type ChannelOptions } from "./channel.ts";
import { messageChannel } from "./message.ts";
import { awaitReady, processPeer, threadPeer } from "./peer.ts";
import { SAB } from "./protocol.ts";
import { sharedChannel } from "./shared.ts";

export { CHANNEL_DESCRIPTIONS, CHANNELS, channelSupport, checkChannel, notTransferable, type Channel, type ChannelId, type ChannelOptions } from "./channel.ts";

/** Number of echo peers (threads and processes) alive in this process right now (for tests and leak checks). */
export function liveChannelPeerCount(): number {
  return liveChildCount("channels");
}

/**
 * Starts an echo peer for `channel` and returns the channel once the peer is echoing. Start-up is
 * measured (startupMs) and excluded from round trips.
 *
 * @throws {InputError} On an unknown channel or kind, a bad capacity or limit, or a channel this
 *   runtime cannot run for this kind (see {@link channelSupport}).
 * @throws {WorkerError} When the peer does not start.
 * @example
 * const ch = await openChannel({ channel: "thread-clone", kind: "buffer" });
 * try { await ch.roundTrip(makePayload("buffer", 1024)); } finally { await ch.close(); }
 */
export async function openChannel(options: ChannelOptions): Promise<Channel> {
  const channel = checkChannel(options.channel, "channel");
  const kind = checkKind(options.kind, "kind");
  const support = channelSupport(channel, kind);
  if (!support.available) throw new InputError("channel", `${channel} cannot carry a ${kind} here: ${support.reason}`);
  const capacity = wholeNumber("capacityBytes", options.capacityBytes ?? DEFAULT_CAPACITY_BYTES, 1, 2 ** 30, "bytes");
  for (const key of ["replyTimeoutMs", "startTimeoutMs"] as const) {
    if (options[key] !== undefined) numberInRange(key, options[key], 1, Infinity, "milliseconds");
  }
  if (options.signal?.aborted) throw new AbortedError(options.signal.reason);

  if (channel === "ipc-json" || channel === "ipc-advanced") {
    const base64 = channel === "ipc-json" && kind === "buffer";
    const { peer, events } = processPeer(channel === "ipc-json" ? "json" : "advanced", base64);
    const startupMs = await awaitReady(events, peer, `the ${channel} echo process`, options);
    if (!base64) return messageChannel(options, peer, startupMs, (p) => peer.post(p), (h) => peer.onMessage(h), { movesPayload: false });
    // JSON would turn a Buffer into {type: "Buffer", data: [...]}, an array of numbers several times
    // its size that takes seconds per MiB; code that sends bytes over JSON sends base64 instead.
    return messageChannel(options, peer, startupMs, (p) => peer.post((p as Buffer).toString("base64")), (h) => peer.onMessage((m) => h(typeof m === "string" ? Buffer.from(m, "base64") : m)), { movesPayload: false });
  }
  if (channel === "thread-port") {
    const { port1, port2 } = new MessageChannel();
    const { peer, events } = threadPeer({ mode: "port", port: port2 }, [port2 as MessagePort]);
    let startupMs: number;
    try {
      startupMs = await awaitReady(events, peer, "the thread-port echo thread", options);
    } catch (error) {
      port1.close();
      throw error;
    }
    return messageChannel(options, peer, startupMs, (p) => port1.postMessage(p), (h) => port1.on("message", h), {
      movesPayload: false,
      onClose: () => port1.close(),
    });
  }
  if (channel === "thread-clone" || channel === "thread-transfer") {
    const transfer = channel === "thread-transfer";
    const { peer, events } = threadPeer({ mode: "message", transfer });
    const startupMs = await awaitReady(events, peer, `the ${channel} echo thread`, options);
    const send = transfer
      ? (p: Payload) => peer.post(p, [(p as Uint8Array).buffer as ArrayBuffer])
      : (p: Payload) => peer.post(p);
    return messageChannel(options, peer, startupMs, send, (h) => peer.onMessage(h), { movesPayload: transfer });
  }
  const sab = new SharedArrayBuffer(SAB.HEADER_BYTES + capacity);
  const { peer, events } = threadPeer({ mode: "sab", sab, kind, waitSliceMs: WAIT_SLICE_MS });
  const startupMs = await awaitReady(events, peer, `the ${channel} echo thread`, options);
  return sharedChannel(options, peer, startupMs, sab);
}

/** Latencies of a run of round trips. */
export interface RoundTrips {
  /** Latency of every round trip, in milliseconds, in order. */
  latenciesMs: number[];
  /** Sum of the latencies: the time spent in round trips, integrity checks excluded, in milliseconds. */
  busyMs: number;
}

/** How many round trips {@link runRoundTrips} makes. */
export interface RoundTripPlan {
  /** At most this many. */
  count: number;
  /** At least this many, even past the budget. */
  minCount: number;
  /** Stop starting new round trips once this much time has passed (after minCount), in milliseconds. */
  budgetMs: number;
  signal?: AbortSignal;
}

/**
 * Sends `payload` round and round, timing each round trip with performance.now() and checking every
 * echo against what was sent (outside the timed span). A transfer channel sends a private copy and
 * then whatever came back, since the buffer moves. Throws on the first echo that differs.
 */
export async function runRoundTrips(ch: Channel, payload: Payload, plan: RoundTripPlan): Promise<RoundTrips> {
  let current = ch.movesPayload ? copyPayload(payload) : payload;
  const latenciesMs: number[] = [];
  let busyMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < plan.count; i++) {
    if (i >= plan.minCount && performance.now() - t0 >= plan.budgetMs) break;
    if (plan.signal?.aborted) throw new AbortedError(plan.signal.reason);
    const start = performance.now();
    let echo = ch.roundTrip(current);
    if (echo instanceof Promise) echo = await echo;
    const latencyMs = performance.now() - start;
    latenciesMs.push(latencyMs);
    busyMs += latencyMs;
    const mismatch = echoMismatch(ch.kind, payload, echo);
    if (mismatch) throw new WrongAnswerError(`${ch.channel} ${ch.kind}: round trip ${i + 1} came back wrong: ${mismatch}`);
    if (ch.movesPayload) current = echo as Payload;
  }
  return { latenciesMs, busyMs };
}
