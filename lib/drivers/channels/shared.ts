/**
 * The SharedArrayBuffer channel: a ping-pong through shared memory with an echo thread, the caller
 * woken by Atomics.wait (blocking) or Atomics.waitAsync (through the event loop).
 * @module
 */
import { AbortedError, InputError, WorkerError } from "../../errors.ts";
import { decodePayload, encodePayload, type Payload } from "../../workloads/payloads.ts";
import { DEFAULT_REPLY_TIMEOUT_MS, WAIT_SLICE_MS, type Channel, type ChannelOptions } from "./channel.ts";
import type { Peer } from "./peer.ts";
import { SAB } from "./protocol.ts";

/**
 * The shared-memory channel: the caller encodes the payload and copies it into the shared buffer,
 * flips the state to REQUEST and notifies; the peer thread wakes, copies out, decodes, encodes,
 * copies back and flips to REPLY; the caller, waiting in Atomics.wait (sab-wait, blocking) or
 * Atomics.waitAsync (sab-async, through the event loop), wakes, copies out and decodes. Every wait
 * is a slice with a deadline: a blocked caller cannot hear of a dead peer, so the deadline is what
 * turns a dead peer into an error.
 */
export function sharedChannel(options: ChannelOptions, peer: Peer, startupMs: number, sab: SharedArrayBuffer): Channel {
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
