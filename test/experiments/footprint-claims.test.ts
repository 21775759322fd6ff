/**
 * The footprint experiment's claims and charts, read off saved Results only: the reference run's
 * slopes (per-step slopes, lack of fit), its family of six comparisons with p-values that follow from
 * exact counts, Fieller's set where a slope is not told apart from zero, the Welch test of two
 * slopes, every verdict a constructed summary can lead to, and charts keyed by their ids. No host is
 * started.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { claimsMarkdown, footprint, FOOTPRINT_CHART_IDS, type FootprintParams, loadResult, type FootprintResult, type FootprintSummary } from "parlab";
import type { Comparison } from "parlab";
import { studentTCdf } from "parlab/stats";
import { slopeDifferenceTest } from "parlab/internal";
import { ROOT } from "../helpers.ts";

const REFERENCE_DIR = path.join(ROOT, "test", "fixtures", "results");

/** The reference footprint Result, with its summary recomputed by this version of the lab. */
function reference(): FootprintResult {
  const file = fs.readdirSync(REFERENCE_DIR).find((f) => f.startsWith("footprint-") && f.endsWith(".json"));
  assert.ok(file, "a reference footprint Result");
  const saved = loadResult(path.join(REFERENCE_DIR, file)) as FootprintResult;
  return { ...saved, summary: footprint.summarize(saved) };
}

/** The reference Result with its summary changed by `edit`. */
function withSummary(result: FootprintResult, edit: (s: FootprintSummary) => Partial<FootprintSummary>): FootprintResult {
  const copy = structuredClone(result);
  return { ...copy, summary: { ...copy.summary, ...edit(copy.summary) } };
}

const claim = (result: FootprintResult, id: string) => {
  const found = footprint.claims(result).find((c) => c.id === id);
  assert.ok(found, `claim ${id}`);
  return found;
};

const MIB = 1024 * 1024;

describe("footprint claims on the reference Result", () => {
  const result = reference();
  const s = result.summary;
  const slope = (kind: string, graph: string, memory: string) => s.slopes.find((l) => l.kind === kind && l.graph === graph && l.memory === memory)!;

  it("shows the steps one slope hides, and tests whether a line fits at all", () => {
    const p = slope("processes", "empty", "pss");
    assert.ok(Math.abs(p.slopeBytes / MIB - 9.80) < 0.005);
    // Medians at n = 1, 2, 4, 8: the steps fall from 11.7 to 9.3 MiB per worker.
    assert.deepEqual(p.steps.map((x) => [x.fromX, x.toX, Number((x.slope / MIB).toFixed(1))]), [[1, 2, 11.7], [2, 4, 10.2], [4, 8, 9.3]]);
    assert.ok(p.lackOfFit.estimable && p.lackOfFit.df1 === 2 && p.lackOfFit.df2 === 16 && p.lackOfFit.pValue < 0.001);
    const t = slope("threads", "empty", "pss");
    assert.ok(t.lackOfFit.estimable && t.lackOfFit.pValue > 0.05, "the thread line fits");
    assert.equal(p.method, "replicate-variance");
    assert.equal(p.slopeCi.level, 0.95);
    assert.ok(p.slopeCi.lo < p.slopeBytes && p.slopeBytes < p.slopeCi.hi);
    const findings = footprint.findings(result);
    assert.ok(findings.some((f) => /processes 9\.80 MiB \(95% CI 9\.\d+–9\.\d+ MiB; per step 1→2 11\.7, 2→4 10\.2, 4→8 9\.29 MiB; lack of fit F\(2, 16\) = \d+, p < 0\.001, not adjusted: the means bend away from a line/.test(f)));
  });

  it("decides its six comparisons as one family and prints that size beside every verdict", () => {
    // Two graphs × RSS and PSS slopes, and start-up per graph.
    assert.equal(s.slopeComparisons.length, 4);
    assert.equal(s.startupComparisons.length, 2);
    assert.equal(s.family.size, 6);
    for (const c of [...s.slopeComparisons, ...s.startupComparisons]) {
      assert.equal(c.familySize, 6);
      assert.match(c.verdict, /in a family of 6/);
      assert.equal(c.outcome, "higher");
    }
    assert.ok(footprint.findings(result).includes(
      "6 comparisons of processes against threads (memory per extra worker and start-up), Holm-adjusted as one family: 6 named a side (0 lower, 6 higher), 0 equivalent within ±5%, 0 inconclusive. " +
        "Slopes are compared by Fieller's interval of their ratio and a Welch t test of their difference; start-up by the exact rank-sum test and the Hodges–Lehmann ratio with its interval at the level it attains.",
    ));
  });

  it("adjusts the start-up p-values after the four far smaller slope p-values, by Holm's steps", () => {
    // 5 vs 5 without overlap: p = 2/252. The four slope tests come first; then 2 × 2/252, twice.
    for (const c of s.startupComparisons) {
      assert.equal(c.pValue, 2 / 252);
      assert.ok(Math.abs(c.pAdjusted - 4 / 252) < 1e-15);
    }
    assert.ok(s.slopeComparisons.every((c) => c.pValue < 2 / 252 / 6));
    assert.match(s.startupComparisons[0]!.verdict, /^a process \(empty\) took 1\.79× the start-up time of a thread \(empty\) \(96\.8% CI 1\.75–1\.81×; Holm-adjusted p = 0\.016 in a family of 6, unadjusted p = 0\.0079; n = 5 vs 5\): a process \(empty\) is slower\.$/);
  });

  it("a process weighs more than a thread by PSS, with the RSS figure shown as what shared pages add", () => {
    const c = claim(result, "process-duplicates-application");
    assert.equal(c.verdict, "holds");
    assert.equal(c.chart, "marginal-memory");
    assert.match(c.claim, /Each process duplicates the application in memory/);
    assert.match(c.evidence, /^With the \*\*empty\*\* graph, one more process added 9\.80 MiB \(95% CI [\d.–]+ MiB; per step 1→2 11\.7, 2→4 10\.2, 4→8 9\.29 MiB; lack of fit .*\) of PSS and one more thread 7\.57 MiB/);
    assert.match(c.evidence, /A process had 1\.29× the PSS per extra worker \(empty graph\) of a thread \(95% CI 1\.2\d–1\.3\d×; Holm-adjusted p < 0\.001 in a family of 6, unadjusted p < 0\.001; n = 20 vs 20\): a process is higher, which is worse\. Within rounds: /);
    assert.match(c.evidence, /With the \*\*lab\*\* graph, one more process added 47\.3 MiB .* of PSS and one more thread 35\.1 MiB/);
    assert.match(c.evidence, /Counted by RSS, which charges shared code to every process, the empty ratio would read 5\.43× \(Fieller's 95% CI 5\.\d+–5\.\d+×\)/);
    assert.match(c.evidence, /Measured on 2 cores with node 20\.20\.2; another runtime version or machine can differ\.$|measured on 2 cores with node 20\.20\.2; another runtime version or machine can differ\.$/);
  });

  it("checks every comparison within rounds, and says outside load was not recorded", () => {
    for (const w of [...s.slopeComparisons.map((c) => c.within), ...s.startupWithin]) {
      assert.equal(w.status, "checked");
      assert.equal(w.completeRounds, 5);
      assert.equal(w.pValue, 2 / 32, "every round on the same side");
      assert.equal(w.reachesTarget, false, "5 rounds attain 93.75%, not 95%");
      assert.equal(w.disturbed.notRecorded, true);
    }
    assert.ok(footprint.findings(result).some((f) => /Rounds disturbed by outside load: not recorded/.test(f)));
  });

  it("a thread is ready sooner than a process with either module graph", () => {
    const c = claim(result, "thread-starts-sooner");
    assert.equal(c.verdict, "holds");
    assert.equal(c.chart, "worker-startup");
    assert.match(c.evidence, /^Start-up: a process \(empty\) took 1\.79× the start-up time of a thread \(empty\) \(96\.8% CI 1\.75–1\.81×; Holm-adjusted p = 0\.016/);
  });

  it("reads as markdown with the verdict in the lab's words", () => {
    assert.match(claimsMarkdown(footprint.claims(result)), /^\*\*"Each process duplicates the application in memory": one more process weighs more than one more thread\.\*\* — \*holds\.\* With the/);
  });

  it("keys every chart by its id, in display order, PSS included where it was read, and labels no bootstrap", () => {
    const charts = footprint.charts(result);
    assert.deepEqual(Object.keys(charts), ["rss-added", "pss-added", "marginal-memory", "worker-startup"]);
    assert.deepEqual(Object.keys(charts), [...FOOTPRINT_CHART_IDS]);
    for (const [id, chart] of Object.entries(charts)) assert.equal(chart?.id, id);
    assert.equal(charts["marginal-memory"].title, "Memory of one more worker: least-squares slope with its 95% t interval from the replicates' variances");
    const noPss = withSummary(result, () => ({ pssAvailable: false }));
    assert.deepEqual(Object.keys(footprint.charts(noPss)), ["rss-added", "marginal-memory", "worker-startup"]);
  });
});

describe("footprint verdict rules", () => {
  const result = reference();

  it("re-analyses a Result saved before the verdict parameters existed with the defaults", () => {
    assert.equal(result.params.confidence, undefined);
    assert.equal(result.params.equivalence, undefined);
    assert.deepEqual(result.summary.family.rules, { confidence: 0.95, equivalence: 0.05, family: "holm" });
  });

  it("asks more of the start-up comparison at 99.5%: 5 vs 5 trials attain at most 99.2%", () => {
    const params: FootprintParams = { ...result.params, confidence: 0.995 };
    const strict = { ...result, params, summary: footprint.summarize({ ...result, params }) };
    for (const c of strict.summary.startupComparisons) {
      assert.equal(c.outcome, "inconclusive");
      assert.match(c.verdict, /too few trials for a verdict: the interval reaches 99\.2%, not the 99\.5% asked for/);
    }
    assert.ok(strict.summary.slopes.every((l) => l.slopeCi.level === 0.995));
    const sooner = claim(strict, "thread-starts-sooner");
    assert.equal(sooner.verdict, "undecided");
    assert.match(sooner.evidence, /too few trials for a verdict/);
  });

  it("compares two slopes by Welch's t with Satterthwaite's degrees of freedom", () => {
    // Difference 2 with standard errors 1 and 1 on 10 df each: t = 2/√2, df = 2² / (1/10 + 1/10) = 20.
    const r = slopeDifferenceTest({ slope: 10, slopeSe: 1, df: 10 }, { slope: 8, slopeSe: 1, df: 10 });
    assert.equal(r.difference, 2);
    assert.ok(Math.abs(r.t - Math.SQRT2) < 1e-12);
    assert.ok(Math.abs(r.df - 20) < 1e-9);
    assert.ok(Math.abs(r.pValue - 2 * (1 - studentTCdf(Math.SQRT2, 20))) < 1e-12);
    assert.ok(r.pValue > 0.17 && r.pValue < 0.18);
    assert.equal(slopeDifferenceTest({ slope: 3, slopeSe: 0, df: 4 }, { slope: 3, slopeSe: 0, df: 4 }).pValue, 1);
  });

  it("never prints a finite interval for a thread slope not told apart from zero, and leaves that graph undecided", () => {
    // The threads' PSS with the empty graph made flat: 30 MiB ± 3 MiB whatever n, so their slope is about 0.
    const flat = structuredClone(result);
    let i = 0;
    for (const t of flat.trials) {
      if (t.condition.startsWith("threads×") && t.condition.endsWith(" empty")) t.metrics.pssAddedBytes = (30 + [-3, 3, -1, 1, 0][i++ % 5]!) * MIB;
    }
    const summary = footprint.summarize(flat);
    const c = summary.slopeComparisons.find((x) => x.graph === "empty" && x.memory === "pss")!;
    assert.notEqual(c.set.kind, "bounded");
    assert.equal(c.outcome, "inconclusive");
    assert.match(c.verdict, /Fieller's 95% set is (every ratio below .* or above .*, not an interval|the whole line: these trials bound the ratio nowhere)/);
    assert.match(c.verdict, /in a family of 6, .*: inconclusive: without a finite interval no side or equivalence can be named\.$/);
    const memory = claim({ ...flat, summary }, "process-duplicates-application");
    assert.equal(memory.verdict, "holds-only-when");
    assert.equal(memory.when, "the workers load the lab graph");
  });
});

describe("footprint claims on constructed summaries", () => {
  const result = reference();
  const outcome = (o: Comparison["outcome"]) => ({ outcome: o, conclusive: o !== "inconclusive" });

  it("are undecided when every comparison is inconclusive, carrying each verdict's reason", () => {
    const open = withSummary(result, (s) => ({
      slopeComparisons: s.slopeComparisons.map((c) => ({ ...c, ...outcome("inconclusive"), verdict: "a process had 1.1× … : inconclusive: the ratio lies between 0.9× and 1.3×." })),
      startupComparisons: s.startupComparisons.map((c) => ({ ...c, ...outcome("inconclusive") })),
    }));
    const memory = claim(open, "process-duplicates-application");
    assert.equal(memory.verdict, "undecided");
    assert.match(memory.evidence, /A process had 1\.1× … : inconclusive: the ratio lies between 0\.9× and 1\.3×\./);
    assert.equal(claim(open, "thread-starts-sooner").verdict, "undecided");
  });

  it("holds only for the graph where threads were decided lighter, and not where they were equivalent or heavier", () => {
    const mixed = withSummary(result, (s) => ({ slopeComparisons: s.slopeComparisons.map((c) => (c.graph === "lab" ? { ...c, ...outcome("equivalent") } : c)) }));
    const c = claim(mixed, "process-duplicates-application");
    assert.equal(c.verdict, "holds-only-when");
    assert.equal(c.when, "the workers load the empty graph");
    for (const o of ["lower", "equivalent"] as const) {
      const none = withSummary(result, (s) => ({ slopeComparisons: s.slopeComparisons.map((x) => ({ ...x, ...outcome(o) })) }));
      assert.equal(claim(none, "process-duplicates-application").verdict, "does-not-hold", o);
    }
  });

  it("reads RSS when PSS was not read", () => {
    const rssOnly = withSummary(result, (s) => ({ pssAvailable: false, slopeComparisons: s.slopeComparisons.filter((c) => c.memory === "rss").map((c) => ({ ...c, ...outcome("lower") })) }));
    const c = claim(rssOnly, "process-duplicates-application");
    assert.equal(c.verdict, "does-not-hold");
    assert.match(c.evidence, /MiB .* of RSS and one more thread/);
    assert.doesNotMatch(c.evidence, /Counted by RSS/);
  });

  it("are undecided when there is nothing to compare", () => {
    const empty = withSummary(result, () => ({ slopeComparisons: [], startupComparisons: [], startupWithin: [] }));
    assert.deepEqual(footprint.claims(empty).map((c) => c.verdict), ["undecided", "undecided"]);
  });
});
