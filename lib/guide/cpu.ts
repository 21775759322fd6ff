/**
 * The CPU-bound branch, from a scaling Result: for a job of the reader's length that starts its own
 * pool, does a pool of k = cores workers pay for its start-up, and which kind? The deciding figures
 * are the speedup at k = cores and the pool's start-up per kind, combined into the break-even job
 * length with the ends of both intervals carried through, and the decided threads-vs-processes
 * comparisons of compute and start-up time.
 * @module
 */
import type { ScalingResult } from "../experiments/scaling/types.ts";
import { formatCi, formatLevel, formatNumber } from "../format.ts";
import type { Comparison } from "../types.ts";
import { against, breakEvenMs, figure, formatMs, SETTLING_LEVEL } from "./figures.ts";
import type { BranchBody, Figure, GuideQuestion } from "./types.ts";

/** "inconclusive (0.873–1.50×)" or "threads×2 took 0.95× …: threads faster": a decided comparison in a few words. */
function shortVerdict(c: Comparison, lowerMeans: string, higherMeans: string): string {
  const side = c.outcome === "lower" ? lowerMeans : c.outcome === "higher" ? higherMeans : c.outcome === "equivalent" ? "equivalent within the band" : "inconclusive";
  return `${formatNumber(c.ratio)}× (${formatCi(c.ratioCi, 1, "×")}; n = ${c.nA} vs ${c.nB}, ${c.familySize} in the family): ${side}`;
}

export function cpuQuestion(q: GuideQuestion): string {
  return `CPU-bound work: a job of ${formatMs(q.jobMs)} of CPU time that starts its own pool`;
}

export function cpuBranch(result: ScalingResult, q: GuideQuestion): BranchBody {
  const s = result.summary;
  const figures: Figure[] = [];
  const perKind = s.atCores.flatMap((at) => {
    const startup = s.rows.find((r) => r.label === at.label)?.startupMs;
    if (!startup || startup.n === 0) return [];
    const main = s.rows.find((r) => r.kind === "main")?.computeMs.n ?? 0;
    const be = breakEvenMs(startup, at.speedup);
    figures.push(
      figure(`${at.label} speedup over the main thread`, at.speedup.ratio, at.speedup.ci, "×", `n = ${s.rows.find((r) => r.label === at.label)?.computeMs.n ?? 0} vs ${main}`),
      figure(`${at.label} start-up`, startup.median, startup.medianCi, " ms", `median of n = ${startup.n}`, formatMs),
      figure(`break-even job length for ${at.label}`, be.value, be.ci, " ms", "start-up × speedup / (speedup − 1), from the ends of both intervals", formatMs),
    );
    return [{ kind: at.kind, label: at.label, k: at.workers, be, where: against(q.jobMs, be.ci) }];
  });
  const threads = perKind.find((p) => p.kind === "threads");
  const processes = perKind.find((p) => p.kind === "processes");
  if (!threads && !processes) {
    return { status: "inconclusive", choice: null, answer: "This Result has no pool with a measured start-up and speedup at k = cores, so it cannot say whether a pool pays.", figures, flips: "Run the scaling experiment with both kinds and k up to the cores." };
  }
  const k = (threads ?? processes)!.k;
  const compute = s.comparisons.find((c) => c.a === `threads×${k}` && c.b === `processes×${k}`) ?? null;
  const computeText = compute ? `compute time threads×${k} / processes×${k}: ${shortVerdict(compute, "threads faster", "processes faster")}` : `no compute comparison of threads and processes at k = ${k}`;
  const startupText = s.startupComparison ? `start-up a process / a thread: ${shortVerdict(s.startupComparison, "a process starts faster", "a thread starts faster")}` : "no start-up comparison";

  // Among the kinds whose break-even the job surely passes: the faster in compute if decided, else the faster to start.
  const paying = perKind.filter((p) => p.where === "above");
  const decidedFaster = compute?.outcome === "lower" ? "threads" : compute?.outcome === "higher" ? "processes" : null;
  const fasterStart = s.startupComparison?.outcome === "higher" ? "threads" : s.startupComparison?.outcome === "lower" ? "processes" : null;
  const pick = paying.length === 1 ? paying[0]! : paying.find((p) => p.kind === decidedFaster) ?? paying.find((p) => p.kind === fasterStart) ?? null;
  const best = pick ?? threads ?? processes!;
  const other = best === threads ? processes : threads;
  let status: BranchBody["status"];
  let choice: BranchBody["choice"];
  let answer: string;
  if (perKind.every((p) => p.where === "below")) {
    [status, choice] = ["answered", "single process"];
    answer = `A ${formatMs(q.jobMs)} job is shorter than every pool's break-even (${perKind.map((p) => `${p.label} ${formatMs(p.be.ci.lo)}–${formatMs(p.be.ci.hi)}`).join("; ")}): start-up dominates, so run it on one thread.`;
  } else if (pick) {
    [status, choice] = ["answered", pick.kind === "threads" ? "thread pool" : "process pool"];
    answer = `A ${formatMs(q.jobMs)} job is longer than ${pick.label}'s break-even (${formatMs(pick.be.ci.hi)} at most), so the pool pays; ` +
      `${paying.length === 1 ? "it is the only kind that surely does" : pick.kind === decidedFaster ? "it computed faster" : "it starts faster, and compute time did not decide"}. ${startupText}; ${computeText}.`;
  } else if (paying.length > 1) {
    [status, choice] = ["answered", "either"];
    answer = `A ${formatMs(q.jobMs)} job pays for a pool of either kind, and neither compute nor start-up time told them apart: ${startupText}; ${computeText}.`;
  } else {
    [status, choice] = ["inconclusive", null];
    answer = best.be.ci.level >= SETTLING_LEVEL
      ? `Whether a pool pays for a ${formatMs(q.jobMs)} job is not settled here: ${best.label}'s break-even lies between ${formatMs(best.be.ci.lo)} and ${formatMs(best.be.ci.hi)} (at a joint level of at least ${formatLevel(best.be.ci.level)}), and the job lies inside that range.`
      : `Whether a pool pays for a ${formatMs(q.jobMs)} job is not settled here: ${best.label}'s break-even interval (${formatMs(best.be.ci.lo)}–${formatMs(best.be.ci.hi)}) attains a joint level of only ${formatLevel(best.be.ci.level)}, below the ${formatLevel(SETTLING_LEVEL)} an answer needs: too few trials.`;
  }
  const flips = [
    `Below ${formatMs(best.be.ci.lo)} a single thread is faster than ${best.label} even at the favourable ends of the intervals; above ${formatMs(best.be.ci.hi)} the pool is faster even at the unfavourable ends; between, more trials are needed.`,
    other ? `${other.label} breaks even between ${formatMs(other.be.ci.lo)} and ${formatMs(other.be.ci.hi)}.` : "",
    `A long-lived pool pays its start-up once, and then only compute time decides: ${computeText}.`,
    `${startupText}.`,
  ].filter(Boolean).join(" ");
  return { status, choice, answer, figures, flips };
}
