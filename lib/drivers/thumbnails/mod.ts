/**
 * Runs thumbnail work in a fresh "host" process per trial. libuv's pool size (UV_THREADPOOL_SIZE)
 * is read once per process, when the pool first starts, and shared by every thread of it;
 * sharp.concurrency and sharp.cache are process-wide too. So each trial's settings can only be
 * applied to a process started for it: the host, started from a fixed entry module with the
 * condition's environment, runs one mode (sequential, all at once, a thread pool inside itself or
 * a process pool it forks, whose children inherit the same environment) and reports what it
 * measured. The caller samples the whole tree's memory from outside, and kills the host (and so
 * its pool) on completion, failure, time-out or abort. The caller never loads sharp itself.
 * @module
 */
import process from "node:process";
import { AbortedError, InputError, WorkerError } from "../../errors.ts";
import { startTreeSampler, type TreeSampler } from "../../machine.ts";
import type { Corpus, CorpusParams } from "../../workloads/corpus.ts";
import { liveChildCount, trackChild } from "../_host/children.ts";
import { serverHost } from "../_host/node-host.ts";
import { wholeNumber } from "../_host/options.ts";
import { describeExit } from "../_host/process.ts";
import type { FromHost, HostReport, HostTrial, ThumbnailMode, ToHost } from "./protocol.ts";

export type { FromHost, HostReport, HostTrial, HostWarmup, ThumbnailMode, ToHost } from "./protocol.ts";
/** Every {@link ThumbnailMode}. */
export const THUMBNAIL_MODES: readonly ThumbnailMode[] = ["sequential", "all-at-once", "threads", "processes"];

/** Number of thumbnail hosts alive in this process right now (for tests and leak checks). */
export function liveThumbnailHostCount(): number {
  return liveChildCount("thumbnails");
}

/** The environment of a host: the caller's, with UV_THREADPOOL_SIZE set or removed. */
function hostEnv(uvThreadpoolSize: number): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.UV_THREADPOOL_SIZE;
  if (uvThreadpoolSize > 0) env.UV_THREADPOOL_SIZE = String(uvThreadpoolSize);
  return env;
}

/** Sends one request to a fresh host and waits for its answer; the host is always killed before this settles. */
async function askHost<T extends FromHost["type"]>(
  message: ToHost,
  uvThreadpoolSize: number,
  signal: AbortSignal | undefined,
  hooks: { started?(pid: number): void; answered?(): void } = {},
): Promise<Extract<FromHost, { type: T }>> {
  if (signal?.aborted) throw new AbortedError(signal.reason);
  // sharp is a Node-API addon and the measured pools are Node's: other runtimes hand the host to
  // Node from PATH (or PARLAB_NODE), started from the compiled entry in lib/dist.
  const host = serverHost(import.meta.url, "entry-host", { what: "a thumbnail host", why: "sharp is a Node-API addon and the pools it measures are Node's" });
  const child = host.start({ env: hostEnv(uvThreadpoolSize) });
  trackChild("thumbnails", child);
  const exited = new Promise<string>((resolve) => child.once("exit", (code, sig) => resolve(describeExit({ code, signal: sig }))));
  try {
    if (child.pid !== undefined) hooks.started?.(child.pid);
    const reply = new Promise<FromHost>((resolve, reject) => {
      child.once("message", (m) => resolve(m as FromHost));
      child.once("error", (e) => reject(new WorkerError(`thumbnail host failed: ${e.message}`)));
      void exited.then((how) => reject(new WorkerError(`thumbnail host ${how} before it answered`)));
      signal?.addEventListener("abort", () => reject(new AbortedError(signal.reason)), { once: true });
    });
    child.send(message);
    const answer = await reply;
    // Before the kill, while the host's tree is still whole.
    hooks.answered?.();
    if (answer.type === "error") throw answer.input ? new InputError(answer.input, answer.message) : new WorkerError(answer.message);
    return answer as Extract<FromHost, { type: T }>;
  } finally {
    // SIGKILL: the host's process pool notices its IPC channel close and exits with it (exitWithParent).
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await exited;
  }
}

/** Peak memory of a host's whole tree during one trial. */
export interface TreePeak {
  peakRssBytes: number;
  peakPssBytes: number | null;
  maxProcesses: number;
}

/** The most warm-up images a trial may ask each worker for. */
export const MAX_WARMUP_IMAGES = 100;

/**
 * Runs one trial in a fresh host with the trial's UV_THREADPOOL_SIZE, sampling the memory of the
 * host's tree (host and every pool process) from here every `memorySampleMs`. With `warmupImages`,
 * the host (or each worker) first resizes that many images unmeasured; the report records it.
 */
export async function runHostTrial(trial: HostTrial, options: { signal?: AbortSignal; memorySampleMs?: number } = {}): Promise<HostReport & TreePeak> {
  wholeNumber("warmupImages", trial.warmupImages ?? 0, 0, MAX_WARMUP_IMAGES, "images");
  let sampler: TreeSampler | null = null;
  let peak: TreePeak = { peakRssBytes: NaN, peakPssBytes: null, maxProcesses: 0 };
  const stop = () => {
    if (!sampler) return;
    const taken = sampler.stop();
    peak = { peakRssBytes: taken.peakRssBytes, peakPssBytes: taken.peakPssBytes, maxProcesses: taken.maxProcesses };
    sampler = null;
  };
  try {
    const answer = await askHost<"trial">({ type: "trial", trial }, trial.uvThreadpoolSize, options.signal, {
      started: (pid) => (sampler = startTreeSampler(pid, options.memorySampleMs ?? 50)),
      answered: stop,
    });
    const end = answer.report.endMemory;
    // The peaks are over the parent's readings and the host's own reading at the end of the work.
    const peakRssBytes = Math.max(peak.peakRssBytes, end.rssBytes);
    const peakPssBytes = peak.peakPssBytes === null || end.pssBytes === null ? (peak.peakPssBytes ?? end.pssBytes) : Math.max(peak.peakPssBytes, end.pssBytes);
    return { ...answer.report, peakRssBytes, peakPssBytes, maxProcesses: peak.maxProcesses };
  } finally {
    stop();
  }
}

/** Generates or reuses the corpus of `params` under `root`, in a host, so the caller never loads sharp. */
export async function prepareCorpus(root: string, params: CorpusParams, signal?: AbortSignal): Promise<Corpus> {
  return (await askHost<"corpus">({ type: "corpus", root, params }, 0, signal)).corpus;
}

/** What is wrong with a thumbnail file (size or format, read with sharp's metadata), or null; loads sharp on first use. */
export async function checkThumbnailFile(file: string, size: { width: number; height: number }): Promise<string | null> {
  return (await import("../../workloads/thumbnail.ts")).checkThumbnail(file, size);
}
