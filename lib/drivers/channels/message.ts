/**
 * A channel over messages — process IPC or worker_threads postMessage — to an echo peer: one round
 * trip in flight at a time, resolved by its echo.
 * @module
 */
import { AbortedError, WorkerError } from "../../errors.ts";
import type { Payload } from "../../workloads/payloads.ts";
import { DEFAULT_REPLY_TIMEOUT_MS, type Channel, type ChannelOptions } from "./channel.ts";
import type { Peer } from "./peer.ts";

/**
 * A channel over messages (IPC or postMessage): one round trip in flight; its echo resolves it. The
 * peer's exit, an abort, or an echo later than the reply limit (checked by one watchdog timer, not a
 * timer per message) fail it and stop the peer.
 */
export function messageChannel(
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
