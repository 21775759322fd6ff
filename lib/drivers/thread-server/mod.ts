/**
 * The thread server: one Node.js process (entry-server) serving HTTP on 127.0.0.1 from a pool of
 * worker threads (entry-thread), started as a sacrificial child so that a fault that takes the
 * whole process down takes only it. This module starts it, injects faults into its threads,
 * records what happened to them and how the process ended, and always leaves nothing behind.
 * @module
 */
import type { ChildProcess } from "node:child_process";
import { AbortedError, WorkerError } from "../../errors.ts";
import { liveChildCount, trackChild } from "../_host/children.ts";
import { serverHost } from "../_host/node-host.ts";
import { checkObject, numberInRange, oneOf, trueOrFalse, wholeNumber } from "../_host/options.ts";
import { describeExit, isRunning, settlesWithin } from "../_host/process.ts";
import type { FromThreadServer, ThreadFault, ThreadServerConfig, ToThreadServer } from "./protocol.ts";

export type { ThreadFault };
export { describeExit };
/** Every {@link ThreadFault}. */
export const THREAD_FAULTS: readonly ThreadFault[] = ["throw", "oom-small", "oom-huge", "abort", "segv"];

/** Options of {@link startThreadServer}. */
export interface ThreadServerOptions {
  /** Worker threads serving requests, 1 to 64. */
  threads: number;
  /** CPU time each request burns in its thread, in milliseconds (0 to 1000, default 0). */
  handlerCostMs?: number;
  /** True (default): threads have an `error` listener and a dead thread is replaced. False: none, as in careless code. */
  errorListener?: boolean;
  /** `resourceLimits.maxOldGenerationSizeMb` of every thread, 16 to 65536 (default 64). */
  heapMb?: number;
  /** Aborting stops the server; a pending start rejects with an AbortedError. */
  signal?: AbortSignal;
  /** How long the server may take to listen, in milliseconds (default 15000). */
  startTimeoutMs?: number;
  /**
   * A user's handler module (absolute file URL and export, checked by the caller before): threads
   * answer each request with it (see drivers/pool/user-handler.ts) instead of burning handlerCostMs.
   */
  handler?: { url: string; exportName: string };
}

/** Something that happened to a thread while the server ran. */
export type ThreadServerEvent = Exclude<FromThreadServer, { type: "ready" }>;

/** How the server process ended, if it did. */
export interface ProcessExit {
  code: number | null;
  signal: string | null;
  /** `Date.now()` when the exit was seen. */
  atEpochMs: number;
  /** The first line of what the process wrote to stderr that says why it died (V8's fatal error, the uncaught error), or "". */
  reason: string;
}

/** A running thread server. Always `close()` it, in a `finally`. */
export interface ThreadServer {
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly pid: number;
  /** Runtime the server runs on, e.g. "node 20.20.2" (Node even when the caller is Deno). */
  readonly serverRuntime: string;
  /** Makes thread `threadIndex` suffer `fault` (see entry-thread). Returns at once. */
  injectFault(fault: ThreadFault, threadIndex: number): void;
  /** Thread exits and replacements since start. */
  events(): ThreadServerEvent[];
  /** How the process ended, or null while it runs. */
  exit(): ProcessExit | null;
  /** Resolves when the process has exited, however. */
  readonly exited: Promise<ProcessExit>;
  /** Stops the process and resolves once it has exited. Safe to call twice. */
  close(): Promise<void>;
}

const DEFAULT_START_TIMEOUT_MS = 15_000;
const EXIT_WAIT_MS = 3000;
const STDERR_TAIL_BYTES = 8192;

function validate(options: ThreadServerOptions): ThreadServerConfig & { startTimeoutMs: number } {
  checkObject("options", options);
  return {
    threads: wholeNumber("threads", options.threads, 1, 64),
    handlerCostMs: numberInRange("handlerCostMs", options.handlerCostMs ?? 0, 0, 1000, "milliseconds"),
    errorListener: trueOrFalse("errorListener", options.errorListener ?? true),
    heapMb: wholeNumber("heapMb", options.heapMb ?? 64, 16, 65_536),
    startTimeoutMs: wholeNumber("startTimeoutMs", options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, 1, 600_000),
    handler: options.handler ? { url: String(options.handler.url), exportName: String(options.handler.exportName) } : null,
  };
}

/** The line of a dead process's stderr that says why: V8's fatal error, a signal, or the uncaught error. */
export function crashReason(stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter(Boolean);
  const fatal = lines.find((l) => /FATAL ERROR|Fatal (JavaScript|error)|^#\s*\S/.test(l));
  const thrown = lines.find((l) => /^([A-Z]\w*)?(Error|Exception)\b/.test(l));
  const unhandled = lines.some((l) => l.includes("Unhandled 'error' event")) ? " (unhandled 'error' event)" : "";
  return ((fatal ?? thrown ?? lines[lines.length - 1] ?? "") + (thrown && !fatal ? unhandled : "")).slice(0, 300);
}

/** Number of thread servers alive in this process right now (for leak checks). */
export function liveThreadServerCount(): number {
  return liveChildCount("thread-server");
}

class RunningThreadServer implements ThreadServer {
  readonly host = "127.0.0.1" as const;
  readonly serverRuntime: string;
  port = 0;
  readonly exited: Promise<ProcessExit>;
  #child: ChildProcess;
  #events: ThreadServerEvent[] = [];
  #exit: ProcessExit | null = null;
  #stderr = "";
  #threads = 0;
  #closing: Promise<void> | null = null;
  #onReady: ((port: number) => void) | null = null;

  constructor() {
    const host = serverHost(import.meta.url, "entry-server", { what: "the thread server", why: "it measures Node's worker_threads next to Node's cluster" });
    this.serverRuntime = host.runtime;
    this.#child = host.start({ stderr: "pipe" });
    const child = this.#child;
    trackChild("thread-server", child);
    child.stderr?.on("data", (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
    });
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.#exit = { code, signal, atEpochMs: Date.now(), reason: crashReason(this.#stderr) };
        resolve(this.#exit);
      });
    });
    child.on("error", () => child.kill("SIGKILL"));
    child.on("message", (message: FromThreadServer) => {
      if (message.type === "ready") this.#onReady?.(message.port);
      else this.#events.push(message);
    });
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  async start(config: ThreadServerConfig, timeoutMs: number, signal: AbortSignal | undefined): Promise<this> {
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => void this.close();
    try {
      if (signal?.aborted) throw new AbortedError(signal.reason);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#threads = config.threads;
      this.port = await new Promise<number>((resolve, reject) => {
        this.#onReady = resolve;
        void this.exited.then((e) => reject(new WorkerError(`thread server (pid ${this.pid}) ${describeExit(e)} before it was listening`)));
        signal?.addEventListener("abort", () => reject(new AbortedError(signal.reason)), { once: true });
        timer = setTimeout(() => reject(new WorkerError(`thread server did not start within ${timeoutMs} ms`)), timeoutMs);
        this.#send({ type: "start", config });
      });
      return this;
    } catch (error) {
      signal?.removeEventListener("abort", onAbort);
      await this.close();
      throw error;
    } finally {
      clearTimeout(timer);
      this.#onReady = null;
    }
  }

  injectFault(fault: ThreadFault, threadIndex: number): void {
    oneOf("fault", fault, THREAD_FAULTS);
    wholeNumber("threadIndex", threadIndex, 0, this.#threads - 1);
    this.#send({ type: "fault", fault, index: threadIndex });
  }

  events(): ThreadServerEvent[] {
    return [...this.#events];
  }

  exit(): ProcessExit | null {
    return this.#exit;
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#send({ type: "close" });
      if (!(await settlesWithin(this.exited, EXIT_WAIT_MS))) this.#child.kill("SIGKILL");
      await this.exited;
      // Threads die with their process; nothing else to wait for, unless kill failed outright.
      if (isRunning(this.pid)) throw new WorkerError(`thread server (pid ${this.pid}) is still running after SIGKILL`);
    })();
    return this.#closing;
  }

  #send(message: ToThreadServer): void {
    if (this.#child.connected) this.#child.send(message);
  }
}

/**
 * Starts a thread server on 127.0.0.1 (port picked by the OS) and resolves once it listens. Throws
 * InputError for bad options, UnsupportedError when no Node.js can run it, WorkerError when it
 * does not start in time.
 * @example
 * const server = await startThreadServer({ threads: 2, handlerCostMs: 1 });
 * try {
 *   server.injectFault("throw", 0); // the thread is replaced; the server keeps serving
 * } finally {
 *   await server.close();
 * }
 */
export async function startThreadServer(options: ThreadServerOptions): Promise<ThreadServer> {
  const { startTimeoutMs, ...config } = validate(options);
  if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
  return new RunningThreadServer().start(config, startTimeoutMs, options.signal);
}
