/**
 * What a scaling Result says of the article's claim that for pure CPU work worker threads edge out
 * processes. The verdict is read off the threads-vs-processes comparisons at each k as the family
 * decided them: the claim holds at a k where threads were faster, fails where processes were faster
 * or the two were equivalent within the band, and is undecided where the verdict was inconclusive —
 * with that verdict's reason. Without both kinds it is "undecided" and says why.
 * @module
 */
import { formatCi } from "../../format.ts";
import { formatNumber } from "../_shared/analysis.ts";
import { tooFewTrialsReason } from "../_shared/claims.ts";
import { familyNote, outcomeClause } from "../_shared/decided.ts";
import type { Claim, Comparison } from "../../types.ts";
import { conditionLabel } from "./conditions.ts";
import { speedupAtCoresSentence } from "./findings.ts";
import { SCALING_PARAMS } from "./params.ts";
import type { ScalingResult } from "./types.ts";

/** The pool size k of a threads-vs-processes comparison. */
function kOf(result: ScalingResult, c: Comparison): number | undefined {
  return result.params.workers.find((k) => conditionLabel("threads", k) === c.a);
}

/** The article's claims a scaling Result decides, each with its verdict and evidence. */
export function scalingClaims(result: ScalingResult): Claim[] {
  const s = result.summary;
  const atCores = speedupAtCoresSentence(s) ?? "";
  const claim = { id: "threads-edge-out", claim: "For pure CPU work, \"Worker Threads edge out\" cluster processes", chart: "speedup" } as const;
  const evidence = (...parts: string[]) => parts.filter(Boolean).join(" ");

  if (s.comparisons.length === 0) {
    return [{ ...claim, verdict: "undecided", evidence: evidence(`This run did not measure threads and processes at the same k (kinds: ${result.params.kinds.join(", ")}), so it cannot compare them.`, atCores) }];
  }
  const family = [...s.comparisons, ...(s.startupComparison ? [s.startupComparison] : [])];
  const ks = (cs: readonly Comparison[]) => cs.map((c) => kOf(result, c)).join(", ");
  const perK = s.comparisons.map((c) => `k = ${kOf(result, c)}: ${formatNumber(c.ratio)}× (${formatCi(c.ratioCi, 1, "×")}): ${outcomeClause(c)}`).join("; ");
  const figures = `Threads' compute time over processes' (decided in one family: ${familyNote(family)}): ${perK}.`;
  const faster = s.comparisons.filter((c) => c.outcome === "lower");
  const slower = s.comparisons.filter((c) => c.outcome === "higher");
  const alike = s.comparisons.filter((c) => c.outcome === "equivalent");
  const open = s.comparisons.filter((c) => !c.conclusive);
  const openNote = open.length > 0 ? `At k = ${ks(open)} the run cannot tell.` : "";
  const short = s.comparisons.some((c) => !c.reachesTarget) ? tooFewTrialsReason(result.params.trials, "compare threads with processes at every k", SCALING_PARAMS) : "";

  if (faster.length === s.comparisons.length) return [{ ...claim, verdict: "holds", evidence: evidence(figures, atCores) }];
  if (faster.length > 0) return [{ ...claim, verdict: "holds-only-when", when: `k = ${ks(faster)}`, evidence: evidence(figures, openNote, short, atCores) }];
  if (slower.length + alike.length > 0) {
    const why = [
      slower.length > 0 ? `processes computed faster at k = ${ks(slower)}` : "",
      alike.length > 0 ? `threads and processes computed alike (equivalent within the band) at k = ${ks(alike)}` : "",
    ].filter(Boolean).join(", and ");
    return [{ ...claim, verdict: "does-not-hold", evidence: evidence(figures, `So on this run the claim does not hold for computing speed: ${why}.`, openNote, short, atCores) }];
  }
  return [{
    ...claim,
    verdict: "undecided",
    evidence: evidence(figures, short, "No k decided the comparison either way, so this run neither supports the claim nor rules it out: the intervals above are what it does rule out.", atCores),
  }];
}
