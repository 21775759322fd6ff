/**
 * Analysing a messaging Result: per-condition latency and throughput across trials, the noise floor,
 * and pairs of channels compared on p50 latency size by size — every comparison of the run decided
 * as one family (exact rank-sum test, Hodges–Lehmann ratio interval at its attained level, Holm
 * across the family), the pairs the claims rest on also checked within rounds — with where one
 * channel overtakes the other; the charts, findings and claims are re-exported from their own
 * files. Pure: it reads a Result and never opens a channel.
 * @module
 */
import * as ss from "simple-statistics";
import { compareRatio, decideFamily, summarize } from "../../stats/mod.ts";
import type { Comparison } from "../../types.ts";
import { trialsOf, verdictRules } from "../_shared/analysis.ts";
import { withinRounds } from "../_shared/rounds.ts";
import { runtimeLabel, unavailableReason } from "./channels.ts";
import { allConditions, conditionLabel, formatBytes, sortedSizes } from "./conditions.ts";
import { CLAIM_PAIRS, type ChannelPair, PAIRS } from "./pairs.ts";
import type { MessagingResult, MessagingRow, MessagingSummary, PairComparison, SizePoint } from "./types.ts";

export { messagingCharts } from "./charts.ts";
export { messagingClaims } from "./claims.ts";
export { messagingFindings } from "./findings.ts";

/** The quantity every comparison of the experiment is about. */
export const MESSAGING_QUANTITY = "p50 round-trip latency";

/** Where the verdicts name one outcome, as a phrase: "64 B, 4 KiB". */
function sizeList(points: SizePoint[], keep: (p: SizePoint) => boolean): string {
  return points.filter(keep).map((p) => formatBytes(p.sizeBytes)).join(", ");
}

/** One pair's summary of its decided verdicts: where each side was named faster, the crossover, and the rest. */
function pairVerdict(pair: Omit<PairComparison, "verdict">): string {
  const { a, b, kind, points } = pair;
  const head = `${pair.question}, ${kind}:`;
  if (points.length === 0) return `${head} not measured.`;
  const parts = [head];
  const aSizes = sizeList(points, (p) => p.comparison.outcome === "lower");
  const bSizes = sizeList(points, (p) => p.comparison.outcome === "higher");
  const same = sizeList(points, (p) => p.comparison.outcome === "equivalent");
  const open = sizeList(points, (p) => p.comparison.outcome === "inconclusive");
  if (pair.crossoverBytes !== null) {
    const fromSmallest = pair.crossoverBytes === points[0]!.sizeBytes;
    parts.push(fromSmallest ? `${a} is faster from the smallest size measured, and ${b} at no size.` : `${a} is faster from ${formatBytes(pair.crossoverBytes)} up (the crossover).`);
  }
  if (aSizes) parts.push(`${a} faster at ${aSizes}.`);
  if (bSizes) parts.push(`${b} faster at ${bSizes}.`);
  if (same) parts.push(`Equivalent at ${same}.`);
  if (open) parts.push(`Inconclusive at ${open}.`);
  return parts.join(" ");
}

/** The summary of a messaging run: rows, what was not measured, pair comparisons, noise floor. */
export function summarizeMessaging(result: Omit<MessagingResult, "summary">): MessagingSummary {
  const { params } = result;
  const seed = params.seed;
  const rules = verdictRules(params);
  const rows: MessagingRow[] = [];
  for (const c of allConditions(params)) {
    const p50 = trialsOf(result, c.label, "p50Ms");
    if (p50.length === 0) continue;
    const s = (metric: string) => summarize(trialsOf(result, c.label, metric), { level: rules.confidence });
    rows.push({
      label: c.label, channel: c.channel, kind: c.kind, sizeBytes: c.sizeBytes,
      p50Ms: s("p50Ms"), p99Ms: s("p99Ms"), messagesPerSec: s("messagesPerSec"), mbPerSec: s("mbPerSec"),
      roundTrips: ss.median(trialsOf(result, c.label, "roundTrips")),
    });
  }
  const unavailable: MessagingSummary["unavailable"] = [];
  for (const channel of params.channels) {
    for (const kind of params.kinds) {
      if (!rows.some((r) => r.channel === channel && r.kind === kind)) unavailable.push({ channel, kind, reason: unavailableReason(channel, kind, result.runtime) });
    }
  }
  // Every comparison of the run first, then decided as one family: the adjustment needs them all.
  const planned: Array<{ pair: ChannelPair; kind: MessagingRow["kind"]; sizeBytes: number; comparison: Comparison }> = [];
  for (const pair of PAIRS) {
    for (const kind of params.kinds) {
      for (const sizeBytes of sortedSizes(params.sizes)) {
        const labelA = conditionLabel(pair.a, kind, sizeBytes);
        const labelB = conditionLabel(pair.b, kind, sizeBytes);
        const a = trialsOf(result, labelA, "p50Ms");
        const b = trialsOf(result, labelB, "p50Ms");
        if (a.length === 0 || b.length === 0) continue;
        planned.push({ pair, kind, sizeBytes, comparison: compareRatio(a, b, { labelA, labelB, seed, quantity: MESSAGING_QUANTITY, ...rules }) });
      }
    }
  }
  const decided = decideFamily(planned.map((p) => p.comparison), rules);
  const comparisons: PairComparison[] = [];
  for (const pair of PAIRS) {
    for (const kind of params.kinds) {
      const points: SizePoint[] = [];
      planned.forEach((p, i) => {
        if (p.pair !== pair || p.kind !== kind) return;
        const comparison = decided[i]!;
        const side = comparison.outcome === "lower" ? "a" : comparison.outcome === "higher" ? "b" : "none";
        const within = CLAIM_PAIRS.includes(pair.id)
          ? { within: withinRounds(result, comparison.a, comparison.b, "p50Ms", { confidence: rules.confidence, pooledCi: comparison.ratioCi }) }
          : {};
        points.push({ sizeBytes: p.sizeBytes, comparison, side, ...within });
      });
      if (points.length === 0) continue;
      const crossover = points.find((p, i) => p.side === "a" && points.slice(i).every((q) => q.side !== "b"));
      const partial = { ...pair, kind, points, crossoverBytes: crossover ? crossover.sizeBytes : null };
      comparisons.push({ ...partial, verdict: pairVerdict(partial) });
    }
  }
  const spreads = rows.filter((r) => r.p50Ms.n >= 2).map((r) => r.p50Ms.relativeIqr);
  return {
    cores: result.machine.cpu.cores,
    runtime: runtimeLabel(result.runtime),
    rows,
    comparisons,
    family: { size: decided.length, rules },
    checkedWithinRounds: [...CLAIM_PAIRS],
    unavailable,
    noiseFloor: spreads.length > 0 ? ss.median(spreads) : NaN,
    failures: result.failures.length,
  };
}
