/**
 * The fault-isolation branch, from a faults Result: which faults took a whole thread server down,
 * and which a cluster survived. The deciding figures are each fault's survival count with its Wilson
 * interval. As in the experiment's own claim, a fault that took the process down in any trial can take
 * it down (a possibility is shown by one case); one that never did, in at least the experiment's
 * minimum of trials, is named as survived, with the upper end of its death rate's interval.
 * @module
 */
import { MIN_FAULT_TRIALS } from "../experiments/faults/claims.ts";
import type { FaultRow, FaultsResult } from "../experiments/faults/types.ts";
import { figure } from "./figures.ts";
import type { BranchBody, Figure } from "./types.ts";

export function faultsQuestion(): string {
  return "Fault isolation: must a crash in one worker leave the others serving?";
}

const survivalFigure = (r: FaultRow): Figure =>
  figure(`${r.label} survival`, r.n > 0 ? r.survived / r.n : NaN, r.survival, "", `${r.survived} of ${r.n} trials survived, Wilson interval`, (x) => `${Math.round(x * 1000) / 10}%`);

export function faultsBranch(result: FaultsResult): BranchBody {
  const rows = result.summary.rows.filter((r) => r.n > 0);
  const figures = rows.map(survivalFigure);
  const threads = rows.filter((r) => r.model === "threads");
  const cluster = rows.filter((r) => r.model === "cluster" && !r.label.includes("primary"));
  const fatal = threads.filter((r) => r.processDied > 0);
  const harmless = threads.filter((r) => r.processDied === 0 && r.n >= MIN_FAULT_TRIALS);
  const unsettled = threads.filter((r) => !fatal.includes(r) && !harmless.includes(r));
  const clusterSurvives = cluster.length > 0 && cluster.every((r) => r.processDied === 0 && r.n >= MIN_FAULT_TRIALS);
  const names = (rs: FaultRow[]) => rs.map((r) => r.label).join(", ") || "none";
  let body: Pick<BranchBody, "status" | "choice" | "answer">;
  if (fatal.length > 0 && clusterSurvives) {
    body = { status: "answered", choice: "process pool", answer: `Threads share one process: ${names(fatal)} took the whole thread server down, while a cluster survived every worker fault measured (${names(cluster)}). Where such faults can happen (native code, one huge allocation, a thread without an error listener), use processes (cluster or a process pool).` };
  } else if (threads.length > 0 && fatal.length === 0 && unsettled.length === 0) {
    body = { status: "answered", choice: "either", answer: `No thread fault measured took the process down (${names(harmless)} survived): for these faults threads isolate well enough.` };
  } else {
    body = { status: "inconclusive", choice: null, answer: `Not settled: ${fatal.length ? `${names(fatal)} took the thread server down, but the cluster's survival was not shown (${MIN_FAULT_TRIALS} or more trials per fault decide)` : `too few trials for ${names(unsettled)} (${MIN_FAULT_TRIALS} or more per fault decide)`}.` };
  }
  const flips = `Threads survived ${harmless.length ? harmless.map((r) => `${r.label} (${r.survived}/${r.n}; its death rate is below ${Math.round((1 - r.survival.lo) * 1000) / 10}% at ${Math.round(r.survival.level * 1000) / 10}%)`).join(", ") : "none of the faults measured"}: if your faults are only these (an uncaught exception with an error listener, a thread passing its own heap limit by small allocations), a thread pool isolates enough. ` +
    `They did not survive ${names(fatal)}${unsettled.length ? `; unsettled with these trials: ${names(unsettled)}` : ""}. A cluster dies with its primary (the primary's SIGKILL ends every worker).`;
  return { ...body, figures, flips };
}
