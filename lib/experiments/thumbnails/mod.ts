/**
 * Experiment "thumbnails": a corpus of large images resized to thumbnails with sharp, sequentially,
 * all at once in one process, by a thread pool and by a process pool — with libvips' own threads
 * (`sharp.concurrency`) and libuv's pool (`UV_THREADPOOL_SIZE`) set per condition, so that the
 * article's "2 processes 3.2 s vs 2 threads 2.8 s, faster due to shared memory" can be separated
 * into its three kinds of parallelism. Every trial runs in a fresh host process with the
 * condition's environment (see drivers/thumbnail-host.ts).
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import * as charts from "../../charts/mod.ts";
import { InputError } from "../../errors.ts";
import { prepareCorpus, runHostTrial, type ThumbnailMode } from "../../drivers/thumbnails/mod.ts";
import { checkCorpusParams, corpusId, type CorpusParams, type ImageFormat } from "../../workloads/corpus.ts";
import { projectDataDir } from "../../results.ts";
import { compareRatio, speedup, summarize } from "../../stats/mod.ts";
import { plannedOrder, runTrials, type Measurement, type TrialContext } from "../../trials.ts";
import type { Chart, Charts, Comparison, Experiment, Interval, Result, Summary, TrialRecord } from "../../types.ts";
import { failureNote, formatInterval, formatNumber, trialsOf } from "../_shared/analysis.ts";
import { trialParamSpecs } from "../_shared/params.ts";
import { beginRun, finishRun } from "../_shared/run.ts";
import { labEnv } from "../../env.ts";
import { byId } from "../../charts/mod.ts";

/** Named groups of conditions; a run measures the union of the groups it lists. */
export type ConditionSet = "baseline" | "article" | "matched" | "scaling" | "knobs";
export const CONDITION_SETS: readonly ConditionSet[] = ["baseline", "article", "matched", "scaling", "knobs"];

/** Parameters of the thumbnails experiment. */
export interface ThumbnailsParams extends Record<string, unknown> {
  images: number;
  width: number;
  height: number;
  format: ImageFormat;
  corpusSeed: number;
  /** Root of the corpora; "" means data/images of the project. */
  imagesDir: string;
  thumbWidth: number;
  thumbHeight: number;
  workers: number[];
  sets: ConditionSet[];
  /** Whether the headline time includes pool start-up (spawn until every worker has loaded sharp). */
  includeStartup: boolean;
  trials: number;
  warmups: number;
  order: "random" | "abba" | "blocked";
  seed: number;
  timeoutMs: number;
}

/** One condition: a mode and the process-wide knobs it runs with. */
export interface ThumbnailsCondition {
  label: string;
  mode: ThumbnailMode;
  k: number;
  /** sharp.concurrency per process; 0 = sharp's default. */
  concurrency: number;
  /** UV_THREADPOOL_SIZE per process; 0 = unset (libuv's default, 4). */
  uv: number;
  cache: boolean;
  input: "path" | "buffer";
}

/** Per-condition statistics. */
export interface ThumbnailsRow extends Omit<ThumbnailsCondition, "label"> {
  label: string;
  /** The headline time (compute, plus pool start-up when includeStartup), in ms. */
  timeMs: Summary;
  computeMs: Summary;
  startupMs?: Summary;
  imagesPerS: Summary;
  /** Per-trial median and 99th percentile of per-image latency, in ms. */
  latencyP50Ms: Summary;
  latencyP99Ms: Summary;
  peakRssBytes: Summary;
  peakPssBytes: Summary | null;
  /** Cores busy on average during the compute time (CPU time of the tree / compute time). */
  cpuCores: Summary;
  /** libvips concurrency the trials reported (sharp's default resolved). */
  effectiveConcurrency: number;
  /** median(single-thread time) / median(time), with its CI. */
  speedup?: { ratio: number; ci: Interval };
  /** This rate / (single-thread rate × cores): the share of this machine's limit reached. */
  efficiency?: { value: number; ci: Interval };
}

/** What a thumbnails run found. */
export interface ThumbnailsSummary {
  cores: number;
  corpusId: string;
  /** sharp and libvips versions the trials ran with ("unknown" in a Result without them). */
  versions: { sharp: string; libvips: string };
  /** Label of the single-thread reference: the fastest sequential condition whose libvips used one thread. */
  singleThread: string | null;
  rows: ThumbnailsRow[];
  /** The row with the highest speedup and its efficiency against the limit. */
  best: { label: string; speedup: number; speedupCi: Interval; efficiency: number; efficiencyCi: Interval } | null;
  /**
   * threads×2 vs processes×2 with sharp's defaults, as the article ran them: time, peak RSS and peak
   * PSS (null where PSS could not be read) of the whole tree.
   */
  article: PairComparisons | null;
  /** threads×2 vs processes×2 with the same total number of libvips and libuv threads. */
  matched: PairComparisons | null;
  /** IQR / median of the single-thread trials. */
  noiseFloor: number;
  /** Images that failed (corrupt input), over every trial. */
  imageFailures: number;
  failures: number;
}

export type ThumbnailsResult = Result<ThumbnailsParams, ThumbnailsSummary>;

const DEFAULTS: Pick<ThumbnailsCondition, "concurrency" | "uv" | "cache" | "input"> = { concurrency: 0, uv: 0, cache: true, input: "path" };

/** A label that names the mode and every knob that differs from sharp's and libuv's defaults. */
export function conditionLabel(c: Omit<ThumbnailsCondition, "label">): string {
  const parts = [c.mode === "threads" || c.mode === "processes" ? `${c.mode}×${c.k}` : c.mode];
  if (c.concurrency > 0) parts.push(`c${c.concurrency}`);
  if (c.uv > 0) parts.push(`uv${c.uv}`);
  if (!c.cache) parts.push("no-cache");
  if (c.input === "buffer") parts.push("buffer");
  return parts.join(" ");
}

function condition(mode: ThumbnailMode, k: number, knobs: Partial<typeof DEFAULTS> = {}): ThumbnailsCondition {
  const c = { mode, k, ...DEFAULTS, ...knobs };
  return { label: conditionLabel(c), ...c };
}

/** The labels of the two comparisons, fixed at 2 workers as in the article. */
export const ARTICLE = { threads: conditionLabel({ mode: "threads", k: 2, ...DEFAULTS }), processes: conditionLabel({ mode: "processes", k: 2, ...DEFAULTS }) };
export const MATCHED = {
  threads: conditionLabel({ mode: "threads", k: 2, ...DEFAULTS, concurrency: 1, uv: 2 }),
  processes: conditionLabel({ mode: "processes", k: 2, ...DEFAULTS, concurrency: 1, uv: 1 }),
};

/** The conditions of a run: the union of its sets, without repeats, in a stable order. */
export function thumbnailsConditions(params: Pick<ThumbnailsParams, "sets" | "workers">): ThumbnailsCondition[] {
  const ks = [...new Set(params.workers)].sort((a, b) => a - b);
  const bySet: Record<ConditionSet, () => ThumbnailsCondition[]> = {
    baseline: () => [condition("sequential", 1, { concurrency: 1 }), condition("all-at-once", 1)],
    article: () => [condition("processes", 2), condition("threads", 2)],
    // Two libvips threads and two libuv threads in all, whichever way the workers are made.
    matched: () => [condition("processes", 2, { concurrency: 1, uv: 1 }), condition("threads", 2, { concurrency: 1, uv: 2 })],
    scaling: () => ks.flatMap((k) => [condition("processes", k, { concurrency: 1, uv: 1 }), condition("threads", k, { concurrency: 1, uv: k })]),
    knobs: () => [
      condition("sequential", 1, { concurrency: 2 }),
      ...[1, 2, 8].map((uv) => condition("all-at-once", 1, { uv })),
      condition("all-at-once", 1, { concurrency: 2 }),
      ...(["processes", "threads"] as const).flatMap((mode) => [condition(mode, 2, { cache: false }), condition(mode, 2, { input: "buffer" })]),
    ],
  };
  const seen = new Map<string, ThumbnailsCondition>();
  for (const set of CONDITION_SETS) {
    if (!params.sets.includes(set)) continue;
    for (const c of bySet[set]()) if (!seen.has(c.label)) seen.set(c.label, c);
  }
  return [...seen.values()];
}

/** The corpus parameters of a run. */
export function corpusOf(params: Pick<ThumbnailsParams, "images" | "width" | "height" | "format" | "corpusSeed">): CorpusParams {
  return { count: params.images, width: params.width, height: params.height, format: params.format, seed: params.corpusSeed };
}

/** Where corpora live: imagesDir, else PARLAB_IMAGES_DIR, else data/images of the project. */
export function imagesRoot(imagesDir: string): string {
  if (imagesDir) return path.resolve(imagesDir);
  const fromEnv = labEnv().imagesDir;
  if (fromEnv) return path.resolve(fromEnv);
  return path.join(projectDataDir(), "images");
}

/** Checks what the parameter specs cannot: combinations, and a corpus folder that can be created. */
export function checkThumbnailsParams(params: ThumbnailsParams): void {
  checkCorpusParams(corpusOf(params));
  for (const k of params.workers) {
    if (!Number.isInteger(k) || k < 1) throw new InputError("workers", `pool sizes must be whole numbers ≥ 1, got ${k}`);
  }
  if (params.sets.length === 0) throw new InputError("sets", `give at least one of ${CONDITION_SETS.join(", ")}`);
  for (const s of params.sets) {
    if (!CONDITION_SETS.includes(s)) throw new InputError("sets", `unknown condition set "${s}"; expected one of ${CONDITION_SETS.join(", ")}`);
  }
  const root = imagesRoot(params.imagesDir);
  try {
    fs.mkdirSync(root, { recursive: true });
    fs.accessSync(root, fs.constants.W_OK);
  } catch (error) {
    throw new InputError("imagesDir", `cannot create or write the corpus folder ${root} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a writable folder`);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
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
    },
    { signal: ctx.signal },
  );
  if (report.badOutputs.length > 0) throw new Error(`wrong thumbnails: ${report.badOutputs.slice(0, 3).join("; ")}`);
  const ok = report.outcomes.filter((o) => o.ok);
  const latencies = report.outcomes.map((o) => o.latencyMs).sort((a, b) => a - b);
  const totalMs = report.computeMs + report.startupMs;
  const timeMs = params.includeStartup ? totalMs : report.computeMs;
  const metrics: Record<string, number> = {
    timeMs,
    computeMs: report.computeMs,
    startupMs: report.startupMs,
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
      versions: report.versions,
    },
  };
}

const summary = (values: number[], seed: number) => summarize(values, { seed });

/** Time and memory of one pair of conditions, each as the ratio of medians with its CI. */
export interface PairComparisons {
  time: Comparison;
  memory: Comparison;
  /** Peak PSS: shared pages split between the processes that map them, so shared code is counted once. */
  memoryPss: Comparison | null;
}

function compareBoth(result: Omit<ThumbnailsResult, "summary">, a: string, b: string): PairComparisons | null {
  const seed = result.params.seed;
  const [ta, tb] = [trialsOf(result, a, "timeMs"), trialsOf(result, b, "timeMs")];
  const [ma, mb] = [trialsOf(result, a, "peakRssBytes"), trialsOf(result, b, "peakRssBytes")];
  const [pa, pb] = [trialsOf(result, a, "peakPssBytes"), trialsOf(result, b, "peakPssBytes")];
  if (ta.length === 0 || tb.length === 0 || ma.length === 0 || mb.length === 0) return null;
  return {
    time: compareRatio(ta, tb, { labelA: a, labelB: b, seed, quantity: "time" }),
    memory: compareRatio(ma, mb, { labelA: a, labelB: b, seed, quantity: "peak RSS of the whole tree" }),
    memoryPss: pa.length > 0 && pb.length > 0 ? compareRatio(pa, pb, { labelA: a, labelB: b, seed, quantity: "peak PSS of the whole tree" }) : null,
  };
}

function summarizeThumbnails(result: Omit<ThumbnailsResult, "summary">): ThumbnailsSummary {
  const { params } = result;
  const seed = params.seed;
  const cores = result.machine.cpu.cores;
  const conditions = thumbnailsConditions(params);
  const rows: ThumbnailsRow[] = [];
  for (const c of conditions) {
    const time = trialsOf(result, c.label, "timeMs");
    if (time.length === 0) continue;
    const of = (metric: string) => summary(trialsOf(result, c.label, metric), seed);
    const pss = trialsOf(result, c.label, "peakPssBytes");
    const startup = trialsOf(result, c.label, "startupMs");
    rows.push({
      ...c,
      timeMs: summary(time, seed),
      computeMs: of("computeMs"),
      ...(c.mode === "threads" || c.mode === "processes" ? { startupMs: summary(startup, seed) } : {}),
      imagesPerS: of("imagesPerS"),
      latencyP50Ms: of("latencyP50Ms"),
      latencyP99Ms: of("latencyP99Ms"),
      peakRssBytes: of("peakRssBytes"),
      peakPssBytes: pss.length === time.length ? summary(pss, seed) : null,
      cpuCores: of("cpuCores"),
      effectiveConcurrency: of("concurrency").median,
    });
  }
  const single = rows
    .filter((r) => r.mode === "sequential" && r.effectiveConcurrency === 1)
    .sort((a, b) => a.timeMs.median - b.timeMs.median)[0];
  const base = single ? trialsOf(result, single.label, "timeMs") : [];
  for (const r of rows) {
    if (base.length === 0) break;
    const s = speedup(base, trialsOf(result, r.label, "timeMs"), { seed });
    r.speedup = { ratio: s.ratio, ci: s.ci };
    r.efficiency = { value: s.ratio / cores, ci: { lo: s.ci.lo / cores, hi: s.ci.hi / cores, level: s.ci.level } };
  }
  const top = rows.filter((r) => r.speedup).sort((a, b) => b.speedup!.ratio - a.speedup!.ratio)[0];
  return {
    cores,
    corpusId: corpusId(corpusOf(params)),
    versions: (result.trials.find((t) => t.detail?.versions)?.detail?.versions as ThumbnailsSummary["versions"] | undefined) ?? { sharp: "unknown", libvips: "unknown" },
    singleThread: single?.label ?? null,
    rows,
    best: top ? { label: top.label, speedup: top.speedup!.ratio, speedupCi: top.speedup!.ci, efficiency: top.efficiency!.value, efficiencyCi: top.efficiency!.ci } : null,
    article: compareBoth(result, ARTICLE.threads, ARTICLE.processes),
    matched: compareBoth(result, MATCHED.threads, MATCHED.processes),
    noiseFloor: base.length > 0 ? summary(base, seed).relativeIqr : NaN,
    imageFailures: result.trials.reduce((n, t) => n + (t.ok ? t.metrics.failedImages ?? 0 : 0), 0),
    failures: result.failures.length,
  };
}

/** The successful trial of a condition whose time is closest to the condition's median. */
function medianTrial(result: ThumbnailsResult, label: string): TrialRecord | undefined {
  const trials = result.trials.filter((t) => t.ok && t.condition === label);
  const median = result.summary.rows.find((r) => r.label === label)?.timeMs.median ?? NaN;
  return [...trials].sort((a, b) => Math.abs(a.metrics.timeMs! - median) - Math.abs(b.metrics.timeMs! - median))[0];
}

function thumbnailsCharts(result: ThumbnailsResult): Charts {
  return byId(thumbnailsChartsList(result));
}

function thumbnailsChartsList(result: ThumbnailsResult): Chart[] {
  const s = result.summary;
  const order = s.rows.map((r) => r.label);
  const MB = 1024 * 1024;
  const what = result.params.includeStartup ? "time incl. pool start-up" : "time, pool start-up excluded";
  const representative = order.map((label) => ({ label, trial: medianTrial(result, label) })).filter((x) => x.trial);
  return [
    charts.distribution(
      result.trials.filter((t) => t.ok).map((t) => ({ condition: t.condition, value: t.metrics.timeMs! })),
      { id: "time", title: `Wall time of every trial (${what})`, valueTitle: "wall time (ms)", order },
    ),
    charts.barsWithCi(
      s.rows.filter((r) => r.speedup).map((r) => ({ group: "speedup", category: r.label, value: r.speedup!.ratio, lo: r.speedup!.ci.lo, hi: r.speedup!.ci.hi })),
      {
        id: "speedup",
        title: `Speedup over the single-thread rate (${s.singleThread ?? "none"})`,
        valueTitle: "speedup (× single-thread rate)",
        categoryTitle: "condition",
        ideal: s.cores,
        idealLabel: `limit: ${s.cores} cores × single-thread rate`,
        width: Math.max(480, 110 * s.rows.length),
      },
    ),
    charts.barsWithCi(
      s.rows.flatMap((r) => [
        { group: "peak RSS", category: r.label, value: r.peakRssBytes.median / MB, lo: r.peakRssBytes.medianCi.lo / MB, hi: r.peakRssBytes.medianCi.hi / MB },
        ...(r.peakPssBytes ? [{ group: "peak PSS", category: r.label, value: r.peakPssBytes.median / MB, lo: r.peakPssBytes.medianCi.lo / MB, hi: r.peakPssBytes.medianCi.hi / MB }] : []),
      ]),
      { id: "memory", title: "Peak memory of the whole process tree (median, 95% CI)", valueTitle: "peak memory (MiB)", categoryTitle: "condition", width: Math.max(480, 110 * s.rows.length) },
    ),
    charts.timeline(
      representative.flatMap(({ label, trial }) => ((trial!.detail?.cpuTimeline ?? []) as Array<[number, number]>).map(([tMs, cores]) => ({ tMs, series: label, value: cores }))),
      { id: "cpu", title: `Cores busy during the median trial of each condition (of ${s.cores})`, valueTitle: "cores busy (CPU time / wall time)" },
    ),
    charts.ecdf(
      representative.flatMap(({ label, trial }) => ((trial!.detail?.latenciesMs ?? []) as number[]).map((value) => ({ series: label, value }))),
      { id: "latency", title: "Per-image latency in the median trial of each condition", valueTitle: "latency of one image (ms)", log: true },
    ),
  ];
}

/** The sentence on the best mode's parallel efficiency against this machine's limit. */
export function efficiencyFinding(s: ThumbnailsSummary, goal = 0.9): string | null {
  if (!s.best || !s.singleThread) return null;
  const b = s.best;
  const verdict = b.efficiencyCi.lo >= goal
    ? `the ${formatNumber(goal * 100)}% goal is met`
    : b.efficiencyCi.hi < goal
    ? `the ${formatNumber(goal * 100)}% goal is not met`
    : `whether it reaches the ${formatNumber(goal * 100)}% goal is not resolved by this run`;
  return `Best mode: ${b.label} at ${formatNumber(b.speedup)}× the single-thread rate of ${s.singleThread} (95% CI ${formatInterval(b.speedupCi)}×): a parallel efficiency of ${formatNumber(b.efficiency * 100)}% (95% CI ${formatInterval(b.efficiencyCi, 100)}%) of the limit, single-thread rate × ${s.cores} cores; ${verdict}.`;
}

function thumbnailsFindings(result: ThumbnailsResult): string[] {
  const s = result.summary;
  const p = result.params;
  const r = result.runtime;
  const lines: string[] = [];
  const conc = [...new Set(s.rows.filter((x) => x.concurrency === 0).map((x) => x.effectiveConcurrency))];
  lines.push(
    `Measured on ${s.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version}; ${p.trials} trials per condition; ${p.images} ${p.format} images of ${p.width}×${p.height} (corpus ${s.corpusId}) to ${p.thumbWidth}×${p.thumbHeight} JPEG thumbnails with sharp ${s.versions.sharp} (libvips ${s.versions.libvips}); ` +
      `time ${p.includeStartup ? "includes" : "excludes"} pool start-up.` + (conc.length > 0 ? ` sharp's default concurrency here was ${conc.join(", ")} thread(s) per process.` : ""),
  );
  if (Number.isFinite(s.noiseFloor)) lines.push(`Noise floor: identical single-thread trials spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median); differences smaller than that are not resolved.`);
  const single = s.rows.find((x) => x.label === s.singleThread);
  if (single) lines.push(`Single-thread rate (${single.label}: one image at a time, libvips on one thread): ${formatNumber(single.imagesPerS.median)} images/s (95% CI ${formatInterval(single.imagesPerS.medianCi)}).`);
  else lines.push("No sequential condition with one libvips thread ran, so there is no single-thread rate to scale against.");
  const eff = efficiencyFinding(s);
  if (eff) lines.push(eff);
  if (s.article) {
    lines.push(`Article's comparison (2 threads vs 2 processes, sharp defaults): ${s.article.time.verdict}`);
    lines.push(`Memory, same comparison: ${s.article.memory.verdict}`);
    if (s.article.memoryPss) lines.push(`Counted by PSS (shared pages split, so Node's and libvips' code counts once): ${s.article.memoryPss.verdict}`);
  }
  if (s.matched) {
    lines.push(`Deconfounded (two libvips and two libuv threads in all on each side): ${s.matched.time.verdict}`);
    lines.push(`Memory, same comparison: ${s.matched.memory.verdict}`);
    if (s.matched.memoryPss) lines.push(`Counted by PSS: ${s.matched.memoryPss.verdict}`);
  }
  if (s.imageFailures > 0) lines.push(`${s.imageFailures} image(s) failed over all trials; see each trial's imageFailures.`);
  return [...lines, ...failureNote(s.failures)];
}

/** The thumbnails experiment. */
export const thumbnails: Experiment<ThumbnailsParams, ThumbnailsSummary> = {
  id: "thumbnails",
  version: 1,
  title: "Thumbnails: processes vs threads, with sharp's own threads accounted for",
  description:
    "Resizes a generated corpus of photo-like images to fixed-size JPEG thumbnails with sharp: one image at a time (sequential), " +
    "all images in flight at once in one process (libuv and libvips parallelism only), and with a pool of k threads or k processes, each worker " +
    "resizing its share one image at a time. Each trial runs in a fresh host process started with the condition's UV_THREADPOOL_SIZE, " +
    "sharp.concurrency and sharp.cache (all process-wide), whose pool processes inherit them. \"Single-thread\" is the sequential condition " +
    "with sharp.concurrency 1: one image in flight, libvips on one worker thread, the JavaScript thread waiting. Time runs from every worker " +
    "being ready (sharp loaded) to the last thumbnail written; pool start-up is measured separately. Every thumbnail's size and format is checked.",
  params: {
    images: { type: "integer", description: "images in the corpus", unit: "images", min: 1, max: 10_000, default: { tiny: 6, quick: 20, full: 100 } },
    width: { type: "integer", description: "width of every image", unit: "px", min: 16, max: 16_384, default: { tiny: 640, quick: 1600, full: 4000 } },
    height: { type: "integer", description: "height of every image", unit: "px", min: 16, max: 16_384, default: { tiny: 480, quick: 1200, full: 3000 } },
    format: { type: "string", description: "encoding of the corpus", choices: ["jpeg", "png", "webp"], default: "jpeg" },
    corpusSeed: { type: "integer", description: "seed of the image corpus", min: 0, max: 2 ** 31 - 1, default: 1 },
    imagesDir: { type: "string", description: "folder of the corpora (empty: data/images of the project, or PARLAB_IMAGES_DIR)", default: "" },
    thumbWidth: { type: "integer", description: "width of every thumbnail", unit: "px", min: 1, max: 4096, default: 320 },
    thumbHeight: { type: "integer", description: "height of every thumbnail", unit: "px", min: 1, max: 4096, default: 240 },
    workers: { type: "integer[]", description: "pool sizes k of the scaling set", unit: "workers", min: 1, max: 64, default: { tiny: [1, 2], quick: [1, 2], full: [1, 2, 3, 4] } },
    sets: {
      type: "string[]",
      description: "condition sets: baseline (sequential, all at once), article (2 vs 2, sharp defaults), matched (2 vs 2, same total threads), scaling (k of each), knobs (UV_THREADPOOL_SIZE, concurrency, cache, buffer input)",
      choices: CONDITION_SETS,
      default: { tiny: ["baseline", "article", "matched", "scaling"], quick: ["baseline", "article", "matched", "scaling"], full: ["baseline", "article", "matched", "scaling", "knobs"] },
    },
    includeStartup: { type: "boolean", description: "count pool start-up (spawn until every worker has loaded sharp) in the time", default: false },
    ...trialParamSpecs({ trials: { tiny: 2, quick: 6, full: 15 }, warmups: { tiny: 0, quick: 1, full: 2 }, minTimeoutMs: 1000 }),
  },
  async run(params, options = {}) {
    checkThumbnailsParams(params);
    const conditions = thumbnailsConditions(params);
    const run = beginRun(thumbnails, params, options, plannedOrder(conditions.map((c) => c.label), params));
    try {
      const corpus = await prepareCorpus(imagesRoot(params.imagesDir), corpusOf(params), options.signal);
      const cores = run.base.machine.cpu.cores;
      const outcome = await runTrials(conditions, params, (c, ctx) => measure(c, ctx, corpus.paths, params, cores), {
        signal: options.signal,
        onProgress: options.onProgress,
        onTrial: run.onTrial,
      });
      return await finishRun(run, outcome);
    } catch (error) {
      await run.abandon();
      throw error;
    }
  },
  summarize: summarizeThumbnails,
  charts: thumbnailsCharts,
  findings: thumbnailsFindings,
};
