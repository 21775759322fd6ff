/**
 * Messages between a cluster's caller, its primary and its HTTP workers, and the environment
 * variables through which the primary hands each worker its config (a cluster worker is started
 * by node:cluster, which passes it an environment, not a first message).
 * @module
 */

/** The cluster's configuration, already validated by `startCluster`. */
export interface ClusterConfig {
  policy: "rr" | "none" | "reuseport";
  workers: number;
  handlerCostMs: number;
  slowWorker: { index: number; everyN: number; extraMs: number } | null;
  /** Port asked for on 127.0.0.1; 0 lets the OS pick. */
  port: number;
  /** What a worker's exit does while serving: fail the cluster, fork a replacement, or nothing. */
  onWorkerExit: "fail" | "respawn" | "continue";
  /** V8 old-space limit of every worker (`--max-old-space-size`), in MiB; null: Node's default. */
  workerHeapMb: number | null;
  /** A user's request handler every worker serves with instead of the lab's own (checked by the caller first); null: the lab's. */
  handler?: { url: string; exportName: string } | null;
}

/** Faults a worker can be made to suffer, by name (never code from parameters). */
export type WorkerFault = "throw" | "sigkill" | "oom";

/** What a worker reads from its environment: the config, with the port to join (0 = any). */
export interface WorkerConfig extends ClusterConfig {
  port: number;
}

/** Environment variable that holds a worker's index (0-based), set by the primary per worker. */
export const WORKER_INDEX_ENV = "PARLAB_WORKER_INDEX";
/** Environment variable that holds a worker's {@link WorkerConfig} as JSON, set by the primary per worker. */
export const WORKER_CONFIG_ENV = "PARLAB_CLUSTER_CONFIG";

/** A worker's counters and how its listening socket looks from inside it. */
export interface WorkerCounters {
  index: number;
  pid: number;
  /** TCP connections the worker's server accepted (or was handed). */
  connections: number;
  /** HTTP requests it answered. */
  requests: number;
  /** Its listening socket's fd, or null when it holds none (rr: the primary accepts). */
  listenFd: number | null;
  /** Inode of that socket, from the link /proc/self/fd/<fd> ("socket:[12345]" → "12345"). */
  socketInode: string | null;
}

/** Parent → primary. The first message is always "start". */
export type ToPrimary =
  | { type: "start"; config: ClusterConfig }
  | { type: "stats"; id: number }
  | { type: "reset"; id: number }
  | { type: "fault"; fault: WorkerFault; index: number }
  | { type: "close" };

/** Primary → parent: a worker exited while the server ran. */
export interface WorkerExitMessage {
  type: "worker-exit";
  index: number;
  pid: number;
  code: number | null;
  signal: string | null;
  /** `Date.now()` when the primary saw the exit. */
  atEpochMs: number;
  /** The last lines the worker wrote to stderr (kept when exits are expected, else empty). */
  stderrTail: string;
}

/** Primary → parent: a replacement for a worker that exited listens. */
export interface RespawnedMessage {
  type: "respawned";
  index: number;
  pid: number;
  atEpochMs: number;
}

/** Primary → parent. */
export type FromPrimary =
  | { type: "forked"; index: number; pid: number }
  | { type: "ready"; port: number; workerPids: number[] }
  | { type: "error"; message: string; code?: string }
  | WorkerExitMessage
  | RespawnedMessage
  | {
      type: "stats";
      id: number;
      workers: WorkerCounters[];
      /** Socket inodes among the workers' that the primary holds too: the shared socket under SCHED_NONE. */
      primaryInodes: string[];
      primaryCpuMs: number;
      primaryWallMs: number;
    }
  | { type: "reset"; id: number }
  | { type: "failed"; id: number; message: string };

/** Primary → worker. */
export type ToWorker = { type: "stats"; id: number } | { type: "reset"; id: number } | { type: "fault"; fault: Exclude<WorkerFault, "sigkill"> };

/** Worker → primary. */
export type FromWorker =
  | { type: "listening"; index: number; pid: number; port: number }
  | { type: "listen-error"; index: number; message: string; code?: string }
  | { type: "stats"; id: number; counters: WorkerCounters }
  | { type: "reset"; id: number };
