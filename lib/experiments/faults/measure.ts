/**
 * Measuring the faults experiment: which faults this runtime can run, and one trial — a fresh
 * server under steady closed-loop load, one fault injected at a fixed time, the throughput timeline,
 * and a probe afterwards that says whether the server survived. The only file of the experiment
 * that starts anything: the server of each model (seen through the adapters of servers.ts) and the
 * load generator.
 * @module
 */
import http from "node:http";
import { clusterSupport, startCluster } from "../../drivers/cluster/mod.ts";
import { runLoad, type LoadReport } from "../../drivers/loadgen/mod.ts";
import { isRunning } from "../../drivers/_host/process.ts";
import { crashReason, describeExit, startThreadServer } from "../../drivers/thread-server/mod.ts";
import { InputError } from "../../errors.ts";
import { formatNumber } from "../../format.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Experiment, Result, RunOptions } from "../../types.ts";
import { runConditions } from "../_shared/run.ts";
import { recoveryOf } from "./recovery.ts";
import { clusterTarget, threadTarget, type FaultTarget, type ProcessProbe, type WorkerServed } from "./servers.ts";
import { chosenFaults, FAULT_LABELS, loadOf, type FaultCondition } from "./table.ts";
import type { FaultsParams, FaultsSummary } from "./types.ts";
import { EFFECT_WAIT_MS, pause, PAUSE_AFTER_ERROR_MS, PROBE_TIMEOUT_MS } from "./waits.ts";

/** The conditions a run measures, with those this runtime cannot run set aside. */
export function faultConditions(params: Pick<FaultsParams, "faults">): { conditions: FaultCondition[]; unavailable: FaultsSummary["unavailable"] } {
  const chosen = chosenFaults(params);
  const support = clusterSupport();
  if ("unavailable" in support) return { conditions: [], unavailable: chosen.map((c) => ({ label: c.label, reason: support.unavailable })) };
  return { conditions: chosen, unavailable: [] };
}

/** How the adapters look at a process: the drivers' own readings. */
const PROBE: ProcessProbe = { isRunning, crashReason, describeExit };

/** Starts the server of condition `c`'s model, set up for the condition, as a fault target. */
async function startTarget(c: FaultCondition, params: FaultsParams, signal: AbortSignal): Promise<FaultTarget> {
  if (c.model === "cluster") {
    const server = await startCluster({
      policy: "rr", workers: params.workers, handlerCostMs: params.handlerCostMs, signal,
      onWorkerExit: c.respawn ? "respawn" : "continue",
      workerHeapMb: params.heapMb,
    });
    return clusterTarget(server, c, PROBE);
  }
  const server = await startThreadServer({ threads: params.workers, handlerCostMs: params.handlerCostMs, errorListener: c.errorListener, heapMb: params.heapMb, signal });
  return threadTarget(server, c, params.workers, PROBE);
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

/** Every bucket wholly inside the load's duration. */
function wholeBuckets(load: LoadReport): { completed: number[]; failed: number[] } {
  const n = Math.min(load.timeline.completed.length, Math.floor(load.durationMs / load.timeline.bucketMs));
  const pad = (xs: number[]) => Array.from({ length: n }, (_, i) => xs[i] ?? 0);
  return { completed: pad(load.timeline.completed), failed: pad(load.timeline.failed) };
}

/**
 * What each worker served from the fault to the end of the load: the counters at the end less those
 * read just before the fault, matched by pid, so a replacement (a pid unseen before) counts whole.
 */
export function servedAfterFault(before: WorkerServed[], after: WorkerServed[]): Array<WorkerServed & { replacement: boolean }> {
  return after.map((w) => {
    const was = before.find((b) => b.pid === w.pid);
    return { ...w, replacement: !was, requests: w.requests - (was?.requests ?? 0), connections: w.connections - (was?.connections ?? 0) };
  });
}

/** The per-worker metrics of a trial: requests and connections the survivors and the replacements took after the fault. */
function servedMetrics(perWorker: Array<WorkerServed & { replacement: boolean }>): Record<string, number> {
  const sum = (replacement: boolean, key: "requests" | "connections") => perWorker.filter((w) => w.replacement === replacement).reduce((a, w) => a + w[key], 0);
  const replacementRequests = sum(true, "requests");
  const survivorRequests = sum(false, "requests");
  const total = replacementRequests + survivorRequests;
  return {
    replacements: perWorker.filter((w) => w.replacement).length,
    replacementRequests,
    replacementConnections: sum(true, "connections"),
    survivorRequests,
    survivorConnections: sum(false, "connections"),
    ...(total > 0 ? { replacementShare: replacementRequests / total } : {}),
  };
}

/** One trial of fault `c`: its metrics (survival, failed requests, recovery, deaths) and its timeline. */
export async function measureFault(c: FaultCondition, context: TrialContext, params: FaultsParams): Promise<Measurement> {
  const target = await startTarget(c, params, context.signal);
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    let faultEpochMs = NaN;
    let injectError: unknown = null;
    let before: WorkerServed[] | null = null;
    const warmupMs = params.warmupMs ?? 0;
    const load = await runLoad({
      url: target.url,
      concurrency: params.concurrency,
      requests: 1_000_000,
      keepAlive: loadOf(c) === "keep-alive",
      timeLimitMs: warmupMs + params.preFaultMs + params.postFaultMs,
      timelineBucketMs: params.bucketMs,
      pauseAfterErrorMs: PAUSE_AFTER_ERROR_MS,
      latencySampleCap: 0,
      // The fault's timeline needs buckets of bucketMs and the workers' x-worker counts: only the node engine records them.
      engine: "node",
      signal: context.signal,
      onStarted: (startEpochMs) => {
        timer = setTimeout(async () => {
          // Each worker's counters just before the fault, so what it served after can be told apart.
          before = await target.served();
          faultEpochMs = Date.now();
          try {
            target.inject();
          } catch (error) {
            injectError = error;
          }
        }, Math.max(0, startEpochMs + warmupMs + params.preFaultMs - Date.now()));
      },
    });
    if (injectError) throw injectError;
    if (!Number.isFinite(faultEpochMs)) throw new Error(`the load ended before the fault was injected (it ran ${formatNumber(load.durationMs)} ms)`);
    // Read at once, before the probe below adds a request of its own.
    const after = await target.served();
    const perWorker = before && after ? servedAfterFault(before, after) : null;
    // A fault may still be acting when the window ends (V8 collecting garbage for seconds before a
    // fatal out-of-memory): survival is judged once it has acted, or after a bound.
    const actUntil = performance.now() + EFFECT_WAIT_MS;
    while (!target.acted() && performance.now() < actUntil) await pause(20);
    const survived = await answers(target.url, PROBE_TIMEOUT_MS);
    const { metrics, detail } = await target.outcome(faultEpochMs);
    // How long the replacement was up before the load ended: it can only take traffic then.
    const loadEndEpochMs = load.timeline.startEpochMs + load.durationMs;
    if (metrics.faultToExitMs !== undefined && metrics.replacementMs !== undefined) {
      metrics.replacementUpMs = Math.max(0, loadEndEpochMs - (faultEpochMs + metrics.faultToExitMs + metrics.replacementMs));
    }
    const faultOffsetMs = faultEpochMs - load.timeline.startEpochMs;
    const buckets = wholeBuckets(load);
    const r = recoveryOf(buckets.completed, buckets.failed, params.bucketMs, faultOffsetMs, undefined, warmupMs);
    const warmBuckets = buckets.completed.slice(0, Math.floor(warmupMs / params.bucketMs));
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
        // The unmeasured warm-up before the baseline window: its length and its rate (whole buckets).
        ...(warmupMs > 0 ? { warmupMs, ...(warmBuckets.length > 0 ? { warmupRps: (warmBuckets.reduce((a, b) => a + b, 0) * 1000) / (warmBuckets.length * params.bucketMs) } : {}) } : {}),
        ...(perWorker ? servedMetrics(perWorker) : {}),
        completed: load.completed,
        errors: load.errors,
        ...metrics,
      },
      detail: {
        ...detail,
        serverRuntime: target.serverRuntime,
        errorKinds: load.errorKinds,
        timeline: { bucketMs: params.bucketMs, faultOffsetMs, warmupMs, ...buckets },
        load: loadOf(c),
        ...(perWorker ? { servedAfterFault: perWorker } : {}),
      },
    };
  } finally {
    clearTimeout(timer);
    await target.close();
  }
}

/**
 * The body of the experiment's `run()`: checks the parameters, sets aside the faults this runtime
 * cannot run, and measures the rest in the planned order.
 * @throws {InputError} When a parameter breaks a rule, or none of the faults can run here.
 */
export async function runFaults(
  experiment: Experiment<FaultsParams, FaultsSummary>,
  params: FaultsParams,
  options: RunOptions = {},
): Promise<Result<FaultsParams, FaultsSummary>> {
  // Windows are checked before the runtime is asked what it can run, so a bad window is named first.
  experiment.check?.(params);
  const { conditions } = faultConditions(params);
  if (conditions.length === 0) throw new InputError("faults", `none of the requested faults can run here; choose from ${FAULT_LABELS.join(", ")} on a machine with Node.js`);
  return runConditions(experiment, params, options, conditions, (c, ctx) => measureFault(c, ctx, params), "servedShare");
}
