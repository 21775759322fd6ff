/**
 * One pool interface over worker threads and forked processes: a FIFO task queue, a balancer that
 * hands each task to the first idle worker, and a handle per worker that hides how it was started.
 * Every worker is started from a fixed entry module (never by re-running the caller: under tslab
 * or a Deno kernel `process.argv[1]` is not the notebook), and every worker is killed when the
 * pool closes, fails, is aborted, or the process exits.
 * @module
 */
import { fork, type ChildProcess } from "node:child_process";
import process from "node:process";
import { Worker } from "node:worker_threads";
import { AbortedError, WorkerError } from "../../errors.ts";
import { isFromWorker, type FromWorker, type ToWorker } from "./protocol.ts";
import { liveChildCount, trackChild } from "../_host/children.ts";
import { entryPath, entryUrl } from "../_host/entry.ts";
import { childExecArgv } from "../_host/exec-argv.ts";
import { oneOf, wholeNumber } from "../_host/options.ts";
import { describeExit } from "../_host/process.ts";
import type { UserModuleRef } from "./user-module.ts";

export { childExecArgv } from "../_host/exec-argv.ts";
export { USER_TASK, type UserModuleRef, type UserFunction } from "./user-module.ts";

/** How the workers of a pool run. */
export type PoolKind = "threads" | "processes";
/** Every {@link PoolKind}. */
export const POOL_KINDS: readonly PoolKind[] = ["threads", "processes"];

/** One worker, however it was started. */
export interface WorkerHandle {
  readonly kind: PoolKind;
  /** OS process id (the pool's own pid for threads). */
  readonly pid: number;
  send(message: ToWorker): void;
  /** Stops the worker now. Safe to call twice. */
  kill(): void;
  /** Resolves when the worker has exited. */
  readonly exited: Promise<void>;
}

/** Called by handles when their worker says something or exits. */
interface HandleEvents {
  message(message: FromWorker): void;
  exit(description: string): void;
}

/** Number of pool workers alive in this process right now (for tests and leak checks). */
export function liveWorkerCount(): number {
  return liveChildCount("pool");
}

function startThread(events: HandleEvents, module: UserModuleRef | undefined): WorkerHandle {
  const worker = new Worker(entryUrl(import.meta.url, "entry-thread"), { execArgv: childExecArgv(), ...(module ? { workerData: { module } } : {}) });
  trackChild("pool", worker);
  let dead = false;
  const exited = new Promise<void>((resolve) => {
    worker.once("exit", (code) => {
      dead = true;
      events.exit(`exited with code ${code}`);
      resolve();
    });
  });
  worker.on("message", (m: unknown) => isFromWorker(m) && events.message(m));
  worker.on("error", (error) => events.exit(`threw ${error instanceof Error ? error.message : String(error)}`));
  return {
    kind: "threads",
    pid: process.pid,
    send: (m) => worker.postMessage(m),
    kill: () => {
      if (!dead) void worker.terminate();
    },
    exited,
  };
}

function startProcess(events: HandleEvents, serialization: "json" | "advanced", module: UserModuleRef | undefined): WorkerHandle {
  const child: ChildProcess = fork(entryPath(import.meta.url, "entry-process"), module ? [JSON.stringify(module)] : [], {
    execArgv: childExecArgv(),
    serialization,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  trackChild("pool", child);
  let dead = false;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      dead = true;
      events.exit(describeExit({ code, signal }));
      resolve();
    });
  });
  child.on("message", (m: unknown) => isFromWorker(m) && events.message(m));
  child.on("error", (error) => events.exit(`failed: ${error.message}`));
  return {
    kind: "processes",
    get pid() {
      return child.pid ?? -1;
    },
    send: (m) => {
      if (child.connected) child.send(m);
    },
    kill: () => {
      if (!dead) child.kill("SIGKILL");
    },
    exited,
  };
}

/** Options of a pool. */
export interface PoolOptions {
  kind: PoolKind;
  /** Number of workers, a whole number ≥ 1. */
  size: number;
  /** IPC serialisation of process pools (ignored by threads). */
  serialization?: "json" | "advanced";
  /** Aborting kills every worker and rejects pending tasks. */
  signal?: AbortSignal;
  /**
   * A user module each worker loads before it is ready (checked by the caller first); tasks named
   * USER_TASK then run its function. A worker that cannot load it fails the pool's start.
   */
  module?: UserModuleRef;
}

interface Slot {
  handle: WorkerHandle;
  busy: Pending | null;
  ready: boolean;
  pid: number;
}

interface Pending {
  id: number;
  workload: string;
  input: unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * A pool of `size` workers of one kind. Start it with {@link startPool}; it is ready when every
 * worker has loaded. Close it with `close()` (or `kill()`), always, in a `finally`. The constructor
 * throws an InputError naming `kind` or `size` when either is not valid.
 */
export class Pool {
  readonly kind: PoolKind;
  readonly size: number;
  /** Milliseconds from the first spawn until every worker said it was ready. */
  startupMs = NaN;
  #workers: Slot[] = [];
  #queue: Pending[] = [];
  #nextId = 1;
  #failure: Error | null = null;
  #closing = false;
  #onReady: Array<() => void> = [];
  #onAbort = () => this.#fail(new AbortedError(this.options.signal?.reason));

  constructor(readonly options: PoolOptions) {
    this.kind = oneOf("kind", options.kind, POOL_KINDS);
    this.size = wholeNumber("size", options.size, 1);
  }

  /** Process ids of the workers (for processes; threads report the pool's own pid). */
  get pids(): number[] {
    return this.#workers.map((w) => w.handle.pid);
  }

  /** Spawns every worker and waits until all are ready. */
  async start(): Promise<this> {
    if (this.options.signal?.aborted) throw new AbortedError(this.options.signal.reason);
    this.options.signal?.addEventListener("abort", this.#onAbort, { once: true });
    const t0 = performance.now();
    for (let i = 0; i < this.size; i++) {
      const slot: Slot = { handle: undefined as unknown as WorkerHandle, busy: null, ready: false, pid: -1 };
      const events: HandleEvents = {
        message: (m) => this.#onMessage(slot, m),
        exit: (description) => this.#onExit(slot, i, description),
      };
      const module = this.options.module;
      slot.handle = this.kind === "threads" ? startThread(events, module) : startProcess(events, this.options.serialization ?? "json", module);
      this.#workers.push(slot);
    }
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.#failure) reject(this.#failure);
        else if (this.#workers.every((w) => w.ready)) resolve();
        else this.#onReady.push(check);
      };
      check();
    }).catch(async (error) => {
      await this.kill();
      throw error;
    });
    this.startupMs = performance.now() - t0;
    return this;
  }

  /** Queues a task; resolves with the workload's result or rejects with a WorkerError. */
  run<T = unknown>(workload: string, input?: unknown): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    if (this.#closing) return Promise.reject(new WorkerError("the pool is closed"));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, workload, input, resolve: resolve as (v: unknown) => void, reject });
      this.#dispatch();
    });
  }

  /** Waits for running tasks to finish, then stops every worker. Queued tasks are rejected. */
  async close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      for (const p of this.#queue.splice(0)) p.reject(new WorkerError("the pool closed before the task ran"));
      for (const w of this.#workers) if (!w.busy) w.handle.send({ type: "close" });
    }
    const graceful = Promise.all(this.#workers.map((w) => w.handle.exited));
    const timeout = new Promise((r) => setTimeout(r, 2000).unref?.());
    await Promise.race([graceful, timeout]);
    await this.kill();
  }

  /** Kills every worker now and waits until they have exited. */
  async kill(): Promise<void> {
    this.#closing = true;
    this.options.signal?.removeEventListener("abort", this.#onAbort);
    for (const w of this.#workers) w.handle.kill();
    await Promise.all(this.#workers.map((w) => w.handle.exited));
  }

  #dispatch(): void {
    for (const w of this.#workers) {
      if (this.#queue.length === 0) return;
      if (!w.ready || w.busy) continue;
      const task = this.#queue.shift()!;
      w.busy = task;
      w.handle.send({ type: "task", id: task.id, workload: task.workload, input: task.input });
    }
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    if (message.type === "ready") {
      slot.ready = true;
      slot.pid = message.pid;
      for (const f of this.#onReady.splice(0)) f();
    } else if (message.type === "failed") {
      this.#fail(new WorkerError(`a ${this.kind === "threads" ? "thread" : "process"} could not load ${this.options.module?.url ?? "its module"}: ${message.error}`));
      return;
    } else if (slot.busy && slot.busy.id === message.id) {
      const task = slot.busy;
      slot.busy = null;
      if (message.ok) task.resolve(message.value);
      else task.reject(new WorkerError(`task ${task.workload} failed in a ${this.kind === "threads" ? "thread" : "process"}: ${message.error}`));
      if (this.#closing) slot.handle.send({ type: "close" });
    }
    this.#dispatch();
  }

  #onExit(slot: Slot, index: number, description: string): void {
    if (this.#closing && !slot.busy) return;
    const what = this.kind === "threads" ? `thread ${index}` : `process ${index} (pid ${slot.handle.pid})`;
    const during = slot.busy ? ` while running task ${slot.busy.workload}` : slot.ready ? "" : " before it was ready";
    this.#fail(new WorkerError(`worker ${what} ${description}${during}`));
  }

  /** A worker died or the run was aborted: reject everything and kill the rest, so nothing hangs or leaks. */
  #fail(error: Error): void {
    if (this.#failure) return;
    this.#failure = error;
    for (const w of this.#workers) {
      w.busy?.reject(error);
      w.busy = null;
    }
    for (const p of this.#queue.splice(0)) p.reject(error);
    for (const f of this.#onReady.splice(0)) f();
    void this.kill();
  }
}

/** Starts a pool and waits until every worker is ready. */
export function startPool(options: PoolOptions): Promise<Pool> {
  return new Pool(options).start();
}

/**
 * Runs `body` with a fresh pool that is always torn down afterwards, on success, error or abort.
 * @example await withPool({ kind: "threads", size: 2 }, (pool) => pool.run("noop"));
 */
export async function withPool<T>(options: PoolOptions, body: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool(options);
  try {
    await pool.start();
    return await body(pool);
  } finally {
    await pool.kill();
  }
}
