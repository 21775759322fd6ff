/**
 * The thumbnails experiment's findings: plain-language sentences, each figure with its interval at
 * the level it attains, every comparison's verdict with the family it was decided in and its
 * within-round check, and whether the best mode reaches a parallel-efficiency goal. Pure: read off a
 * Result's summary.
 * @module
 */
import { formatCi } from "../../format.ts";
import { failureNote, stoppingNote, trialsPerCondition, formatNumber, verdictRules } from "../_shared/analysis.ts";
import { checkedVerdict } from "../_shared/decided.ts";
import { familyLine } from "../_shared/family.ts";
import { runDisturbance } from "../_shared/rounds.ts";
import type { Comparison } from "../../types.ts";
import type { ThumbnailsResult, ThumbnailsSummary } from "./types.ts";

/** The parallel efficiency the lab asks of the best mode, as a share of the machine's limit (0.9 = 90%). */
export const EFFICIENCY_GOAL = 0.9;

/**
 * Whether the best mode's parallel efficiency reaches the goal, as the family decided the comparison
 * of its image rate with goal × the limit: "met" when the rate is higher, "not-met" when lower,
 * "unresolved" when the verdict is equivalent (within the band either way) or inconclusive; null
 * without a single-thread rate to measure against, or when the best mode is the single-thread one.
 */
export function efficiencyGoal(s: ThumbnailsSummary): "met" | "not-met" | "unresolved" | null {
  const goal = s.best?.goal;
  if (!goal || !s.singleThread) return null;
  return goal.outcome === "higher" ? "met" : goal.outcome === "lower" ? "not-met" : "unresolved";
}

/** The best mode's speedup and parallel efficiency against this machine's limit, with their intervals; null without a single-thread rate. */
export function efficiencyFigures(s: ThumbnailsSummary): string | null {
  if (!s.best || !s.singleThread) return null;
  const b = s.best;
  const warm = (s.warmupImages ?? 0) > 0 ? "warm " : "";
  return `Best mode (the highest estimated speedup): ${b.label} at ${formatNumber(b.speedup)}× the ${warm}single-thread rate of ${s.singleThread} (${formatCi(b.speedupCi, 1, "×")}): a parallel efficiency of ${formatNumber(b.efficiency * 100)}% (${formatCi(b.efficiencyCi, 100, "%")}) of the limit, ${warm}single-thread rate × ${s.cores} cores`;
}

/**
 * The sentence on the unmeasured warm-up before each trial's clock (the images, and how long it took
 * in the single-thread condition and across conditions); null for a Result whose hosts ran cold.
 */
export function warmupFinding(s: ThumbnailsSummary): string | null {
  const n = s.warmupImages ?? 0;
  if (n === 0) return null;
  const rows = s.rows.filter((r) => r.warmupMs);
  const single = rows.find((r) => r.label === s.singleThread);
  const medians = rows.map((r) => r.warmupMs!.median);
  const span = medians.length > 0 ? `; medians per condition from ${formatNumber(Math.min(...medians))} to ${formatNumber(Math.max(...medians))} ms` : "";
  const there = single ? ` It took ${formatNumber(single.warmupMs!.median)} ms per trial in ${single.label} (median, ${formatCi(single.warmupMs!.medianCi)} ms)${span}.` : span ? ` Warm-up time${span.slice(1)}.` : "";
  return `Warm hosts: before its clock started, every host (and every pool worker) resized ${n} image(s) of the corpus through the same pipeline, unmeasured, then emptied libvips' cache, so libvips' and V8's first-use costs fall outside the measured span, and the single-thread rate and the limit are warm rates; each trial records its warm-up (images, files, time).${there}`;
}

/** The efficiency goal's verdict in a clause: what the decided comparison says of the goal. */
function goalClause(goal: Comparison): string {
  const pct = `${formatNumber(EFFICIENCY_GOAL * 100)}%`;
  if (goal.outcome === "higher") return `the ${pct} goal is met`;
  if (goal.outcome === "lower") return `the ${pct} goal is not met`;
  if (goal.outcome === "equivalent") return `the efficiency is within the equivalence band of the ${pct} goal, so this run does not say on which side of it the mode lies`;
  return `whether it reaches the ${pct} goal is not resolved by this run`;
}

/** The sentence on the best mode's parallel efficiency against this machine's limit, with the goal's verdict; null without a single-thread rate. */
export function efficiencyFinding(s: ThumbnailsSummary): string | null {
  const figures = efficiencyFigures(s);
  const goal = s.best?.goal;
  if (!figures) return null;
  if (!goal) return `${figures}; no mode ran faster than the single-thread condition itself, so none is compared with the goal.`;
  return `${figures}; ${goalClause(goal)}. Against the goal: ${checkedVerdict(goal)}`;
}

/** The findings of a thumbnails Result, one sentence each. */
export function thumbnailsFindings(result: ThumbnailsResult): string[] {
  const s = result.summary;
  const p = result.params;
  const r = result.runtime;
  const lines: string[] = [];
  const conc = [...new Set(s.rows.filter((x) => x.concurrency === 0).map((x) => x.effectiveConcurrency))];
  lines.push(
    `Measured on ${s.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version}; ${trialsPerCondition(result)}; ${p.images} ${p.format} images of ${p.width}×${p.height} (corpus ${s.corpusId}) to ${p.thumbWidth}×${p.thumbHeight} JPEG thumbnails with sharp ${s.versions.sharp} (libvips ${s.versions.libvips}); ` +
      `time ${p.includeStartup ? "includes" : "excludes"} pool start-up.` + (conc.length > 0 ? ` sharp's default concurrency here was ${conc.join(", ")} thread(s) per process.` : ""),
  );
  if (Number.isFinite(s.noiseFloor)) lines.push(`Noise floor: identical single-thread trials spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median); differences smaller than that are not resolved.`);
  const warm = warmupFinding(s);
  if (warm) lines.push(warm);
  const single = s.rows.find((x) => x.label === s.singleThread);
  if (single) lines.push(`${warm ? "Warm single" : "Single"}-thread rate (${single.label}: one image at a time, libvips on one thread): ${formatNumber(single.imagesPerS.median)} images/s (median, ${formatCi(single.imagesPerS.medianCi)}).`);
  else lines.push("No sequential condition with one libvips thread ran, so there is no single-thread rate to scale against.");
  const family = [s.article?.time, s.article?.memory, s.article?.memoryPss, s.matched?.time, s.matched?.memory, s.matched?.memoryPss, s.best?.goal]
    .filter((c): c is NonNullable<typeof c> => c !== null && c !== undefined);
  if (family.length > 0) {
    const what = "threads against processes (as the article ran it and with thread counts matched; time, peak RSS, peak PSS) and the best mode against the efficiency goal";
    lines.push(`${familyLine(family.map((c) => c.outcome), what, verdictRules(result.params))} Each verdict gives the Hodges–Lehmann ratio with its distribution-free interval at the level it attains, and the exact rank-sum p adjusted within the family.`);
    const disturbance = runDisturbance(family.map((c) => c.within));
    if (disturbance) lines.push(`Each comparison is also made within rounds, as a check beside its pooled verdict. ${disturbance}`);
  }
  const eff = efficiencyFinding(s);
  if (eff) lines.push(eff);
  const checked = checkedVerdict;
  if (s.article) {
    lines.push(`Article's comparison (2 threads vs 2 processes, sharp defaults): ${checked(s.article.time)}`);
    lines.push(`Memory, same comparison: ${checked(s.article.memory)}`);
    if (s.article.memoryPss) lines.push(`Counted by PSS (shared pages split, so Node's and libvips' code counts once): ${checked(s.article.memoryPss)}`);
  }
  if (s.matched) {
    lines.push(`Deconfounded (two libvips and two libuv threads in all on each side): ${checked(s.matched.time)}`);
    lines.push(`Memory, same comparison: ${checked(s.matched.memory)}`);
    if (s.matched.memoryPss) lines.push(`Counted by PSS: ${checked(s.matched.memoryPss)}`);
  }
  if (s.imageFailures > 0) lines.push(`${s.imageFailures} image(s) failed over all trials; see each trial's imageFailures.`);
  return [...lines, ...stoppingNote(result), ...failureNote(s.failures)];
}
