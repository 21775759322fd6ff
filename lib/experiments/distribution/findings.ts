/**
 * The distribution experiment's findings: plain-language sentences, each figure with its interval.
 * Pure: read off a Result's summary.
 * @module
 */
import { failureNote, formatInterval, formatNumber } from "../_shared/analysis.ts";
import type { DistributionResult } from "./types.ts";

/** The findings of a distribution Result, one sentence each. */
export function distributionFindings(result: DistributionResult): string[] {
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
