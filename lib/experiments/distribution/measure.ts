/**
 * How the distribution experiment measures: a fresh cluster HTTP server per trial, its policy
 * checked from inside the workers, loaded by a closed-loop generator in its own process, with
 * every request the generator completed counted by a worker. The only file of the experiment that
 * starts servers.
 * @module
 */
import { InputError, WrongAnswerError } from "../../errors.ts";
import { clusterSupport, startCluster } from "../../drivers/cluster/mod.ts";
import { runLoad } from "../../drivers/loadgen/mod.ts";
import { fairness } from "../../stats/mod.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Experiment, RunOptions } from "../../types.ts";
import { runConditions } from "../_shared/run.ts";
import { crossConditions, noReusePort } from "./conditions.ts";
import type { DistributionCondition, DistributionParams, DistributionResult, DistributionSummary } from "./types.ts";

/** The conditions a run measures, with the policies this runtime cannot run set aside. */
export function distributionConditions(params: Pick<DistributionParams, "policies" | "concurrency" | "keepAlive">): {
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

async function measure(condition: DistributionCondition, context: TrialContext, params: DistributionParams): Promise<Measurement> {
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
    const load = await runLoad({ url, concurrency: condition.concurrency, requests: params.requests, keepAlive: condition.keepAlive, timeLimitMs, signal: context.signal });
    const stats = await server.stats();
    const failure = server.failure();
    if (failure) throw failure;
    const workers = [...stats.workers].sort((a, b) => a.index - b.index);
    const connections = workers.map((w) => w.connections);
    const requests = workers.map((w) => w.requests);
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
      },
      detail: {
        connectionsByWorker: connections,
        requestsByWorker: requests,
        latencySampleMs: load.latencySample.slice(0, 500),
        truncated: load.truncated,
        serverRuntime: server.serverRuntime,
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
  return runConditions(experiment, params, options, conditions, (c, ctx) => measure(c, ctx, params));
}
