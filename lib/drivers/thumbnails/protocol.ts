/**
 * Messages between the thumbnails driver and its host process: a trial to run or a corpus to
 * prepare, and what the host measured or why it failed.
 * @module
 */
import type { Corpus, CorpusParams } from "../../workloads/corpus.ts";
import type { SharpSettings, ThumbnailOutcome, ThumbnailSpec } from "../../workloads/thumbnail.ts";

/** How a host spreads the images. */
export type ThumbnailMode = "sequential" | "all-at-once" | "threads" | "processes";

/** One trial as the host runs it. */
export interface HostTrial {
  mode: ThumbnailMode;
  /** Pool size for threads and processes (1 otherwise). */
  k: number;
  files: string[];
  spec: Omit<ThumbnailSpec, "outDir">;
  settings: SharpSettings;
  /** libuv pool size of the host and its children; 0 leaves it unset (libuv's default, 4). */
  uvThreadpoolSize: number;
  /** Interval of the host's CPU samples, in milliseconds (default 50). */
  cpuSampleMs?: number;
  /**
   * Images each worker (or the host, without a pool) resizes through the same pipeline before the
   * clock starts, so that libvips' and V8's first-use costs fall outside the measured span: the first
   * files of the trial, from the first again when there are fewer files. 0 (the default): none.
   */
  warmupImages?: number;
}

/** The unmeasured warm-up a host ran before its clock started. */
export interface HostWarmup {
  /** Images each worker (or the host) resized, in the trial's mode. */
  imagesPerWorker: number;
  /** The files it resized, in order (each worker resized all of them). */
  files: string[];
  /** Images resized in all: imagesPerWorker × the workers (k in a pool, 1 without one). */
  resized: number;
  /** From every worker ready until the warm-up was done and libvips' cache emptied, in ms. */
  ms: number;
  /** Warm-up images that failed (they fail again, and count, in the measured span). */
  failed: number;
}

/** What the host measured in one trial. */
export interface HostReport {
  /** From the clock start (every worker ready and warmed up) until the last thumbnail was written, in ms. */
  computeMs: number;
  /** Starting the pool until every worker had loaded sharp, in ms (0 without a pool). */
  startupMs: number;
  /** The warm-up before the clock started, outside both computeMs and startupMs. */
  warmup: HostWarmup;
  /** CPU time of the whole tree during computeMs, in ms. */
  cpuMs: number;
  /** Concurrency libvips used in the host (or its workers), as sharp reported it. */
  concurrency: number;
  outcomes: ThumbnailOutcome[];
  /** Thumbnails whose size or format was wrong, with what was wrong. */
  badOutputs: string[];
  /** CPU use of the tree over the compute time, in cores busy, one reading per interval. */
  cpuTimeline: Array<{ tMs: number; cores: number }>;
  /** Process ids of the host and its pool. */
  pids: number[];
  /** Memory of the whole tree (RSS, and PSS where available) at the end of the work, before the pool was stopped. */
  endMemory: { rssBytes: number; pssBytes: number | null };
  /** UV_THREADPOOL_SIZE as the host saw it (null: unset). */
  uvThreadpoolSize: number | null;
  /** sharp and libvips as loaded by the host. */
  versions: { sharp: string; libvips: string };
}

/** Parent → host. */
export type ToHost = { type: "trial"; trial: HostTrial } | { type: "corpus"; root: string; params: CorpusParams };
/** Host → parent. */
export type FromHost = { type: "trial"; report: HostReport } | { type: "corpus"; corpus: Corpus } | { type: "error"; message: string; input?: string };
