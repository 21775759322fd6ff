/**
 * The fixed table of the 14 faults the experiment can inject: which server, which fault, and how
 * the server is set up to cope. Faults are chosen from here by name, never built from parameters.
 * Pure data, so the analysis can read a Result's conditions without loading a server.
 * @module
 */
import type { ClusterFault } from "../../drivers/cluster/mod.ts";
import type { ThreadFault } from "../../drivers/thread-server/mod.ts";

/** One fault condition of the fixed table: which server, which fault, and how the server copes. */
export interface FaultCondition {
  label: string;
  model: "cluster" | "threads";
  fault: ClusterFault | "primary-sigkill" | ThreadFault;
  /** Cluster: the primary forks a replacement for a dead worker. */
  respawn: boolean;
  /** Thread server: threads have an `error` listener (and a dead thread is replaced). */
  errorListener: boolean;
  /** How the clients connect: keep-alive connections (the default), or a new connection per request. */
  load?: "keep-alive" | "new-connection";
  description: string;
}

/** Every fault the experiment can inject, by label. Faults are chosen from here by name, never built from parameters. */
export const FAULT_CONDITIONS: readonly FaultCondition[] = [
  { label: "cluster-throw+respawn", model: "cluster", fault: "throw", respawn: true, errorListener: false, description: "a cluster worker throws an uncaught exception; the primary respawns it" },
  { label: "cluster-throw", model: "cluster", fault: "throw", respawn: false, errorListener: false, description: "a cluster worker throws an uncaught exception; no respawn" },
  { label: "cluster-sigkill+respawn", model: "cluster", fault: "sigkill", respawn: true, errorListener: false, description: "a cluster worker gets SIGKILL; the primary respawns it" },
  {
    label: "cluster-sigkill+respawn/new-conn", model: "cluster", fault: "sigkill", respawn: true, errorListener: false, load: "new-connection",
    description: "a cluster worker gets SIGKILL; the primary respawns it; the clients open a new connection per request",
  },
  { label: "cluster-sigkill", model: "cluster", fault: "sigkill", respawn: false, errorListener: false, description: "a cluster worker gets SIGKILL; no respawn" },
  { label: "cluster-oom+respawn", model: "cluster", fault: "oom", respawn: true, errorListener: false, description: "a cluster worker allocates past its --max-old-space-size; the primary respawns it" },
  { label: "cluster-oom", model: "cluster", fault: "oom", respawn: false, errorListener: false, description: "a cluster worker allocates past its --max-old-space-size; no respawn" },
  { label: "cluster-primary-sigkill", model: "cluster", fault: "primary-sigkill", respawn: true, errorListener: false, description: "the cluster's primary (set to respawn workers) gets SIGKILL; its workers must exit" },
  { label: "threads-throw", model: "threads", fault: "throw", respawn: false, errorListener: true, description: "a worker thread throws; its error listener replaces it" },
  { label: "threads-throw-no-listener", model: "threads", fault: "throw", respawn: false, errorListener: false, description: "a worker thread throws and has no error listener" },
  { label: "threads-oom-small", model: "threads", fault: "oom-small", respawn: false, errorListener: true, description: "a worker thread passes its resourceLimits by many small allocations" },
  { label: "threads-oom-huge", model: "threads", fault: "oom-huge", respawn: false, errorListener: true, description: "a worker thread allocates one array far past its resourceLimits" },
  { label: "threads-abort", model: "threads", fault: "abort", respawn: false, errorListener: true, description: "a worker thread calls process.abort()" },
  { label: "threads-segv", model: "threads", fault: "segv", respawn: false, errorListener: true, description: "the process gets SIGSEGV from a worker thread, as from a crash in native code" },
];

/** How condition `c`'s clients connect. */
export const loadOf = (c: Pick<FaultCondition, "load">): "keep-alive" | "new-connection" => c.load ?? "keep-alive";

/** The labels of every fault, in table order: the choices of the `faults` parameter. */
export const FAULT_LABELS: readonly string[] = FAULT_CONDITIONS.map((c) => c.label);

/** The faults of the table a run asked for, in table order. */
export function chosenFaults(params: { faults: readonly string[] }): FaultCondition[] {
  return FAULT_CONDITIONS.filter((c) => params.faults.includes(c.label));
}
