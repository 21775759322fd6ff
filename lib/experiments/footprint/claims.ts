/**
 * The article's claim about memory — each process duplicates the application, threads share it —
 * and the lab's question about start-up, each with the verdict a footprint Result supports. Both are
 * read off the decided comparisons (the memory one off the ratio of process to thread slopes, PSS
 * where it was read, since RSS counts shared code once per process): a claim holds for a graph where
 * its comparison was decided on its side, does not hold where it was decided on the other side or
 * equivalent, and is not decided where the verdict is inconclusive, which then says why. Pure.
 * @module
 */
import { formatLevel } from "../../format.ts";
import type { Claim, ClaimVerdict, Comparison } from "../../types.ts";
import { formatNumber } from "../_shared/analysis.ts";
import { orList } from "../_shared/claims.ts";
import { lackOfFitPhrase, stepsPhrase } from "./findings.ts";
import { setWords } from "./slopes.ts";
import type { FootprintResult } from "./types.ts";
import { mib, mibInterval } from "./units.ts";

/**
 * A claim's verdict from the outcomes of its comparisons, one per graph: it holds where the outcome
 * is `holds`, and is not decided while any comparison is inconclusive and none is decided either way.
 */
function verdictOf(outcomes: ReadonlyArray<{ graph: string; outcome: Comparison["outcome"] }>, holds: Comparison["outcome"]): { verdict: ClaimVerdict; when?: string } {
  const yes = outcomes.filter((o) => o.outcome === holds);
  const no = outcomes.filter((o) => o.outcome !== holds && o.outcome !== "inconclusive");
  if (yes.length === outcomes.length) return { verdict: "holds" };
  if (yes.length > 0) return { verdict: "holds-only-when", when: `the workers load the ${orList(yes.map((o) => o.graph))} graph` };
  if (no.length > 0) return { verdict: "does-not-hold" };
  return { verdict: "undecided" };
}

/** "Each process duplicates the application in memory": one more process weighs more than one more thread. */
function duplicatesApplication(result: FootprintResult): Claim {
  const s = result.summary;
  const base = {
    id: "process-duplicates-application",
    claim: `"Each process duplicates the application in memory": one more process weighs more than one more thread.`,
    chart: "marginal-memory",
  };
  const memory = s.pssAvailable ? "pss" : "rss";
  const compared = s.slopeComparisons.filter((c) => c.memory === memory);
  if (compared.length === 0) return { ...base, verdict: "undecided", evidence: "Nothing to compare: run both threads and processes at two or more worker counts." };
  const slope = (kind: string, graph: string) => s.slopes.find((l) => l.kind === kind && l.graph === graph && l.memory === memory)!;
  const answer = compared.map((c) => {
    const [p, t] = [slope("processes", c.graph), slope("threads", c.graph)];
    const line = (l: typeof p) => `${formatNumber(mib(l.slopeBytes))} MiB (${formatLevel(l.slopeCi.level)} CI ${mibInterval(l.slopeCi)} MiB; ${stepsPhrase(l)}; ${lackOfFitPhrase(l)})`;
    const verdict = c.verdict.charAt(0).toUpperCase() + c.verdict.slice(1);
    return `With the **${c.graph}** graph, one more process added ${line(p)} of ${c.memory.toUpperCase()} and one more thread ${line(t)}. ${verdict} ${c.within.sentence.replace(/^within/, "Within")}.`;
  });
  const rssNote = s.pssAvailable
    ? s.slopeComparisons.filter((c) => c.memory === "rss").map((c) => `Counted by RSS, which charges shared code to every process, the ${c.graph} ratio would read ${formatNumber(c.ratio)}× (${setWords(c.set)}): the gap between the two is shared pages, not duplicated application.`)
    : [];
  const decided = verdictOf(compared, "higher");
  const evidence = [
    ...answer,
    ...rssNote,
    `${s.family.size} comparisons decided as one family; measured on ${s.cores} cores with ${s.hostRuntimes.join(", ")}; another runtime version or machine can differ.`,
  ].join("\n\n");
  return { ...base, verdict: decided.verdict, ...(decided.when ? { when: decided.when } : {}), evidence };
}

/** The lab's question: does a thread become ready sooner than a process? */
function startsSooner(result: FootprintResult): Claim {
  const base = { id: "thread-starts-sooner", claim: "A thread is ready sooner than a process (the lab's question).", chart: "worker-startup" };
  const graphOf = (c: Comparison) => result.params.graphs.find((g) => c.a.endsWith(`(${g})`)) ?? c.a;
  const compared = result.summary.startupComparisons;
  if (compared.length === 0) return { ...base, verdict: "undecided", evidence: "Nothing to compare: run both threads and processes." };
  const within = result.summary.startupWithin;
  const evidence = compared.map((c, i) => `Start-up: ${c.verdict}${within[i] ? ` ${within[i]!.sentence.replace(/^within/, "Within")}.` : ""}`).join("\n\n");
  // The ratio is the process's time over the thread's: decided higher, the thread was ready first.
  const decided = verdictOf(compared.map((c) => ({ graph: graphOf(c), outcome: c.outcome })), "higher");
  return { ...base, verdict: decided.verdict, ...(decided.when ? { when: decided.when } : {}), evidence };
}

/** The claims a footprint Result answers, each with its verdict and the figures that decide it. */
export function footprintClaims(result: FootprintResult): Claim[] {
  return [duplicatesApplication(result), startsSooner(result)];
}
