/**
 * What a thumbnails Result says of the article's "2 processes 3.2 s vs 2 threads 2.8 s, faster due
 * to shared memory": whether threads were faster as the article ran them and with thread counts
 * matched, whether two threads in one process take less memory than two processes, and whether the
 * best mode reaches the lab's efficiency goal. Verdicts are computed from the comparisons; with too
 * few trials, or without the comparisons, they are "undecided" and say why.
 * @module
 */
import { formatInterval, formatNumber } from "../_shared/analysis.ts";
import { tooFewForVerdict, tooFewTrialsReason } from "../_shared/claims.ts";
import type { Claim, ClaimVerdict, Comparison } from "../../types.ts";
import { ARTICLE } from "./conditions.ts";
import { EFFICIENCY_GOAL, efficiencyFigures, efficiencyFinding, efficiencyGoal } from "./findings.ts";
import { THUMBNAILS_PARAMS } from "./params.ts";
import type { ThumbnailsResult } from "./types.ts";

/** What one threads-vs-processes time comparison says, in a clause. */
function says(c: Comparison): string {
  return c.conclusive
    ? `threads took **${formatNumber(c.ratio)}×** the time of processes (95% CI ${formatInterval(c.ratioCi)}×): threads were ${c.ratio < 1 ? "faster" : "slower"}`
    : `no difference was detected (ratio ${formatNumber(c.ratio)}×, 95% CI ${formatInterval(c.ratioCi)}×${c.noDifference ? ", which spans 1" : ", not confirmed by the permutation test"})`;
}

const threadsFaster = (c: Comparison) => c.conclusive && c.ratio < 1;

/** Why a claim cannot be decided by this run (a comparison it needs did not run, or too few trials), or null when it can. */
function undecidedReason(result: ThumbnailsResult, task: string, comparisons: Array<Comparison | undefined>, missing: string): string | null {
  if (comparisons.some((c) => !c)) return `This run did not include ${missing}, so it cannot answer.`;
  if (tooFewForVerdict(...comparisons.flatMap((c) => [c!.nA, c!.nB]))) return tooFewTrialsReason(result.params.trials, task, THUMBNAILS_PARAMS.trials);
  return null;
}

function speedClaim(result: ThumbnailsResult): Claim {
  const s = result.summary;
  const claim = { id: "threads-faster", claim: "\"2 processes 3.2 s vs 2 threads 2.8 s\": threads are faster", chart: "time" } as const;
  const reason = undecidedReason(result, "compare threads with processes", [s.article?.time, s.matched?.time], "both the article's and the matched comparison (sets `article` and `matched`)");
  if (reason) return { ...claim, verdict: "undecided", evidence: reason };
  const a = s.article!.time;
  const m = s.matched!.time;
  const lines = [
    `**As the article ran it** (2 vs 2, sharp's defaults: ${s.rows.find((r) => r.label === ARTICLE.threads)?.effectiveConcurrency ?? "?"} libvips thread(s) per process here): ${says(a)}.`,
    `**With thread counts matched**: ${says(m)}.`,
  ];
  if (a.conclusive && !m.conclusive) lines.push("The article's difference disappears once both sides run the same number of libvips and libuv threads: it came from how many threads ran, not from threads vs processes.");
  else if (!a.conclusive && !m.conclusive) lines.push(`Neither comparison shows a difference beyond the noise (identical single-thread trials spread by ${formatNumber(s.noiseFloor * 100)}%): on this machine "threads are faster" does not hold for resizing images.`);
  else if (m.conclusive) lines.push("The difference survives matching the thread counts. Shared memory still does not explain it: each worker reads and decodes its own files, so no image data is shared between workers either way; what differs is one process's allocator, caches and scheduling against two.");
  const evidence = lines.join(" ");
  if (threadsFaster(a) && threadsFaster(m)) return { ...claim, verdict: "holds", evidence };
  if (threadsFaster(a)) return { ...claim, verdict: "holds-only-when", when: "the two sides run sharp's default, unequal numbers of libvips and libuv threads", evidence };
  if (threadsFaster(m)) return { ...claim, verdict: "holds-only-when", when: "both sides run the same number of libvips and libuv threads", evidence };
  return { ...claim, verdict: "does-not-hold", evidence };
}

function memoryClaim(result: ThumbnailsResult): Claim {
  const s = result.summary;
  const claim = { id: "shared-memory", claim: "\"Due to shared memory\": 2 threads in one process take less memory than 2 processes", chart: "memory" } as const;
  const reason = undecidedReason(result, "compare the memory of threads and processes", [s.article?.memory], "the article's comparison (set `article`)");
  if (reason) return { ...claim, verdict: "undecided", evidence: reason };
  const rss = s.article!.memory;
  const pss = s.article!.memoryPss;
  const lines = [
    `**Memory**, article setting: ${rss.conclusive ? `threads×2 had ${formatNumber(rss.ratio)}× the peak RSS of processes×2 (95% CI ${formatInterval(rss.ratioCi)}×)` : `no difference in peak RSS detected (${formatNumber(rss.ratio)}×, 95% CI ${formatInterval(rss.ratioCi)}×)`}.`,
  ];
  if (pss) {
    lines.push(pss.conclusive
      ? `Counted by PSS, which splits shared pages so that Node's and libvips' code counts once, threads×2 had ${formatNumber(pss.ratio)}× the memory of processes×2 (95% CI ${formatInterval(pss.ratioCi)}×): ${pss.ratio < 0.8 ? "sharing one process saves memory beyond the shared code" : "most of what RSS attributes to the second process is code it shares with the first"}.`
      : `Counted by PSS, which splits shared pages so that Node's and libvips' code counts once, no difference was detected (${formatNumber(pss.ratio)}×, 95% CI ${formatInterval(pss.ratioCi)}×): what RSS attributes to the second process is mostly code it shares with the first.`);
  }
  // PSS counts shared code once, so it decides when it was read; RSS otherwise.
  const deciding = pss ?? rss;
  const verdict: ClaimVerdict = deciding.conclusive && deciding.ratio < 1 ? "holds" : "does-not-hold";
  return { ...claim, verdict, evidence: lines.join(" ") };
}

function efficiencyClaim(result: ThumbnailsResult): Claim {
  const s = result.summary;
  const claim = {
    id: "efficiency-goal",
    claim: `The best mode reaches ${formatNumber(EFFICIENCY_GOAL * 100)}% of this machine's limit (single-thread rate × cores)`,
    chart: "speedup",
  } as const;
  const reached = efficiencyGoal(s);
  if (!reached) return { ...claim, verdict: "undecided", evidence: "No sequential condition with one libvips thread ran, so there is no single-thread rate to scale against." };
  const sizes = s.rows.filter((r) => r.label === s.best!.label || r.label === s.singleThread).map((r) => r.timeMs.n);
  if (tooFewForVerdict(...sizes)) {
    const reason = tooFewTrialsReason(result.params.trials, `tell whether the best mode reaches ${formatNumber(EFFICIENCY_GOAL * 100)}% of the limit`, THUMBNAILS_PARAMS.trials);
    return { ...claim, verdict: "undecided", evidence: `${reason} ${efficiencyFigures(s)}.` };
  }
  const verdict: ClaimVerdict = reached === "met" ? "holds" : reached === "not-met" ? "does-not-hold" : "undecided";
  return { ...claim, verdict, evidence: efficiencyFinding(s)! };
}

/** The article's claims (and the lab's efficiency goal) a thumbnails Result decides, each with its verdict and evidence. */
export function thumbnailsClaims(result: ThumbnailsResult): Claim[] {
  return [speedClaim(result), memoryClaim(result), efficiencyClaim(result)];
}
