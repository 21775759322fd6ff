/**
 * The distribution experiment's findings: plain-language sentences, each figure with its interval at
 * the level it attains, the noise floor, and every comparison's verdict with the family it was
 * decided in and its within-round check. Pure: read off a Result's summary.
 * @module
 */
import { formatCi } from "../../format.ts";
import { failureNote, stoppingNote, formatNumber, verdictRules } from "../_shared/analysis.ts";
import { checkedVerdict } from "../_shared/decided.ts";
import { familyLine } from "../_shared/family.ts";
import { runDisturbance } from "../_shared/rounds.ts";
import { generatorSentence } from "./generators.ts";
import { FELL_BEHIND_SHARE, type DistributionResult, type DistributionRow, type DistributionSummary } from "./types.ts";

/** The noise floor sentence, with its definition. */
export function noiseFloorSentence(s: DistributionSummary): string | null {
  const n = s.noiseFloor;
  if (!n) return null;
  const which = n.label.startsWith("rr ") ? "round-robin at the lowest client count" : "the first policy measured at the lowest client count (round-robin did not run)";
  return `Noise floor: identical trials of ${n.label} (${which}, the condition whose trials are most alike by design) spread by ${formatNumber(n.relativeIqr * 100)}% in throughput (IQR / median); differences smaller than that are not resolved.`;
}

/** " (offered 512 req/s, 25% of capacity)" for an open-loop row; nothing for a closed one. */
function offered(row: DistributionRow): string {
  return row.offeredRps ? ` (offered ${formatNumber(row.offeredRps.median)} req/s, ${row.loadPercent}% of capacity)` : "";
}

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
  const generators = generatorSentence(s.generators);
  if (generators) lines.push(generators);
  const floor = noiseFloorSentence(s);
  if (floor) lines.push(floor);
  for (const c of s.sweep?.capacity ?? []) {
    lines.push(`Round-robin's capacity, the 100% of the sweep, measured at the start of the run (closed loop at the highest client count, ${c.keepAlive ? "keep-alive" : "a new connection per request"}): ${formatNumber(c.rps.median)} req/s (median of ${c.rps.n}; ${formatCi(c.rps.medianCi)}).`);
  }
  for (const row of s.rows) {
    const behind = row.behind;
    if (behind?.fellBehind) {
      lines.push(`${row.label}: generator fell behind: ${behind.late} late of ${behind.scheduled} (${behind.waitedForSlot} of them waited for one of the ${row.concurrency} slots, the server holding them all), ${behind.dropped} dropped; more than ${FELL_BEHIND_SHARE * 100}% of the schedule, so the offered load was not what it says and this condition's server numbers are not reported.`);
      continue;
    }
    lines.push(
      `${row.label}${offered(row)}: busiest two workers took ${formatNumber(row.top2Share.median * 100)}% of connections (median; ${formatCi(row.top2Share.medianCi, 100, "%")}; even would be ${formatNumber(200 / s.workers)}%), ` +
        `≥ 70% in ${row.claimHits} of ${row.top2Share.n} trials; Jain ${formatNumber(row.jain.median)}; ${formatNumber(row.throughputRps.median)} req/s (${formatCi(row.throughputRps.medianCi)}); p99 ${formatNumber(row.p99Ms.median)} ms (${formatCi(row.p99Ms.medianCi, 1, " ms")}).`,
    );
  }
  const closed = s.comparisons.flatMap((c) => [c.top2, c.throughput, c.p99]);
  const sweep = [...(s.sweep?.vsRoundRobin ?? []).map((c) => c.top2), ...(s.sweep?.growth ?? []).map((c) => c.top2)];
  const family = [...closed, ...sweep];
  if (family.length > 0) {
    const what = sweep.length > 0
      ? "each policy against round-robin under each closed-loop load shape (top-2 share, throughput, p99 latency), and in the sweep of offered load each policy against round-robin at each level and at its highest level against its lowest (top-2 share)"
      : "each policy against round-robin under each load shape (top-2 share, throughput, p99 latency)";
    lines.push(`${familyLine(family.map((c) => c.outcome), what, verdictRules(result.params))} Each verdict gives the Hodges–Lehmann ratio with its distribution-free interval at the level it attains, and the exact rank-sum p adjusted within the family.`);
    const disturbance = runDisturbance(family.map((c) => c.within));
    if (disturbance) lines.push(`Each comparison is also made within rounds, as a check beside its pooled verdict. ${disturbance}`);
  }
  for (const c of closed) lines.push(checkedVerdict(c));
  for (const g of s.sweep?.growth ?? []) {
    const grows = g.top2.outcome === "higher" ? "yes: it grows" : g.top2.outcome === "lower" ? "no: it shrinks" : g.top2.outcome === "equivalent" ? "no: it stays within the equivalence band" : "not decided";
    lines.push(`Does ${g.policy === "none" ? "socket sharing" : g.policy}'s imbalance grow with load (${g.keepAlive ? "keep-alive" : "new conn"}, ${g.low}% → ${g.high}% of capacity)? ${grows}. ${checkedVerdict(g.top2)}`);
  }
  for (const c of s.sweep?.vsRoundRobin ?? []) lines.push(checkedVerdict(c.top2));
  const behind = s.sweep?.fellBehind ?? [];
  if (behind.length > 0) lines.push(`Left out of the sweep's comparisons, since their generator fell behind: ${behind.join(", ")}.`);
  return [...lines, ...stoppingNote(result), ...failureNote(s.failures)];
}
