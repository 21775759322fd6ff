/**
 * How the distribution experiment measures: a fresh cluster HTTP server per trial, its policy
 * checked from inside the workers, loaded by a generator in its own process — a closed loop, or an
 * open loop at a fraction of round-robin's capacity measured at the start of the run — with
 * every request the generator completed counted by a worker. Closed loops with a new connection
 * per request, and the capacity measured that way, are driven by ApacheBench when it is installed
 * (the load generator's `auto` engine): a Node client opens connections at about half ab's rate and
 * would offer thinner arrivals than the server can take. Open loops stay on the Node generator (ab
 * has no open loop). Each trial records its generator. The only file of the experiment that starts servers.
 * @module
 */
import { InputError, WrongAnswerError } from "../../errors.ts";
import { clusterSupport, startCluster } from "../../drivers/cluster/mod.ts";
import { runLoad, type LoadEngine } from "../../drivers/loadgen/mod.ts";
import { fairness, summarize } from "../../stats/mod.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Experiment, RunOptions } from "../../types.ts";
import { runConditions } from "../_shared/run.ts";
import { crossConditions, noReusePort } from "./conditions.ts";
import type { DistributionCondition, DistributionParams, DistributionResult, DistributionSummary } from "./types.ts";

/** The conditions a run measures, with the policies this runtime cannot run set aside. */
export function distributionConditions(params: Pick<DistributionParams, "policies" | "concurrency" | "keepAlive" | "loadLevels">): {
  conditions: DistributionCondition[];
  unavailable: DistributionSummary["unavailable"];
} {
  const unavailable: DistributionSummary["unavailable"] = [];
  const support = clusterSupport();
  const policies = params.policies.filter((p) => {
    if ("unavailable" in support) {
      unavailable.push({ policy: p, reason: support.unavailable });
      return false;
    }
    if (p === "reuseport" && !support.reusePort) {
      unavailable.push({ policy: p, reason: noReusePort(support.runtime) });
      return false;
    }
    return true;
  });
  return { conditions: crossConditions(params, policies), unavailable };
}

/** Round-robin's capacity by keep-alive: closed-loop rates at the highest client count and the generator that measured them, once per run when first needed. */
type Capacity = Map<boolean, Promise<{ rates: number[]; generator: LoadEngine }>>;

/** Closed-loop runs of `requests` each against a fresh round-robin cluster measure the capacity a sweep's levels are fractions of. */
const CAPACITY_ROUNDS = 3;

/**
 * Measures round-robin's capacity for one keep-alive setting: a fresh cluster, a warm-up, then
 * CAPACITY_ROUNDS closed-loop runs at the highest client count; their median is 100%.
 */
async function measureCapacity(params: DistributionParams, keepAlive: boolean, signal: AbortSignal): Promise<{ rates: number[]; generator: LoadEngine }> {
  const concurrency = Math.max(...params.concurrency);
  const server = await startCluster({ policy: "rr", workers: params.workers, handlerCostMs: params.handlerCostMs, signal });
  try {
    const url = `http://${server.host}:${server.port}/`;
    const load = (requests: number) => runLoad({ url, concurrency: Math.min(concurrency, requests), requests, keepAlive, timeLimitMs: Math.max(1000, params.timeoutMs - 5000), signal });
    await load(Math.max(200, Math.min(2000, params.requests)));
    const rates: number[] = [];
    let generator: LoadEngine = "node";
    for (let i = 0; i < CAPACITY_ROUNDS; i++) {
      const r = await load(params.requests);
      if (r.errors > 0) throw new Error(`measuring round-robin's capacity: ${r.errors} requests failed (${Object.keys(r.errorKinds).join(", ")})`);
      rates.push(r.throughputRps);
      generator = r.engine;
    }
    return { rates, generator };
  } finally {
    await server.close();
  }
}

/**
 * The capacity for `keepAlive`, measured inside the first open-loop trial that needs it, so that
 * stopping the run then stops it like any trial; a failed measurement is tried again by the next.
 */
function capacityFor(capacity: Capacity, params: DistributionParams, keepAlive: boolean, signal: AbortSignal): Promise<{ rates: number[]; generator: LoadEngine }> {
  let measured = capacity.get(keepAlive);
  if (!measured) {
    measured = measureCapacity(params, keepAlive, signal);
    capacity.set(keepAlive, measured);
    measured.catch(() => capacity.delete(keepAlive));
  }
  return measured;
}

async function measure(condition: DistributionCondition, context: TrialContext, params: DistributionParams, capacity: Capacity): Promise<Measurement> {
  const calibration = condition.loadPercent === null ? null : await capacityFor(capacity, params, condition.keepAlive, context.signal);
  const samples = calibration?.rates ?? [];
  const server = await startCluster({
    policy: condition.policy,
    workers: params.workers,
    handlerCostMs: params.handlerCostMs,
    ...(params.slowWorkerMs > 0 ? { slowWorker: { index: 0, everyN: 10, extraMs: params.slowWorkerMs } } : {}),
    signal: context.signal,
  });
  try {
    // Assert the policy from inside the workers, not from the configuration we asked for.
    const observed = await server.observedPolicy();
    if (observed !== condition.policy) throw new Error(`asked for ${condition.policy}, but the workers show ${observed}`);
    const url = `http://${server.host}:${server.port}/`;
    const timeLimitMs = Math.max(1000, params.timeoutMs - 5000);
    await runLoad({ url, concurrency: condition.concurrency, requests: Math.min(200, params.requests), keepAlive: condition.keepAlive, timeLimitMs, signal: context.signal });
    await server.resetStats();
    // Open loop: p% of the capacity, p% of the requests, so that the trial lasts as long as one at capacity.
    const capacityRps = samples.length > 0 ? summarize(samples).median : NaN;
    const open = condition.loadPercent === null ? null : {
      rate: Math.max(1, (capacityRps * condition.loadPercent) / 100),
      requests: Math.max(20, Math.round((params.requests * condition.loadPercent) / 100)),
    };
    if (open && !Number.isFinite(open.rate)) throw new Error(`no capacity was measured for ${condition.label}`);
    const load = await runLoad({
      url, concurrency: condition.concurrency, requests: open?.requests ?? params.requests, keepAlive: condition.keepAlive,
      timeLimitMs: open ? Math.max(timeLimitMs, Math.ceil((open.requests / open.rate) * 1000) + 5000) : timeLimitMs,
      ...(open ? { rate: open.rate, lateAfterMs: 10 } : {}),
      signal: context.signal,
    });
    const stats = await server.stats();
    const failure = server.failure();
    if (failure) throw failure;
    const workers = [...stats.workers].sort((a, b) => a.index - b.index);
    const requests = workers.map((w) => w.requests);
    const opened = workers.map((w) => w.connections);
    // ab connects ahead of its last requests and closes up to concurrency − 1 of those connections
    // unused at the end of a run. With a new connection per request every request is its own
    // connection, so under ab the requests per worker are the connections that carried load.
    const connections = load.engine === "ab" ? requests : opened;
    const served = requests.reduce((a, b) => a + b, 0);
    // The workers' counts are the measurement; if they miss requests, the shares cannot be trusted.
    if (served !== load.completed) throw new WrongAnswerError(`workers served ${served} requests but the load generator completed ${load.completed}`);
    const conn = fairness(connections.map((x) => x), { top: 2 });
    return {
      durationMs: load.durationMs,
      metrics: {
        throughputRps: load.throughputRps,
        p50Ms: load.latencyMs.p50,
        p99Ms: load.latencyMs.p99,
        errors: load.errors,
        completed: load.completed,
        connections: conn.total,
        top2Share: conn.topShare,
        jain: conn.jain,
        cv: conn.cv,
        maxMinRatio: Number.isFinite(conn.maxMinRatio) ? conn.maxMinRatio : -1,
        chiSquareP: conn.pValue,
        primaryCpuShare: stats.primaryWallMs > 0 ? stats.primaryCpuMs / stats.primaryWallMs : NaN,
        generatorCpuShare: load.durationMs > 0 ? load.generatorCpuMs / load.durationMs : NaN,
        ...(load.openLoop ? {
          offeredRps: load.openLoop.rate,
          scheduled: load.openLoop.scheduled,
          late: load.openLoop.late,
          waitedForSlot: load.openLoop.waitedForSlot,
          dropped: load.openLoop.dropped,
          uncorrectedP99Ms: load.openLoop.uncorrectedMs.p99,
        } : {}),
      },
      detail: {
        connectionsByWorker: connections,
        ...(load.engine === "ab" ? { connectionsOpenedByWorker: opened } : {}),
        requestsByWorker: requests,
        latencySampleMs: load.latencySample.slice(0, 500),
        truncated: load.truncated,
        serverRuntime: server.serverRuntime,
        generator: load.engine,
        ...(open ? { keepAlive: condition.keepAlive, loadPercent: condition.loadPercent, capacitySamplesRps: samples, capacityGenerator: calibration!.generator } : {}),
      },
    };
  } finally {
    await server.close();
  }
}

/** Runs every condition this runtime can run and returns the Result with its summary. */
export async function runDistribution(
  experiment: Experiment<DistributionParams, DistributionSummary>,
  params: DistributionParams,
  options: RunOptions,
): Promise<DistributionResult> {
  experiment.check?.(params);
  const { conditions } = distributionConditions(params);
  if (conditions.length === 0) throw new InputError("policies", "none of the requested policies can run on this runtime; rr and none need Node's cluster module");
  const capacity: Capacity = new Map();
  return runConditions(experiment, params, options, conditions, (c, ctx) => measure(c, ctx, params, capacity), "top2Share");
}
