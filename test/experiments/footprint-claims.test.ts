/**
 * The footprint experiment's claims and charts, read off saved Results only: the reference run's
 * verdicts, every verdict a constructed Result can lead to, and charts keyed by their ids. No host
 * is started.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { claimsMarkdown, footprint, FOOTPRINT_CHART_IDS, loadResult, type FootprintResult, type FootprintSummary } from "parlab";
import { ROOT } from "../helpers.ts";

const REFERENCE_DIR = path.join(ROOT, "data", "results", "reference");

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

describe("footprint claims on the reference Result", () => {
  const result = reference();

  it("a process weighs more than a thread by PSS, with the RSS figure shown as what shared pages add", () => {
    const c = claim(result, "process-duplicates-application");
    assert.equal(c.verdict, "holds");
    assert.equal(c.chart, "marginal-memory");
    assert.match(c.claim, /Each process duplicates the application in memory/);
    assert.match(c.evidence, /^With the \*\*empty\*\* graph, one more process added 9\.80 MiB of PSS and one more thread 7\.57 MiB: a thread is 1\.29× lighter \(95% CI 1\.29–1\.30×\)\./);
    assert.match(c.evidence, /With the \*\*lab\*\* graph, one more process added 47\.3 MiB of PSS and one more thread 35\.1 MiB: a thread is 1\.35× lighter/);
    assert.match(c.evidence, /Counted by RSS, which charges shared code to every process, the empty ratio would read 5\.43× \(95% CI 5\.40–5\.47×\)/);
    assert.match(c.evidence, /Measured on 2 cores with node 20\.20\.2; another runtime version or machine can differ\.$/);
  });

  it("a thread is ready sooner than a process with either module graph", () => {
    const c = claim(result, "thread-starts-sooner");
    assert.equal(c.verdict, "holds");
    assert.equal(c.chart, "worker-startup");
    assert.match(c.evidence, /^Start-up: a process \(empty\) took 1\.79× the start-up time of a thread \(empty\) \(95% CI 1\.75–1\.81×; p = 0\.046; n = 5 vs 5\)/);
  });

  it("reads as markdown with the verdict in the lab's words", () => {
    assert.match(claimsMarkdown(footprint.claims(result)), /^\*\*"Each process duplicates the application in memory": one more process weighs more than one more thread\.\*\* — \*holds\.\* With the/);
  });

  it("keys every chart by its id, in display order, PSS included where it was read", () => {
    const charts = footprint.charts(result);
    assert.deepEqual(Object.keys(charts), ["rss-added", "pss-added", "marginal-memory", "worker-startup"]);
    assert.deepEqual(Object.keys(charts), [...FOOTPRINT_CHART_IDS]);
    for (const [id, chart] of Object.entries(charts)) assert.equal(chart?.id, id);
    const noPss = withSummary(result, () => ({ pssAvailable: false }));
    assert.deepEqual(Object.keys(footprint.charts(noPss)), ["rss-added", "marginal-memory", "worker-startup"]);
  });
});

describe("footprint claims on constructed Results", () => {
  const result = reference();

  it("are undecided with fewer than 5 trials per condition, saying so", () => {
    const few = withSummary(result, (s) => ({
      slopeComparisons: s.slopeComparisons.map((c) => ({ ...c, minTrials: 3, conclusive: false })),
      startupComparisons: s.startupComparisons.map((c) => ({ ...c, nA: 3, nB: 3, conclusive: false })),
    }));
    const memory = claim(few, "process-duplicates-application");
    assert.equal(memory.verdict, "undecided");
    assert.match(memory.evidence, /but with 3 trials per condition this is not yet a verdict; the quick profile runs 5\./);
    assert.equal(claim(few, "thread-starts-sooner").verdict, "undecided");
  });

  it("holds only for the graph where threads were measurably lighter, and not where no difference was detected", () => {
    const mixed = withSummary(result, (s) => ({
      slopeComparisons: s.slopeComparisons.map((c) => (c.graph === "lab" ? { ...c, ci: { ...c.ci, lo: 0.9 }, noDifference: true, conclusive: false } : c)),
    }));
    const c = claim(mixed, "process-duplicates-application");
    assert.equal(c.verdict, "holds-only-when");
    assert.equal(c.when, "the workers load the empty graph");
    assert.match(c.evidence, /With the \*\*lab\*\* graph, .*: no difference detected \(ratio 1\.35×, 95% CI 0\.900–/);
    const none = withSummary(result, (s) => ({ slopeComparisons: s.slopeComparisons.map((x) => ({ ...x, ci: { ...x.ci, lo: 0.9 }, noDifference: true, conclusive: false })) }));
    assert.equal(claim(none, "process-duplicates-application").verdict, "does-not-hold");
  });

  it("reads RSS when PSS was not read, and names a process as lighter when it is", () => {
    const rssOnly = withSummary(result, (s) => ({
      pssAvailable: false,
      slopeComparisons: s.slopeComparisons.filter((c) => c.memory === "rss").map((c) => ({ ...c, ratio: 0.5, ci: { lo: 0.4, hi: 0.6, level: 0.95 }, conclusive: true })),
    }));
    const c = claim(rssOnly, "process-duplicates-application");
    assert.equal(c.verdict, "does-not-hold");
    assert.match(c.evidence, /MiB of RSS and one more thread .*: a process is 2\.00× lighter \(95% CI 1\.67–2\.50×\)\./);
    assert.doesNotMatch(c.evidence, /Counted by RSS/);
  });

  it("are undecided when there is nothing to compare", () => {
    const empty = withSummary(result, () => ({ slopeComparisons: [], startupComparisons: [] }));
    assert.deepEqual(footprint.claims(empty).map((c) => c.verdict), ["undecided", "undecided"]);
  });
});
