/**
 * Experiment "faults": what users of a server see when one of its workers crashes. Under steady
 * closed-loop HTTP load, one fault per trial is injected into a cluster worker, the cluster's
 * primary, or a worker thread of a one-process thread server, at a fixed time after the load
 * starts; the load's throughput timeline shows the dip and the recovery, and a probe after the
 * load says whether the server survived at all. Tests the claims that a crashed cluster worker is
 * replaced while the others keep serving, and that a thread that "crashes badly can take down the
 * entire process".
 * @module
 */
import http from "node:http";
import process from "node:process";
import * as charts from "../../charts/mod.ts";
import { clusterSupport, startCluster, type ClusterFault } from "../../drivers/cluster/mod.ts";
import { runLoad, type LoadReport } from "../../drivers/loadgen/mod.ts";
import { isRunning, sleep } from "../../drivers/_host/node-host.ts";
import { crashReason, describeExit, startThreadServer, type ThreadFault } from "../../drivers/thread-server/mod.ts";
import { InputError } from "../../errors.ts";
import { summarize, wilsonInterval } from "../../stats/mod.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Chart, Charts, Experiment, Interval, Result, Summary } from "../../types.ts";
import { failureNote, formatInterval, formatNumber, trialsOf } from "../_shared/analysis.ts";
import { trialParamSpecs } from "../_shared/params.ts";
import { runConditions } from "../_shared/run.ts";
import { byId } from "../../charts/mod.ts";

/** One fault condition of the fixed table: which server, which fault, and how the server copes. */
export interface FaultCondition {
  label: string;
  model: "cluster" | "threads";
  fault: ClusterFault | "primary-sigkill" | ThreadFault;
  /** Cluster: the primary forks a replacement for a dead worker. */
  respawn: boolean;
  /** Thread server: threads have an `error` listener (and a dead thread is replaced). */
  errorListener: boolean;
  description: string;
}

/** Every fault the experiment can inject, by label. Faults are chosen from here by name, never built from parameters. */
export const FAULT_CONDITIONS: readonly FaultCondition[] = [
  { label: "cluster-throw+respawn", model: "cluster", fault: "throw", respawn: true, errorListener: false, description: "a cluster worker throws an uncaught exception; the primary respawns it" },
  { label: "cluster-throw", model: "cluster", fault: "throw", respawn: false, errorListener: false, description: "a cluster worker throws an uncaught exception; no respawn" },
  { label: "cluster-sigkill+respawn", model: "cluster", fault: "sigkill", respawn: true, errorListener: false, description: "a cluster worker gets SIGKILL; the primary respawns it" },
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
const LABELS = FAULT_CONDITIONS.map((c) => c.label);

/** Parameters of the faults experiment. */
export interface FaultsParams extends Record<string, unknown> {
  faults: string[];
  workers: number;
  concurrency: number;
  handlerCostMs: number;
  heapMb: number;
  preFaultMs: number;
  postFaultMs: number;
  bucketMs: number;
  trials: number;
  warmups: number;
  order: "random" | "abba" | "blocked";
  seed: number;
  timeoutMs: number;
}

/** Statistics of one fault condition across its trials. */
export interface FaultRow {
  label: string;
  model: FaultCondition["model"];
  description: string;
  n: number;
  /** Trials after which the server still answered. */
  survived: number;
  /** Wilson 95% interval of the survival rate, in [0, 1]. */
  survival: Interval;
  /** Requests that failed (error, reset, 5xx) from the fault to the end of the load. */
  failedRequests: Summary;
  /** Requests completed after the fault as a share of what the pre-fault rate would have completed (1 = no loss). */
  servedShare: Summary;
  /** Trials whose throughput came back (see {@link recoveryOf}). */
  recovered: number;
  /** Time from the fault until throughput stayed back, over the recovered trials only, in milliseconds. */
  recoveryMs: Summary | null;
  /** Time from the injection until the worker, thread or process was seen to die, in milliseconds. */
  faultToExitMs: Summary | null;
  /** Time from a death until its replacement served, in milliseconds. */
  replacementMs: Summary | null;
  /** After the primary's SIGKILL: time until its last worker had exited, in milliseconds. */
  orphanExitMs: Summary | null;
  /** Workers still running when that wait (up to 5 s) ended, summed over trials. */
  orphansLeft: number;
  /** Trials in which the fault visibly acted (something died) within the window plus 10 s. */
  acted: number;
  /** Trials in which the server's own process (thread server, or cluster primary) died. */
  processDied: number;
  /** How the dead processes ended, each distinct outcome once ("killed by SIGABRT: FATAL ERROR: …"). */
  outcomes: string[];
}

/** What a faults run found. */
export interface FaultsSummary {
  rows: FaultRow[];
  unavailable: Array<{ label: string; reason: string }>;
  failures: number;
}

export type FaultsResult = Result<FaultsParams, FaultsSummary>;

/** Share of the pre-fault median throughput that counts as "back". */
export const RECOVERY_THRESHOLD = 0.8;
/** Buckets at the end of the load whose median decides whether throughput came back at all. */
export const TAIL_BUCKETS = 5;
/** How long to wait for a killed primary's workers to exit before counting them as left behind. */
const ORPHAN_WAIT_MS = 5000;
/** How long after the load to wait for a fault that has not acted yet. */
const EFFECT_WAIT_MS = 10_000;
/** How long the probe after the load waits for an answer: long enough for a process dying of a fatal OOM to finish. */
const PROBE_TIMEOUT_MS = 5000;
/** A client's pause after a failed request, so a dead server does not turn the load into a busy loop. */
const PAUSE_AFTER_ERROR_MS = 20;

/** What {@link recoveryOf} reads off one load timeline. */
export interface Recovery {
  /** Median completions per bucket over the second half of the window before the fault (the first half is a ramp-up). */
  baselinePerBucket: number;
  /** True when the median of the last {@link TAIL_BUCKETS} buckets is at least the threshold share of the baseline. */
  recovered: boolean;
  /**
   * When recovered: milliseconds from the fault to the end of the last bucket after it whose
   * completions fell below the threshold share of the baseline (0 if none did). NaN when not recovered.
   * Counted from the injection, so it includes how long the fault took to bite (an allocation until OOM).
   */
  recoveryMs: number;
  /** Completions from the fault's bucket on, as a share of baseline × those buckets. */
  servedShare: number;
  /** Failures from the fault's bucket on. */
  failedAfter: number;
}

/**
 * Reads the recovery off a load timeline: `completed[i]` and `failed[i]` are the requests settled
 * in bucket i (`bucketMs` wide, every bucket whole), and the fault happened `faultOffsetMs` after
 * the first bucket began. See {@link Recovery} for the definitions.
 * @example
 * recoveryOf([5, 10, 10, 10, 0, 0, 9, 10, 10, 10, 10, 10], [0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0], 100, 400).recoveryMs; // 200
 */
export function recoveryOf(completed: readonly number[], failed: readonly number[], bucketMs: number, faultOffsetMs: number, threshold = RECOVERY_THRESHOLD): Recovery {
  const faultBucket = Math.max(0, Math.min(completed.length, Math.floor(faultOffsetMs / bucketMs)));
  // The second half of the window before the fault: the first buckets are a ramp-up (cold JIT, connecting).
  const before = completed.slice(Math.max(faultBucket > 1 ? 1 : 0, Math.floor(faultBucket / 2)), faultBucket);
  const baselinePerBucket = before.length > 0 ? median(before) : NaN;
  const after = completed.slice(faultBucket);
  const failedAfter = failed.slice(faultBucket).reduce((a, b) => a + b, 0);
  const floor = threshold * baselinePerBucket;
  const tail = after.slice(-TAIL_BUCKETS);
  const recovered = baselinePerBucket > 0 && tail.length > 0 && median(tail) >= floor;
  let lastLow = -1;
  after.forEach((c, i) => {
    if (c < floor) lastLow = i;
  });
  const recoveryMs = !recovered ? NaN : lastLow < 0 ? 0 : Math.max(0, (faultBucket + lastLow + 1) * bucketMs - faultOffsetMs);
  const expected = baselinePerBucket * after.length;
  return { baselinePerBucket, recovered, recoveryMs, servedShare: expected > 0 ? after.reduce((a, b) => a + b, 0) / expected : NaN, failedAfter };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** True when a GET of `url` on a fresh connection is answered 200 within `timeoutMs`. */
function answers(url: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode === 200));
      response.on("error", () => resolve(false));
    });
    request.on("error", () => resolve(false));
    request.setTimeout(timeoutMs, () => request.destroy(new Error("no answer")));
  });
}

/** ": <the line of a dead process's stderr that says why>", or "". */
function reasonOf(stderr: string): string {
  const reason = crashReason(stderr);
  return reason ? `: ${reason}` : "";
}

/** How long to wait after the load for a dead worker's replacement, which may come after the window. */
const REPLACEMENT_WAIT_MS = 3000;

/** Milliseconds until none of `pids` runs, polled; `ORPHAN_WAIT_MS` and the ones left if some still run then. */
async function timeUntilGone(pids: number[], fromMs: number): Promise<{ ms: number; left: number }> {
  while (pids.some(isRunning) && performance.now() - fromMs < ORPHAN_WAIT_MS) await sleep(10);
  return { ms: performance.now() - fromMs, left: pids.filter(isRunning).length };
}

/** The conditions a run measures, with those this runtime cannot run set aside. */
export function faultConditions(params: Pick<FaultsParams, "faults">): { conditions: FaultCondition[]; unavailable: FaultsSummary["unavailable"] } {
  const chosen = FAULT_CONDITIONS.filter((c) => params.faults.includes(c.label));
  const support = clusterSupport();
  if ("unavailable" in support) return { conditions: [], unavailable: chosen.map((c) => ({ label: c.label, reason: support.unavailable })) };
  return { conditions: chosen, unavailable: [] };
}

/** A running server of either model, seen through what a fault trial needs. */
interface FaultTarget {
  url: string;
  serverRuntime: string;
  inject(): void;
  /** True once the fault has visibly acted: a worker, thread or process died. */
  acted(): boolean;
  /** After the load: exit and replacement times, process death, and how it ended. */
  outcome(faultEpochMs: number): Promise<{ metrics: Record<string, number>; detail: Record<string, unknown> }>;
  close(): Promise<void>;
}

async function clusterTarget(c: FaultCondition, params: FaultsParams, signal: AbortSignal): Promise<FaultTarget> {
  const server = await startCluster({
    policy: "rr", workers: params.workers, handlerCostMs: params.handlerCostMs, signal,
    onWorkerExit: c.respawn ? "respawn" : "continue",
    workerHeapMb: params.heapMb,
  });
  let orphans: Promise<{ ms: number; left: number }> | null = null;
  return {
    url: `http://${server.host}:${server.port}/`,
    serverRuntime: server.serverRuntime,
    inject() {
      if (c.fault === "primary-sigkill") {
        const workers = [...server.workerPids];
        const t0 = performance.now();
        process.kill(server.primaryPid, "SIGKILL");
        orphans = timeUntilGone(workers, t0);
      } else {
        server.injectFault(c.fault as ClusterFault, 0);
      }
    },
    acted: () => server.events().length > 0 || orphans !== null,
    async outcome(faultEpochMs) {
      const until = performance.now() + REPLACEMENT_WAIT_MS;
      const waiting = () => c.respawn && !orphans && server.events().some((e) => e.type === "worker-exit") && !server.events().some((e) => e.type === "respawned");
      while (waiting() && performance.now() < until) await sleep(20);
      const events = server.events();
      const exit = events.find((e) => e.type === "worker-exit");
      const respawn = events.find((e) => e.type === "respawned");
      const gone = orphans ? await orphans : null;
      const primaryDied = c.fault === "primary-sigkill" ? 1 : server.failure() && !isRunning(server.primaryPid) ? 1 : 0;
      const metrics: Record<string, number> = {
        processDied: primaryDied,
        workersAfter: primaryDied ? 0 : server.workerPids.filter(isRunning).length,
        ...(exit ? { faultToExitMs: exit.atEpochMs - faultEpochMs } : {}),
        ...(exit && respawn ? { replacementMs: respawn.atEpochMs - exit.atEpochMs } : {}),
        ...(gone ? { orphanExitMs: gone.ms, orphansLeft: gone.left } : {}),
      };
      const outcome = exit?.type === "worker-exit" ? `worker ${describeExit(exit)}${reasonOf(exit.stderrTail)}` : gone ? `primary was killed by SIGKILL` : null;
      return { metrics, detail: { outcome, events: events.map((e) => ({ ...e, atMs: e.atEpochMs - faultEpochMs, stderrTail: undefined })) } };
    },
    close: () => server.close(),
  };
}

async function threadTarget(c: FaultCondition, params: FaultsParams, signal: AbortSignal): Promise<FaultTarget> {
  const server = await startThreadServer({ threads: params.workers, handlerCostMs: params.handlerCostMs, errorListener: c.errorListener, heapMb: params.heapMb, signal });
  return {
    url: `http://${server.host}:${server.port}/`,
    serverRuntime: server.serverRuntime,
    inject: () => server.injectFault(c.fault as ThreadFault, 0),
    acted: () => server.events().length > 0 || server.exit() !== null,
    async outcome(faultEpochMs) {
      const events = server.events();
      const exit = events.find((e) => e.type === "thread-exit");
      const replaced = events.find((e) => e.type === "replaced");
      const died = server.exit();
      const diedAt = exit?.atEpochMs ?? died?.atEpochMs;
      const metrics: Record<string, number> = {
        processDied: died ? 1 : 0,
        workersAfter: died ? 0 : params.workers,
        ...(diedAt !== undefined ? { faultToExitMs: diedAt - faultEpochMs } : {}),
        ...(exit && replaced ? { replacementMs: replaced.atEpochMs - exit.atEpochMs } : {}),
      };
      const outcome = died
        ? `process ${describeExit(died)}${died.reason ? `: ${died.reason}` : ""}`
        : exit?.type === "thread-exit" ? `thread exited with code ${exit.code}${exit.error ? `: ${exit.error}` : ""}` : null;
      return {
        metrics,
        detail: { outcome, exitCode: died?.code ?? null, exitSignal: died?.signal ?? null, events: events.map((e) => ({ ...e, atMs: e.atEpochMs - faultEpochMs })) },
      };
    },
    close: () => server.close(),
  };
}

/** Every bucket wholly inside the load's duration. */
function wholeBuckets(load: LoadReport): { completed: number[]; failed: number[] } {
  const n = Math.min(load.timeline.completed.length, Math.floor(load.durationMs / load.timeline.bucketMs));
  const pad = (xs: number[]) => Array.from({ length: n }, (_, i) => xs[i] ?? 0);
  return { completed: pad(load.timeline.completed), failed: pad(load.timeline.failed) };
}

async function measure(c: FaultCondition, context: TrialContext, params: FaultsParams): Promise<Measurement> {
  const target = c.model === "cluster" ? await clusterTarget(c, params, context.signal) : await threadTarget(c, params, context.signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    let faultEpochMs = NaN;
    let injectError: unknown = null;
    const load = await runLoad({
      url: target.url,
      concurrency: params.concurrency,
      requests: 1_000_000,
      keepAlive: true,
      timeLimitMs: params.preFaultMs + params.postFaultMs,
      timelineBucketMs: params.bucketMs,
      pauseAfterErrorMs: PAUSE_AFTER_ERROR_MS,
      latencySampleCap: 0,
      signal: context.signal,
      onStarted: (startEpochMs) => {
        timer = setTimeout(() => {
          faultEpochMs = Date.now();
          try {
            target.inject();
          } catch (error) {
            injectError = error;
          }
        }, Math.max(0, startEpochMs + params.preFaultMs - Date.now()));
      },
    });
    if (injectError) throw injectError;
    if (!Number.isFinite(faultEpochMs)) throw new Error(`the load ended before the fault was injected (it ran ${formatNumber(load.durationMs)} ms)`);
    // A fault may still be acting when the window ends (V8 collecting garbage for seconds before a
    // fatal out-of-memory): survival is judged once it has acted, or after a bound.
    const actUntil = performance.now() + EFFECT_WAIT_MS;
    while (!target.acted() && performance.now() < actUntil) await sleep(20);
    const survived = await answers(target.url, PROBE_TIMEOUT_MS);
    const { metrics, detail } = await target.outcome(faultEpochMs);
    const faultOffsetMs = faultEpochMs - load.timeline.startEpochMs;
    const buckets = wholeBuckets(load);
    const r = recoveryOf(buckets.completed, buckets.failed, params.bucketMs, faultOffsetMs);
    if (!(r.baselinePerBucket > 0)) throw new Error(`no request completed before the fault (${load.completed} completed, ${load.errors} failed); the server never served`);
    return {
      durationMs: load.durationMs,
      metrics: {
        survived: survived && !(c.model === "threads" && metrics.processDied) ? 1 : 0,
        failedRequests: r.failedAfter,
        servedShare: r.servedShare,
        recovered: r.recovered ? 1 : 0,
        acted: target.acted() ? 1 : 0,
        ...(r.recovered ? { recoveryMs: r.recoveryMs } : {}),
        preFaultRps: (r.baselinePerBucket * 1000) / params.bucketMs,
        completed: load.completed,
        errors: load.errors,
        ...metrics,
      },
      detail: {
        ...detail,
        serverRuntime: target.serverRuntime,
        errorKinds: load.errorKinds,
        timeline: { bucketMs: params.bucketMs, faultOffsetMs, ...buckets },
      },
    };
  } finally {
    clearTimeout(timer);
    await target.close();
  }
}

const summaryOf = (values: number[], seed: number): Summary | null => (values.length > 0 ? summarize(values, { seed }) : null);

function summarizeFaults(result: Omit<FaultsResult, "summary">): FaultsSummary {
  const { params } = result;
  const seed = params.seed;
  const rows: FaultRow[] = [];
  const unavailable: FaultsSummary["unavailable"] = [];
  for (const c of FAULT_CONDITIONS.filter((x) => params.faults.includes(x.label))) {
    const trials = result.trials.filter((t) => t.ok && t.condition === c.label);
    if (trials.length === 0) {
      unavailable.push({ label: c.label, reason: "no trial of it completed in this run (see the Result's failures)" });
      continue;
    }
    const of = (metric: string) => trialsOf(result, c.label, metric);
    const survived = of("survived").filter((x) => x === 1).length;
    const outcomes = [...new Set(trials.map((t) => t.detail?.outcome).filter((x): x is string => typeof x === "string"))];
    rows.push({
      label: c.label, model: c.model, description: c.description, n: trials.length,
      survived, survival: wilsonInterval(survived, trials.length),
      failedRequests: summarize(of("failedRequests"), { seed }),
      servedShare: summarize(of("servedShare"), { seed }),
      recovered: of("recovered").filter((x) => x === 1).length,
      recoveryMs: summaryOf(of("recoveryMs"), seed),
      faultToExitMs: summaryOf(of("faultToExitMs"), seed),
      replacementMs: summaryOf(of("replacementMs"), seed),
      orphanExitMs: summaryOf(of("orphanExitMs"), seed),
      orphansLeft: of("orphansLeft").reduce((a, b) => a + b, 0),
      processDied: of("processDied").filter((x) => x === 1).length,
      acted: of("acted").filter((x) => x === 1).length,
      outcomes,
    });
  }
  return { rows, unavailable, failures: result.failures.length };
}

/** Median throughput (requests/s) per bucket across the trials of each condition, aligned at the fault. */
function alignedThroughput(result: FaultsResult, model: FaultCondition["model"]): charts.AlignedRow[] {
  const rows: charts.AlignedRow[] = [];
  for (const row of result.summary.rows.filter((r) => r.model === model)) {
    const byOffset = new Map<number, number[]>();
    for (const t of result.trials.filter((x) => x.ok && x.condition === row.label)) {
      const tl = t.detail?.timeline as { bucketMs: number; faultOffsetMs: number; completed: number[] } | undefined;
      if (!tl) continue;
      tl.completed.forEach((count, i) => {
        const k = Math.round((i * tl.bucketMs - tl.faultOffsetMs) / tl.bucketMs);
        byOffset.set(k, [...(byOffset.get(k) ?? []), (count * 1000) / tl.bucketMs]);
      });
    }
    for (const [k, values] of [...byOffset].sort((a, b) => a[0] - b[0])) rows.push({ tMs: k * result.params.bucketMs, series: row.label, value: median(values) });
  }
  return rows;
}

function faultsCharts(result: FaultsResult): Charts {
  return byId(faultsChartsList(result));
}

function faultsChartsList(result: FaultsResult): Chart[] {
  const s = result.summary;
  const timeline = (model: FaultCondition["model"]) =>
    charts.alignedTimeline(alignedThroughput(result, model), {
      id: `timeline-${model}`,
      title: `Throughput around the fault, ${model === "cluster" ? `cluster of ${result.params.workers} workers` : `one process, ${result.params.workers} worker threads`} (median of trials per ${result.params.bucketMs} ms bucket)`,
      valueTitle: "completed requests/s",
    });
  const group = (r: FaultRow) => r.model;
  const category = (r: FaultRow) => r.label.replace(/^(cluster|threads)-/, "");
  return [
    timeline("cluster"),
    timeline("threads"),
    charts.barsWithCi(
      s.rows.map((r) => ({ group: group(r), category: category(r), value: r.failedRequests.median, lo: r.failedRequests.medianCi.lo, hi: r.failedRequests.medianCi.hi })),
      { id: "failed-requests", title: "Requests failed after the fault (median of trials, 95% CI)", valueTitle: "failed requests", categoryTitle: "fault", width: 640 },
    ),
    charts.barsWithCi(
      s.rows.map((r) => ({ group: group(r), category: category(r), value: (r.survived / r.n) * 100, lo: r.survival.lo * 100, hi: r.survival.hi * 100 })),
      { id: "survival", title: "Server still answering after the fault (share of trials, Wilson 95% CI)", valueTitle: "trials survived (%)", categoryTitle: "fault", width: 640 },
    ),
    charts.distribution(
      result.trials
        .filter((t) => t.ok && Number.isFinite(t.metrics.recoveryMs))
        .map((t) => ({ condition: t.condition, value: t.metrics.recoveryMs!, series: t.condition.split("-")[0]! })),
      { id: "recovery", title: "Time until throughput stayed back at 80% of its pre-fault median (recovered trials)", valueTitle: "recovery time (ms)", order: s.rows.map((r) => r.label) },
    ),
  ];
}

const pct = (x: number) => `${formatNumber(x * 100)}%`;
const interval = (i: Interval) => `${pct(i.lo)}–${pct(i.hi)}`;
const ms = (summary: Summary | null) => (summary ? `${formatNumber(summary.median)} ms (95% CI ${formatInterval(summary.medianCi)}; n = ${summary.n})` : "—");

/** One line per condition: survival with its interval, losses, recovery and how things ended. */
function rowFinding(r: FaultRow): string {
  return (
    `${r.label} (${r.description}): survived ${r.survived} of ${r.n} trials (Wilson 95% CI ${interval(r.survival)}); ` +
    `${formatNumber(r.failedRequests.median)} requests failed after the fault (median; 95% CI ${formatInterval(r.failedRequests.medianCi)}); ` +
    `served ${pct(r.servedShare.median)} of the pre-fault rate after it (95% CI ${interval(r.servedShare.medianCi)}); ` +
    `throughput came back in ${r.recovered} of ${r.n}${r.recoveryMs ? `, after ${ms(r.recoveryMs)}` : ""}` +
    (r.replacementMs ? `; replacement serving ${ms(r.replacementMs)} after the death` : "") +
    (r.orphanExitMs ? `; its workers were gone ${ms(r.orphanExitMs)} after the primary's death, ${r.orphansLeft} left after ${ORPHAN_WAIT_MS / 1000} s` : "") +
    (r.outcomes.length > 0 ? `; outcome: ${r.outcomes.join(" | ")}` : "") +
    (r.acted < r.n ? `; nothing died within ${EFFECT_WAIT_MS / 1000} s after the window in ${r.n - r.acted} of ${r.n} trials` : "") +
    "."
  );
}

/** The article's two claims, answered from the rows that test them. */
function claimFindings(rows: FaultRow[]): string[] {
  const lines: string[] = [];
  const respawned = rows.filter((r) => r.model === "cluster" && r.label.endsWith("+respawn"));
  if (respawned.length > 0) {
    const all = respawned.every((r) => r.survived === r.n && r.replacementMs !== null && r.replacementMs.n === r.n);
    lines.push(
      `Claim "a crashed cluster worker is replaced while the others keep serving": ${all ? "held" : "did not hold in every trial"} here — ` +
        respawned.map((r) => `${r.label}: survived ${r.survived}/${r.n}, replaced in ${r.replacementMs?.n ?? 0}/${r.n}, ${pct(r.servedShare.median)} of the pre-fault rate served after the fault`).join("; ") + ".",
    );
  }
  const threads = rows.filter((r) => r.model === "threads");
  if (threads.length > 0) {
    const fatal = threads.filter((r) => r.processDied > 0);
    const survivedAll = threads.filter((r) => r.processDied === 0);
    lines.push(
      `Claim "a thread that crashes badly can take down the entire process": ` +
        (fatal.length > 0 ? `the whole process died for ${fatal.map((r) => `${r.label} (${r.processDied}/${r.n})`).join(", ")}` : "no thread fault took the process down") +
        (survivedAll.length > 0 ? `; it survived ${survivedAll.map((r) => `${r.label} (${r.survived}/${r.n})`).join(", ")}` : "") + ".",
    );
  }
  const primary = rows.find((r) => r.label === "cluster-primary-sigkill");
  if (primary?.orphanExitMs) {
    lines.push(
      `When the primary died, its workers ${primary.orphansLeft === 0 ? "did not linger" : `lingered (${primary.orphansLeft} still ran after ${ORPHAN_WAIT_MS / 1000} s)`}: ` +
        `all gone within ${formatNumber(primary.orphanExitMs.max)} ms in the slowest of ${primary.orphanExitMs.n} trials, and the server answered after it in ${primary.survived} of ${primary.n}.`,
    );
  }
  return lines;
}

function faultsFindings(result: FaultsResult): string[] {
  const s = result.summary;
  const r = result.runtime;
  const m = result.machine;
  const p = result.params;
  const servers = [...new Set(result.trials.map((t) => t.detail?.serverRuntime).filter((x): x is string => typeof x === "string"))];
  const serverNote = servers.length > 0 && servers.some((x) => x !== `${r.name} ${r.version}`) ? ` (the servers ran on ${servers.join(", ")})` : "";
  const lines = [
    `Measured on ${m.cpu.cores} cores (${m.cpu.model}), ${m.os.platform} ${m.os.release}, ${r.name} ${r.version}${serverNote}; ${p.workers} cluster workers or worker threads, ${p.concurrency} keep-alive clients, ` +
      `handler cost ${p.handlerCostMs} ms, heap limit ${p.heapMb} MiB; fault ${p.preFaultMs} ms into the load, ${p.postFaultMs} ms measured after it; ${p.trials} trials per fault.`,
  ];
  for (const u of s.unavailable) lines.push(`${u.label} was not measured: ${u.reason}.`);
  lines.push(...claimFindings(s.rows));
  for (const row of s.rows) lines.push(rowFinding(row));
  return [...lines, ...failureNote(s.failures)];
}

/** The faults experiment. */
export const faults: Experiment<FaultsParams, FaultsSummary> = {
  id: "faults",
  version: 1,
  title: "What survives a crash: cluster workers vs worker threads",
  description:
    "Under steady keep-alive HTTP load on 127.0.0.1, one fault per trial — an uncaught exception, SIGKILL, running out of memory, a native crash — " +
    "in a cluster worker, the cluster's primary, or a worker thread of a one-process thread server (a sacrificial child process); " +
    "requests failed, throughput timeline, recovery time and whether the server survived.",
  params: {
    faults: { type: "string[]", description: "faults to inject, from the fixed table", choices: LABELS, default: { tiny: ["cluster-sigkill+respawn", "threads-throw"], quick: LABELS, full: LABELS } },
    workers: { type: "integer", description: "cluster workers, or worker threads of the thread server", unit: "workers", min: 1, max: 16, default: 2 },
    concurrency: { type: "integer", description: "concurrent keep-alive clients", unit: "clients", min: 1, max: 256, default: 8 },
    handlerCostMs: { type: "number", description: "CPU time each request burns in its worker", unit: "ms", min: 0, max: 100, default: 1 },
    heapMb: { type: "integer", description: "heap limit of each worker (--max-old-space-size, resourceLimits.maxOldGenerationSizeMb)", unit: "MiB", min: 16, max: 4096, default: 48 },
    preFaultMs: { type: "integer", description: "steady load before the fault", unit: "ms", min: 300, max: 60_000, default: { tiny: 600, quick: 1000, full: 2000 } },
    postFaultMs: { type: "integer", description: "load measured after the fault", unit: "ms", min: 500, max: 120_000, default: { tiny: 900, quick: 2000, full: 5000 } },
    bucketMs: { type: "integer", description: "width of a throughput-timeline bucket", unit: "ms", min: 10, max: 1000, default: 100 },
    ...trialParamSpecs({ trials: { tiny: 2, quick: 3, full: 10 }, warmups: { tiny: 0, quick: 0, full: 1 }, minTimeoutMs: 5000 }),
  },
  async run(params, options = {}) {
    if (params.preFaultMs < 3 * params.bucketMs) throw new InputError("preFaultMs", `must span at least 3 buckets of bucketMs = ${params.bucketMs} ms (the first is a ramp-up), got ${params.preFaultMs}`);
    if (params.postFaultMs < TAIL_BUCKETS * params.bucketMs) throw new InputError("postFaultMs", `must span at least ${TAIL_BUCKETS} buckets of bucketMs = ${params.bucketMs} ms, got ${params.postFaultMs}`);
    const { conditions } = faultConditions(params);
    if (conditions.length === 0) throw new InputError("faults", `none of the requested faults can run here; choose from ${LABELS.join(", ")} on a machine with Node.js`);
    return runConditions(faults, params, options, conditions, (c, ctx) => measure(c, ctx, params));
  },
  summarize: summarizeFaults,
  charts: faultsCharts,
  findings: faultsFindings,
};
