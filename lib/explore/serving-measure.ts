/**
 * How compareServing measures one trial: a fresh server of the condition (a node:cluster under a
 * scheduling policy, or the thread server) answering with the user's handler on 127.0.0.1, a short
 * warm-up, then the lab's load generator for a bounded number of requests. The only file of
 * compareServing that starts servers or load.
 * @module
 */
import { WrongAnswerError } from "../errors.ts";
import { reusePortSupported, startCluster, type SchedulingPolicy } from "../drivers/cluster/mod.ts";
import { startThreadServer } from "../drivers/thread-server/mod.ts";
import { runLoad } from "../drivers/loadgen/mod.ts";
import type { Measurement, TrialContext } from "../trials.ts";
import type { CheckedUserModule } from "./module.ts";

/** One serving condition: a cluster under a policy, or the thread server. */
export interface ServingCondition {
  label: string;
  server: "cluster" | "threads";
  policy?: SchedulingPolicy;
}

/** The conditions this runtime can run: cluster rr and none, reusePort where the server's Node has it, and the thread server. */
export function servingConditions(): ServingCondition[] {
  const policies: SchedulingPolicy[] = reusePortSupported() ? ["rr", "none", "reuseport"] : ["rr", "none"];
  return [...policies.map((policy) => ({ label: `cluster ${policy}`, server: "cluster" as const, policy })), { label: "threads", server: "threads" }];
}

/** What one trial sends. */
export interface LoadShape {
  workers: number;
  concurrency: number;
  requests: number;
  keepAlive: boolean;
  path: string;
  /** Limit on the load run, in milliseconds. */
  loadTimeLimitMs: number;
}

/** Serves with the user's handler under `c`, loads it, and returns throughput, latency and each worker's share. */
export async function measureServing(c: ServingCondition, context: TrialContext, user: CheckedUserModule, shape: LoadShape): Promise<Measurement> {
  const handler = { url: user.url, exportName: user.exportName };
  const server = c.server === "cluster"
    ? await startCluster({ policy: c.policy!, workers: shape.workers, handler, signal: context.signal })
    : await startThreadServer({ threads: shape.workers, handler, heapMb: 512, signal: context.signal });
  try {
    const url = `http://127.0.0.1:${server.port}${shape.path}`;
    // The shares by worker come from the responses' x-worker headers, which only the node engine reads.
    const load = (requests: number) => runLoad({ url, concurrency: shape.concurrency, requests, keepAlive: shape.keepAlive, timeLimitMs: shape.loadTimeLimitMs, signal: context.signal, pauseAfterErrorMs: 10, engine: "node" });
    await load(Math.min(shape.requests, Math.max(shape.concurrency, 20)));
    const report = await load(shape.requests);
    if (report.completed === 0) {
      throw new WrongAnswerError(`no request of ${report.sent} succeeded under ${c.label}: ${JSON.stringify(report.errorKinds)}`);
    }
    const shares = Object.values(report.byWorker).map((n) => n / report.completed);
    return {
      durationMs: report.durationMs,
      metrics: {
        requestsPerSecond: report.throughputRps, p50Ms: report.latencyMs.p50, p90Ms: report.latencyMs.p90, p99Ms: report.latencyMs.p99,
        completed: report.completed, errors: report.errors, busiestWorkerShare: Math.max(...shares), workersSeen: shares.length,
      },
      detail: { byWorker: report.byWorker, errorKinds: report.errorKinds, truncated: report.truncated },
    };
  } finally {
    await server.close();
  }
}
