/**
 * The article's claim about memory — each process duplicates the application, threads share it —
 * and the lab's question about start-up, each with the verdict a footprint Result supports. The
 * memory verdict is read off the ratio of process to thread slopes (PSS where it was read, since RSS
 * counts shared code once per process); fewer than the usual minimum of trials per condition leaves
 * a claim undecided. Pure.
 * @module
 */
import { MIN_TRIALS_FOR_VERDICT } from "../../stats/mod.ts";
import type { Claim, Comparison, Interval } from "../../types.ts";
import { formatInterval, formatNumber } from "../_shared/analysis.ts";
import { FOOTPRINT_PROFILE_TRIALS } from "./params.ts";
import type { FootprintResult, SlopeComparison } from "./types.ts";
import { mib } from "./units.ts";
import { orList } from "../_shared/claims.ts";

const inverse = (ci: Interval): Interval => ({ lo: 1 / ci.hi, hi: 1 / ci.lo, level: ci.level });
/** Threads measurably lighter: a decided comparison whose interval lies above 1. */
const threadsLighter = (c: SlopeComparison) => c.conclusive && c.ci.lo > 1;

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
    const what = `With the **${c.graph}** graph, one more process added ${formatNumber(mib(slope("processes", c.graph).slopeBytes))} MiB of ${c.memory.toUpperCase()} and one more thread ${formatNumber(mib(slope("threads", c.graph).slopeBytes))} MiB`;
    if (c.minTrials < MIN_TRIALS_FOR_VERDICT) return `${what}: ${formatNumber(c.ratio)}× (95% CI ${formatInterval(c.ci)}×), but with ${c.minTrials} trials per condition this is not yet a verdict; the quick profile runs ${FOOTPRINT_PROFILE_TRIALS.quick}.`;
    if (c.noDifference) return `${what}: no difference detected (ratio ${formatNumber(c.ratio)}×, 95% CI ${formatInterval(c.ci)}×).`;
    if (c.ci.hi < 1) return `${what}: a process is ${formatNumber(1 / c.ratio)}× lighter (95% CI ${formatInterval(inverse(c.ci))}×).`;
    return `${what}: a thread is ${formatNumber(c.ratio)}× lighter (95% CI ${formatInterval(c.ci)}×).`;
  });
  const rssNote = s.pssAvailable
    ? s.slopeComparisons.filter((c) => c.memory === "rss").map((c) => `Counted by RSS, which charges shared code to every process, the ${c.graph} ratio would read ${formatNumber(c.ratio)}× (95% CI ${formatInterval(c.ci)}×): that is the part of "duplicates the application" that is really shared pages.`)
    : [];
  const evidence = [
    ...answer,
    ...rssNote,
    `Measured on ${s.cores} cores with ${s.hostRuntimes.join(", ")}; another runtime version or machine can differ.`,
  ].join("\n\n");
  if (compared.some((c) => c.minTrials < MIN_TRIALS_FOR_VERDICT)) return { ...base, verdict: "undecided", evidence };
  const lighter = compared.filter(threadsLighter);
  if (lighter.length === compared.length) return { ...base, verdict: "holds", evidence };
  if (lighter.length === 0) return { ...base, verdict: "does-not-hold", evidence };
  return { ...base, verdict: "holds-only-when", when: `the workers load the ${orList(lighter.map((c) => c.graph))} graph`, evidence };
}

/** The lab's question: does a thread become ready sooner than a process? */
function startsSooner(result: FootprintResult): Claim {
  const base = { id: "thread-starts-sooner", claim: "A thread is ready sooner than a process (the lab's question).", chart: "worker-startup" };
  const graphOf = (c: Comparison) => result.params.graphs.find((g) => c.a.endsWith(`(${g})`)) ?? c.a;
  const compared = result.summary.startupComparisons;
  if (compared.length === 0) return { ...base, verdict: "undecided", evidence: "Nothing to compare: run both threads and processes." };
  const evidence = compared.map((c) => `Start-up: ${c.verdict}`).join("\n\n");
  if (compared.some((c) => Math.min(c.nA, c.nB) < MIN_TRIALS_FOR_VERDICT)) return { ...base, verdict: "undecided", evidence };
  // The ratio is the process's time over the thread's: above 1, decided, the thread was ready first.
  const sooner = compared.filter((c) => c.conclusive && c.ratio > 1);
  if (sooner.length === compared.length) return { ...base, verdict: "holds", evidence };
  if (sooner.length === 0) return { ...base, verdict: "does-not-hold", evidence };
  return { ...base, verdict: "holds-only-when", when: `the workers load the ${orList(sooner.map(graphOf))} graph`, evidence };
}

/** The claims a footprint Result answers, each with its verdict and the figures that decide it. */
export function footprintClaims(result: FootprintResult): Claim[] {
  return [duplicatesApplication(result), startsSooner(result)];
}
