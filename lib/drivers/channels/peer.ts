/**
 * The echo peers at the far end of a channel: a worker thread or a forked process, started from a
 * fixed entry module beside this one, each echoing what it gets once it has said it is ready.
 * @module
 */
import { fork, type ChildProcess } from "node:child_process";
import { Worker, type TransferListItem } from "node:worker_threads";
import { AbortedError, WorkerError } from "../../errors.ts";
import { trackChild } from "../_host/children.ts";
import { entryPath, entryUrl } from "../_host/entry.ts";
import { childExecArgv } from "../_host/exec-argv.ts";
import { describeExit } from "../_host/process.ts";
import { DEFAULT_START_TIMEOUT_MS, type ChannelOptions } from "./channel.ts";
import { BASE64_BUFFERS, READY, type EchoThreadConfig } from "./protocol.ts";

/** A started echo peer, however it runs. */
export interface Peer {
  post(message: unknown, transfer?: TransferListItem[]): void;
  /** Registers the echo handler (after the ready message) and the exit handler. */
  onMessage(handler: (message: unknown) => void): void;
  readonly exited: Promise<string>;
  /** Stops the peer, waits for its exit. */
  stop(): Promise<void>;
  /** Stops it without the channel's knowledge. */
  crash(): Promise<void>;
}

/** Starts an echo thread told what to do by `config`; `events` is where its ready message arrives. */
export function threadPeer(config: EchoThreadConfig, transferList: TransferListItem[] = []): { peer: Peer; events: Worker } {
  const worker = new Worker(entryUrl(import.meta.url, "entry-echo-thread"), { workerData: config, transferList, execArgv: childExecArgv() });
  trackChild("channels", worker);
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

/** Forks an echo process with the given IPC serialisation (echoing base64 text of bytes when `base64`). */
export function processPeer(serialization: "json" | "advanced", base64: boolean): { peer: Peer; events: ChildProcess } {
  const child = fork(entryPath(import.meta.url, "entry-echo-process"), base64 ? [BASE64_BUFFERS] : [], {
    execArgv: childExecArgv(),
    serialization,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  trackChild("channels", child);
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, signal) => resolve(`the echo process ${describeExit({ code, signal })}`));
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
export async function awaitReady(events: Worker | ChildProcess, peer: Peer, what: string, options: ChannelOptions): Promise<number> {
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
