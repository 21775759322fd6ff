/**
 * The messaging experiment's findings in plain language: the set-up, the noise floor, what was not
 * measured, a thread against a process at the smallest and largest payload, the family every
 * comparison was decided in, every pair's verdicts (with the within-round check of the pairs the
 * claims rest on), and the channels fastest first. Pure: read off a Result's summary.
 * @module
 */
import { formatCi } from "../../format.ts";
import { failureNote, stoppingNote, trialsPerCondition, formatNumber } from "../_shared/analysis.ts";
import { familyLine } from "../_shared/family.ts";
import { runDisturbance } from "../_shared/rounds.ts";
import { formatBytes, MIN_ROUND_TRIPS, sortedSizes } from "./conditions.ts";
import { PAIRS } from "./pairs.ts";
import type { MessagingResult, SizePoint } from "./types.ts";

/** A comparison's verdict, with its within-round check beside it when it has one. */
export function pointVerdict(point: SizePoint): string {
  const within = point.within ? ` ${point.within.sentence.replace(/^within/, "Within")}.` : "";
  return `${point.comparison.verdict}${within}`;
}

/** The findings of a messaging run, one line each, ending with the failed trials. */
export function messagingFindings(result: MessagingResult): string[] {
  const s = result.summary;
  const m = result.machine;
  const p = result.params;
  const sizes = sortedSizes(p.sizes);
  const lines = [
    `Measured on ${s.cores} cores (${m.cpu.model}), ${m.os.platform} ${m.os.release}, ${s.runtime} (V8 ${result.runtime.v8}); ${trialsPerCondition(result)}, ` +
      `up to ${p.roundTrips} round trips per trial (no new one after ${p.budgetMs} ms, at least ${MIN_ROUND_TRIPS}), payloads ${formatBytes(sizes[0]!)} to ${formatBytes(sizes[sizes.length - 1]!)}.`,
  ];
  if (Number.isFinite(s.noiseFloor)) {
    lines.push(`Noise floor: identical trials' p50 spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median of the per-trial p50s of one condition, median over conditions); smaller differences are not resolved.`);
  }
  for (const u of s.unavailable) lines.push(`${u.channel} with ${u.kind} payloads was not measured: ${u.reason}.`);
  // The headline: how much cheaper a thread is to talk to than a process, smallest and largest payload.
  for (const pair of s.comparisons.filter((c) => c.id.startsWith("thread-vs-ipc"))) {
    const ends = [pair.points[0]!, pair.points[pair.points.length - 1]!].filter((x, i, all) => all.indexOf(x) === i);
    lines.push(`Thread vs process (${pair.kind}): a postMessage round trip took ${ends.map((e) => `${formatNumber(e.comparison.ratio)}× (${formatCi(e.comparison.ratioCi, 1, "×")}) the time of ${pair.b} at ${formatBytes(e.sizeBytes)}`).join(", and ")} (the verdicts below say which of these are decided).`);
  }
  const points = s.comparisons.flatMap((c) => c.points);
  if (points.length > 0) {
    lines.push(
      `${familyLine(points.map((x) => x.comparison.outcome), "p50 round-trip latency", s.family.rules)} ` +
        `Each verdict gives the Hodges–Lehmann ratio of per-trial p50s with its distribution-free interval at the level it attains, and the exact rank-sum p adjusted for all ${s.family.size}.`,
    );
    const checked = PAIRS.filter((x) => s.checkedWithinRounds.includes(x.id)).map((x) => `${x.a} vs ${x.b}`);
    const checks = points.flatMap((x) => (x.within ? [x.within] : []));
    if (checks.length > 0) {
      lines.push(
        `Within rounds: the ${checks.length} comparisons the claims rest on (${checked.join(", ")}) are also compared round by round, as a check beside their pooled verdict; the other ${points.length - checks.length} are not. ` +
          runDisturbance(checks),
      );
    }
  }
  for (const c of s.comparisons) {
    lines.push(c.verdict);
    for (const point of c.points) lines.push(pointVerdict(point));
  }
  for (const kind of p.kinds) {
    for (const size of [sizes[0]!, sizes[sizes.length - 1]!].filter((x, i, all) => all.indexOf(x) === i)) {
      const rows = s.rows.filter((r) => r.kind === kind && r.sizeBytes === size).sort((a, b) => a.p50Ms.median - b.p50Ms.median);
      if (rows.length === 0) continue;
      lines.push(
        `${kind} ${formatBytes(size)}, fastest first by median (p50 / p99 ms, median over ${rows[0]!.p50Ms.n} trials; the order is descriptive, the verdicts above decide): ` +
          `${rows.map((r) => `${r.channel} ${formatNumber(r.p50Ms.median)} (${formatCi(r.p50Ms.medianCi)}) / ${formatNumber(r.p99Ms.median)}`).join("; ")}.`,
      );
    }
  }
  return [...lines, ...stoppingNote(result), ...failureNote(s.failures)];
}
