/**
 * What a thumbnails Result says of the article's "2 processes 3.2 s vs 2 threads 2.8 s, faster due
 * to shared memory": whether threads were faster as the article ran them and with thread counts
 * matched, whether two threads in one process take less memory than two processes, and whether the
 * best mode reaches the lab's efficiency goal. Every verdict is read off the comparisons as the
 * family decided them: a claim holds where its comparison names the side it needs, fails where it
 * names the other side or equivalence, and is undecided where the verdict was inconclusive — with
 * that verdict's reason. Without the comparisons it is "undecided" and says why.
 * @module
 */
import { formatCi } from "../../format.ts";
import { formatNumber } from "../_shared/analysis.ts";
import { tooFewTrialsReason } from "../_shared/claims.ts";
import { familyNote, outcomeClause } from "../_shared/decided.ts";
import type { Claim, ClaimVerdict, Comparison } from "../../types.ts";
import { ARTICLE } from "./conditions.ts";
import { EFFICIENCY_GOAL, efficiencyFigures, efficiencyFinding, efficiencyGoal } from "./findings.ts";
import { THUMBNAILS_PARAMS } from "./params.ts";
import type { ThumbnailsResult, ThumbnailsSummary } from "./types.ts";

/** The article's own figure: 2 threads took 2.8 s where 2 processes took 3.2 s. */
const ARTICLE_RATIO = 2.8 / 3.2;

/** One comparison's figure and what its verdict concludes, in a clause: "<what> **0.51×** <of> (CI …): <outcome>". */
function says(c: Comparison, what: string, of: string): string {
  return `${what} **${formatNumber(c.ratio)}×** ${of} (${formatCi(c.ratioCi, 1, "×")}): ${outcomeClause(c)}`;
}

/** Where a decided comparison leaves a claim that needs the ratio below 1. */
const status = (c: Comparison): "holds" | "fails" | "open" => (c.outcome === "lower" ? "holds" : c.outcome === "inconclusive" ? "open" : "fails");

/** The sentence on the family these verdicts were decided in. */
function familySentence(s: ThumbnailsSummary): string {
  const family = [s.article?.time, s.article?.memory, s.article?.memoryPss, s.matched?.time, s.matched?.memory, s.matched?.memoryPss, s.best?.goal]
    .filter((c): c is NonNullable<typeof c> => c !== null && c !== undefined);
  return `(Decided in one family: ${familyNote(family)}.)`;
}

/** The profiles' trial counts, when some interval fell short of its level for want of trials. */
function shortOfTrials(result: ThumbnailsResult, task: string, comparisons: readonly Comparison[]): string {
  return comparisons.some((c) => !c.reachesTarget) ? tooFewTrialsReason(result.params.trials, task, THUMBNAILS_PARAMS) : "";
}

function speedClaim(result: ThumbnailsResult): Claim {
  const s = result.summary;
  const claim = { id: "threads-faster", claim: "\"2 processes 3.2 s vs 2 threads 2.8 s\": threads are faster", chart: "time" } as const;
  if (!s.article || !s.matched) {
    return { ...claim, verdict: "undecided", evidence: "This run did not include both the article's and the matched comparison (sets `article` and `matched`), so it cannot answer." };
  }
  const a = s.article.time;
  const m = s.matched.time;
  const lines = [
    `**As the article ran it** (2 vs 2, sharp's defaults: ${s.rows.find((r) => r.label === ARTICLE.threads)?.effectiveConcurrency ?? "?"} libvips thread(s) per process here): ${says(a, "threads took", "the time of processes")}.`,
    `**With thread counts matched**: ${says(m, "threads took", "the time of processes")}.`,
  ];
  const [sa, sm] = [status(a), status(m)];
  if (sa === "holds" && sm === "fails") lines.push("The article's difference disappears once both sides run the same number of libvips and libuv threads: it came from how many threads ran, not from threads vs processes.");
  else if (sa === "holds" && sm === "open") lines.push("Whether it survives matching the thread counts, this run cannot tell.");
  else if (sm === "holds") lines.push("The difference survives matching the thread counts. Shared memory still does not explain it: each worker reads and decodes its own files, so no image data is shared between workers either way; what differs is one process's allocator, caches and scheduling against two.");
  else if (sa === "open" && sm === "open") lines.push(`Neither comparison shows a difference (identical single-thread trials spread by ${formatNumber(s.noiseFloor * 100)}%).`);
  if (a.reachesTarget && a.ratioCi.lo > ARTICLE_RATIO) {
    lines.push(`The article's own figure, 2.8 s / 3.2 s = ${formatNumber(ARTICLE_RATIO)}×, lies below the interval of the article's comparison: a difference as large as the article's is ruled out here.`);
  }
  lines.push(familySentence(s), shortOfTrials(result, "compare threads with processes", [a, m]));
  const evidence = lines.filter(Boolean).join(" ");
  if (sa === "holds" && sm === "holds") return { ...claim, verdict: "holds", evidence };
  if (sa === "holds") return { ...claim, verdict: "holds-only-when", when: "the two sides run sharp's default, unequal numbers of libvips and libuv threads", evidence };
  if (sm === "holds") return { ...claim, verdict: "holds-only-when", when: "both sides run the same number of libvips and libuv threads", evidence };
  if (sa === "fails" || sm === "fails") return { ...claim, verdict: "does-not-hold", evidence };
  return { ...claim, verdict: "undecided", evidence };
}

function memoryClaim(result: ThumbnailsResult): Claim {
  const s = result.summary;
  const claim = { id: "shared-memory", claim: "\"Due to shared memory\": 2 threads in one process take less memory than 2 processes", chart: "memory" } as const;
  if (!s.article) return { ...claim, verdict: "undecided", evidence: "This run did not include the article's comparison (set `article`), so it cannot answer." };
  const rss = s.article.memory;
  const pss = s.article.memoryPss;
  const lines = [`**Memory**, article setting: ${says(rss, "threads×2 had", "the peak RSS of processes×2")}.`];
  if (pss) {
    const reading = pss.outcome === "lower"
      ? pss.ratioCi.hi < 0.8 ? "sharing one process saves memory beyond the shared code" : "most of what RSS attributes to the second process is code it shares with the first"
      : "what RSS attributes to the second process is mostly code it shares with the first";
    lines.push(`Counted by PSS, which splits shared pages so that Node's and libvips' code counts once: ${says(pss, "threads×2 had", "the memory of processes×2")}; ${reading}.`);
  }
  // PSS counts shared code once, so it decides when it was read; RSS otherwise.
  const deciding = pss ?? rss;
  lines.push(familySentence(s), shortOfTrials(result, "compare the memory of threads and processes", [deciding]));
  const st = status(deciding);
  const verdict: ClaimVerdict = st === "holds" ? "holds" : st === "fails" ? "does-not-hold" : "undecided";
  return { ...claim, verdict, evidence: lines.filter(Boolean).join(" ") };
}

function efficiencyClaim(result: ThumbnailsResult): Claim {
  const s = result.summary;
  const claim = {
    id: "efficiency-goal",
    claim: `The best mode reaches ${formatNumber(EFFICIENCY_GOAL * 100)}% of this machine's limit (${(s.warmupImages ?? 0) > 0 ? "warm " : ""}single-thread rate × cores)`,
    chart: "speedup",
  } as const;
  const reached = efficiencyGoal(s);
  if (!reached) {
    const why = s.singleThread ? "The single-thread condition was the fastest, so no mode ran faster than it." : "No sequential condition with one libvips thread ran, so there is no single-thread rate to scale against.";
    return { ...claim, verdict: "undecided", evidence: [why, efficiencyFigures(s) ? `${efficiencyFigures(s)}.` : ""].filter(Boolean).join(" ") };
  }
  const goal = s.best!.goal!;
  const short = shortOfTrials(result, `tell whether the best mode reaches ${formatNumber(EFFICIENCY_GOAL * 100)}% of the limit`, [goal]);
  const verdict: ClaimVerdict = reached === "met" ? "holds" : reached === "not-met" ? "does-not-hold" : "undecided";
  return { ...claim, verdict, evidence: [efficiencyFinding(s)!, familySentence(s), short].filter(Boolean).join(" ") };
}

/** The article's claims (and the lab's efficiency goal) a thumbnails Result decides, each with its verdict and evidence. */
export function thumbnailsClaims(result: ThumbnailsResult): Claim[] {
  return [speedClaim(result), memoryClaim(result), efficiencyClaim(result)];
}
