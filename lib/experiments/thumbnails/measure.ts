/**
 * How the thumbnails experiment measures: the corpus prepared inside the run, then every trial in a
 * fresh host process with the condition's UV_THREADPOOL_SIZE, sharp.concurrency and sharp.cache,
 * every thumbnail checked. The only file of the experiment that starts hosts or loads sharp.
 *
 * It keeps its own begin/run/finish block rather than runConditions, because the corpus is prepared
 * after the run has begun (so its time and any failure belong to the Result) and the machine's core
 * count recorded at the start feeds every trial's CPU utilisation.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { InputError, WrongAnswerError } from "../../errors.ts";
import { prepareCorpus, runHostTrial } from "../../drivers/thumbnails/mod.ts";
import { labEnv } from "../../env.ts";
import { projectDataDir } from "../../results.ts";
import { plannedOrder, runTrials, type Measurement, type TrialContext } from "../../trials.ts";
import type { Experiment, RunOptions } from "../../types.ts";
import { beginRun, finishRun, trialPlanOf } from "../_shared/run.ts";
import { corpusOf, thumbnailsConditions } from "./conditions.ts";
import type { ThumbnailsCondition, ThumbnailsParams, ThumbnailsResult, ThumbnailsSummary } from "./types.ts";
import { quantileSorted } from "../../stats/quantile.ts";

/** Where corpora live: imagesDir, else PARLAB_IMAGES_DIR, else data/images of the project. */
export function imagesRoot(imagesDir: string): string {
  if (imagesDir) return path.resolve(imagesDir);
  const fromEnv = labEnv().imagesDir;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(projectDataDir(), "images");
}

/** The corpus folder, created if need be; an InputError naming imagesDir when it cannot be created or written. */
function writableImagesRoot(imagesDir: string): string {
  const root = imagesRoot(imagesDir);
  try {
    fs.mkdirSync(root, { recursive: true });
    fs.accessSync(root, fs.constants.W_OK);
  } catch (error) {
    throw new InputError("imagesDir", `cannot create or write the corpus folder ${root} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a writable folder`);
  }
  return root;
}

/** Nearest-rank percentile of sorted latencies: always a latency that happened; NaN when there are none. */
function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : quantileSorted(sorted, p, "inverted-cdf");
}

async function measure(c: ThumbnailsCondition, ctx: TrialContext, files: string[], params: ThumbnailsParams, cores: number): Promise<Measurement> {
  const report = await runHostTrial(
    {
      mode: c.mode,
      k: c.k,
      files,
      spec: { width: params.thumbWidth, height: params.thumbHeight, input: c.input },
      settings: { concurrency: c.concurrency, cache: c.cache },
      uvThreadpoolSize: c.uv,
      warmupImages: params.warmupImages ?? 0,
    },
    { signal: ctx.signal },
  );
  if (report.badOutputs.length > 0) throw new WrongAnswerError(`wrong thumbnails: ${report.badOutputs.slice(0, 3).join("; ")}`);
  const ok = report.outcomes.filter((o) => o.ok);
  const latencies = report.outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const totalMs = report.computeMs + report.startupMs;
  const timeMs = params.includeStartup ? totalMs : report.computeMs;
  const metrics: Record<string, number> = {
    timeMs,
    computeMs: report.computeMs,
    startupMs: report.startupMs,
    // Unmeasured: before the clock started, outside timeMs and startupMs.
    warmupMs: report.warmup.ms,
    warmupImages: report.warmup.imagesPerWorker,
    totalMs,
    imagesPerS: ok.length / (timeMs / 1000),
    latencyP50Ms: percentile(latencies, 0.5),
    latencyP99Ms: percentile(latencies, 0.99),
    cpuMs: report.cpuMs,
    cpuCores: report.cpuMs / report.computeMs,
    cpuUtilisation: report.cpuMs / report.computeMs / cores,
    peakRssBytes: report.peakRssBytes,
    processes: report.maxProcesses,
    concurrency: report.concurrency,
    uvThreadpoolSize: report.uvThreadpoolSize ?? 0,
    failedImages: report.outcomes.length - ok.length,
  };
  if (report.peakPssBytes !== null) metrics.peakPssBytes = report.peakPssBytes;
  return {
    durationMs: timeMs,
    metrics,
    detail: {
      latenciesMs: report.outcomes.map((o) => Math.round(o.latencyMs * 100) / 100),
      cpuTimeline: report.cpuTimeline.map((s) => [Math.round(s.tMs), Math.round(s.cores * 100) / 100]),
      imageFailures: report.outcomes.flatMap((o) => (o.ok ? [] : [o.error])),
      pids: report.pids,
      warmup: { files: report.warmup.files.map((f) => path.basename(f)), failed: report.warmup.failed },
      versions: report.versions,
    },
  };
}

/** Prepares the corpus, runs every condition's trials and returns the Result with its summary. */
export async function runThumbnails(
  experiment: Experiment<ThumbnailsParams, ThumbnailsSummary>,
  params: ThumbnailsParams,
  options: RunOptions,
): Promise<ThumbnailsResult> {
  experiment.check?.(params);
  const root = writableImagesRoot(params.imagesDir);
  const conditions = thumbnailsConditions(params);
  const plan = trialPlanOf(params, "timeMs");
  const run = beginRun(experiment, params, options, plannedOrder(conditions.map((c) => c.label), params));
  try {
    const corpus = await prepareCorpus(root, corpusOf(params), options.signal);
    const cores = run.base.machine.cpu.cores;
    const outcome = await runTrials(conditions, plan, (c, ctx) => measure(c, ctx, corpus.paths, params, cores), {
      signal: options.signal,
      onProgress: options.onProgress,
      onTrial: run.onTrial,
    });
    return await finishRun(run, outcome);
  } catch (error) {
    await run.abandon();
    throw error;
  }
}
