/**
 * The scaling experiment's findings: plain-language sentences, each figure with its interval.
 * Pure: read off a Result's summary.
 * @module
 */
import { failureNote, formatInterval, formatNumber } from "../_shared/analysis.ts";
import type { ScalingResult } from "./types.ts";

/** The findings of a scaling Result, one sentence each. */
export function scalingFindings(result: ScalingResult): string[] {
  const s = result.summary;
  const lines: string[] = [];
  const r = result.runtime;
  lines.push(`Measured on ${s.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version}; ${result.params.trials} trials per condition, prime count below ${result.params.n} in ${result.params.chunks} tasks.`);
  if (Number.isFinite(s.noiseFloor)) {
    lines.push(`Noise floor: identical main-thread trials spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median); differences smaller than that are not resolved.`);
  }
  const best = s.rows.filter((x) => x.speedup).sort((a, b) => b.speedup!.ratio - a.speedup!.ratio)[0];
  if (best) {
    lines.push(`Best: ${best.label} ran ${formatNumber(best.speedup!.ratio)}× as fast as the main thread (95% CI ${formatInterval(best.speedup!.ci)}×), a parallel efficiency of ${formatNumber(best.efficiency!.value * 100)}% (95% CI ${formatInterval(best.efficiency!.ci, 100)}%).`);
  }
  for (const a of s.amdahl) {
    lines.push(`Amdahl fit for ${a.kind} over k = ${a.workersUsed.join(", ")}: serial fraction ${formatNumber(a.serialFraction * 100)}% (95% CI ${formatInterval(a.serialFractionCi, 100)}%), so no number of ${a.kind} could exceed about ${Number.isFinite(a.maxSpeedup) ? formatNumber(a.maxSpeedup) + "×" : "any bound"} here.`);
  }
  const over = s.rows.filter((x) => x.kind !== "main" && x.workers > s.cores && x.efficiency);
  if (over.length > 0) {
    lines.push(`Beyond ${s.cores} workers the cores are oversubscribed: efficiency at ${over.map((x) => `${x.label} ${formatNumber(x.efficiency!.value * 100)}%`).join(", ")}.`);
  }
  for (const c of s.comparisons) lines.push(c.verdict);
  const startups = s.rows.filter((x) => x.startupMs && x.workers === 1);
  if (startups.length > 0) {
    lines.push(`Start-up of one worker (median, 95% CI): ${startups.map((x) => `${x.kind} ${formatNumber(x.startupMs!.median)} ms (${formatInterval(x.startupMs!.medianCi)} ms)`).join("; ")}; it is excluded from the compute time above.`);
  }
  if (s.startupComparison) lines.push(`Start-up: ${s.startupComparison.verdict}`);
  return [...lines, ...failureNote(s.failures)];
}
