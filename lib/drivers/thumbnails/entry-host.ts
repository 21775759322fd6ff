/**
 * Entry module of a thumbnail host (see this family's mod.ts): a process started per trial with the
 * trial's UV_THREADPOOL_SIZE, which answers one request — run a trial in one mode, or prepare a
 * corpus — and exits with its parent.
 * @module
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { InputError, errorMessage } from "../../errors.ts";
import { treeCpuMs, treeMemory } from "../../machine.ts";
import { ensureCorpus } from "../../workloads/corpus.ts";
import { applySettings, checkThumbnail, sharpVersions, timedThumbnail, type BatchInput, type ThumbnailOutcome, type ThumbnailSpec } from "../../workloads/thumbnail.ts";
import { startPool, type Pool } from "../pool/mod.ts";
import { exitWithParent } from "../_host/orphan.ts";
import type { FromHost, HostReport, HostTrial, HostWarmup, ToHost } from "./protocol.ts";

if (typeof process.send !== "function") throw new Error("thumbnails entry-host must be started with an IPC channel");
exitWithParent();
const reply = (message: FromHost) => process.send?.(message);

/** Deals files out in turn, so every worker's share holds the same number of images (±1). */
function shares(files: string[], k: number): string[][] {
  const out = Array.from({ length: k }, () => [] as string[]);
  files.forEach((f, i) => out[i % k]!.push(f));
  return out;
}

/**
 * Resizes the trial's first `warmupImages` files (cycling when there are fewer) in the trial's mode —
 * one after another in the host or in every worker, or all at once — into a folder of their own, then
 * empties libvips' operation cache (sharp.cache(false), then the trial's settings again), so the
 * measured span neither pays first-use costs nor finds the warm-up's images cached.
 */
async function warmUp(trial: HostTrial, spec: ThumbnailSpec, pool: Pool | null): Promise<HostWarmup> {
  const n = trial.warmupImages ?? 0;
  const files = Array.from({ length: n }, (_, i) => trial.files[i % trial.files.length]!);
  if (n === 0 || files.length === 0) return { imagesPerWorker: 0, files: [], resized: 0, ms: 0, failed: 0 };
  const warmSpec: ThumbnailSpec = { ...spec, outDir: path.join(spec.outDir, "warmup") };
  fs.mkdirSync(warmSpec.outDir, { recursive: true });
  const origin = performance.timeOrigin + performance.now();
  const t = performance.now();
  let outcomes: ThumbnailOutcome[];
  if (pool) {
    // k tasks for k idle workers: each takes one, so every worker warms up.
    const batch: BatchInput = { files, spec: warmSpec, settings: trial.settings, epochMs: origin };
    const done = await Promise.all(Array.from({ length: trial.k }, () => pool.run<{ outcomes: ThumbnailOutcome[] }>("thumbnails", batch)));
    outcomes = done.flatMap((d) => d.outcomes);
    const flush: BatchInput = { files: [], spec: warmSpec, settings: { ...trial.settings, cache: false } };
    await Promise.all(Array.from({ length: trial.k }, () => pool.run("thumbnails", flush)));
  } else if (trial.mode === "all-at-once") {
    outcomes = await Promise.all(files.map((file) => timedThumbnail(file, warmSpec, origin)));
  } else {
    outcomes = [];
    for (const file of files) outcomes.push(await timedThumbnail(file, warmSpec, origin));
  }
  // The host's own cache (a thread pool's workers share it); each batch re-applies the trial's settings in its worker.
  applySettings({ ...trial.settings, cache: false });
  applySettings(trial.settings);
  return { imagesPerWorker: n, files, resized: outcomes.length, ms: performance.now() - t, failed: outcomes.filter((o) => !o.ok).length };
}

async function runTrial(trial: HostTrial): Promise<HostReport> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "parlab-thumbs-"));
  const spec: ThumbnailSpec = { ...trial.spec, outDir };
  let pool: Pool | null = null;
  try {
    let concurrency = applySettings(trial.settings);
    let startupMs = 0;
    if (trial.mode === "threads" || trial.mode === "processes") {
      const t = performance.now();
      pool = await startPool({ kind: trial.mode, size: trial.k });
      // An empty batch per worker loads sharp and applies the settings there, so a pool is ready
      // when it could resize; all workers are idle, so each takes one.
      const empty: BatchInput = { files: [], spec, settings: trial.settings };
      const ready = await Promise.all(Array.from({ length: trial.k }, () => pool!.run<{ concurrency: number }>("thumbnails", empty)));
      concurrency = ready[0]!.concurrency;
      startupMs = performance.now() - t;
    }
    const warmup = await warmUp(trial, spec, pool);
    const samples: Array<{ tMs: number; cores: number }> = [];
    const cpu0 = treeCpuMs();
    const t0 = performance.now();
    const epochMs = performance.timeOrigin + t0;
    let last = { t: t0, cpu: cpu0 };
    const timer = setInterval(() => {
      const now = { t: performance.now(), cpu: treeCpuMs() };
      samples.push({ tMs: now.t - t0, cores: (now.cpu - last.cpu) / (now.t - last.t) });
      last = now;
    }, trial.cpuSampleMs ?? 50);
    let outcomes: ThumbnailOutcome[];
    try {
      if (trial.mode === "sequential") {
        outcomes = [];
        for (const file of trial.files) outcomes.push(await timedThumbnail(file, spec, epochMs));
      } else if (trial.mode === "all-at-once") {
        outcomes = await Promise.all(trial.files.map((file) => timedThumbnail(file, spec, epochMs)));
      } else {
        const batches = await Promise.all(
          shares(trial.files, trial.k).map((files) => pool!.run<{ outcomes: ThumbnailOutcome[] }>("thumbnails", { files, spec, settings: trial.settings, epochMs })),
        );
        outcomes = batches.flatMap((b) => b.outcomes);
      }
    } finally {
      clearInterval(timer);
    }
    const computeMs = performance.now() - t0;
    const cpuMs = treeCpuMs() - cpu0;
    // The span since the last reading, so a trial shorter than the sampling interval still has one.
    const end = { t: t0 + computeMs, cpu: cpu0 + cpuMs };
    if (end.t > last.t) samples.push({ tMs: computeMs, cores: (end.cpu - last.cpu) / (end.t - last.t) });
    const pids = [process.pid, ...(pool?.kind === "processes" ? pool.pids : [])];
    // One full reading of the tree with every worker still alive: the parent reads PSS only every
    // few hundred ms (it is costly), which a short trial can fall between.
    const { rssBytes, pssBytes } = treeMemory(process.pid);
    await pool?.kill();
    pool = null;
    const badOutputs: string[] = [];
    for (const o of outcomes) {
      if (!o.ok) continue;
      const wrong = await checkThumbnail(o.out, spec);
      if (wrong) badOutputs.push(wrong);
    }
    const uv = process.env.UV_THREADPOOL_SIZE;
    return { computeMs, startupMs, warmup, cpuMs, concurrency, outcomes, badOutputs, cpuTimeline: samples, pids, endMemory: { rssBytes, pssBytes }, uvThreadpoolSize: uv ? Number(uv) : null, versions: sharpVersions() };
  } finally {
    await pool?.kill();
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

async function answer(message: ToHost): Promise<FromHost> {
  if (message.type === "corpus") return { type: "corpus", corpus: await ensureCorpus(message.root, message.params) };
  return { type: "trial", report: await runTrial(message.trial) };
}

process.once("message", (message: ToHost) => {
  // The parent kills the host once it has the answer; exiting here could race the message.
  answer(message).then(reply, (error) =>
    reply(error instanceof InputError
      ? { type: "error", input: error.input, message: error.message.slice(error.input.length + 2) }
      : { type: "error", message: errorMessage(error) }));
});
