/**
 * What a distribution Result says of the article's claim that with socket sharing "70% of
 * connections [hit] just 2 out of 8 workers". The verdict is computed from the socket-sharing
 * conditions: in which of them the busiest two workers took 70% or more of the connections in most
 * trials. With too few trials, or without socket sharing, it is "undecided" and says why.
 * @module
 */
import { formatInterval, formatNumber } from "../_shared/analysis.ts";
import { tooFewForVerdict, tooFewTrialsReason } from "../_shared/claims.ts";
import type { Claim } from "../../types.ts";
import { shapeLabel } from "./conditions.ts";
import { DISTRIBUTION_PARAMS } from "./params.ts";
import type { DistributionResult, DistributionRow } from "./types.ts";

/** The runtime the cluster servers ran on: recorded by the trials, else the runtime of the run. */
function serverRuntimeOf(result: DistributionResult): string {
  return String(result.trials.find((t) => t.detail?.serverRuntime)?.detail?.serverRuntime ?? `${result.runtime.name} ${result.runtime.version}`);
}

/** True when the busiest two workers took 70% or more of the connections in most of the condition's trials. */
const heldIn = (row: DistributionRow) => row.claimHits > row.top2Share.n / 2;

/** The article's claims a distribution Result decides, each with its verdict and evidence. */
export function distributionClaims(result: DistributionResult): Claim[] {
  const s = result.summary;
  const m = result.machine;
  const held = s.rows.filter(heldIn);
  const where = [
    held.length > 0
      ? `The claim held (in most trials) for: ${held.map((r) => `**${r.label}** (${r.claimHits}/${r.top2Share.n} trials)`).join(", ")}.`
      : `In no condition did the busiest two workers take 70% of connections in most trials (${s.rows.length} conditions).`,
    `It did not hold for: ${s.rows.filter((r) => !heldIn(r)).map((r) => `${r.label} (median ${formatNumber(r.top2Share.median * 100)}%, 95% CI ${formatInterval(r.top2Share.medianCi, 100)}%)`).join(", ") || "—"}.`,
    `This answer holds for ${m.cpu.cores} cores, ${m.os.platform} ${m.os.release}, a cluster of ${s.workers} workers on ${serverRuntimeOf(result)}; the kernel's wake-up behaviour, the core count and the runtime all change it.`,
  ];
  const claim = { id: "sharing-top2-70", claim: "With socket sharing, \"70% of connections [hit] just 2 out of 8 workers\"", chart: "share-by-rank" } as const;
  const evidence = (...first: string[]) => [...first, ...where].join(" ");

  const sharing = s.rows.filter((r) => r.policy === "none");
  if (sharing.length === 0) {
    return [{ ...claim, verdict: "undecided", evidence: evidence("Socket sharing (policy `none`) was not measured in this run, so it cannot test the claim.") }];
  }
  if (tooFewForVerdict(...sharing.map((r) => r.top2Share.n))) {
    const reason = tooFewTrialsReason(result.params.trials, "tell whether the busiest two workers take 70% of connections in most trials", DISTRIBUTION_PARAMS.trials);
    return [{ ...claim, verdict: "undecided", evidence: evidence(reason) }];
  }
  const sharingHeld = sharing.filter(heldIn);
  if (sharingHeld.length === sharing.length) return [{ ...claim, verdict: "holds", evidence: evidence() }];
  if (sharingHeld.length > 0) {
    return [{ ...claim, verdict: "holds-only-when", when: `the load is ${sharingHeld.map((r) => shapeLabel(r.concurrency, r.keepAlive)).join(" or ")}`, evidence: evidence() }];
  }
  return [{ ...claim, verdict: "does-not-hold", evidence: evidence() }];
}
