/**
 * The lab's own question beside the article's: does the kernel's reusePort balancing (one listening
 * socket per worker, SO_REUSEPORT) spread connections as evenly as round-robin while serving at least
 * as fast? Decided per closed-loop load shape from the comparisons the family already holds (reusePort
 * against round-robin: top-2 share and throughput), by the one verdict rule: it holds under a shape
 * where reusePort's throughput is higher or equivalent and its top-2 share is lower or equivalent; it
 * fails where either is decided the other way; otherwise the run cannot tell. A runtime without
 * reusePort (Node before 22.12) leaves it undecided, saying how to measure it.
 * @module
 */
import type { Claim } from "../../types.ts";
import { orList } from "../_shared/claims.ts";
import { shapeLabel } from "./conditions.ts";
import type { DistributionResult, DistributionSummary } from "./types.ts";

type Pair = DistributionSummary["comparisons"][number];

const CLAIM = {
  id: "reuseport-even-and-fast",
  claim: "reusePort (the kernel balancing one socket per worker) spreads connections as evenly as round-robin and serves at least as fast (the lab's question).",
  chart: "fairness-vs-throughput",
} as const;

/** How one load shape decides the claim. */
function judge(pair: Pair): "holds" | "fails" | "open" {
  const fast = pair.throughput.outcome === "higher" || pair.throughput.outcome === "equivalent";
  const even = pair.top2.outcome === "lower" || pair.top2.outcome === "equivalent";
  if (pair.throughput.outcome === "lower" || pair.top2.outcome === "higher") return "fails";
  return fast && even ? "holds" : "open";
}

/** The reusePort claim of a distribution Result. */
export function reusePortClaim(result: DistributionResult): Claim {
  const s = result.summary;
  const pairs = s.comparisons.filter((c) => c.policy === "reuseport");
  if (pairs.length === 0) {
    const why = s.unavailable.find((u) => u.policy === "reuseport")?.reason;
    const ran = result.params.policies.includes("reuseport");
    return {
      ...CLAIM,
      verdict: "undecided",
      evidence: why
        ? `Not measured: ${why} \`npx parlab run distribution --runtime node@24\` measures it on a Node that has it.`
        : ran
          ? "reusePort ran, but under no load shape that round-robin also ran, so there is nothing to compare."
          : "This run did not include the reusePort policy (`policies`).",
    };
  }
  const judged = pairs.map((p) => ({ pair: p, status: judge(p), shape: shapeLabel(p.concurrency, p.keepAlive) }));
  const figures = judged.map(({ pair, shape }) => `**${shape}**: ${pair.throughput.verdict} ${pair.top2.verdict}`).join(" ");
  const rule = "Under each load shape it holds where reusePort's throughput is decided higher or equivalent and its top-2 share lower or equivalent, and fails where either is decided the other way (both from the experiment's one family).";
  const holds = judged.filter((j) => j.status === "holds");
  const fails = judged.filter((j) => j.status === "fails");
  const evidence = `${figures} ${rule}`;
  if (holds.length === judged.length) return { ...CLAIM, verdict: "holds", evidence };
  if (holds.length > 0) return { ...CLAIM, verdict: "holds-only-when", when: `the load is ${orList(holds.map((j) => j.shape))}`, evidence };
  if (fails.length > 0) return { ...CLAIM, verdict: "does-not-hold", evidence };
  return { ...CLAIM, verdict: "undecided", evidence };
}
