/**
 * The distribution experiment's analysis of a saved Result: per condition, how the busiest workers'
 * share, fairness, throughput and latency spread across trials (medians with order-statistic
 * intervals at the level they attain), and socket sharing and reusePort against round-robin under
 * each load shape, with the sweep of offered load (`sweep.ts`), decided as one family by the lab's
 * verdict rule and checked within rounds. Pure:
 * re-analysing a Result starts no server. Charts, findings and claims, which read the summary, are
 * re-exported from here so that this file is the analysing side's one door.
 * @module
 */
import { compareRatio, decideFamily, medianInterval, summarize } from "../../stats/mod.ts";
import type { Comparison } from "../../types.ts";
import { trialsOf, verdictRules } from "../_shared/analysis.ts";
import type { CheckedComparison } from "../_shared/decided.ts";
import { withinRounds } from "../_shared/rounds.ts";
import { conditionLabel, crossConditions, noReusePort, sweepLevels } from "./conditions.ts";
import { generatorsOf } from "./generators.ts";
import { behindOf, sweepComparisons } from "./sweep.ts";
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

/**
 * The noise floor: IQR / median of the throughput of identical trials of the condition most alike
 * by design — round-robin, which hands connections out in turn, at the lowest client count, new
 * connections first; without round-robin, the first policy that ran.
 */
function noiseFloorOf(rows: readonly DistributionRow[]): DistributionSummary["noiseFloor"] {
  const closed = rows.filter((r) => r.loadPercent === undefined);
  const pool = closed.some((r) => r.policy === "rr") ? closed.filter((r) => r.policy === "rr") : closed.filter((r) => r.policy === closed[0]?.policy);
  const row = [...pool].sort((a, b) => a.concurrency - b.concurrency || Number(a.keepAlive) - Number(b.keepAlive))[0];
  return row ? { label: row.label, metric: "throughputRps", relativeIqr: row.throughputRps.relativeIqr } : null;
}

/** The summary of a distribution Result, recomputed from its trials. */
export function summarizeDistribution(result: Omit<DistributionResult, "summary">): DistributionSummary {
  const { params } = result;
  const rules = verdictRules(params);
  const level = rules.confidence;
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
  const rows: DistributionRow[] = [];
  for (const c of conditions) {
    const top2 = trialsOf(result, c.label, "top2Share");
    if (top2.length === 0) continue;
    const byTrial = detailNumbers(result, c.label, "connectionsByWorker").map((counts) => {
      const total = counts.reduce((a, b) => a + b, 0) || 1;
      return [...counts].sort((a, b) => b - a).map((x) => x / total);
    });
    // Each trial's share at a rank is one value; across trials, the median with its order-statistic interval.
    const shareByRank = (byTrial[0] ?? []).map((_, rank) => {
      const m = medianInterval(byTrial.map((shares) => shares[rank] ?? 0), { level });
      return { rank: rank + 1, median: m.estimate, ci: m.ci };
    });
    const s = (metric: string) => summarize(trialsOf(result, c.label, metric), { level });
    rows.push({
      label: c.label, policy: c.policy, concurrency: c.concurrency, keepAlive: c.keepAlive,
      // Only an open loop's row carries these, so that a Result without a sweep reads as it always did.
      ...(c.loadPercent === null ? {} : { loadPercent: c.loadPercent, offeredRps: s("offeredRps"), behind: behindOf(result, c.label) }),
      top2Share: s("top2Share"), top2ReachesTarget: medianInterval(top2, { level }).reachesTarget,
      jain: s("jain"), throughputRps: s("throughputRps"), p50Ms: s("p50Ms"), p99Ms: s("p99Ms"),
      primaryCpuShare: s("primaryCpuShare"),
      claimHits: top2.filter((x) => x >= 0.7).length,
      shareByRank,
      chiSquareP: trialsOf(result, c.label, "chiSquareP"),
    });
  }

  // The family: every policy against round-robin, under every load shape, in each of three measures.
  const metrics = [
    { key: "top2", metric: "top2Share", quantity: "top-2 share", lowerIsBetter: true },
    { key: "throughput", metric: "throughputRps", quantity: "throughput", lowerIsBetter: false },
    { key: "p99", metric: "p99Ms", quantity: "p99 latency", lowerIsBetter: true },
  ] as const;
  const raw: Array<{ row: DistributionRow; rr: string; comparisons: Comparison[] }> = [];
  for (const row of rows) {
    if (row.policy === "rr" || row.loadPercent !== undefined) continue;
    const rr = conditionLabel("rr", row.concurrency, row.keepAlive);
    if (!rows.some((r) => r.label === rr)) continue;
    raw.push({
      row,
      rr,
      comparisons: metrics.map((m) =>
        compareRatio(trialsOf(result, row.label, m.metric), trialsOf(result, rr, m.metric), { ...rules, labelA: row.label, labelB: rr, quantity: m.quantity, lowerIsBetter: m.lowerIsBetter })),
    });
  }
  const sweep = sweepComparisons(result, rows);
  const closedFamily = raw.flatMap((r) => r.comparisons);
  const decided = decideFamily([...closedFamily, ...sweep.comparisons], rules);
  const comparisons: DistributionSummary["comparisons"] = raw.map(({ row, rr }, i) => {
    const [top2, throughput, p99] = metrics.map((m, j): CheckedComparison => {
      const c = decided[i * metrics.length + j]!;
      return { ...c, within: withinRounds(result, row.label, rr, m.metric, { confidence: level, pooledCi: c.ratioCi }) };
    }) as [CheckedComparison, CheckedComparison, CheckedComparison];
    return { concurrency: row.concurrency, keepAlive: row.keepAlive, policy: row.policy, top2, throughput, p99 };
  });
  return {
    workers: params.workers,
    rows,
    comparisons,
    ...(sweepLevels(params).length > 0 ? { sweep: sweep.assemble(decided.slice(closedFamily.length)) } : {}),
    familySize: decided.length,
    noiseFloor: noiseFloorOf(rows),
    ...(generatorsOf(result) ? { generators: generatorsOf(result) } : {}),
    unavailable,
    failures: result.failures.length,
  };
}
