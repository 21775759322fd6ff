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
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { AbortedError, WorkerError } from "../../errors.ts";
import { isFromWorker, type FromWorker, type ToWorker } from "./protocol.ts";
import { entryPath, entryUrl, FROM_SOURCE } from "../_host/entry.ts";

/** How the workers of a pool run. */
export type PoolKind = "threads" | "processes";
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

// Workers are resolved next to this module: .ts when running from source (Deno, tsx), .js from dist.

// Only the parent's flags that change how modules load or how V8 runs reach a worker. Anything else
// could turn it into something else: `-e code` would re-run the caller, `--test` a test runner.
const INHERITED_FLAG = /^(--(import|require|loader|experimental-loader|conditions|enable-source-maps|no-warnings|disable-warning|max-old-space-size|max-semi-space-size|stack-size|expose-gc|(no-)?experimental-[\w-]+)|-r|-C)$/;
const TAKES_VALUE = /^(--(import|require|loader|experimental-loader|conditions|disable-warning|max-old-space-size|max-semi-space-size|stack-size)|-r|-C)$/;

// Module loaders (tsx and the like) only matter when the lab runs from its TypeScript source. Its
// compiled entries need none, and a loader in every worker would add its own memory and start-up to
// what the lab measures (about 30 MB of RSS per process under tsx).
const LOADER_FLAG = /^(--(import|require|loader|experimental-loader)|-r)$/;

/**
 * The parent's flags a worker inherits: V8 limits, and module loaders when the workers run from
 * source (`fromSource`, true when this module is TypeScript); never an eval or a test runner.
 */
export function childExecArgv(execArgv: readonly string[] = process.execArgv, fromSource = FROM_SOURCE): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const name = arg.split("=")[0]!;
    const separateValue = !arg.includes("=") && TAKES_VALUE.test(name);
    if (INHERITED_FLAG.test(name) && (fromSource || !LOADER_FLAG.test(name))) {
      kept.push(arg);
      if (separateValue && i + 1 < execArgv.length) kept.push(execArgv[i + 1]!);
    }
    if (separateValue) i++;
  }
  return kept;
}

/** Every worker alive in this process, killed on exit as a last line of defence. */
const live = new Set<WorkerHandle>();
let exitHookInstalled = false;
function track(handle: WorkerHandle): void {
  live.add(handle);
  void handle.exited.then(() => live.delete(handle));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const h of live) h.kill();
    });
  }
}

/** Number of pool workers alive in this process right now (for tests and leak checks). */
export function liveWorkerCount(): number {
  return live.size;
}

function startThread(events: HandleEvents): WorkerHandle {
  const worker = new Worker(entryUrl(import.meta.url, "entry-thread"), { execArgv: childExecArgv() });
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

function startProcess(events: HandleEvents, serialization: "json" | "advanced"): WorkerHandle {
  const child: ChildProcess = fork(entryPath(import.meta.url, "entry-process"), [], {
    execArgv: childExecArgv(),
    serialization,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let dead = false;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      dead = true;
      events.exit(signal ? `was killed by ${signal}` : `exited with code ${code}`);
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
  size: number;
  /** IPC serialisation of process pools (ignored by threads). */
  serialization?: "json" | "advanced";
  /** Aborting kills every worker and rejects pending tasks. */
  signal?: AbortSignal;
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
 * worker has loaded. Close it with `close()` (or `kill()`), always, in a `finally`.
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
    if (!POOL_KINDS.includes(options.kind)) {
      throw new RangeError(`pool kind must be one of ${POOL_KINDS.join(", ")}, got ${String(options.kind)}`);
    }
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new RangeError(`pool size must be a whole number ≥ 1, got ${options.size}`);
    }
    this.kind = options.kind;
    this.size = options.size;
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
      slot.handle = this.kind === "threads" ? startThread(events) : startProcess(events, this.options.serialization ?? "json");
      track(slot.handle);
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
