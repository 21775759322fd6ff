/**
 * The messaging experiment's findings in plain language: the set-up, the noise floor, what was not
 * measured, a thread against a process at the smallest and largest payload, every pair's verdict,
 * and the channels fastest first. Pure: read off a Result's summary.
 * @module
 */
import { failureNote, formatInterval, formatNumber } from "../_shared/analysis.ts";
import { formatBytes, MIN_ROUND_TRIPS, sortedSizes } from "./conditions.ts";
import type { MessagingResult } from "./types.ts";

/** The findings of a messaging run, one line each, ending with the failed trials. */
export function messagingFindings(result: MessagingResult): string[] {
  const s = result.summary;
  const m = result.machine;
  const p = result.params;
  const sizes = sortedSizes(p.sizes);
  const lines = [
    `Measured on ${s.cores} cores (${m.cpu.model}), ${m.os.platform} ${m.os.release}, ${s.runtime} (V8 ${result.runtime.v8}); ${p.trials} trials per condition, ` +
      `up to ${p.roundTrips} round trips per trial (no new one after ${p.budgetMs} ms, at least ${MIN_ROUND_TRIPS}), payloads ${formatBytes(sizes[0]!)} to ${formatBytes(sizes[sizes.length - 1]!)}.`,
  ];
  if (Number.isFinite(s.noiseFloor)) {
    lines.push(`Noise floor: identical trials' p50 spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median, median over conditions); smaller differences are not resolved.`);
  }
  for (const u of s.unavailable) lines.push(`${u.channel} with ${u.kind} payloads was not measured: ${u.reason}.`);
  // The headline: how much cheaper a thread is to talk to than a process, smallest and largest payload.
  for (const pair of s.comparisons.filter((c) => c.id.startsWith("thread-vs-ipc"))) {
    const ends = [pair.points[0]!, pair.points[pair.points.length - 1]!].filter((x, i, all) => all.indexOf(x) === i);
    lines.push(`Thread vs process (${pair.kind}): a postMessage round trip took ${ends.map((e) => `${formatNumber(e.comparison.ratio)}× (95% CI ${formatInterval(e.comparison.ratioCi)}×) the time of ${pair.b} at ${formatBytes(e.sizeBytes)}`).join(", and ")}.`);
  }
  for (const c of s.comparisons) lines.push(c.verdict);
  for (const kind of p.kinds) {
    for (const size of [sizes[0]!, sizes[sizes.length - 1]!].filter((x, i, all) => all.indexOf(x) === i)) {
      const rows = s.rows.filter((r) => r.kind === kind && r.sizeBytes === size).sort((a, b) => a.p50Ms.median - b.p50Ms.median);
      if (rows.length === 0) continue;
      lines.push(`${kind} ${formatBytes(size)}, fastest first (p50 / p99 ms, median over ${rows[0]!.p50Ms.n} trials): ${rows.map((r) => `${r.channel} ${formatNumber(r.p50Ms.median)} (95% CI ${formatInterval(r.p50Ms.medianCi)}) / ${formatNumber(r.p99Ms.median)}`).join("; ")}.`);
    }
  }
  return [...lines, ...failureNote(s.failures)];
}
