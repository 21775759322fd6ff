/**
 * What a channel is: the seven ways for two workers to talk, which of them can carry which payload
 * on this runtime, the options of opening one and the interface every one of them offers. Free of
 * processes and threads, so that code that only names channels (an analysis, a table) loads none.
 * @module
 */
import { InputError } from "../../errors.ts";
import { checkKind, type Payload, type PayloadKind } from "../../workloads/payloads.ts";

/** The ways to talk to a peer. */
export type ChannelId = "ipc-json" | "ipc-advanced" | "thread-clone" | "thread-transfer" | "thread-port" | "sab-wait" | "sab-async";
export const CHANNELS: readonly ChannelId[] = ["ipc-json", "ipc-advanced", "thread-clone", "thread-transfer", "thread-port", "sab-wait", "sab-async"];

/** What each channel does, in a phrase, for tables and findings. */
export const CHANNEL_DESCRIPTIONS: Readonly<Record<ChannelId, string>> = {
  "ipc-json": "process.send to a forked process, serialization 'json' (buffers as base64 text)",
  "ipc-advanced": "process.send to a forked process, serialization 'advanced' (V8 serialiser)",
  "thread-clone": "postMessage to a worker thread (structured clone)",
  "thread-transfer": "postMessage to a worker thread, the ArrayBuffer transferred both ways",
  "thread-port": "postMessage over a MessageChannel port to a worker thread (structured clone)",
  "sab-wait": "SharedArrayBuffer ping-pong, caller blocks in Atomics.wait",
  "sab-async": "SharedArrayBuffer ping-pong, caller awaits Atomics.waitAsync",
};

/** Checks a channel name; an InputError names the valid ones. */
export function checkChannel(channel: unknown, input = "channel"): ChannelId {
  if (!CHANNELS.includes(channel as ChannelId)) {
    throw new InputError(input, `unknown channel ${JSON.stringify(channel)}; valid channels are ${CHANNELS.join(", ")}`);
  }
  return channel as ChannelId;
}

/** Why a kind of payload cannot be transferred. */
export function notTransferable(kind: PayloadKind): string {
  return `only an ArrayBuffer can be transferred; ${kind === "object" ? "an" : "a"} ${kind} is always copied (thread-clone measures that)`;
}

/** True when the calling thread may block in Atomics.wait (browsers' main threads may not; Node's and Deno's may). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a channel can carry a kind of payload on this runtime, or why not: a string or an object
 * cannot be transferred (only an ArrayBuffer can), and a runtime may lack SharedArrayBuffer, blocking
 * Atomics.wait on this thread, or Atomics.waitAsync.
 */
export function channelSupport(channel: ChannelId, kind: PayloadKind): { available: true } | { available: false; reason: string } {
  checkChannel(channel);
  checkKind(kind);
  if (channel === "thread-transfer" && kind !== "buffer") {
    return { available: false, reason: notTransferable(kind) };
  }
  if (channel.startsWith("sab-")) {
    if (typeof SharedArrayBuffer !== "function") return { available: false, reason: "this runtime has no SharedArrayBuffer" };
    if (channel === "sab-wait" && !canBlock()) return { available: false, reason: "this thread may not block in Atomics.wait" };
    if (channel === "sab-async" && typeof (Atomics as { waitAsync?: unknown }).waitAsync !== "function") {
      return { available: false, reason: "this runtime has no Atomics.waitAsync" };
    }
  }
  return { available: true };
}

/** Options of {@link openChannel}. */
export interface ChannelOptions {
  channel: ChannelId;
  kind: PayloadKind;
  /** Largest payload the channel will carry, in bytes; sizes the shared buffer (default 16 MiB). */
  capacityBytes?: number;
  /** Longest wait for one echo, in milliseconds, before the round trip fails (default 30000). */
  replyTimeoutMs?: number;
  /** Longest wait for the peer to start, in milliseconds (default 15000). */
  startTimeoutMs?: number;
  /** Aborting fails a pending round trip and stops the peer. */
  signal?: AbortSignal;
}

/** An open channel to an echo peer. Always `close()` it, in a `finally`. */
export interface Channel {
  readonly channel: ChannelId;
  readonly kind: PayloadKind;
  /** True when sending gives the payload away (a transfer): send the echo the next time. */
  readonly movesPayload: boolean;
  /** Milliseconds from starting the peer until it said it was echoing. */
  readonly startupMs: number;
  /** Sends the payload and returns the echo: at once for a blocking channel (sab-wait), else a promise. */
  roundTrip(payload: Payload): unknown;
  /** Stops the peer and waits until it has exited. Safe to call twice. */
  close(): Promise<void>;
  /** Ends the peer abruptly, as a crash would, without telling the channel; for tests of failure handling. */
  crashPeer(): Promise<void>;
}

/** Largest payload a channel carries unless `capacityBytes` says otherwise, in bytes (16 MiB). */
export const DEFAULT_CAPACITY_BYTES = 16 * 2 ** 20;
/** Longest wait for one echo unless `replyTimeoutMs` says otherwise, in milliseconds. */
export const DEFAULT_REPLY_TIMEOUT_MS = 30_000;
/** Longest wait for a peer to start unless `startTimeoutMs` says otherwise, in milliseconds. */
export const DEFAULT_START_TIMEOUT_MS = 15_000;
/** Longest single Atomics wait, in milliseconds: short enough to notice a deadline or a close soon, long enough to cost nothing. */
export const WAIT_SLICE_MS = 200;
