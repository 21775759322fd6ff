/**
 * The distribution experiment's analysis of a saved Result: per condition, how the busiest workers'
 * share, fairness, throughput and latency spread across trials, and socket sharing and reusePort
 * against round-robin under each load shape. Pure: re-analysing a Result starts no server. Charts,
 * findings and claims, which read the summary, are re-exported from here so that this file is the
 * analysing side's one door.
 * @module
 */
import { bootstrapCi, compareRatio, createRng, summarize } from "../../stats/mod.ts";
import { trialsOf } from "../_shared/analysis.ts";
import { conditionLabel, crossConditions, noReusePort } from "./conditions.ts";
import type { DistributionResult, DistributionRow, DistributionSummary } from "./types.ts";

export { distributionCharts } from "./charts.ts";
export { distributionClaims } from "./claims.ts";
export { distributionFindings } from "./findings.ts";

/** A per-worker array of one detail (e.g. connections by worker) from every successful trial of a condition. */
function detailNumbers(result: Pick<DistributionResult, "trials">, condition: string, key: string): number[][] {
  return result.trials
    .filter((t) => t.ok && t.condition === condition && Array.isArray(t.detail?.[key]))
    .map((t) => t.detail![key] as number[]);
}

/** The summary of a distribution Result, recomputed from its trials. */
export function summarizeDistribution(result: Omit<DistributionResult, "summary">): DistributionSummary {
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
    const s = (metric: string) => summarize(trialsOf(result, c.label, metric));
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
    const rr = conditionLabel("rr", row.concurrency, row.keepAlive);
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
