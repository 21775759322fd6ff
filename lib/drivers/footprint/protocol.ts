/**
 * Messages between the footprint driver, its host process, and the host's workers.
 * @module
 */
import type { ModuleGraph } from "../../workloads/graphs.ts";
import type { PoolKind } from "../pool/mod.ts";

/** What one host measures: `workers` workers of one kind, each loading one module graph. */
export interface FootprintConfig {
  kind: PoolKind;
  graph: ModuleGraph;
  workers: number;
  /** Wait after every worker is ready and collected, before memory is read, in milliseconds. */
  settleMs: number;
  /** Interval of the tree sampler that catches the peak during start-up, in milliseconds. */
  sampleMs: number;
}

/** Memory of the host's process tree at one moment. */
export interface TreeReading {
  rssBytes: number;
  /** Null where /proc/<pid>/smaps_rollup is missing. */
  pssBytes: number | null;
  /** Pids of the tree, the host first. */
  pids: number[];
}

/** What a host found. */
export interface FootprintReport {
  /** Runtime the host and its workers ran on, e.g. "node 20.20.2". */
  runtime: string;
  /** True when the host and the workers could collect garbage before memory was read (--expose-gc). */
  collected: boolean;
  hostPid: number;
  /** Pid of each worker (the host's pid for threads). */
  workerPids: number[];
  /** The bare host's tree, before any worker was started. */
  before: TreeReading;
  /** The tree with every worker ready, collected and settled. */
  after: TreeReading;
  /** Highest tree RSS / PSS the sampler saw from the first spawn until every worker was collected, in bytes. */
  peakRssBytes: number;
  peakPssBytes: number | null;
  /** Per worker: from its spawn call to its "ready", in milliseconds. */
  workerStartupMs: number[];
  /** Per worker: time its module graph took to import, measured inside it, in milliseconds. */
  loadMs: number[];
  /** From the first spawn call until the last worker was ready, in milliseconds. */
  allReadyMs: number;
}

/** Driver → host. */
export type ToFootprintHost = { type: "measure"; config: FootprintConfig };
/** Host → driver. */
export type FromFootprintHost =
  | { type: "hello"; runtime: string; collected: boolean }
  | { type: "report"; report: FootprintReport }
  | { type: "error"; message: string };

/** Host → worker. */
export type ToFootprintWorker = { type: "collect" };
/** Worker → host. */
export type FromFootprintWorker = { type: "ready"; loadMs: number } | { type: "collected" } | { type: "error"; message: string };
