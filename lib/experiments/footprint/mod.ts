/**
 * Experiment "footprint": what a worker weighs and how long it takes to start. For n workers as
 * threads and as processes, each loading an empty or a realistic module graph, a fresh host process
 * reads its tree's RSS and PSS before and after starting them, and times each from spawn to ready.
 * The marginal memory of one more worker is the slope of a line fitted to memory against n, with a
 * bootstrap CI; processes and threads are compared by the ratio of their slopes.
 * @module
 */
import * as ss from "simple-statistics";
import * as charts from "../../charts/mod.ts";
import { footprintHost, measureFootprint } from "../../drivers/footprint/mod.ts";
import type { PoolKind } from "../../drivers/pool/mod.ts";
import { checkParam } from "../../params.ts";
import { compareRatio, fitLine, MIN_TRIALS_FOR_VERDICT, slopeRatio, summarize } from "../../stats/mod.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Chart, Charts, Comparison, Experiment, Interval, Result, Summary } from "../../types.ts";
import { MODULE_GRAPHS, type ModuleGraph } from "../../workloads/graphs.ts";
import { failureNote, formatInterval, formatNumber, trialsOf } from "../_shared/analysis.ts";
import { trialParamSpecs } from "../_shared/params.ts";
import { runConditions } from "../_shared/run.ts";
import { byId } from "../../charts/mod.ts";

/** Parameters of the footprint experiment. */
export interface FootprintParams extends Record<string, unknown> {
  workers: number[];
  kinds: PoolKind[];
  graphs: ModuleGraph[];
  settleMs: number;
  prime: boolean;
  trials: number;
  warmups: number;
  order: "random" | "abba" | "blocked";
  seed: number;
  timeoutMs: number;
}

/** One condition: n workers of one kind, each loading one module graph, in a fresh host. */
export interface FootprintCondition {
  label: string;
  kind: PoolKind;
  graph: ModuleGraph;
  workers: number;
}

/** Which memory figure: resident set size, or proportional set size (shared pages split between their users). */
export type MemoryMeasure = "rss" | "pss";

/** Per-condition statistics; memory in bytes, times in milliseconds. */
export interface FootprintRow extends FootprintCondition {
  /** Tree memory with the workers, minus the bare host's. */
  rssAddedBytes: Summary;
  pssAddedBytes: Summary | null;
  /** The same divided by n: the average weight of one worker. */
  rssPerWorkerBytes: Summary;
  pssPerWorkerBytes: Summary | null;
  /** From the first spawn until every worker was ready. */
  startupMs: Summary;
  /** Each worker from its own spawn to its ready, pooled over the trials. */
  workerStartupMs: Summary;
}

/** The line memory-added = intercept + slope·n for one kind and graph. */
export interface SlopeRow {
  kind: PoolKind;
  graph: ModuleGraph;
  memory: MemoryMeasure;
  /** Marginal memory of one more worker, in bytes, with its bootstrap CI. */
  slopeBytes: number;
  slopeCi: Interval;
  interceptBytes: number;
  r2: number;
  /** Trials fitted, and the worker counts they cover. */
  points: number;
  workers: number[];
}

/** Process slope over thread slope for one graph and memory measure. */
export interface SlopeComparison {
  graph: ModuleGraph;
  memory: MemoryMeasure;
  ratio: number;
  ci: Interval;
  /** Fewest trials of any condition in the two fits. */
  minTrials: number;
  noDifference: boolean;
  conclusive: boolean;
  verdict: string;
}

/** What a footprint run found. */
export interface FootprintSummary {
  cores: number;
  /** Runtimes the hosts and their workers ran on, e.g. ["node 20.20.2"]. */
  hostRuntimes: string[];
  /** True when every trial read memory after a full garbage collection in the host and every worker. */
  collected: boolean;
  /** True when PSS was read (Linux with /proc/<pid>/smaps_rollup). */
  pssAvailable: boolean;
  rows: FootprintRow[];
  slopes: SlopeRow[];
  slopeComparisons: SlopeComparison[];
  /** A process against a thread, time until one worker is ready, per graph (at the smallest n). */
  startupComparisons: Comparison[];
  /** IQR / median of the bare hosts' RSS: the spread of identical readings on this machine. */
  noiseFloor: number;
  failures: number;
}

export type FootprintResult = Result<FootprintParams, FootprintSummary>;

const MIB = 1024 * 1024;
const label = (kind: PoolKind, workers: number, graph: ModuleGraph) => `${kind}×${workers} ${graph}`;
const series = (kind: PoolKind, graph: ModuleGraph) => `${kind} ${graph}`;
/** Each kind keeps its family's colour, darker with the heavier graph, so a reader sees kind first and graph second. */
const SERIES_COLORS: Record<string, string> = {
  "processes empty": "#56B4E9",
  "processes lab": "#0072B2",
  "threads empty": "#E69F00",
  "threads lab": "#D55E00",
};

/** The conditions of a run: each graph, each kind, by ascending n. */
export function footprintConditions(params: Pick<FootprintParams, "workers" | "kinds" | "graphs">): FootprintCondition[] {
  const ns = [...new Set(params.workers)].sort((a, b) => a - b);
  return params.graphs.flatMap((graph) =>
    params.kinds.flatMap((kind) => ns.map((workers) => ({ label: label(kind, workers, graph), kind, graph, workers }))),
  );
}

async function measure(c: FootprintCondition, context: TrialContext, settleMs: number): Promise<Measurement> {
  const r = await measureFootprint({ kind: c.kind, graph: c.graph, workers: c.workers, settleMs, signal: context.signal });
  // The tree reading must hold exactly the host and its worker processes, or the memory is not theirs.
  const expected = c.kind === "processes" ? [r.hostPid, ...r.workerPids] : [r.hostPid];
  const missing = expected.filter((pid) => !r.after.pids.includes(pid));
  if (missing.length > 0 || r.after.pids.length !== expected.length) {
    throw new Error(`the process tree held pids ${r.after.pids.join(", ")} but the host and its workers are ${expected.join(", ")}`);
  }
  const metrics: Record<string, number> = {
    startupMs: r.allReadyMs,
    workerStartupMedianMs: ss.median(r.workerStartupMs),
    loadMedianMs: ss.median(r.loadMs),
    hostRssBytes: r.before.rssBytes,
    rssAddedBytes: r.after.rssBytes - r.before.rssBytes,
    rssPerWorkerBytes: (r.after.rssBytes - r.before.rssBytes) / c.workers,
    peakRssAddedBytes: r.peakRssBytes - r.before.rssBytes,
    processes: r.after.pids.length,
  };
  if (r.before.pssBytes !== null && r.after.pssBytes !== null) {
    metrics.hostPssBytes = r.before.pssBytes;
    metrics.pssAddedBytes = r.after.pssBytes - r.before.pssBytes;
    metrics.pssPerWorkerBytes = metrics.pssAddedBytes / c.workers;
  }
  return {
    durationMs: r.allReadyMs,
    metrics,
    detail: { hostRuntime: r.runtime, collected: r.collected, workerStartupMs: r.workerStartupMs, loadMs: r.loadMs, pids: r.after.pids },
  };
}

const summaryOrNull = (values: number[], seed: number) => (values.length > 0 ? summarize(values, { seed }) : null);

function slopeVerdict(graph: ModuleGraph, memory: MemoryMeasure, ratio: number, ci: Interval, minTrials: number): Pick<SlopeComparison, "noDifference" | "conclusive" | "verdict"> {
  const what = `memory per worker (${memory.toUpperCase()}, ${graph} graph)`;
  const claim = `A process added ${formatNumber(ratio)}× the ${what} of a thread (95% CI ${formatInterval(ci)}×; at least ${minTrials} trials at each n)`;
  const noDifference = ci.lo <= 1 && ci.hi >= 1;
  if (minTrials < MIN_TRIALS_FOR_VERDICT) {
    return { noDifference, conclusive: false, verdict: `${claim}: too few trials for a verdict; ${MIN_TRIALS_FOR_VERDICT} or more per condition give usable intervals.` };
  }
  if (noDifference) return { noDifference, conclusive: false, verdict: `No difference in ${what} detected between processes and threads: ratio ${formatNumber(ratio)}× (95% CI ${formatInterval(ci)}×).` };
  return { noDifference, conclusive: true, verdict: `${claim}: ${ci.lo > 1 ? "threads are lighter" : "processes are lighter"}.` };
}

function summarizeFootprint(result: Omit<FootprintResult, "summary">): FootprintSummary {
  const { params } = result;
  const seed = params.seed;
  const conditions = footprintConditions(params);
  const ok = result.trials.filter((t) => t.ok);
  const rows: FootprintRow[] = [];
  for (const c of conditions) {
    const startup = trialsOf(result, c.label, "startupMs");
    if (startup.length === 0) continue;
    const perWorker = ok.filter((t) => t.condition === c.label).flatMap((t) => (t.detail?.workerStartupMs as number[] | undefined) ?? []);
    rows.push({
      ...c,
      rssAddedBytes: summarize(trialsOf(result, c.label, "rssAddedBytes"), { seed }),
      pssAddedBytes: summaryOrNull(trialsOf(result, c.label, "pssAddedBytes"), seed),
      rssPerWorkerBytes: summarize(trialsOf(result, c.label, "rssPerWorkerBytes"), { seed }),
      pssPerWorkerBytes: summaryOrNull(trialsOf(result, c.label, "pssPerWorkerBytes"), seed),
      startupMs: summarize(startup, { seed }),
      workerStartupMs: summarize(perWorker.length > 0 ? perWorker : startup, { seed }),
    });
  }
  const points = (kind: PoolKind, graph: ModuleGraph, memory: MemoryMeasure) =>
    conditions
      .filter((c) => c.kind === kind && c.graph === graph)
      .flatMap((c) => trialsOf(result, c.label, `${memory}AddedBytes`).map((y) => ({ x: c.workers, y })));
  const minTrials = (kind: PoolKind, graph: ModuleGraph, memory: MemoryMeasure) =>
    Math.min(...conditions.filter((c) => c.kind === kind && c.graph === graph).map((c) => trialsOf(result, c.label, `${memory}AddedBytes`).length));
  const slopes: SlopeRow[] = [];
  const slopeComparisons: SlopeComparison[] = [];
  const fittable = (p: { x: number }[]) => new Set(p.map((q) => q.x)).size >= 2;
  for (const graph of params.graphs) {
    for (const memory of ["rss", "pss"] as const) {
      for (const kind of params.kinds) {
        const p = points(kind, graph, memory);
        if (!fittable(p)) continue;
        const fit = fitLine(p, { seed });
        slopes.push({ kind, graph, memory, slopeBytes: fit.slope, slopeCi: fit.slopeCi, interceptBytes: fit.intercept, r2: fit.r2, points: fit.n, workers: fit.xs });
      }
      const pp = points("processes", graph, memory);
      const pt = points("threads", graph, memory);
      if (fittable(pp) && fittable(pt)) {
        const { ratio, ci } = slopeRatio(pp, pt, { seed });
        const least = Math.min(minTrials("processes", graph, memory), minTrials("threads", graph, memory));
        slopeComparisons.push({ graph, memory, ratio, ci, minTrials: least, ...slopeVerdict(graph, memory, ratio, ci, least) });
      }
    }
  }
  const smallest = Math.min(...params.workers);
  const startupComparisons: Comparison[] = [];
  for (const graph of params.graphs) {
    const p = trialsOf(result, label("processes", smallest, graph), "startupMs");
    const t = trialsOf(result, label("threads", smallest, graph), "startupMs");
    if (p.length > 0 && t.length > 0) {
      const workers = smallest === 1 ? "" : ` (×${smallest})`;
      startupComparisons.push(compareRatio(p, t, { labelA: `a process${workers} (${graph})`, labelB: `a thread${workers} (${graph})`, seed, quantity: "start-up time" }));
    }
  }
  const hostRss = ok.map((t) => t.metrics.hostRssBytes).filter((x): x is number => Number.isFinite(x));
  return {
    cores: result.machine.cpu.cores,
    hostRuntimes: [...new Set(ok.map((t) => t.detail?.hostRuntime).filter((x): x is string => typeof x === "string"))],
    collected: ok.length > 0 && ok.every((t) => t.detail?.collected === true),
    pssAvailable: ok.some((t) => Number.isFinite(t.metrics.pssAddedBytes)),
    rows,
    slopes,
    slopeComparisons,
    startupComparisons,
    noiseFloor: hostRss.length > 0 ? summarize(hostRss, { seed }).relativeIqr : NaN,
    failures: result.failures.length,
  };
}

const mib = (bytes: number) => bytes / MIB;
const mibInterval = (ci: Interval) => formatInterval({ lo: mib(ci.lo), hi: mib(ci.hi), level: ci.level });

function footprintCharts(result: FootprintResult): Charts {
  return byId(footprintChartsList(result));
}

function footprintChartsList(result: FootprintResult): Chart[] {
  const s = result.summary;
  const conditions = footprintConditions(result.params);
  const byLabel = new Map(conditions.map((c) => [c.label, c]));
  const ok = result.trials.filter((t) => t.ok && byLabel.has(t.condition));
  const ns = [...new Set(s.rows.map((r) => r.workers))];
  const memoryChart = (memory: MemoryMeasure) =>
    charts.trialsWithLines(
      ok.filter((t) => Number.isFinite(t.metrics[`${memory}AddedBytes`])).map((t) => {
        const c = byLabel.get(t.condition)!;
        return { series: series(c.kind, c.graph), workers: c.workers, value: mib(t.metrics[`${memory}AddedBytes`]!) };
      }),
      {
        id: `${memory}-added`,
        title: `${memory === "rss" ? "Resident memory (RSS)" : "Proportional memory (PSS)"} the workers added to the tree, every trial, with fitted lines`,
        valueTitle: `${memory.toUpperCase()} added over the bare host (MiB)`,
        colors: SERIES_COLORS,
        fitted: s.slopes.filter((l) => l.memory === memory).flatMap((l) =>
          ns.map((n) => ({ series: series(l.kind, l.graph), workers: n, value: mib(l.interceptBytes + l.slopeBytes * n) })),
        ),
      },
    );
  const out = [memoryChart("rss")];
  if (s.pssAvailable) out.push(memoryChart("pss"));
  out.push(
    charts.barsWithCi(
      s.slopes.map((l) => ({ group: l.kind, category: `${l.graph}, ${l.memory.toUpperCase()}`, value: mib(l.slopeBytes), lo: mib(l.slopeCi.lo), hi: mib(l.slopeCi.hi) })),
      { id: "marginal-memory", title: "Memory of one more worker: slope of the fitted line (95% CI)", valueTitle: "memory per extra worker (MiB)", categoryTitle: "module graph, memory measure" },
    ),
    charts.distribution(
      ok.flatMap((t) => ((t.detail?.workerStartupMs as number[] | undefined) ?? []).map((value) => ({ condition: t.condition, value }))),
      { id: "worker-startup", title: "Start-up of every worker: its spawn until it was ready", valueTitle: "start-up time per worker (ms)", order: s.rows.map((r) => r.label) },
    ),
  );
  return out;
}

function footprintFindings(result: FootprintResult): string[] {
  const s = result.summary;
  const p = result.params;
  const r = result.runtime;
  const lines: string[] = [];
  const hosts = s.hostRuntimes.length > 0 ? s.hostRuntimes.join(", ") : "no host (no trial succeeded)";
  lines.push(
    `Measured on ${s.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version} running the experiment; hosts and their workers ran on ${hosts}. ` +
      `${p.trials} trials per condition, n = ${[...new Set(p.workers)].sort((a, b) => a - b).join(", ")} workers, module graphs ${p.graphs.join(", ")}; ` +
      `memory read ${s.collected ? "after a full garbage collection in the host and every worker" : "without forcing garbage collection"}, ${p.settleMs} ms after the last worker was ready.`,
  );
  if (Number.isFinite(s.noiseFloor)) lines.push(`Noise floor: the bare hosts' RSS spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median) over identical starts.`);
  if (!s.pssAvailable) lines.push("PSS was not read (no /proc/<pid>/smaps_rollup here), so shared pages are counted once per process in every figure.");
  for (const graph of p.graphs) {
    for (const memory of ["pss", "rss"] as const) {
      const fits = s.slopes.filter((l) => l.graph === graph && l.memory === memory);
      if (fits.length === 0) continue;
      lines.push(
        `${graph} graph, ${memory.toUpperCase()} per extra worker (slope, 95% CI): ` +
          fits.map((l) => `${l.kind} ${formatNumber(mib(l.slopeBytes))} MiB (${mibInterval(l.slopeCi)} MiB; R² ${formatNumber(l.r2)})`).join("; ") + ".",
      );
    }
  }
  for (const c of s.slopeComparisons) lines.push(c.verdict);
  for (const c of s.startupComparisons) lines.push(`Start-up: ${c.verdict}`);
  const over = s.rows.filter((x) => x.workers > s.cores);
  if (over.length > 0) {
    const worst = [...over].sort((a, b) => b.workerStartupMs.median - a.workerStartupMs.median)[0]!;
    lines.push(`Beyond ${s.cores} workers they start on shared cores: the slowest, ${worst.label}, took a median ${formatNumber(worst.workerStartupMs.median)} ms per worker (95% CI ${formatInterval(worst.workerStartupMs.medianCi)} ms).`);
  }
  return [...lines, ...failureNote(s.failures)];
}

/** The footprint experiment. */
export const footprint: Experiment<FootprintParams, FootprintSummary> = {
  id: "footprint",
  version: 1,
  title: "What a worker weighs: memory and start-up of processes vs threads",
  description:
    "Each trial starts a fresh host process on Node with --expose-gc, reads its process tree's RSS and PSS, starts n workers — " +
    "threads inside itself or forked processes — each importing a module graph (empty, or sharp plus the lab itself), times each " +
    "from spawn to ready, collects garbage everywhere, waits, and reads the tree again. The memory added over the bare host, fitted " +
    "against n, gives the marginal memory of one worker with a bootstrap CI.",
  params: {
    workers: { type: "integer[]", description: "numbers of workers n to start", unit: "workers", min: 1, max: 64, default: { tiny: [1, 2], quick: [1, 2, 4, 8], full: [1, 2, 4, 8, 16] } },
    kinds: { type: "string[]", description: "kinds of worker", choices: ["threads", "processes"], default: ["threads", "processes"] },
    graphs: { type: "string[]", description: "module graph each worker loads: empty (nothing) or lab (sharp and the lab's public module)", choices: MODULE_GRAPHS, default: ["empty", "lab"] },
    settleMs: { type: "integer", description: "wait after every worker is ready and collected, before memory is read", unit: "ms", min: 0, max: 10_000, default: { tiny: 50, quick: 200, full: 300 } },
    prime: { type: "boolean", description: "start one unrecorded host of each kind and graph first, so the first trial does not pay for a cold page cache", default: { tiny: false, quick: true, full: true } },
    ...trialParamSpecs({ trials: { tiny: 2, quick: 5, full: 12 }, warmups: { tiny: 0, quick: 0, full: 1 }, minTimeoutMs: 1000 }),
  },
  async run(params, options = {}) {
    for (const [name, spec] of Object.entries(footprint.params)) checkParam(name, spec, params[name]);
    footprintHost(); // fails before any trial when no Node or no compiled host entry is available
    const conditions = footprintConditions(params);
    if (params.prime) {
      try {
        for (const graph of params.graphs) {
          for (const kind of params.kinds) await measureFootprint({ kind, graph, workers: 1, settleMs: 0, signal: options.signal });
        }
      } catch (error) {
        // Stopped while priming: the trial runner below sees the abort and returns an empty, incomplete Result.
        if (!options.signal?.aborted) throw error;
      }
    }
    return runConditions(footprint, params, options, conditions, (c, ctx) => measure(c, ctx, params.settleMs));
  },
  summarize: summarizeFootprint,
  charts: footprintCharts,
  findings: footprintFindings,
};
