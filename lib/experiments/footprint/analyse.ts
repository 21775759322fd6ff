/**
 * Analysing a footprint Result: per-condition statistics; the line of memory added against n for
 * each kind and graph, whose slope is the marginal memory of one more worker, with its interval from
 * the replicates' variances, per-step slopes and a lack-of-fit test; processes against threads by
 * the ratio of slopes (Fieller's set, a Welch t test of the difference) and by start-up at the
 * smallest n (exact rank-sum test, Hodges–Lehmann ratio) — all of them decided as one family, each
 * also checked within rounds; the charts, findings and claims are re-exported from their own files.
 * Pure: it reads a Result and never starts a host.
 * @module
 */
import type { PoolKind } from "../../drivers/pool/mod.ts";
import { compareRatio, fitSlope, slopeRatioInterval, summarize } from "../../stats/mod.ts";
import type { Comparison } from "../../types.ts";
import type { ModuleGraph } from "../../workloads/graphs.ts";
import { trialsOf, verdictRules } from "../_shared/analysis.ts";
import { decideTogether, type OtherTest } from "../_shared/family.ts";
import { notInRounds, roundsCheckOf, withinRounds } from "../_shared/rounds.ts";
import { conditionLabel, footprintConditions } from "./conditions.ts";
import { roundSlopeRatios } from "./rounds.ts";
import { decidable, slopeDifferenceTest, slopeQuantity, slopeRowOf, undecidableVerdict } from "./slopes.ts";
import type { FootprintResult, FootprintRow, FootprintSummary, MemoryMeasure, SlopeComparison, SlopeRow } from "./types.ts";

export { footprintCharts } from "./charts.ts";
export { footprintClaims } from "./claims.ts";
export { footprintFindings } from "./findings.ts";

const summaryOrNull = (values: number[], level: number) => (values.length > 0 ? summarize(values, { level }) : null);

/** The summary of a footprint run: rows, fitted slopes, slope and start-up comparisons, noise floor. */
export function summarizeFootprint(result: Omit<FootprintResult, "summary">): FootprintSummary {
  const { params } = result;
  const seed = params.seed;
  const conditions = footprintConditions(params);
  const ok = result.trials.filter((t) => t.ok);
  const rules = verdictRules(params);
  const level = rules.confidence;
  const rows: FootprintRow[] = [];
  for (const c of conditions) {
    const startup = trialsOf(result, c.label, "startupMs");
    if (startup.length === 0) continue;
    const perWorker = ok.filter((t) => t.condition === c.label).flatMap((t) => (t.detail?.workerStartupMs as number[] | undefined) ?? []);
    rows.push({
      ...c,
      rssAddedBytes: summarize(trialsOf(result, c.label, "rssAddedBytes"), { level }),
      pssAddedBytes: summaryOrNull(trialsOf(result, c.label, "pssAddedBytes"), level),
      rssPerWorkerBytes: summarize(trialsOf(result, c.label, "rssPerWorkerBytes"), { level }),
      pssPerWorkerBytes: summaryOrNull(trialsOf(result, c.label, "pssPerWorkerBytes"), level),
      startupMs: summarize(startup, { level }),
      workerStartupMs: summarize(perWorker.length > 0 ? perWorker : startup, { level }),
    });
  }
  const points = (kind: PoolKind, graph: ModuleGraph, memory: MemoryMeasure) =>
    conditions
      .filter((c) => c.kind === kind && c.graph === graph)
      .flatMap((c) => trialsOf(result, c.label, `${memory}AddedBytes`).map((y) => ({ x: c.workers, y })));
  // A line with an interval needs 3 points at 2 or more distinct n.
  const fittable = (p: { x: number }[]) => p.length >= 3 && new Set(p.map((q) => q.x)).size >= 2;
  const slopes: SlopeRow[] = [];
  const slopePlans: Array<Omit<SlopeComparison, "pAdjusted" | "familySize" | "procedure" | "outcome" | "conclusive" | "verdict">> = [];
  for (const graph of params.graphs) {
    for (const memory of ["rss", "pss"] as const) {
      for (const kind of params.kinds) {
        const p = points(kind, graph, memory);
        if (fittable(p)) slopes.push(slopeRowOf(kind, graph, memory, p, rules.confidence));
      }
      const pp = points("processes", graph, memory);
      const pt = points("threads", graph, memory);
      if (!fittable(pp) || !fittable(pt)) continue;
      const { ratio, set } = slopeRatioInterval(pp, pt, rules.confidence);
      const test = slopeDifferenceTest(fitSlope(pp, { level: rules.confidence }), fitSlope(pt, { level: rules.confidence }));
      const [a, b] = [`processes ${graph}`, `threads ${graph}`];
      const within = notInRounds(result, a, b, rules.confidence)
        ?? roundsCheckOf(result, roundSlopeRatios(result.trials, graph, memory, params.workers, rules.confidence), a, b, set.kind === "bounded" ? set : null);
      slopePlans.push({ graph, memory, ratio, set, differenceBytes: test.difference, t: test.t, df: test.df, pValue: test.pValue, nA: pp.length, nB: pt.length, within });
    }
  }
  const smallest = Math.min(...params.workers);
  const startupPlans: Array<{ comparison: Comparison; a: string; b: string }> = [];
  for (const graph of params.graphs) {
    const a = conditionLabel("processes", smallest, graph);
    const b = conditionLabel("threads", smallest, graph);
    const p = trialsOf(result, a, "startupMs");
    const t = trialsOf(result, b, "startupMs");
    if (p.length > 0 && t.length > 0) {
      const workers = smallest === 1 ? "" : ` (×${smallest})`;
      startupPlans.push({ a, b, comparison: compareRatio(p, t, { labelA: `a process${workers} (${graph})`, labelB: `a thread${workers} (${graph})`, seed, quantity: "start-up time", ...rules }) });
    }
  }
  // Every slope and start-up comparison of the Result is one family.
  const others: OtherTest[] = slopePlans.map((c) => ({
    pValue: c.pValue,
    input: decidable(c.ratio, c.set)
      ? { labelA: "a process", labelB: "a thread", quantity: slopeQuantity(c.graph, c.memory), lowerIsBetter: true, timeLike: false, ratio: c.ratio, ci: c.set, reachesTarget: true, nA: c.nA, nB: c.nB }
      : null,
  }));
  const family = decideTogether(startupPlans.map((s) => s.comparison), others, rules);
  const slopeComparisons: SlopeComparison[] = slopePlans.map((c, i) => {
    const d = family.others[i]!;
    const decided = { ...c, pAdjusted: d.pAdjusted, familySize: d.familySize, procedure: d.procedure };
    return d.verdict
      ? { ...decided, outcome: d.verdict.outcome, conclusive: d.verdict.conclusive, verdict: d.verdict.sentence }
      : { ...decided, outcome: "inconclusive", conclusive: false, verdict: undecidableVerdict(decided) };
  });
  const startupComparisons = family.comparisons;
  const startupWithin = startupPlans.map((s, i) => withinRounds(result, s.a, s.b, "startupMs", { confidence: rules.confidence, pooledCi: startupComparisons[i]!.ratioCi }));
  const hostRss = ok.map((t) => t.metrics.hostRssBytes).filter((x): x is number => Number.isFinite(x));
  return {
    cores: result.machine.cpu.cores,
    hostRuntimes: [...new Set(ok.map((t) => t.detail?.hostRuntime).filter((x): x is string => typeof x === "string"))],
    collected: ok.length > 0 && ok.every((t) => t.detail?.collected === true),
    pssAvailable: ok.some((t) => Number.isFinite(t.metrics.pssAddedBytes)),
    rows,
    slopes,
    slopeComparisons,
    startupComparisons,
    startupWithin,
    family: { size: startupComparisons.length + slopeComparisons.length, rules },
    noiseFloor: hostRss.length > 0 ? summarize(hostRss, { level }).relativeIqr : NaN,
    failures: result.failures.length,
  };
}
