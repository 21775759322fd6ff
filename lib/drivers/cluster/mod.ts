/**
 * A node:cluster HTTP server on 127.0.0.1 with a chosen scheduling policy, run in its own process
 * tree: a forked primary (entry-cluster-primary) and its HTTP workers (entry-cluster-worker). The
 * caller's process never becomes a cluster primary, so a notebook kernel can start clusters with
 * different policies one after another. Every process exits when the caller closes the server,
 * dies, or is killed with SIGKILL.
 * @module
 */
import type { ChildProcess } from "node:child_process";
import process from "node:process";
import { AbortedError, InputError, UnsupportedError, WorkerError } from "../../errors.ts";
import { liveChildCount, trackChild } from "../_host/children.ts";
import { serverHost, type ServerHost } from "../_host/node-host.ts";
import { numberInRange, oneOf, wholeNumber } from "../_host/options.ts";
import { describeExit, isRunning, settlesWithin, sleep } from "../_host/process.ts";
import type { ClusterConfig, FromPrimary, RespawnedMessage, ToPrimary, WorkerCounters, WorkerExitMessage, WorkerFault } from "./protocol.ts";

/**
 * How connections reach the workers. `rr`: the primary accepts and hands them out in turn
 * (SCHED_RR). `none`: the workers accept from one shared socket, the kernel picks who wakes
 * (SCHED_NONE). `reuseport`: each worker has its own SO_REUSEPORT socket, the kernel hashes
 * connections over them (Node ≥ 22.12 on Linux).
 */
export type SchedulingPolicy = "rr" | "none" | "reuseport";
/** Every {@link SchedulingPolicy}. */
export const SCHEDULING_POLICIES: readonly SchedulingPolicy[] = ["rr", "none", "reuseport"];

/** What a worker's exit does once the server runs (see {@link ClusterOptions.onWorkerExit}). */
export type WorkerExitPolicy = ClusterConfig["onWorkerExit"];
const WORKER_EXIT_POLICIES: readonly WorkerExitPolicy[] = ["fail", "respawn", "continue"];

export { UnsupportedError };
export type { WorkerCounters };

/** Options of {@link startCluster}. */
export interface ClusterOptions {
  policy: SchedulingPolicy;
  /** Number of HTTP worker processes, 1 to 64. */
  workers: number;
  /** CPU time each request busy-loops in its worker, in milliseconds (0 to 1000, default 0). */
  handlerCostMs?: number;
  /** Makes worker `index` busy-loop `extraMs` milliseconds more on every `everyN`-th request it serves. */
  slowWorker?: { index: number; everyN: number; extraMs: number };
  /** Aborting stops the cluster; a pending start rejects with an AbortedError. */
  signal?: AbortSignal;
  /** How long the primary and every worker may take to listen, in milliseconds (default 15000). */
  startTimeoutMs?: number;
  /** Port to serve on 127.0.0.1, 1 to 65535; 0 (the default) lets the OS pick a free one. */
  port?: number;
  /**
   * What a worker's exit does once the server runs: `"fail"` (default) fails the cluster (see
   * `failed`); `"respawn"` makes the primary fork a replacement at the same index, as a production
   * primary would; `"continue"` serves on with the workers left. Exits are listed by `events()`.
   */
  onWorkerExit?: WorkerExitPolicy;
  /** V8 old-space limit of every worker (`--max-old-space-size`) in MiB, 16 to 65536; default Node's own. */
  workerHeapMb?: number;
  /**
   * A user's handler module (absolute file URL and export, checked by the caller before): every
   * worker answers with it (see drivers/pool/user-handler.ts) instead of the lab's own handler.
   */
  handler?: { url: string; exportName: string };
}

/** Faults {@link ClusterServer.injectFault} can inject into a worker, by name. */
export type ClusterFault = WorkerFault;
/** Every {@link ClusterFault}. */
export const CLUSTER_FAULTS: readonly ClusterFault[] = ["throw", "sigkill", "oom"];

/** Something that happened to a worker while the server ran. */
export type ClusterEvent = WorkerExitMessage | RespawnedMessage;

/** One worker's counters since listening (or the last reset), and its listening socket as seen from inside it. */
export interface ClusterWorkerReport extends WorkerCounters {
  /** True when the worker accepts connections itself (it holds a listening fd; not under rr). */
  acceptsItself: boolean;
}

/** Counters of a running cluster. */
export interface ClusterStats {
  workers: ClusterWorkerReport[];
  /** CPU time (user + system) the primary used since listening or the last reset, in milliseconds. */
  primaryCpuMs: number;
  /** Wall time over the same span, in milliseconds. */
  primaryWallMs: number;
}

/** A running cluster HTTP server. Always `close()` it, in a `finally`. */
export interface ClusterServer {
  readonly host: "127.0.0.1";
  /** Runtime the server runs on, e.g. "node 20.20.2" (Node even when the caller is Deno, which has no cluster). */
  readonly serverRuntime: string;
  /** The port every worker serves: the one asked for, or the one the OS picked. */
  readonly port: number;
  readonly primaryPid: number;
  /** Worker pids, by worker index; a respawned worker's pid replaces its predecessor's. */
  readonly workerPids: number[];
  /**
   * Makes worker `workerIndex` suffer `fault`: `"throw"` an uncaught exception, `"sigkill"` a
   * SIGKILL from its primary, `"oom"` allocations until it passes its heap limit. Returns at once;
   * watch `events()` for the exit.
   */
  injectFault(fault: ClusterFault, workerIndex: number): void;
  /** Worker exits and respawns since start, in the order the primary saw them. */
  events(): ClusterEvent[];
  /**
   * The policy observed from inside the workers: "rr" if no worker holds a listening fd (the
   * primary accepts), "none" if all share one socket inode (which the primary holds too), and
   * "reuseport" if each has its own; anything else is "mixed".
   */
  observedPolicy(): Promise<SchedulingPolicy | "mixed">;
  /** Every worker's counters and the primary's CPU time since listening (or the last reset). */
  stats(): Promise<ClusterStats>;
  /** Zeroes every counter and the primary's CPU baseline (after a warm-up). */
  resetStats(): Promise<void>;
  /** Why the cluster failed — a worker died, the primary died, or the signal aborted — or null. */
  failure(): Error | null;
  /** Resolves (never rejects) with the failure when one happens. */
  readonly failed: Promise<Error>;
  /** Stops every process and resolves once all have exited. Safe to call twice. */
  close(): Promise<void>;
}

/** Where a cluster would run here ("node 20.20.2"), or why none can. */
export function clusterSupport(): { runtime: string; reusePort: boolean } | { unavailable: string } {
  try {
    const host = clusterHost();
    return { runtime: host.runtime, reusePort: host.reusePort };
  } catch (error) {
    return { unavailable: (error as Error).message };
  }
}

/** True when the cluster server can run the "reuseport" policy here (its Node ≥ 22.12 / 23.1, on Linux). */
export function reusePortSupported(): boolean {
  try {
    return clusterHost().reusePort;
  } catch {
    return false;
  }
}

const DEFAULT_START_TIMEOUT_MS = 15_000;
const REPLY_TIMEOUT_MS = 15_000;
const EXIT_WAIT_MS = 3000;

/** Checks the options and turns them into the primary's config; throws InputError naming the field. */
function validate(options: ClusterOptions): ClusterConfig & { startTimeoutMs: number } {
  const policy = oneOf("policy", options.policy, SCHEDULING_POLICIES);
  const workers = wholeNumber("workers", options.workers, 1, 64);
  const handlerCostMs = numberInRange("handlerCostMs", options.handlerCostMs ?? 0, 0, 1000, "milliseconds");
  let slowWorker: ClusterConfig["slowWorker"] = null;
  if (options.slowWorker != null) {
    const s = options.slowWorker;
    slowWorker = {
      index: wholeNumber("slowWorker.index", s.index, 0, workers - 1),
      everyN: wholeNumber("slowWorker.everyN", s.everyN, 1),
      extraMs: numberInRange("slowWorker.extraMs", s.extraMs, 0, 1000, "milliseconds"),
    };
  }
  const startTimeoutMs = wholeNumber("startTimeoutMs", options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS, 1, 600_000);
  const port = wholeNumber("port", options.port ?? 0, 0, 65_535);
  const onWorkerExit = oneOf("onWorkerExit", options.onWorkerExit ?? "fail", WORKER_EXIT_POLICIES);
  const workerHeapMb = options.workerHeapMb === undefined ? null : wholeNumber("workerHeapMb", options.workerHeapMb, 16, 65_536);
  const handler = options.handler ? { url: String(options.handler.url), exportName: String(options.handler.exportName) } : null;
  return { policy, workers, handlerCostMs, slowWorker, port, startTimeoutMs, onWorkerExit, workerHeapMb, handler };
}

/**
 * Where the cluster runs. Node forks the primary itself. Deno's node:cluster cannot fork workers,
 * so under Deno the server — Node's cluster is what is measured — runs on Node from PATH; the
 * notebook and the load stay on Deno.
 */
const clusterHost = () => serverHost(import.meta.url, "entry-primary", { what: "the cluster server", why: "node:cluster cannot fork workers elsewhere" });

function checkSupported(policy: SchedulingPolicy): ServerHost {
  const host = clusterHost();
  if (policy === "reuseport" && !host.reusePort) {
    throw new UnsupportedError(
      "policy",
      `"reuseport" needs Node.js ≥ 22.12 (or ≥ 23.1) on Linux for listen({ reusePort }); the server would run on ${host.runtime} on ${process.platform}`,
    );
  }
  return host;
}

/** Number of cluster primaries alive in this process right now (for tests and leak checks); their workers follow them. */
export function liveClusterCount(): number {
  return liveChildCount("cluster");
}

class RunningCluster implements ClusterServer {
  readonly host = "127.0.0.1" as const;
  readonly serverRuntime: string;
  port = 0;
  workerPids: number[] = [];
  readonly failed: Promise<Error>;
  #child: ChildProcess;
  #exited: Promise<void>;
  #failure: Error | null = null;
  #resolveFailed!: (error: Error) => void;
  #closing: Promise<void> | null = null;
  #nextId = 1;
  #pending = new Map<number, { resolve(message: FromPrimary): void; reject(error: Error): void }>();
  #onStartMessage: ((message: FromPrimary) => void) | null = null;
  /** Every worker the primary forked, known even when start-up fails before "ready". */
  #forkedPids: number[] = [];
  #events: ClusterEvent[] = [];
  #onWorkerExit: ClusterConfig["onWorkerExit"] = "fail";
  #workers = 0;
  #signal: AbortSignal | undefined;
  #onAbort = () => {
    this.#fail(new AbortedError(this.#signal?.reason));
    void this.close();
  };

  constructor(signal: AbortSignal | undefined, host: ServerHost) {
    this.#signal = signal;
    this.serverRuntime = host.runtime;
    this.failed = new Promise((resolve) => (this.#resolveFailed = resolve));
    this.#child = host.start();
    const child = this.#child;
    trackChild("cluster", child);
    this.#exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        const error = new WorkerError(`cluster primary (pid ${child.pid}) ${describeExit({ code, signal })}`);
        if (!this.#closing) this.#fail(error);
        for (const p of this.#pending.values()) p.reject(this.#failure ?? error);
        this.#pending.clear();
        resolve();
      });
    });
    child.on("error", (error) => {
      if (!this.#closing) this.#fail(new WorkerError(`cluster primary failed: ${error.message}`));
    });
    child.on("message", (message: FromPrimary) => this.#onMessage(message));
  }

  get primaryPid(): number {
    return this.#child.pid ?? -1;
  }

  /** Sends the config and waits until every worker listens; on any failure, kills everything and throws. */
  async start(config: ClusterConfig, timeoutMs: number): Promise<this> {
    let timer: NodeJS.Timeout | undefined;
    try {
      if (this.#signal?.aborted) throw new AbortedError(this.#signal.reason);
      this.#signal?.addEventListener("abort", this.#onAbort, { once: true });
      const ready = new Promise<Extract<FromPrimary, { type: "ready" }>>((resolve, reject) => {
        this.#onStartMessage = (m) => {
          if (m.type === "ready") resolve(m);
          else if (m.type === "error" && m.code === "EADDRINUSE") {
            // Another program holds the port: the caller's choice to fix, not a failure of the lab.
            reject(new InputError("port", `127.0.0.1:${config.port} is already in use (${m.message}); give a free port from 1 to 65535, or 0 to let the OS pick one`));
          } else if (m.type === "error") reject(new WorkerError(`cluster (${config.policy}, ${config.workers} workers) did not start: ${m.message}`));
        };
        void this.failed.then(reject);
        timer = setTimeout(
          () => reject(new WorkerError(`cluster (${config.policy}, ${config.workers} workers) did not start within ${timeoutMs} ms`)),
          timeoutMs,
        );
      });
      this.#onWorkerExit = config.onWorkerExit;
      this.#workers = config.workers;
      this.#send({ type: "start", config });
      const message = await ready;
      this.port = message.port;
      this.workerPids = message.workerPids;
      return this;
    } catch (error) {
      await this.close();
      throw error;
    } finally {
      clearTimeout(timer);
      this.#onStartMessage = null;
    }
  }

  async observedPolicy(): Promise<SchedulingPolicy | "mixed"> {
    const reply = await this.#ask("stats");
    if (reply.type !== "stats") throw new WorkerError("unexpected reply from the cluster primary");
    const fds = reply.workers.map((w) => w.listenFd);
    if (fds.every((fd) => fd === null)) return "rr";
    if (fds.some((fd) => fd === null)) return "mixed";
    const inodes = reply.workers.map((w) => w.socketInode);
    if (inodes.some((i) => i === null)) return "mixed";
    const distinct = new Set(inodes);
    // With one worker "one shared inode" and "its own inode" look alike; whether the primary holds
    // the socket too (it bound it, SCHED_NONE) tells them apart.
    const primaryHolds = reply.primaryInodes.length > 0;
    if (distinct.size === 1 && primaryHolds) return "none";
    if (distinct.size === inodes.length && !primaryHolds) return "reuseport";
    return "mixed";
  }

  async stats(): Promise<ClusterStats> {
    const reply = await this.#ask("stats");
    if (reply.type !== "stats") throw new WorkerError("unexpected reply from the cluster primary");
    return {
      workers: reply.workers.map((w: WorkerCounters) => ({ ...w, acceptsItself: w.listenFd !== null && w.listenFd >= 0 })),
      primaryCpuMs: reply.primaryCpuMs,
      primaryWallMs: reply.primaryWallMs,
    };
  }

  async resetStats(): Promise<void> {
    await this.#ask("reset");
  }

  failure(): Error | null {
    return this.#failure;
  }

  injectFault(fault: ClusterFault, workerIndex: number): void {
    oneOf("fault", fault, CLUSTER_FAULTS);
    wholeNumber("workerIndex", workerIndex, 0, this.#workers - 1);
    this.#send({ type: "fault", fault, index: workerIndex });
  }

  events(): ClusterEvent[] {
    return [...this.#events];
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#signal?.removeEventListener("abort", this.#onAbort);
    this.#send({ type: "close" });
    if (!(await settlesWithin(this.#exited, EXIT_WAIT_MS))) this.#child.kill("SIGKILL");
    await this.#exited;
    // The primary reaps its workers before it exits; if it could not (it was killed), they exit
    // on its disconnect within half a second. Wait for that, and kill any straggler.
    const until = Date.now() + EXIT_WAIT_MS;
    while (this.#forkedPids.some(isRunning) && Date.now() < until) await sleep(50);
    for (const pid of this.#forkedPids.filter(isRunning)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // It exited meanwhile.
      }
    }
  }

  #send(message: ToPrimary): void {
    if (this.#child.connected) this.#child.send(message);
  }

  #ask(type: "stats" | "reset"): Promise<FromPrimary> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closing) return Promise.reject(new WorkerError("the cluster is closed"));
    const id = this.#nextId++;
    return new Promise<FromPrimary>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new WorkerError(`the cluster primary did not answer "${type}" within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      this.#pending.set(id, {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#send({ type, id });
    });
  }

  #onMessage(message: FromPrimary): void {
    if (message.type === "forked") {
      this.#forkedPids.push(message.pid);
    } else if (message.type === "ready" || message.type === "error") {
      this.#onStartMessage?.(message);
    } else if (message.type === "worker-exit") {
      this.#events.push(message);
      if (this.#onWorkerExit !== "fail") return;
      this.#fail(new WorkerError(`cluster worker ${message.index} (pid ${message.pid}) ${describeExit(message)} while the server was running`));
    } else if (message.type === "respawned") {
      this.#events.push(message);
      this.workerPids[message.index] = message.pid;
    } else {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.type === "failed") pending.reject(new WorkerError(`cluster: ${message.message}`));
      else pending.resolve(message);
    }
  }

  /** Records the first failure; the caller still closes the cluster (an abort closes it here). */
  #fail(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    this.#resolveFailed(error);
  }
}

/**
 * Starts a cluster HTTP server on 127.0.0.1 (on `port`, else one the OS picks) and resolves when every
 * worker listens. Throws InputError for bad options or a port already in use, UnsupportedError when the runtime cannot run the
 * policy ("reuseport" before Node 22.12; Deno with no Node.js to run the server on), WorkerError when
 * it does not start in time.
 * @example
 * const server = await startCluster({ policy: "rr", workers: 4, handlerCostMs: 1 });
 * try {
 *   await fetch(`http://${server.host}:${server.port}/`); // header x-worker: 0..3
 *   console.log((await server.stats()).workers.map((w) => w.connections));
 * } finally {
 *   await server.close();
 * }
 */
export async function startCluster(options: ClusterOptions): Promise<ClusterServer> {
  const { startTimeoutMs, ...config } = validate(options);
  const host = checkSupported(config.policy);
  if (options.signal?.aborted) throw new AbortedError(options.signal.reason);
  return new RunningCluster(options.signal, host).start(config, startTimeoutMs);
}
