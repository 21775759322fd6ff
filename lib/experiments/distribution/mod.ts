/**
 * Experiment "distribution": how a cluster spreads connections over its workers under round-robin
 * (the primary accepts and hands out), socket sharing (workers accept from one shared socket) and
 * reusePort (each worker has its own socket; the kernel spreads). Tests the claim that with socket
 * sharing "70% of connections hit 2 of 8 workers", and what round-robin costs in throughput and latency.
 * @module
 */
import * as charts from "../../charts/mod.ts";
import { InputError } from "../../errors.ts";
import { clusterSupport, startCluster, type SchedulingPolicy } from "../../drivers/cluster/mod.ts";
import { runLoad } from "../../drivers/loadgen/mod.ts";
import { bootstrapCi, compareRatio, createRng, fairness, summarize } from "../../stats/mod.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Chart, Charts, Comparison, Experiment, Interval, Result, Summary } from "../../types.ts";
import { failureNote, formatInterval, formatNumber, trialsOf } from "../_shared/analysis.ts";
import { trialParamSpecs } from "../_shared/params.ts";
import { runConditions } from "../_shared/run.ts";
import { byId } from "../../charts/mod.ts";

/** Parameters of the distribution experiment. */
export interface DistributionParams extends Record<string, unknown> {
  workers: number;
  policies: SchedulingPolicy[];
  concurrency: number[];
  keepAlive: boolean[];
  handlerCostMs: number;
  slowWorkerMs: number;
  requests: number;
  trials: number;
  warmups: number;
  order: "random" | "abba" | "blocked";
  seed: number;
  timeoutMs: number;
}

/** One condition: a policy under a load shape. */
export interface DistributionCondition {
  label: string;
  policy: SchedulingPolicy;
  concurrency: number;
  keepAlive: boolean;
}

/** Statistics of one condition across its trials. */
export interface DistributionRow {
  label: string;
  policy: SchedulingPolicy;
  concurrency: number;
  keepAlive: boolean;
  /** Share of connections taken by the busiest two workers, per trial, in [0, 1]. */
  top2Share: Summary;
  /** Jain's fairness index of connections per worker, in [1/k, 1]. */
  jain: Summary;
  throughputRps: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  /** CPU the primary used, as a fraction of one core over the load. */
  primaryCpuShare: Summary;
  /** Trials in which the busiest two workers took at least 70% of connections. */
  claimHits: number;
  /** Mean share of connections by worker rank (busiest first), with a bootstrap CI across trials. */
  shareByRank: Array<{ rank: number; mean: number; ci: Interval }>;
  /** Chi-square p-values against an even spread, one per trial. */
  chiSquareP: number[];
}

/** What a distribution run found. */
export interface DistributionSummary {
  workers: number;
  rows: DistributionRow[];
  /** Socket sharing and reusePort against round-robin under each load shape. */
  comparisons: Array<{ concurrency: number; keepAlive: boolean; policy: SchedulingPolicy; top2: Comparison; throughput: Comparison; p99: Comparison }>;
  /** Policies this runtime could not run, with why. */
  unavailable: Array<{ policy: SchedulingPolicy; reason: string }>;
  failures: number;
}

export type DistributionResult = Result<DistributionParams, DistributionSummary>;

const shape = (c: number, keepAlive: boolean) => `c=${c} ${keepAlive ? "keep-alive" : "new conn"}`;
const labelOf = (policy: SchedulingPolicy, c: number, keepAlive: boolean) => `${policy} ${shape(c, keepAlive)}`;

/** Why a runtime cannot run the "reuseport" policy. */
const noReusePort = (runtime: string) => `${runtime} has no reusePort option in net.Server.listen (Node 22.12+ or 23.1+ on Linux)`;

/** Every load shape × policy, in run order. */
function crossConditions(params: Pick<DistributionParams, "concurrency" | "keepAlive">, policies: readonly SchedulingPolicy[]): DistributionCondition[] {
  return params.keepAlive.flatMap((keepAlive) => params.concurrency.flatMap((concurrency) =>
    policies.map((policy) => ({ label: labelOf(policy, concurrency, keepAlive), policy, concurrency, keepAlive }))));
}

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
    if (served !== load.completed) throw new Error(`workers served ${served} requests but the load generator completed ${load.completed}`);
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

function detailNumbers(result: Pick<DistributionResult, "trials">, condition: string, key: string): number[][] {
  return result.trials
    .filter((t) => t.ok && t.condition === condition && Array.isArray(t.detail?.[key]))
    .map((t) => t.detail![key] as number[]);
}

function summarizeDistribution(result: Omit<DistributionResult, "summary">): DistributionSummary {
  const { params } = result;
  // Judge a saved Result by what ran then, not by what this machine could run now.
  const conditions = crossConditions(params, params.policies);
  const ran = new Set(result.trials.map((t) => t.condition.split(" ")[0]));
  const server = result.trials.find((t) => typeof t.detail?.serverRuntime === "string")?.detail?.serverRuntime as string | undefined;
  const unavailable = params.policies.filter((p) => !ran.has(p)).map((policy) => ({
    policy,
    reason: policy === "reuseport" && !result.runtime.features.reusePort
      ? noReusePort(server ?? `${result.runtime.name} ${result.runtime.version}`)
      : "no trial of it completed in this run (see the Result's failures)",
  }));
  const seed = params.seed;
  const rows: DistributionRow[] = [];
  for (const c of conditions) {
    const top2 = trialsOf(result, c.label, "top2Share");
    if (top2.length === 0) continue;
    const byTrial = detailNumbers(result, c.label, "connectionsByWorker").map((counts) => {
      const total = counts.reduce((a, b) => a + b, 0) || 1;
      return [...counts].sort((a, b) => b - a).map((x) => x / total);
    });
    const rng = createRng(seed);
    const shareByRank = (byTrial[0] ?? []).map((_, rank) => {
      const values = byTrial.map((shares) => shares[rank] ?? 0);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return { rank: rank + 1, mean, ci: bootstrapCi(values, (xs) => xs.reduce((a, b) => a + b, 0) / xs.length, { seed: Math.floor(rng() * 2 ** 31) }) };
    });
    const s = (metric: string) => summarize(trialsOf(result, c.label, metric), { seed });
    rows.push({
      label: c.label, policy: c.policy, concurrency: c.concurrency, keepAlive: c.keepAlive,
      top2Share: s("top2Share"), jain: s("jain"), throughputRps: s("throughputRps"), p50Ms: s("p50Ms"), p99Ms: s("p99Ms"),
      primaryCpuShare: s("primaryCpuShare"),
      claimHits: top2.filter((x) => x >= 0.7).length,
      shareByRank,
      chiSquareP: trialsOf(result, c.label, "chiSquareP"),
    });
  }
  const comparisons: DistributionSummary["comparisons"] = [];
  for (const row of rows) {
    if (row.policy === "rr") continue;
    const rr = labelOf("rr", row.concurrency, row.keepAlive);
    if (!rows.some((r) => r.label === rr)) continue;
    const pair = (metric: string, quantity: string, lowerIsBetter: boolean) =>
      compareRatio(trialsOf(result, row.label, metric), trialsOf(result, rr, metric), { labelA: row.label, labelB: rr, seed, quantity, lowerIsBetter });
    comparisons.push({
      concurrency: row.concurrency, keepAlive: row.keepAlive, policy: row.policy,
      top2: pair("top2Share", "top-2 share", true),
      throughput: pair("throughputRps", "throughput", false),
      p99: pair("p99Ms", "p99 latency", true),
    });
  }
  return { workers: params.workers, rows, comparisons, unavailable, failures: result.failures.length };
}

/** The load shape the charts single out: the article's case, new connections at the highest concurrency. */
function headline(summary: DistributionSummary): { concurrency: number; keepAlive: boolean } | null {
  const candidates = summary.rows.filter((r) => !r.keepAlive);
  const pool = candidates.length > 0 ? candidates : summary.rows;
  if (pool.length === 0) return null;
  const concurrency = Math.max(...pool.map((r) => r.concurrency));
  return { concurrency, keepAlive: pool[0]!.keepAlive };
}

function distributionCharts(result: DistributionResult): Charts {
  return byId(distributionChartsList(result));
}

function distributionChartsList(result: DistributionResult): Chart[] {
  const s = result.summary;
  const head = headline(s);
  const headRows = head ? s.rows.filter((r) => r.concurrency === head.concurrency && r.keepAlive === head.keepAlive) : [];
  const pct = (x: number) => x * 100;
  return [
    charts.barsWithCi(
      headRows.flatMap((r) => r.shareByRank.map((b) => ({ group: r.policy, category: `#${b.rank}`, value: pct(b.mean), lo: pct(b.ci.lo), hi: pct(b.ci.hi) }))),
      {
        id: "share-by-rank",
        title: `Share of connections by worker, busiest first (${head ? shape(head.concurrency, head.keepAlive) : "no data"}; mean, 95% CI)`,
        valueTitle: "share of connections (%)", categoryTitle: "worker rank", ideal: 100 / s.workers, idealLabel: `1/${s.workers}`,
      },
    ),
    charts.scatter(
      s.rows.map((r) => ({ series: `${r.policy}${r.keepAlive ? " keep-alive" : ""}`, x: r.concurrency, y: pct(r.top2Share.median), yLo: pct(r.top2Share.medianCi.lo), yHi: pct(r.top2Share.medianCi.hi) })),
      { id: "top2-vs-concurrency", title: `Busiest two workers' share vs concurrency (median, 95% CI; even spread: ${formatNumber(200 / s.workers)}%)`, xTitle: "concurrent clients", yTitle: "top-2 share of connections (%)" },
    ),
    charts.scatter(
      s.rows.map((r) => ({
        series: r.policy, x: r.throughputRps.median, y: r.jain.median,
        xLo: r.throughputRps.medianCi.lo, xHi: r.throughputRps.medianCi.hi, yLo: r.jain.medianCi.lo, yHi: r.jain.medianCi.hi,
      })),
      { id: "fairness-vs-throughput", title: "Fairness against throughput, every load shape (median, 95% CI)", xTitle: "throughput (requests/s)", yTitle: "Jain's fairness index of connections" },
    ),
    charts.ecdf(
      result.trials
        .filter((t) => t.ok && headRows.some((r) => r.label === t.condition))
        .flatMap((t) => ((t.detail?.latencySampleMs as number[] | undefined) ?? []).map((value) => ({ series: t.condition.split(" ")[0]!, value }))),
      { id: "latency-ecdf", title: `Request latency (${head ? shape(head.concurrency, head.keepAlive) : "no data"}; sampled requests of every trial)`, valueTitle: "latency (ms)", log: true },
    ),
  ];
}

function distributionFindings(result: DistributionResult): string[] {
  const s = result.summary;
  const r = result.runtime;
  const m = result.machine;
  const servers = [...new Set(result.trials.map((t) => t.detail?.serverRuntime).filter((x): x is string => typeof x === "string"))];
  const serverNote = servers.length > 0 && servers.some((x) => x !== `${r.name} ${r.version}`) ? ` (the cluster servers ran on ${servers.join(", ")})` : "";
  const lines = [
    `Measured on ${m.cpu.cores} cores (${m.cpu.model}), ${m.os.platform} ${m.os.release}, ${r.name} ${r.version}${serverNote}; ${s.workers} workers, ${result.params.requests} requests per trial, ${result.params.trials} trials per condition; handler cost ${result.params.handlerCostMs} ms.`,
  ];
  for (const u of s.unavailable) lines.push(`${u.policy} was not measured: ${u.reason}.`);
  for (const row of s.rows) {
    lines.push(
      `${row.label}: busiest two workers took ${formatNumber(row.top2Share.median * 100)}% of connections (median; 95% CI ${formatInterval(row.top2Share.medianCi, 100)}%; even would be ${formatNumber(200 / s.workers)}%), ` +
        `≥ 70% in ${row.claimHits} of ${row.top2Share.n} trials; Jain ${formatNumber(row.jain.median)}; ${formatNumber(row.throughputRps.median)} req/s (${formatInterval(row.throughputRps.medianCi)}); p99 ${formatNumber(row.p99Ms.median)} ms (${formatInterval(row.p99Ms.medianCi)}).`,
    );
  }
  for (const c of s.comparisons) lines.push(c.top2.verdict, c.throughput.verdict, c.p99.verdict);
  return [...lines, ...failureNote(s.failures)];
}

/** The distribution experiment. */
export const distribution: Experiment<DistributionParams, DistributionSummary> = {
  id: "distribution",
  version: 1,
  title: "How cluster spreads connections: round-robin vs socket sharing vs reusePort",
  description:
    "A fresh cluster HTTP server per trial on 127.0.0.1, with the scheduling policy checked from inside its workers, " +
    "loaded by a closed-loop generator in its own process; per-worker connection and request counts, fairness, throughput and latency.",
  params: {
    workers: { type: "integer", description: "cluster workers", unit: "workers", min: 1, max: 64, default: { tiny: 4, quick: 8, full: 8 } },
    policies: { type: "string[]", description: "scheduling policies", choices: ["rr", "none", "reuseport"], default: ["rr", "none", "reuseport"] },
    concurrency: { type: "integer[]", description: "concurrent clients", unit: "clients", min: 1, max: 1024, default: { tiny: [4], quick: [8, 64], full: [1, 8, 64] } },
    keepAlive: { type: "boolean[]", description: "keep-alive connections (false: a new connection per request)", default: { tiny: [false], quick: [false], full: [false, true] } },
    handlerCostMs: { type: "number", description: "CPU time each request burns in the worker", unit: "ms", min: 0, max: 1000, default: 0 },
    slowWorkerMs: { type: "number", description: "extra CPU time worker 0 burns on every 10th request (0: none)", unit: "ms", min: 0, max: 1000, default: 0 },
    requests: { type: "integer", description: "requests per trial", unit: "requests", min: 1, max: 1_000_000, default: { tiny: 200, quick: 2000, full: 20_000 } },
    ...trialParamSpecs({ trials: { tiny: 2, quick: 5, full: 15 }, warmups: { tiny: 0, quick: 1, full: 1 }, minTimeoutMs: 2000 }),
  },
  async run(params, options = {}) {
    for (const c of params.concurrency) {
      if (c > params.requests) throw new InputError("concurrency", `${c} clients cannot share ${params.requests} requests; give concurrency ≤ requests`);
    }
    const { conditions } = distributionConditions(params);
    if (conditions.length === 0) throw new InputError("policies", "none of the requested policies can run on this runtime; rr and none need Node's cluster module");
    return runConditions(distribution, params, options, conditions, (c, ctx) => measure(c, ctx, params));
  },
  summarize: summarizeDistribution,
  charts: distributionCharts,
  findings: distributionFindings,
};
