/**
 * Analysing a messaging Result: per-condition latency and throughput across trials, the noise floor,
 * and pairs of channels compared on p50 latency size by size, with where one overtakes the other;
 * the charts, findings and claims are re-exported from their own files. Pure: it reads a Result
 * and never opens a channel.
 * @module
 */
import * as ss from "simple-statistics";
import type { ChannelId } from "../../drivers/channels/mod.ts";
import { compareRatio, summarize } from "../../stats/mod.ts";
import { formatInterval, formatNumber, trialsOf } from "../_shared/analysis.ts";
import { runtimeLabel, unavailableReason } from "./channels.ts";
import { allConditions, conditionLabel, formatBytes, sortedSizes } from "./conditions.ts";
import type { MessagingResult, MessagingRow, MessagingSummary, PairComparison, SizePoint } from "./types.ts";

export { messagingCharts } from "./charts.ts";
export { messagingClaims } from "./claims.ts";
export { messagingFindings } from "./findings.ts";

/** The comparisons the experiment answers, a vs b on p50 latency. */
const PAIRS: ReadonlyArray<{ id: string; question: string; a: ChannelId; b: ChannelId }> = [
  { id: "advanced-vs-json", question: "advanced vs JSON serialisation (process IPC)", a: "ipc-advanced", b: "ipc-json" },
  { id: "transfer-vs-clone", question: "transferring vs cloning a buffer (threads)", a: "thread-transfer", b: "thread-clone" },
  { id: "sab-vs-postmessage", question: "shared memory (Atomics.wait) vs postMessage", a: "sab-wait", b: "thread-clone" },
  { id: "sab-async-vs-postmessage", question: "shared memory (Atomics.waitAsync) vs postMessage", a: "sab-async", b: "thread-clone" },
  { id: "thread-vs-ipc-advanced", question: "a thread vs a process (postMessage vs advanced IPC)", a: "thread-clone", b: "ipc-advanced" },
  { id: "thread-vs-ipc-json", question: "a thread vs a process (postMessage vs JSON IPC)", a: "thread-clone", b: "ipc-json" },
];

/** Where each side is faster, as a phrase: "64 B, 4 KiB". */
function sizeList(points: SizePoint[], side: SizePoint["side"]): string {
  return points.filter((p) => p.side === side).map((p) => formatBytes(p.sizeBytes)).join(", ");
}

/** One pair's verdict: the ratio at every size, the crossover, and where each side was faster. */
function pairVerdict(pair: Omit<PairComparison, "verdict">): string {
  const { a, b, kind, points } = pair;
  const head = `${pair.question}, ${kind}:`;
  if (points.length === 0) return `${head} not measured.`;
  const minN = Math.min(...points.map((p) => Math.min(p.comparison.nA, p.comparison.nB)));
  const ratios = points.map((p) => `${formatBytes(p.sizeBytes)} ${formatNumber(p.comparison.ratio)}× (${formatInterval(p.comparison.ratioCi)})`).join("; ");
  const parts = [`${head} ${a} took this many times the p50 round trip of ${b} (95% CI): ${ratios}.`];
  if (minN < 2) return `${parts[0]} Too few trials to say where either is faster.`;
  const aSizes = sizeList(points, "a");
  const bSizes = sizeList(points, "b");
  const none = sizeList(points, "none");
  if (pair.crossoverBytes !== null) {
    const fromSmallest = pair.crossoverBytes === points[0]!.sizeBytes;
    parts.push(fromSmallest ? `${a} was faster at every size measured where a difference was resolved.` : `${a} was faster from ${formatBytes(pair.crossoverBytes)} up (the crossover).`);
  }
  if (aSizes) parts.push(`${a} faster at ${aSizes}.`);
  if (bSizes) parts.push(`${b} faster at ${bSizes}.`);
  if (none) parts.push(`No difference detected at ${none}.`);
  if (minN < 5) parts.push(`(${minN} trials per condition: intervals from so few trials are too narrow to trust; run 5 or more.)`);
  return parts.join(" ");
}

/** The summary of a messaging run: rows, what was not measured, pair comparisons, noise floor. */
export function summarizeMessaging(result: Omit<MessagingResult, "summary">): MessagingSummary {
  const { params } = result;
  const seed = params.seed;
  const rows: MessagingRow[] = [];
  for (const c of allConditions(params)) {
    const p50 = trialsOf(result, c.label, "p50Ms");
    if (p50.length === 0) continue;
    const s = (metric: string) => summarize(trialsOf(result, c.label, metric));
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
  const comparisons: PairComparison[] = [];
  for (const pair of PAIRS) {
    for (const kind of params.kinds) {
      const points: SizePoint[] = [];
      for (const sizeBytes of sortedSizes(params.sizes)) {
        const a = trialsOf(result, conditionLabel(pair.a, kind, sizeBytes), "p50Ms");
        const b = trialsOf(result, conditionLabel(pair.b, kind, sizeBytes), "p50Ms");
        if (a.length === 0 || b.length === 0) continue;
        const comparison = compareRatio(a, b, {
          labelA: conditionLabel(pair.a, kind, sizeBytes), labelB: conditionLabel(pair.b, kind, sizeBytes), seed, quantity: "p50 round-trip latency",
        });
        const resolved = Math.min(a.length, b.length) >= 2;
        const side = !resolved ? "none" : comparison.ratioCi.hi < 1 ? "a" : comparison.ratioCi.lo > 1 ? "b" : "none";
        points.push({ sizeBytes, comparison, side });
      }
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
    unavailable,
    noiseFloor: spreads.length > 0 ? ss.median(spreads) : NaN,
    failures: result.failures.length,
  };
}
