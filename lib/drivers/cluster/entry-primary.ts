/**
 * Entry module of a cluster primary. `startCluster` forks it so that the caller's process (a
 * notebook kernel, the CLI) never becomes a cluster primary itself: the scheduling policy is
 * frozen on the first fork, and a kernel must be able to run rr and none side by side.
 *
 * It receives its config in the first IPC message, forks the HTTP workers, and from then on relays
 * questions (stats, reset) to them. A worker that dies is reported, and replaced only when the
 * config asks for it (onWorkerExit "respawn"). The primary exits, killing its workers, when its
 * parent disconnects or dies, on "close", and on SIGTERM.
 * @module
 */
import cluster, { type Worker } from "node:cluster";
import fs from "node:fs";
import process from "node:process";
import { entryPath } from "../_host/entry.ts";
import { childExecArgv } from "../_host/exec-argv.ts";
import { exitWithParent } from "../_host/orphan.ts";
import { describeExit } from "../_host/process.ts";
import { WORKER_CONFIG_ENV, WORKER_INDEX_ENV, type ClusterConfig, type FromPrimary, type FromWorker, type ToPrimary, type ToWorker, type WorkerConfig } from "./protocol.ts";

// A worker answers within this time unless a handler is stuck; handlers cost at most about 2 s.
const WORKER_REPLY_TIMEOUT_MS = 10_000;
const KILL_WAIT_MS = 3000;
// A worker that dies at once after every respawn would otherwise fork forever.
const MAX_RESPAWNS = 100;
// Enough of a crashed worker's stderr to hold V8's fatal-error line.
const STDERR_TAIL_BYTES = 16_384;

interface Slot {
  index: number;
  worker: Worker;
  pid: number;
  port: number | null;
  exited: boolean;
  /** Listening again after a respawn (its "ready" went out with the others' at start-up otherwise). */
  respawned: boolean;
  stderrTail: string;
}

let config: ClusterConfig | null = null;
const slots: Slot[] = [];
/** True once every worker listens (and the parent was told). */
let running = false;
let shuttingDown = false;
let cpuBaseline = process.cpuUsage();
let wallBaseline = performance.now();
let nextWorkerRequest = 1;
let respawns = 0;
const waiting = new Map<number, (message: FromWorker) => void>();

const send = (message: FromPrimary) => {
  if (process.connected) process.send?.(message);
};

let exitCode = 0;

/** Kills every worker and exits once all have exited (so none is left unreaped), or after a grace period. */
function shutdown(code: number): void {
  if (shuttingDown) return;
  shuttingDown = true;
  exitCode = code;
  for (const s of slots) if (!s.exited) s.worker.process.kill("SIGKILL");
  exitWhenWorkersAreGone();
  setTimeout(() => process.exit(exitCode), KILL_WAIT_MS).unref();
}

function exitWhenWorkersAreGone(): void {
  if (shuttingDown && slots.every((s) => s.exited)) process.exit(exitCode);
}

let startFailed = false;

/** Start-up failed: tell the parent why (waiting until the message is out), then stop. */
function fail(message: string, code?: string): void {
  if (startFailed || shuttingDown) return;
  startFailed = true;
  if (process.connected) process.send?.({ type: "error", message, code } satisfies FromPrimary, () => shutdown(1));
  else shutdown(1);
}

function forkWorker(index: number, config: ClusterConfig, port: number, respawned = false): void {
  const workerConfig: WorkerConfig = { ...config, port };
  const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index), [WORKER_CONFIG_ENV]: JSON.stringify(workerConfig) });
  const slot: Slot = { index, worker, pid: worker.process.pid ?? -1, port: null, exited: false, respawned, stderrTail: "" };
  // Silent workers (see start): keep the tail of stderr, which says why a crashed worker died.
  worker.process.stdout?.on("data", (chunk: Buffer) => process.stdout.write(chunk));
  worker.process.stderr?.on("data", (chunk: Buffer) => {
    slot.stderrTail = (slot.stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL_BYTES);
  });
  worker.on("message", (message: FromWorker) => {
    if (message.type === "listening") {
      slot.port = message.port;
      if (slot.respawned) send({ type: "respawned", index, pid: slot.pid, atEpochMs: Date.now() });
      else onListening();
    } else if (message.type === "listen-error") {
      fail(`worker ${index} (pid ${slot.pid}) could not listen: ${message.message}`, message.code);
    } else {
      waiting.get(message.id)?.(message);
    }
  });
  worker.on("exit", (code: number | null, signal: string | null) => {
    slot.exited = true;
    if (shuttingDown) return exitWhenWorkersAreGone();
    if (!running) return fail(`worker ${index} (pid ${slot.pid}) ${describeExit({ code, signal })} before it was listening`);
    send({ type: "worker-exit", index, pid: slot.pid, code, signal, atEpochMs: Date.now(), stderrTail: slot.stderrTail });
    if (config.onWorkerExit === "respawn" && respawns < MAX_RESPAWNS) {
      respawns++;
      // A replacement joins the same port: the served one under reuseport, else the one asked for,
      // which the primary's handle cache maps to the socket already bound.
      forkWorker(index, config, config.policy === "reuseport" ? (slots.find((s) => s.port !== null)?.port ?? 0) : config.port, true);
    }
  });
  slots[index] = slot;
  send({ type: "forked", index, pid: slot.pid });
}

function start(received: ClusterConfig): void {
  config = received;
  // The policy is frozen by the first fork, so it has to be set before it. reuseport workers bind
  // their own sockets (exclusive), so the primary's policy does not apply to them.
  cluster.schedulingPolicy = config.policy === "rr" ? cluster.SCHED_RR : cluster.SCHED_NONE;
  cluster.setupPrimary({
    exec: entryPath(import.meta.url, "entry-worker"),
    execArgv: [...childExecArgv(), ...(config.workerHeapMb !== null ? [`--max-old-space-size=${config.workerHeapMb}`] : [])],
    // Where workers may crash, their stderr goes to the primary, which keeps its tail for the report.
    silent: config.onWorkerExit !== "fail",
  });
  if (config.policy === "reuseport") {
    // Worker 0 binds the port (or picks one); the others can only join it once it is known.
    forkWorker(0, config, config.port);
  } else {
    // In a cluster every worker's listen(port) gets the same socket: the primary keys its handles by
    // address and port as asked (even 0), so all workers share the one it bound first.
    for (let i = 0; i < config.workers; i++) forkWorker(i, config, config.port);
  }
}

function onListening(): void {
  if (!config || shuttingDown || startFailed) return;
  if (config.policy === "reuseport" && slots.length === 1 && slots[0]!.port !== null) {
    for (let i = 1; i < config.workers; i++) forkWorker(i, config, slots[0]!.port);
  }
  if (slots.filter(Boolean).length < config.workers || slots.some((s) => s.port === null)) return;
  const ports = new Set(slots.map((s) => s.port));
  if (ports.size !== 1) return fail(`workers listen on different ports (${[...ports].join(", ")}); expected one shared port`);
  running = true;
  cpuBaseline = process.cpuUsage();
  wallBaseline = performance.now();
  send({ type: "ready", port: slots[0]!.port!, workerPids: slots.map((s) => s.pid) });
}

/** Asks every live worker the same question and resolves with their replies, in worker order. */
function askWorkers(type: "stats" | "reset"): Promise<FromWorker[]> {
  return Promise.all(
    slots.filter((slot) => !slot.exited).map(
      (slot) =>
        new Promise<FromWorker>((resolve, reject) => {
          if (slot.exited) return reject(new Error(`worker ${slot.index} (pid ${slot.pid}) has exited`));
          const id = nextWorkerRequest++;
          const timer = setTimeout(() => {
            waiting.delete(id);
            reject(new Error(`worker ${slot.index} (pid ${slot.pid}) did not answer "${type}" within ${WORKER_REPLY_TIMEOUT_MS} ms`));
          }, WORKER_REPLY_TIMEOUT_MS);
          waiting.set(id, (reply) => {
            clearTimeout(timer);
            waiting.delete(id);
            resolve(reply);
          });
          slot.worker.send({ type, id } satisfies ToWorker);
        }),
    ),
  );
}

/** Inodes of the sockets this process holds open, e.g. the one it shares with workers under SCHED_NONE. */
function ownSocketInodes(): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of fs.readdirSync("/proc/self/fd")) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // The fd was closed while we looked (readdir's own fd is one of them).
      }
    }
  } catch {
    // No /proc (not Linux): nothing to compare.
  }
  return inodes;
}

async function answer(message: Extract<ToPrimary, { id: number }>): Promise<void> {
  try {
    if (message.type === "reset") {
      await askWorkers("reset");
      cpuBaseline = process.cpuUsage();
      wallBaseline = performance.now();
      send({ type: "reset", id: message.id });
      return;
    }
    // The measured span ends when the caller asks, not after the workers' replies came back.
    const cpu = process.cpuUsage(cpuBaseline);
    const wallMs = performance.now() - wallBaseline;
    const replies = await askWorkers("stats");
    const workers = replies.map((r) => (r as Extract<FromWorker, { type: "stats" }>).counters);
    const held = ownSocketInodes();
    send({
      type: "stats",
      id: message.id,
      workers,
      primaryInodes: workers.flatMap((w) => (w.socketInode !== null && held.has(w.socketInode) ? [w.socketInode] : [])),
      primaryCpuMs: (cpu.user + cpu.system) / 1000,
      primaryWallMs: wallMs,
    });
  } catch (error) {
    send({ type: "failed", id: message.id, message: error instanceof Error ? error.message : String(error) });
  }
}

if (typeof process.send !== "function") throw new Error("cluster entry-primary must be started with child_process.fork");

exitWithParent(() => shutdown(0));
process.on("SIGTERM", () => shutdown(0));
// A failed IPC write means the parent is gone; without a listener it would crash with a stack trace.
process.on("error", () => shutdown(0));

process.on("message", (message: ToPrimary) => {
  if (message.type === "start") {
    if (!config) start(message.config);
  } else if (message.type === "close") {
    shutdown(0);
  } else if (message.type === "fault") {
    const slot = slots[message.index];
    if (!running || shuttingDown || !slot || slot.exited) return;
    if (message.fault === "sigkill") slot.worker.process.kill("SIGKILL");
    else slot.worker.send({ type: "fault", fault: message.fault } satisfies ToWorker);
  } else if (running && !shuttingDown) {
    void answer(message);
  } else {
    send({ type: "failed", id: message.id, message: "the cluster is not running" });
  }
});
