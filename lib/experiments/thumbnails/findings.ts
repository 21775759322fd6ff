/**
 * The thumbnails experiment's findings: plain-language sentences, each figure with its interval,
 * including whether the best mode reaches a parallel-efficiency goal. Pure: read off a Result's summary.
 * @module
 */
import { failureNote, formatInterval, formatNumber } from "../_shared/analysis.ts";
import type { ThumbnailsResult, ThumbnailsSummary } from "./types.ts";

/** The parallel efficiency the lab asks of the best mode, as a share of the machine's limit (0.9 = 90%). */
export const EFFICIENCY_GOAL = 0.9;

/**
 * Whether the best mode's parallel efficiency reaches `goal`: "met" when its whole CI is at or above
 * it, "not-met" when its whole CI is below, "unresolved" when the CI straddles it; null without a
 * single-thread rate to measure against.
 */
export function efficiencyGoal(s: ThumbnailsSummary, goal = EFFICIENCY_GOAL): "met" | "not-met" | "unresolved" | null {
  if (!s.best || !s.singleThread) return null;
  if (s.best.efficiencyCi.lo >= goal) return "met";
  if (s.best.efficiencyCi.hi < goal) return "not-met";
  return "unresolved";
}

/** The best mode's speedup and parallel efficiency against this machine's limit, with their intervals; null without a single-thread rate. */
export function efficiencyFigures(s: ThumbnailsSummary): string | null {
  if (!s.best || !s.singleThread) return null;
  const b = s.best;
  return `Best mode: ${b.label} at ${formatNumber(b.speedup)}× the single-thread rate of ${s.singleThread} (95% CI ${formatInterval(b.speedupCi)}×): a parallel efficiency of ${formatNumber(b.efficiency * 100)}% (95% CI ${formatInterval(b.efficiencyCi, 100)}%) of the limit, single-thread rate × ${s.cores} cores`;
}

/** The sentence on the best mode's parallel efficiency against this machine's limit; null without a single-thread rate. */
export function efficiencyFinding(s: ThumbnailsSummary, goal = EFFICIENCY_GOAL): string | null {
  const reached = efficiencyGoal(s, goal);
  const figures = efficiencyFigures(s);
  if (!reached || !figures) return null;
  const verdict = reached === "met"
    ? `the ${formatNumber(goal * 100)}% goal is met`
    : reached === "not-met"
    ? `the ${formatNumber(goal * 100)}% goal is not met`
    : `whether it reaches the ${formatNumber(goal * 100)}% goal is not resolved by this run`;
  return `${figures}; ${verdict}.`;
}

/** The findings of a thumbnails Result, one sentence each. */
export function thumbnailsFindings(result: ThumbnailsResult): string[] {
  const s = result.summary;
  const p = result.params;
  const r = result.runtime;
  const lines: string[] = [];
  const conc = [...new Set(s.rows.filter((x) => x.concurrency === 0).map((x) => x.effectiveConcurrency))];
  lines.push(
    `Measured on ${s.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version}; ${p.trials} trials per condition; ${p.images} ${p.format} images of ${p.width}×${p.height} (corpus ${s.corpusId}) to ${p.thumbWidth}×${p.thumbHeight} JPEG thumbnails with sharp ${s.versions.sharp} (libvips ${s.versions.libvips}); ` +
      `time ${p.includeStartup ? "includes" : "excludes"} pool start-up.` + (conc.length > 0 ? ` sharp's default concurrency here was ${conc.join(", ")} thread(s) per process.` : ""),
  );
  if (Number.isFinite(s.noiseFloor)) lines.push(`Noise floor: identical single-thread trials spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median); differences smaller than that are not resolved.`);
  const single = s.rows.find((x) => x.label === s.singleThread);
  if (single) lines.push(`Single-thread rate (${single.label}: one image at a time, libvips on one thread): ${formatNumber(single.imagesPerS.median)} images/s (95% CI ${formatInterval(single.imagesPerS.medianCi)}).`);
  else lines.push("No sequential condition with one libvips thread ran, so there is no single-thread rate to scale against.");
  const eff = efficiencyFinding(s);
  if (eff) lines.push(eff);
  if (s.article) {
    lines.push(`Article's comparison (2 threads vs 2 processes, sharp defaults): ${s.article.time.verdict}`);
    lines.push(`Memory, same comparison: ${s.article.memory.verdict}`);
    if (s.article.memoryPss) lines.push(`Counted by PSS (shared pages split, so Node's and libvips' code counts once): ${s.article.memoryPss.verdict}`);
  }
  if (s.matched) {
    lines.push(`Deconfounded (two libvips and two libuv threads in all on each side): ${s.matched.time.verdict}`);
    lines.push(`Memory, same comparison: ${s.matched.memory.verdict}`);
    if (s.matched.memoryPss) lines.push(`Counted by PSS: ${s.matched.memoryPss.verdict}`);
  }
  if (s.imageFailures > 0) lines.push(`${s.imageFailures} image(s) failed over all trials; see each trial's imageFailures.`);
  return [...lines, ...failureNote(s.failures)];
}
