/**
 * The memory-budget branch, from a footprint Result: how many workers of each kind fit the reader's
 * budget, and does the number they want fit as processes, only as threads, or not at all? The
 * deciding figures are the fitted memory per extra worker (PSS where it was read, since PSS sums to
 * what the machine spends; RSS otherwise) with its interval, and the decided process-vs-thread
 * comparison of those slopes. The module graph is the lab's realistic one where it was measured.
 * @module
 */
import type { FootprintResult, SlopeRow } from "../experiments/footprint/types.ts";
import { formatNumber } from "../format.ts";
import { figure, workersThatFit } from "./figures.ts";
import type { BranchBody, Figure, GuideQuestion } from "./types.ts";

const MB = 1e6;

export function memoryQuestion(q: GuideQuestion): string {
  return `A memory budget of ${formatNumber(q.memoryBudgetMb)} MB for ${q.workersWanted} worker${q.workersWanted === 1 ? "" : "s"}`;
}

/** "3–4 workers" or "at least 3": an interval of counts. */
const countRange = (ci: { lo: number; hi: number }) => (Number.isFinite(ci.hi) ? (ci.lo === ci.hi ? `${ci.lo}` : `${ci.lo}–${ci.hi}`) : `at least ${ci.lo}`);

export function memoryBranch(result: FootprintResult, q: GuideQuestion): BranchBody {
  const s = result.summary;
  const memory = s.pssAvailable && s.slopes.some((r) => r.memory === "pss") ? "pss" : "rss";
  const graph = s.slopes.some((r) => r.graph === "lab") ? "lab" : s.slopes[0]?.graph;
  const slope = (kind: SlopeRow["kind"]) => s.slopes.find((r) => r.kind === kind && r.graph === graph && r.memory === memory) ?? null;
  const budget = q.memoryBudgetMb * MB;
  const figures: Figure[] = [];
  const kinds = (["threads", "processes"] as const).flatMap((kind) => {
    const row = slope(kind);
    if (!row) return [];
    const fit = workersThatFit(budget, row.slopeBytes, row.slopeCi);
    figures.push(
      figure(`${memory.toUpperCase()} per extra ${kind === "threads" ? "thread" : "process"} (${graph} graph)`, row.slopeBytes / MB, { ...row.slopeCi, lo: row.slopeCi.lo / MB, hi: row.slopeCi.hi / MB }, " MB", `least-squares slope over ${row.workers.join(", ")} workers, ${row.points} trials`),
      figure(`${kind} that fit ${formatNumber(q.memoryBudgetMb)} MB`, fit.value, fit.ci, "", "budget / slope, from the slope's interval", (x) => (Number.isFinite(x) ? String(x) : "no bound")),
    );
    return [{ kind, fit, fits: q.workersWanted <= fit.ci.lo ? "yes" : q.workersWanted > fit.ci.hi ? "no" : "maybe" }];
  });
  const threads = kinds.find((k) => k.kind === "threads");
  const processes = kinds.find((k) => k.kind === "processes");
  const cmp = s.slopeComparisons.find((c) => c.graph === graph && c.memory === memory) ?? null;
  const cmpText = cmp
    ? `a process adds ${formatNumber(cmp.ratio)}× a thread's ${memory.toUpperCase()} (${cmp.set.kind === "bounded" ? `${formatNumber(cmp.set.level * 100)}% set ${formatNumber(cmp.set.lo)}–${formatNumber(cmp.set.hi)}×` : `Fieller's set is ${cmp.set.kind}`}; ${cmp.outcome === "higher" ? "a process weighs more" : cmp.outcome === "lower" ? "a process weighs less" : cmp.outcome})`
    : "the slopes were not compared";
  if (!threads || !processes) {
    return { status: "inconclusive", choice: null, answer: "This Result lacks the slope of one kind of worker, so the budget cannot be split between them.", figures, flips: cmpText };
  }
  const want = `${q.workersWanted} worker${q.workersWanted === 1 ? "" : "s"}`;
  let body: Pick<BranchBody, "status" | "choice" | "answer">;
  if (processes.fits === "yes") {
    body = { status: "answered", choice: "either", answer: `${want} fit ${formatNumber(q.memoryBudgetMb)} MB as processes (${countRange(processes.fit.ci)} fit) and as threads (${countRange(threads.fit.ci)}): memory does not decide.` };
  } else if (threads.fits === "yes" && processes.fits === "no") {
    body = { status: "answered", choice: "thread pool", answer: `${want} fit ${formatNumber(q.memoryBudgetMb)} MB only as threads: ${countRange(threads.fit.ci)} threads fit, ${countRange(processes.fit.ci)} processes.` };
  } else if (threads.fits === "no") {
    body = { status: "answered", choice: "single process", answer: `${want} do not fit ${formatNumber(q.memoryBudgetMb)} MB even as threads (${countRange(threads.fit.ci)} fit): use fewer workers, or none.` };
  } else {
    body = { status: "inconclusive", choice: null, answer: `Whether ${want} fit ${formatNumber(q.memoryBudgetMb)} MB is not settled: ${countRange(threads.fit.ci)} threads or ${countRange(processes.fit.ci)} processes fit, by the slopes' intervals.` };
  }
  const flips = `Processes fit up to ${processes.fit.ci.lo} workers for sure; from ${processes.fit.ci.hi + 1} only threads fit (up to ${threads.fit.ci.lo} for sure, ${Number.isFinite(threads.fit.ci.hi) ? `none beyond ${threads.fit.ci.hi}` : "no upper bound"}). The budget counts the memory workers add, not the host process itself. ${cmpText}.`;
  return { ...body, figures, flips };
}
