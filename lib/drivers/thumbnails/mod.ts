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
import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { AbortedError, InputError, WorkerError } from "../../errors.ts";
import { startTreeSampler, type TreeSampler } from "../../machine.ts";
import { runtimeInfo } from "../../runtime.ts";
import type { Corpus, CorpusParams } from "../../workloads/corpus.ts";
import type { SharpSettings, ThumbnailOutcome, ThumbnailSpec } from "../../workloads/thumbnail.ts";
import { childExecArgv } from "../pool/mod.ts";
import { compiledEntryPath, entryPath } from "../_host/entry.ts";
import { labEnv } from "../../env.ts";

/** How a host spreads the images. */
export type ThumbnailMode = "sequential" | "all-at-once" | "threads" | "processes";
export const THUMBNAIL_MODES: readonly ThumbnailMode[] = ["sequential", "all-at-once", "threads", "processes"];

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
}

/** What the host measured in one trial. */
export interface HostReport {
  /** From the clock start (every worker ready) until the last thumbnail was written, in ms. */
  computeMs: number;
  /** Starting the pool until every worker had loaded sharp, in ms (0 without a pool). */
  startupMs: number;
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

function startHost(env: NodeJS.ProcessEnv): ChildProcess {
  const info = runtimeInfo();
  if (info.name === "node") {
    return fork(entryPath(import.meta.url, "entry-host"), [], {
      env,
      execArgv: childExecArgv(),
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
  }
  // sharp is a Node-API addon and the measured pools are Node's: other runtimes hand the host to
  // Node from PATH (or PARLAB_NODE), started from the compiled entry in lib/dist.
  const compiled = compiledEntryPath(import.meta.url, "entry-host");
  const node = labEnv().node ?? "node";
  try {
    execFileSync(node, ["--version"], { stdio: "ignore", timeout: 10_000 });
  } catch {
    throw new InputError("runtime", `thumbnails run on Node.js, and none was found on PATH (or in PARLAB_NODE) to run them under ${info.name}`);
  }
  if (!fs.existsSync(compiled)) throw new InputError("runtime", `the compiled ${compiled} is missing (run npm run build)`);
  return spawn(node, [compiled], { env, stdio: ["ignore", "inherit", "inherit", "ipc"] });
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
  const child = startHost(hostEnv(uvThreadpoolSize));
  const exited = new Promise<string>((resolve) => child.once("exit", (code, sig) => resolve(sig ? `was killed by ${sig}` : `exited with code ${code}`)));
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

/**
 * Runs one trial in a fresh host with the trial's UV_THREADPOOL_SIZE, sampling the memory of the
 * host's tree (host and every pool process) from here every `memorySampleMs`.
 */
export async function runHostTrial(trial: HostTrial, options: { signal?: AbortSignal; memorySampleMs?: number } = {}): Promise<HostReport & TreePeak> {
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
