/**
 * Experiment "scaling": a CPU-bound prime count split over k workers as threads and as processes,
 * against the same count in the main thread. Reports time, speedup and parallel efficiency per k
 * with confidence intervals, fits Amdahl's law, and compares threads with processes at each k.
 * @module
 */
import * as charts from "../../charts/mod.ts";
import { InputError } from "../../errors.ts";
import { startPool, type PoolKind } from "../../drivers/pool/mod.ts";
import { countPrimes, primeCountSieve, splitRange } from "../../workloads/cpu.ts";
import { compareRatio, fitAmdahl, speedup, summarize } from "../../stats/mod.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Chart, Charts, Comparison, Experiment, Interval, Result, Summary } from "../../types.ts";
import { failureNote, formatInterval, formatNumber, trialsOf } from "../_shared/analysis.ts";
import { trialParamSpecs } from "../_shared/params.ts";
import { runConditions } from "../_shared/run.ts";
import { byId } from "../../charts/mod.ts";

/** Parameters of the scaling experiment. */
export interface ScalingParams extends Record<string, unknown> {
  workers: number[];
  kinds: PoolKind[];
  n: number;
  chunks: number;
  trials: number;
  warmups: number;
  order: "random" | "abba" | "blocked";
  seed: number;
  timeoutMs: number;
  prewarm: boolean;
}

/** One condition: the main thread, or a pool of `workers` threads or processes. */
export interface ScalingCondition {
  label: string;
  kind: "main" | PoolKind;
  workers: number;
}

/** Per-condition statistics. */
export interface ScalingRow {
  label: string;
  kind: ScalingCondition["kind"];
  workers: number;
  /** Compute time of the whole count, in milliseconds. */
  computeMs: Summary;
  /** Time from spawning the pool until every worker was ready, in milliseconds (pools only). */
  startupMs?: Summary;
  /** median(main) / median(this), with its bootstrap CI. */
  speedup?: { ratio: number; ci: Interval };
  /** speedup / workers, with its CI. */
  efficiency?: { value: number; ci: Interval };
}

/** Amdahl's law fitted to one kind of pool over k ≤ cores. */
export interface AmdahlRow {
  kind: PoolKind;
  serialFraction: number;
  serialFractionCi: Interval;
  maxSpeedup: number;
  t1Ms: number;
  workersUsed: number[];
}

/** What a scaling run found. */
export interface ScalingSummary {
  cores: number;
  expectedPrimes: number;
  rows: ScalingRow[];
  amdahl: AmdahlRow[];
  /** threads×k against processes×k, ratio of compute-time medians. */
  comparisons: Comparison[];
  /** processes×1 against threads×1 start-up time, when both ran. */
  startupComparison: Comparison | null;
  /** IQR / median of the main-thread trials: the spread of identical work on this machine. */
  noiseFloor: number;
  failures: number;
}

export type ScalingResult = Result<ScalingParams, ScalingSummary>;

const label = (kind: ScalingCondition["kind"], workers: number) => (kind === "main" ? "main" : `${kind}×${workers}`);

/** The conditions of a run, baseline first, then each kind by ascending k. */
export function scalingConditions(params: Pick<ScalingParams, "workers" | "kinds">): ScalingCondition[] {
  const ks = [...new Set(params.workers)].sort((a, b) => a - b);
  return [
    { label: "main", kind: "main", workers: 1 },
    ...params.kinds.flatMap((kind) => ks.map((workers) => ({ label: label(kind, workers), kind, workers }))),
  ];
}

/** The range each fresh worker counts once before the clock starts, so its JIT is as warm as the main thread's. */
const PREWARM_RANGE: [number, number] = [0, 50_000];

async function measure(
  condition: ScalingCondition,
  context: TrialContext,
  ranges: Array<[number, number]>,
  expected: number,
  prewarm: boolean,
): Promise<Measurement> {
  const check = (count: number) => {
    if (count !== expected) throw new Error(`wrong answer: counted ${count} primes, expected ${expected}`);
  };
  if (condition.kind === "main") {
    const t0 = performance.now();
    let count = 0;
    for (const [lo, hi] of ranges) count += countPrimes(lo, hi);
    const computeMs = performance.now() - t0;
    check(count);
    return { durationMs: computeMs, metrics: { computeMs, primes: count } };
  }
  const tStart = performance.now();
  const pool = await startPool({ kind: condition.kind, size: condition.workers, signal: context.signal });
  try {
    // The main thread's kernel is hot from earlier trials; a fresh worker's is not. One small task per
    // worker (all idle, so each takes one) lets its JIT warm up before the clock starts.
    const tWarm = performance.now();
    if (prewarm) await Promise.all(Array.from({ length: pool.size }, () => pool.run("primes", PREWARM_RANGE)));
    const warmupMs = performance.now() - tWarm;
    const t0 = performance.now();
    const counts = await Promise.all(ranges.map((r) => pool.run<number>("primes", r)));
    const computeMs = performance.now() - t0;
    const count = counts.reduce((a, b) => a + b, 0);
    check(count);
    return {
      durationMs: computeMs,
      metrics: { computeMs, startupMs: pool.startupMs, warmupMs, totalMs: performance.now() - tStart, primes: count },
      detail: { pids: pool.pids },
    };
  } finally {
    await pool.kill();
  }
}

function summarizeScaling(result: Omit<ScalingResult, "summary">): ScalingSummary {
  const { params } = result;
  const cores = result.machine.cpu.cores;
  const conditions = scalingConditions(params);
  const main = trialsOf(result, "main", "computeMs");
  const rows: ScalingRow[] = [];
  for (const c of conditions) {
    const compute = trialsOf(result, c.label, "computeMs");
    if (compute.length === 0) continue;
    const row: ScalingRow = { label: c.label, kind: c.kind, workers: c.workers, computeMs: summarize(compute, { seed: params.seed }) };
    if (c.kind !== "main") {
      const startup = trialsOf(result, c.label, "startupMs");
      if (startup.length > 0) row.startupMs = summarize(startup, { seed: params.seed });
      if (main.length > 0) {
        const s = speedup(main, compute, { seed: params.seed });
        row.speedup = { ratio: s.ratio, ci: s.ci };
        row.efficiency = { value: s.ratio / c.workers, ci: { lo: s.ci.lo / c.workers, hi: s.ci.hi / c.workers, level: s.ci.level } };
      }
    }
    rows.push(row);
  }
  const amdahl: AmdahlRow[] = [];
  for (const kind of params.kinds) {
    const points = result.trials
      .filter((t) => t.ok && conditions.some((c) => c.label === t.condition && c.kind === kind && c.workers <= cores))
      .map((t) => ({ workers: conditions.find((c) => c.label === t.condition)!.workers, durationMs: t.metrics.computeMs! }));
    const used = [...new Set(points.map((p) => p.workers))].sort((a, b) => a - b);
    if (used.length < 2) continue;
    const fit = fitAmdahl(points, { seed: params.seed });
    amdahl.push({ kind, serialFraction: fit.serialFraction, serialFractionCi: fit.serialFractionCi, maxSpeedup: fit.maxSpeedup, t1Ms: fit.t1Ms, workersUsed: used });
  }
  const comparisons: Comparison[] = [];
  if (params.kinds.includes("threads") && params.kinds.includes("processes")) {
    for (const k of [...new Set(params.workers)].sort((a, b) => a - b)) {
      const t = trialsOf(result, label("threads", k), "computeMs");
      const p = trialsOf(result, label("processes", k), "computeMs");
      if (t.length > 0 && p.length > 0) {
        comparisons.push(compareRatio(t, p, { labelA: label("threads", k), labelB: label("processes", k), seed: params.seed, quantity: "compute time" }));
      }
    }
  }
  const startT = trialsOf(result, label("threads", 1), "startupMs");
  const startP = trialsOf(result, label("processes", 1), "startupMs");
  const startupComparison = startT.length > 0 && startP.length > 0
    ? compareRatio(startP, startT, { labelA: "a process", labelB: "a thread", seed: params.seed, quantity: "start-up time" })
    : null;
  return {
    cores,
    startupComparison,
    expectedPrimes: primeCountSieve(params.n),
    rows,
    amdahl,
    comparisons,
    noiseFloor: main.length > 0 ? summarize(main, { seed: params.seed }).relativeIqr : NaN,
    failures: result.failures.length,
  };
}


function scalingCharts(result: ScalingResult): Charts {
  return byId(scalingChartsList(result));
}

function scalingChartsList(result: ScalingResult): Chart[] {
  const { summary } = result;
  const pools = summary.rows.filter((r) => r.kind !== "main" && r.speedup);
  const fitted = summary.amdahl.flatMap((a) =>
    [...new Set(pools.map((r) => r.workers))].map((k) => ({ series: `${a.kind} (Amdahl fit)`, workers: k, speedup: 1 / (a.serialFraction + (1 - a.serialFraction) / k) })),
  );
  const order = summary.rows.map((r) => r.label);
  return [
    charts.speedup(
      pools.map((r) => ({ series: r.kind, workers: r.workers, speedup: r.speedup!.ratio, lo: r.speedup!.ci.lo, hi: r.speedup!.ci.hi })),
      { id: "speedup", title: "Speedup over the main thread (median, 95% CI)", cores: summary.cores, fitted, yTitle: "speedup (× the main thread)" },
    ),
    charts.distribution(
      result.trials.filter((t) => t.ok).map((t) => ({ condition: t.condition, value: t.metrics.computeMs! })),
      { id: "compute-time", title: "Compute time of every trial", valueTitle: "compute time (ms)", order },
    ),
    charts.distribution(
      result.trials.filter((t) => t.ok && t.metrics.startupMs !== undefined).map((t) => ({ condition: t.condition, value: t.metrics.startupMs! })),
      { id: "startup-time", title: "Pool start-up: spawn until every worker is ready", valueTitle: "start-up time (ms)", order: order.filter((l) => l !== "main") },
    ),
  ];
}

function scalingFindings(result: ScalingResult): string[] {
  const s = result.summary;
  const lines: string[] = [];
  const r = result.runtime;
  lines.push(`Measured on ${s.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version}; ${result.params.trials} trials per condition, prime count below ${result.params.n} in ${result.params.chunks} tasks.`);
  if (Number.isFinite(s.noiseFloor)) {
    lines.push(`Noise floor: identical main-thread trials spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median); differences smaller than that are not resolved.`);
  }
  const best = s.rows.filter((x) => x.speedup).sort((a, b) => b.speedup!.ratio - a.speedup!.ratio)[0];
  if (best) {
    lines.push(`Best: ${best.label} ran ${formatNumber(best.speedup!.ratio)}× as fast as the main thread (95% CI ${formatInterval(best.speedup!.ci)}×), a parallel efficiency of ${formatNumber(best.efficiency!.value * 100)}% (95% CI ${formatInterval(best.efficiency!.ci, 100)}%).`);
  }
  for (const a of s.amdahl) {
    lines.push(`Amdahl fit for ${a.kind} over k = ${a.workersUsed.join(", ")}: serial fraction ${formatNumber(a.serialFraction * 100)}% (95% CI ${formatInterval(a.serialFractionCi, 100)}%), so no number of ${a.kind} could exceed about ${Number.isFinite(a.maxSpeedup) ? formatNumber(a.maxSpeedup) + "×" : "any bound"} here.`);
  }
  const over = s.rows.filter((x) => x.kind !== "main" && x.workers > s.cores && x.efficiency);
  if (over.length > 0) {
    lines.push(`Beyond ${s.cores} workers the cores are oversubscribed: efficiency at ${over.map((x) => `${x.label} ${formatNumber(x.efficiency!.value * 100)}%`).join(", ")}.`);
  }
  for (const c of s.comparisons) lines.push(c.verdict);
  const startups = s.rows.filter((x) => x.startupMs && x.workers === 1);
  if (startups.length > 0) {
    lines.push(`Start-up of one worker (median, 95% CI): ${startups.map((x) => `${x.kind} ${formatNumber(x.startupMs!.median)} ms (${formatInterval(x.startupMs!.medianCi)} ms)`).join("; ")}; it is excluded from the compute time above.`);
  }
  if (s.startupComparison) lines.push(`Start-up: ${s.startupComparison.verdict}`);
  return [...lines, ...failureNote(s.failures)];
}

/** The scaling experiment. */
export const scaling: Experiment<ScalingParams, ScalingSummary> = {
  id: "scaling",
  version: 1,
  title: "CPU-bound scaling: processes vs threads",
  description:
    "Counts the primes below n by trial division, split into equal ranges that a pool of k workers takes from one queue, " +
    "as threads (worker_threads) and as processes (child_process.fork), against the same count in the main thread. " +
    "A fresh pool per trial; compute time excludes pool start-up (measured separately) and, with prewarm, the workers' JIT warm-up.",
  params: {
    workers: { type: "integer[]", description: "pool sizes k to measure", unit: "workers", min: 1, max: 64, default: { tiny: [1, 2], quick: [1, 2, 3, 4], full: [1, 2, 3, 4, 6, 8] } },
    kinds: { type: "string[]", description: "kinds of pool", choices: ["threads", "processes"], default: ["threads", "processes"] },
    n: { type: "integer", description: "count the primes below n", unit: "count", min: 1000, max: 50_000_000, default: { tiny: 200_000, quick: 1_000_000, full: 3_000_000 } },
    chunks: { type: "integer", description: "tasks the range is split into", unit: "tasks", min: 1, max: 100_000, default: { tiny: 8, quick: 48, full: 96 } },
    ...trialParamSpecs({ trials: { tiny: 2, quick: 6, full: 20 }, warmups: { tiny: 0, quick: 1, full: 2 }, minTimeoutMs: 100 }),
    prewarm: { type: "boolean", description: "give each fresh worker one small task before timing, so compute time excludes its JIT warm-up", default: true },
  },
  async run(params, options = {}) {
    const conditions = scalingConditions(params);
    if (params.chunks < Math.max(...params.workers)) {
      throw new InputError("chunks", `${params.chunks} tasks cannot keep ${Math.max(...params.workers)} workers busy; give chunks ≥ the largest pool size`);
    }
    const ranges = splitRange(params.n, params.chunks);
    const expected = primeCountSieve(params.n);
    return runConditions(scaling, params, options, conditions, (c, ctx) => measure(c, ctx, ranges, expected, params.prewarm));
  },
  summarize: summarizeScaling,
  charts: scalingCharts,
  findings: scalingFindings,
};
