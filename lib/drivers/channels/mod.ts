/**
 * Channels between the caller and an echo peer, one interface over seven ways for two workers to
 * talk: process IPC (JSON, with buffers as base64 text, or advanced serialisation), worker_threads postMessage (structured clone,
 * a transferred buffer, or a MessageChannel port), and a SharedArrayBuffer ping-pong woken by
 * Atomics.wait or Atomics.waitAsync. Peers start from fixed entry modules and echo what they get;
 * every wait has a limit, so a dead or stuck peer fails the round trip instead of hanging it.
 * @module
 */
import { Buffer } from "node:buffer";
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { MessageChannel, Worker, type MessagePort, type TransferListItem } from "node:worker_threads";
import { AbortedError, InputError, WorkerError } from "../../errors.ts";
import { decodePayload, echoMismatch, encodePayload, copyPayload, checkKind, type Payload, type PayloadKind } from "../../workloads/payloads.ts";
import { BASE64_BUFFERS, READY, SAB, type EchoThreadConfig } from "./protocol.ts";
import { childExecArgv } from "../pool/mod.ts";
import { entryPath, entryUrl } from "../_host/entry.ts";

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

const DEFAULT_CAPACITY_BYTES = 16 * 2 ** 20;
const DEFAULT_REPLY_TIMEOUT_MS = 30_000;
const DEFAULT_START_TIMEOUT_MS = 15_000;
/** Longest single Atomics wait: short enough to notice a deadline or a close soon, long enough to cost nothing. */
const WAIT_SLICE_MS = 200;

// Entry modules sit next to this one: .ts when running from source (Deno, tsx), .js from dist.

/** A started peer, however it runs. */
interface Peer {
  post(message: unknown, transfer?: TransferListItem[]): void;
  /** Registers the echo handler (after the ready message) and the exit handler. */
  onMessage(handler: (message: unknown) => void): void;
  readonly exited: Promise<string>;
  /** Stops the peer, waits for its exit. */
  stop(): Promise<void>;
  /** Stops it without the channel's knowledge. */
  crash(): Promise<void>;
}

function threadPeer(config: EchoThreadConfig, transferList: TransferListItem[] = []): { peer: Peer; events: Worker } {
  const worker = new Worker(entryUrl(import.meta.url, "entry-echo-thread"), { workerData: config, transferList, execArgv: childExecArgv() });
  const exited = new Promise<string>((resolve) => {
    worker.once("exit", (code) => resolve(`the echo thread exited with code ${code}`));
  });
  worker.on("error", () => undefined); // The exit that follows reports it.
  const stop = async () => {
    await worker.terminate();
    await exited;
  };
  return {
    events: worker,
    peer: { post: (m, t) => worker.postMessage(m, t), onMessage: (h) => worker.on("message", h), exited, stop, crash: stop },
  };
}

function processPeer(serialization: "json" | "advanced", base64: boolean): { peer: Peer; events: ChildProcess } {
  const child = fork(entryPath(import.meta.url, "entry-echo-process"), base64 ? [BASE64_BUFFERS] : [], {
    execArgv: childExecArgv(),
    serialization,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => resolve(signal ? `the echo process was killed by ${signal}` : `the echo process exited with code ${code}`));
  });
  child.on("error", () => undefined); // A failed spawn also ends in "exit".
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  };
  return {
    events: child,
    peer: {
      post: (m) => {
        if (child.connected) child.send(m as Parameters<ChildProcess["send"]>[0]);
      },
      onMessage: (h) => child.on("message", h),
      exited,
      stop,
      crash: stop,
    },
  };
}

/** Waits for the peer's ready message, its exit, the start limit or an abort, whichever comes first. */
async function awaitReady(events: Worker | ChildProcess, peer: Peer, what: string, options: ChannelOptions): Promise<number> {
  const t0 = performance.now();
  const limitMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onMessage: ((m: unknown) => void) | undefined;
  let onAbort: (() => void) | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      onMessage = (m: unknown) => m === READY && resolve();
      events.on("message", onMessage);
      void peer.exited.then((description) => reject(new WorkerError(`${what} did not start: ${description}`)));
      timer = setTimeout(() => reject(new WorkerError(`${what} did not start within ${limitMs} ms`)), limitMs);
      onAbort = () => reject(new AbortedError(options.signal?.reason));
      if (options.signal?.aborted) onAbort();
      options.signal?.addEventListener("abort", onAbort, { once: true });
    });
  } catch (error) {
    await peer.stop();
    throw error;
  } finally {
    clearTimeout(timer);
    if (onMessage) events.off("message", onMessage);
    if (onAbort) options.signal?.removeEventListener("abort", onAbort);
  }
  return performance.now() - t0;
}

/**
 * A channel over messages (IPC or postMessage): one round trip in flight; its echo resolves it. The
 * peer's exit, an abort, or an echo later than the reply limit (checked by one watchdog timer, not a
 * timer per message) fail it and stop the peer.
 */
function messageChannel(
  options: ChannelOptions,
  peer: Peer,
  startupMs: number,
  send: (payload: Payload) => void,
  listen: (handler: (message: unknown) => void) => void,
  extra: { movesPayload: boolean; onClose?: () => void },
): Channel {
  const replyTimeoutMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
  let pending: { resolve(v: unknown): void; reject(e: Error): void; sentAt: number } | null = null;
  let failure: Error | null = null;
  let closed = false;
  const fail = (error: Error) => {
    if (failure) return;
    failure = error;
    pending?.reject(error);
    pending = null;
    void peer.stop();
  };
  listen((message) => {
    const p = pending;
    pending = null;
    p?.resolve(message);
  });
  void peer.exited.then((description) => {
    if (!closed) fail(new WorkerError(`${options.channel}: ${description}`));
  });
  const onAbort = () => fail(new AbortedError(options.signal?.reason));
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const watchdog = setInterval(() => {
    if (pending && performance.now() - pending.sentAt > replyTimeoutMs) {
      fail(new WorkerError(`${options.channel}: no echo within ${replyTimeoutMs} ms; the peer is stuck or dead`));
    }
  }, Math.max(10, Math.min(250, replyTimeoutMs / 4)));
  (watchdog as { unref?: () => void }).unref?.();
  return {
    channel: options.channel,
    kind: options.kind,
    movesPayload: extra.movesPayload,
    startupMs,
    roundTrip(payload) {
      if (failure) return Promise.reject(failure);
      if (closed) return Promise.reject(new WorkerError(`${options.channel}: the channel is closed`));
      return new Promise((resolve, reject) => {
        pending = { resolve, reject, sentAt: performance.now() };
        send(payload);
      });
    },
    async close() {
      closed = true;
      clearInterval(watchdog);
      options.signal?.removeEventListener("abort", onAbort);
      extra.onClose?.();
      pending?.reject(new WorkerError(`${options.channel}: closed during a round trip`));
      pending = null;
      await peer.stop();
    },
    crashPeer: () => peer.crash(),
  };
}

/**
 * The shared-memory channel: the caller encodes the payload and copies it into the shared buffer,
 * flips the state to REQUEST and notifies; the peer thread wakes, copies out, decodes, encodes,
 * copies back and flips to REPLY; the caller, waiting in Atomics.wait (sab-wait, blocking) or
 * Atomics.waitAsync (sab-async, through the event loop), wakes, copies out and decodes. Every wait
 * is a slice with a deadline: a blocked caller cannot hear of a dead peer, so the deadline is what
 * turns a dead peer into an error.
 */
function sharedChannel(options: ChannelOptions, peer: Peer, startupMs: number, sab: SharedArrayBuffer): Channel {
  const replyTimeoutMs = options.replyTimeoutMs ?? DEFAULT_REPLY_TIMEOUT_MS;
  const control = new Int32Array(sab, 0, SAB.HEADER_BYTES / 4);
  const data = new Uint8Array(sab, SAB.HEADER_BYTES);
  let exitedAs: string | null = null;
  void peer.exited.then((d) => (exitedAs = d));
  let closed = false;
  const kind = options.kind;
  const request = (payload: Payload) => {
    if (closed) throw new WorkerError(`${options.channel}: the channel is closed`);
    if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
    const bytes = encodePayload(kind, payload);
    if (bytes.byteLength > data.byteLength) {
      throw new InputError("capacityBytes", `a ${bytes.byteLength}-byte message does not fit the ${data.byteLength}-byte shared buffer; open the channel with a larger capacityBytes`);
    }
    data.set(bytes);
    Atomics.store(control, SAB.LENGTH, bytes.byteLength);
    Atomics.store(control, SAB.STATE, SAB.REQUEST);
    Atomics.notify(control, SAB.STATE);
    return performance.now() + replyTimeoutMs;
  };
  const overdue = (deadline: number) => {
    if (performance.now() < deadline) return false;
    throw new WorkerError(`${options.channel}: no reply within ${replyTimeoutMs} ms; ${exitedAs ?? "the peer thread is stuck or dead"}`);
  };
  const reply = () => {
    const value = decodePayload(kind, data.slice(0, Atomics.load(control, SAB.LENGTH)));
    Atomics.store(control, SAB.STATE, SAB.IDLE);
    return value;
  };
  // A pending Atomics.waitAsync does not keep Node's event loop alive; without this, a dead peer
  // would let the process exit with the round trip still pending instead of failing it.
  const keepAlive = options.channel === "sab-async" ? setInterval(() => undefined, 2 ** 30) : undefined;
  const roundTrip = options.channel === "sab-wait"
    ? (payload: Payload) => {
      const deadline = request(payload);
      while (Atomics.load(control, SAB.STATE) !== SAB.REPLY) {
        if (!overdue(deadline)) Atomics.wait(control, SAB.STATE, SAB.REQUEST, Math.min(WAIT_SLICE_MS, deadline - performance.now()));
      }
      return reply();
    }
    : async (payload: Payload) => {
      const deadline = request(payload);
      const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: unknown } }).waitAsync;
      while (Atomics.load(control, SAB.STATE) !== SAB.REPLY) {
        if (overdue(deadline)) break;
        const w = waitAsync(control, SAB.STATE, SAB.REQUEST, Math.min(WAIT_SLICE_MS, deadline - performance.now()));
        if (w.async) await w.value;
      }
      return reply();
    };
  return {
    channel: options.channel,
    kind,
    movesPayload: false,
    startupMs,
    roundTrip,
    async close() {
      clearInterval(keepAlive);
      if (!closed) {
        closed = true;
        Atomics.store(control, SAB.STATE, SAB.CLOSE);
        Atomics.notify(control, SAB.STATE);
      }
      await peer.stop();
    },
    crashPeer: () => peer.crash(),
  };
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
  const capacity = options.capacityBytes ?? DEFAULT_CAPACITY_BYTES;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 2 ** 30) {
    throw new InputError("capacityBytes", `must be a whole number of bytes from 1 to ${2 ** 30}, got ${capacity}`);
  }
  for (const key of ["replyTimeoutMs", "startTimeoutMs"] as const) {
    const v = options[key];
    if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v >= 1)) throw new InputError(key, `must be a number of milliseconds ≥ 1, got ${String(v)}`);
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
    if (mismatch) throw new Error(`${ch.channel} ${ch.kind}: round trip ${i + 1} came back wrong: ${mismatch}`);
    if (ch.movesPayload) current = echo as Payload;
  }
  return { latenciesMs, busyMs };
}
