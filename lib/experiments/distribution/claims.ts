/**
 * What a distribution Result says of the article's claim that with socket sharing "70% of
 * connections [hit] just 2 out of 8 workers". The busiest two workers' share is one value per trial,
 * so each socket-sharing condition is decided from the order-statistic interval of its median share,
 * by the same rule as every verdict of the lab: the claim holds where the whole interval lies at or
 * above 70%, fails where it lies below, and is undecided where the interval straddles 70% or does
 * not reach the level asked for (too few trials). Without socket sharing it is "undecided".
 * @module
 */
import { formatCi, formatLevel } from "../../format.ts";
import { smallestNReaching } from "../../stats/mod.ts";
import { formatNumber, verdictRules } from "../_shared/analysis.ts";
import { tooFewTrialsReason } from "../_shared/claims.ts";
import type { Claim } from "../../types.ts";
import { levelLabel, shapeLabel } from "./conditions.ts";
import { reusePortClaim } from "./claim-reuseport.ts";
import { DISTRIBUTION_PARAMS } from "./params.ts";
import type { DistributionResult, DistributionRow } from "./types.ts";

/** The share the claim names: the busiest two workers' share of connections. */
const CLAIMED_SHARE = 0.7;

/** The runtime the cluster servers ran on: recorded by the trials, else the runtime of the run. */
function serverRuntimeOf(result: DistributionResult): string {
  return String(result.trials.find((t) => t.detail?.serverRuntime)?.detail?.serverRuntime ?? `${result.runtime.name} ${result.runtime.version}`);
}

type Status = "holds" | "fails" | "open";

/** A row's load shape: "c=64 new conn", or "50% load new conn" in the sweep. */
function shapeOf(row: DistributionRow): string {
  return row.loadPercent === undefined ? shapeLabel(row.concurrency, row.keepAlive) : levelLabel(row.loadPercent, row.keepAlive);
}

/** Where one condition's interval of the median top-2 share puts the claim, and why. */
function judge(row: DistributionRow, level: number): { status: Status; why: string } {
  const ci = row.top2Share.medianCi;
  if (!row.top2ReachesTarget) {
    return { status: "open", why: `too few trials: the interval of the median reaches ${formatLevel(ci.level)}, not the ${formatLevel(level)} asked for; it needs at least ${smallestNReaching(level)} trials` };
  }
  if (ci.lo >= CLAIMED_SHARE) return { status: "holds", why: "the whole interval is at or above 70%" };
  if (ci.hi < CLAIMED_SHARE) return { status: "fails", why: "the whole interval is below 70%" };
  return { status: "open", why: "the interval includes 70%" };
}

/** The claims a distribution Result decides, each with its verdict and evidence: the article's 70% claim, then the lab's reusePort question. */
export function distributionClaims(result: DistributionResult): Claim[] {
  return [sharingClaim(result), reusePortClaim(result)];
}

/** The article's claim that socket sharing puts 70% of connections on 2 of 8 workers. */
function sharingClaim(result: DistributionResult): Claim {
  const s = result.summary;
  const m = result.machine;
  const level = verdictRules(result.params).confidence;
  const claim = { id: "sharing-top2-70", claim: "With socket sharing, \"70% of connections [hit] just 2 out of 8 workers\"", chart: "share-by-rank" } as const;
  const figure = (r: DistributionRow) => `median ${formatNumber(r.top2Share.median * 100)}% (${formatCi(r.top2Share.medianCi, 100, "%")}; ≥ 70% in ${r.claimHits} of ${r.top2Share.n} trials)`;
  const others = s.rows.filter((r) => r.policy !== "none");
  const context = [
    others.length > 0 ? `For comparison: ${others.map((r) => `${r.label} ${figure(r)}`).join(", ")}.` : "",
    `This answer holds for ${m.cpu.cores} cores, ${m.os.platform} ${m.os.release}, a cluster of ${s.workers} workers on ${serverRuntimeOf(result)}; the kernel's wake-up behaviour, the core count and the runtime all change it.`,
  ];
  const evidence = (...first: string[]) => [...first, ...context].filter(Boolean).join(" ");

  // A sweep condition whose generator fell behind offered another load than it says: it decides nothing.
  const sharing = s.rows.filter((r) => r.policy === "none" && !r.behind?.fellBehind);
  if (sharing.length === 0) {
    return { ...claim, verdict: "undecided", evidence: evidence("Socket sharing (policy `none`) was not measured in this run, so it cannot test the claim.") };
  }
  const judged = sharing.map((r) => ({ row: r, ...judge(r, level) }));
  const rule = "Each socket-sharing condition is decided from the order-statistic interval of its median top-2 share (one share per trial): the claim holds where the whole interval is at or above 70%, and fails where it is below.";
  const figures = `Busiest two workers' share under socket sharing: ${judged.map((j) => `**${j.row.label}** ${figure(j.row)}: ${j.why}`).join("; ")}.`;
  const short = judged.some((j) => !j.row.top2ReachesTarget)
    ? tooFewTrialsReason(result.params.trials, "bound the busiest two workers' median share at the level asked for", DISTRIBUTION_PARAMS)
    : "";
  const holds = judged.filter((j) => j.status === "holds");
  const fails = judged.filter((j) => j.status === "fails");
  const shapes = (js: typeof judged) => js.map((j) => shapeOf(j.row)).join(" or ");
  if (holds.length === judged.length) return { ...claim, verdict: "holds", evidence: evidence(figures, rule) };
  if (holds.length > 0) return { ...claim, verdict: "holds-only-when", when: `the load is ${shapes(holds)}`, evidence: evidence(figures, rule, short) };
  if (fails.length > 0) {
    const open = judged.length > fails.length ? `Under ${shapes(judged.filter((j) => j.status === "open"))} the run cannot tell.` : "";
    return { ...claim, verdict: "does-not-hold", evidence: evidence(figures, rule, open, short) };
  }
  return { ...claim, verdict: "undecided", evidence: evidence(figures, rule, short) };
}
