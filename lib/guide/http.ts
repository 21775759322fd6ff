/**
 * The HTTP-serving branch, from a distribution Result: which scheduling policy should a cluster use?
 * The deciding figures are the decided comparisons of socket sharing (and reusePort, where measured)
 * against round-robin under each load shape: the busiest two workers' share of connections, the
 * throughput and the p99 latency.
 * @module
 */
import type { DistributionResult } from "../experiments/distribution/types.ts";
import { formatNumber } from "../format.ts";
import type { Comparison } from "../types.ts";
import { figure } from "./figures.ts";
import type { BranchBody, Figure } from "./types.ts";

export function httpQuestion(): string {
  return "HTTP serving with a cluster: round-robin, socket sharing or reusePort?";
}

const shape = (c: { concurrency: number; keepAlive: boolean }) => `c=${c.concurrency} ${c.keepAlive ? "keep-alive" : "new conn"}`;
const cmpFigure = (name: string, c: Comparison, better: string, worse: string): Figure =>
  figure(name, c.ratio, c.ratioCi, "×", `n = ${c.nA} vs ${c.nB}, ${c.familySize} in the family: ${c.outcome === "lower" ? better : c.outcome === "higher" ? worse : c.outcome}`);

export function httpBranch(result: DistributionResult): BranchBody {
  const s = result.summary;
  const figures: Figure[] = [];
  for (const c of s.comparisons) {
    figures.push(
      cmpFigure(`${c.policy} / rr top-2 share, ${shape(c)}`, c.top2, "more even", "less even"),
      cmpFigure(`${c.policy} / rr throughput, ${shape(c)}`, c.throughput, "lower throughput", "higher throughput"),
      cmpFigure(`${c.policy} / rr p99 latency, ${shape(c)}`, c.p99, "faster p99", "slower p99"),
    );
  }
  const unavailable = s.unavailable.map((u) => `${u.policy} was not measured: ${u.reason}`).join("; ");
  const none = s.comparisons.filter((c) => c.policy === "none");
  if (none.length === 0) {
    return { status: "inconclusive", choice: null, answer: "This Result has no comparison of socket sharing with round-robin.", figures, flips: unavailable || "Run the distribution experiment with policies rr and none." };
  }
  const lessEven = none.filter((c) => c.top2.outcome === "higher");
  const faster = none.filter((c) => c.throughput.outcome === "higher");
  const slower = none.filter((c) => c.throughput.outcome === "lower" || c.p99.outcome === "higher");
  const reuse = s.comparisons.filter((c) => c.policy === "reuseport");
  const reuseWins = reuse.length > 0 && reuse.some((c) => c.throughput.outcome === "higher") && reuse.every((c) => c.top2.outcome !== "higher" && c.p99.outcome !== "higher");
  let body: Pick<BranchBody, "status" | "choice" | "answer">;
  if (reuseWins) {
    body = { status: "answered", choice: "cluster (reusePort)", answer: `reusePort: higher throughput than round-robin under ${reuse.filter((c) => c.throughput.outcome === "higher").map(shape).join(", ")}, with no decided loss of evenness or p99.` };
  } else if (faster.length === 0 && (lessEven.length > 0 || slower.length > 0)) {
    body = { status: "answered", choice: "cluster (round-robin)", answer: `Round-robin: socket sharing spread connections less evenly under ${lessEven.map(shape).join(", ") || "no load shape"} and gained no decided throughput anywhere (throughput ratios ${none.map((c) => `${formatNumber(c.throughput.ratioCi.lo)}–${formatNumber(c.throughput.ratioCi.hi)}×`).join(", ")}).` };
  } else if (faster.length > 0 && lessEven.length === 0) {
    body = { status: "answered", choice: "cluster (socket sharing)", answer: `Socket sharing: higher throughput under ${faster.map(shape).join(", ")} with no decided loss of evenness.` };
  } else if (faster.length > 0) {
    body = { status: "inconclusive", choice: null, answer: `A trade-off: socket sharing served more under ${faster.map(shape).join(", ")} but spread connections less evenly under ${lessEven.map(shape).join(", ")}; which matters is the reader's call (see the figures).` };
  } else {
    body = { status: "inconclusive", choice: null, answer: "No comparison of socket sharing with round-robin was decided: the policies were not told apart in evenness, throughput or p99." };
  }
  const flips = `Socket sharing would win only where its throughput gain is decided: its intervals reach ${none.map((c) => `${formatNumber(c.throughput.ratioCi.lo)}–${formatNumber(c.throughput.ratioCi.hi)}× (${shape(c)})`).join(", ")}; the kernel's wake-up behaviour, the cores and the handler's cost move them.${unavailable ? ` ${unavailable}.` : ""}`;
  return { ...body, figures, flips };
}
