/**
 * What a scaling Result says of the article's claim that for pure CPU work worker threads edge out
 * processes. The verdict is computed from the threads-vs-processes comparisons at each k; with too
 * few trials, or without both kinds, it is "undecided" and says why.
 * @module
 */
import { formatInterval, formatNumber } from "../_shared/analysis.ts";
import { tooFewForVerdict, tooFewTrialsReason } from "../_shared/claims.ts";
import type { Claim, Comparison } from "../../types.ts";
import { conditionLabel } from "./conditions.ts";
import { SCALING_PARAMS } from "./params.ts";
import type { ScalingResult } from "./types.ts";

/** The pool size k of a threads-vs-processes comparison. */
function kOf(result: ScalingResult, c: Comparison): number | undefined {
  return result.params.workers.find((k) => conditionLabel("threads", k) === c.a);
}

/** The article's claims a scaling Result decides, each with its verdict and evidence. */
export function scalingClaims(result: ScalingResult): Claim[] {
  const s = result.summary;
  const trials = result.params.trials;
  const best = s.rows.filter((r) => r.speedup).sort((a, b) => b.speedup!.ratio - a.speedup!.ratio)[0];
  const peak = best ? `Scaling peaked at **${best.label}**: ${formatNumber(best.speedup!.ratio)}× the main thread (95% CI ${formatInterval(best.speedup!.ci)}×) on ${s.cores} cores.` : "";
  const claim = { id: "threads-edge-out", claim: "For pure CPU work, \"Worker Threads edge out\" cluster processes", chart: "speedup" } as const;
  const evidence = (...parts: string[]) => parts.filter(Boolean).join(" ");

  if (s.comparisons.length === 0) {
    return [{ ...claim, verdict: "undecided", evidence: evidence(`This run did not measure threads and processes at the same k (kinds: ${result.params.kinds.join(", ")}), so it cannot compare them.`, peak) }];
  }
  if (s.comparisons.some((c) => tooFewForVerdict(c.nA, c.nB))) {
    return [{ ...claim, verdict: "undecided", evidence: evidence(tooFewTrialsReason(trials, "compare threads with processes", SCALING_PARAMS.trials), peak) }];
  }
  const decided = s.comparisons.filter((c) => c.conclusive);
  if (decided.length === 0) {
    const ratios = s.comparisons.map((c) => `${formatNumber(c.ratio)}× (95% CI ${formatInterval(c.ratioCi)}×) at k = ${kOf(result, c)}`).join(", ");
    return [{
      ...claim,
      verdict: "does-not-hold",
      evidence: evidence(
        `At no k did threads and processes differ measurably in compute time (${s.comparisons.length} comparisons, ${trials} trials each; threads' time over processes': ${ratios}; see the verdicts above).`,
        peak,
        "So on this run the claim does not hold for computing speed: once running, threads and processes computed alike; what differs is the start-up cost charted above.",
      ),
    }];
  }
  const differences = `A measurable difference at ${decided.map((c) => `**${c.a}** vs ${c.b} (ratio ${formatNumber(c.ratio)}×, 95% CI ${formatInterval(c.ratioCi)}×)`).join("; ")}.`;
  const threadsFaster = decided.filter((c) => c.ratio < 1);
  if (threadsFaster.length === s.comparisons.length) return [{ ...claim, verdict: "holds", evidence: evidence(differences, peak) }];
  if (threadsFaster.length > 0) {
    return [{ ...claim, verdict: "holds-only-when", when: `k = ${threadsFaster.map((c) => kOf(result, c)).join(", ")}`, evidence: evidence(differences, peak) }];
  }
  return [{ ...claim, verdict: "does-not-hold", evidence: evidence(differences, peak) }];
}
