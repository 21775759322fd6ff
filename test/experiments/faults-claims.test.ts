/**
 * The faults experiment's claims and charts, read off saved Results only: the reference run's
 * verdicts with their Wilson intervals and what those rule out, the noise floor of each server kind,
 * the verdict rules of Results saved before they were parameters, every verdict a constructed Result
 * can lead to, and charts keyed by their ids. Nothing is started, so re-analysing needs no server.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { claimsMarkdown, faults, FAULTS_CHART_IDS, type FaultsParams, loadResult, MIN_FAULT_TRIALS, type FaultRow, type FaultsResult } from "parlab";
import { ROOT } from "../helpers.ts";

// The faults Result these figures were read from: the reference of 2026-11-29, kept as a fixture since
// its re-measurement (with a warm-up and per-worker counts) replaced it as the reference.
const REFERENCE_DIR = path.join(ROOT, "test", "fixtures", "results");

/** The saved faults Result of 2026-11-29, with its summary recomputed by this version of the lab. */
function reference(id: string): FaultsResult {
  const file = fs.readdirSync(REFERENCE_DIR).find((f) => f.startsWith(`${id}-`) && f.endsWith(".json"));
  assert.ok(file, `a reference ${id} Result`);
  const saved = loadResult(path.join(REFERENCE_DIR, file)) as FaultsResult;
  return { ...saved, summary: faults.summarize(saved) };
}

/** The reference Result with its summary's rows changed by `edit`. */
function withRows(result: FaultsResult, edit: (rows: FaultRow[]) => FaultRow[]): FaultsResult {
  const copy = structuredClone(result);
  return { ...copy, summary: { ...copy.summary, rows: edit(copy.summary.rows) } };
}

const claim = (result: FaultsResult, id: string) => {
  const found = faults.claims(result).find((c) => c.id === id);
  assert.ok(found, `claim ${id}`);
  return found;
};

describe("faults claims on the reference Result", () => {
  const result = reference("faults");

  it("a crashed cluster worker was replaced in every trial while the others kept serving", () => {
    const c = claim(result, "crashed-worker-replaced");
    assert.equal(c.verdict, "holds");
    assert.equal(c.chart, "survival");
    assert.match(c.claim, /If one worker crashes, others continue serving requests/);
    // Wilson at 3 of 3: the lower bound is n / (n + z²) = 3 / (3 + 1.96²) = 43.9%.
    assert.match(c.evidence, /cluster-throw\+respawn: survived 3\/3 \(Wilson 95% CI 43\.9%–100%: 3 of 3 only says the rate is above 43\.9%\), replaced in 3\/3, 65\.0% of the pre-fault rate served after the fault/);
    assert.match(c.evidence, /cluster-oom\+respawn: survived 3\/3/);
  });

  it("a thread crash takes the process down only for the faults that did so, named with how it ended", () => {
    const c = claim(result, "thread-crash-takes-process");
    assert.equal(c.verdict, "holds-only-when");
    assert.equal(c.when, "the fault is threads-throw-no-listener, threads-oom-huge or threads-segv");
    assert.match(c.evidence, /^The whole process died for: \*\*threads-throw-no-listener\*\* \(3\/3 trials, Wilson 95% CI 43\.9%–100%: 3 of 3 only says the death rate is above 43\.9%; process exited with code 1: Error: injected fault/);
    // 0 of 3 deaths: the upper bound is z² / (3 + z²) = 56.1%, so "never" is not shown.
    assert.match(c.evidence, /The process survived: threads-throw \(3\/3; Wilson 95% CI 0%–56\.1%: 0 of 3 only says the death rate is below 56\.1%\), threads-oom-small \(3\/3; .*\), threads-abort \(3\/3; .*\)\./);
    assert.match(c.evidence, /These servers ran on node 20\.20\.2; how V8 handles a thread's heap limit/);
  });

  it("reads as markdown with the verdict in the lab's words", () => {
    const md = claimsMarkdown(faults.claims(result));
    assert.match(md, /\*\*If one thread crashes badly, it can take down the entire process\.\*\* — \*holds only when the fault is threads-throw-no-listener/);
    assert.match(md, /— \*holds\.\* cluster-throw\+respawn/);
  });

  it("keys every chart by its id, in display order, each title with the level its intervals attain", () => {
    const charts = faults.charts(result);
    assert.deepEqual(Object.keys(charts), ["timeline-cluster", "timeline-threads", "failed-requests", "survival", "recovery"]);
    assert.deepEqual(Object.keys(charts), [...FAULTS_CHART_IDS]);
    for (const [id, chart] of Object.entries(charts)) assert.equal(chart.id, id);
    assert.match(charts["survival"].title, /Server still answering .*Wilson 95% CI\)$/);
    // The median of 3 trials: [min, max] covers it with 1 − 2 · (1/2)³ = 75%.
    assert.match(charts["failed-requests"].title, /median of trials with its order-statistic CI, 75% CI\)$/);
  });

  it("gives every median the level its three trials attain, and says no faults are compared", () => {
    for (const r of result.summary.rows) assert.equal(r.failedRequests.medianCi.level, 0.75);
    const findings = faults.findings(result);
    assert.ok(findings.some((f) => /^cluster-throw\+respawn .*4\.00 requests failed after the fault \(median; 75% CI 4\.00–5\.00\)/.test(f)));
    assert.ok(findings.some((f) => /^No two faults are compared with each other, so no p-value is computed/.test(f)));
    assert.ok(findings.every((f) => !/95% CI/.test(f) || /Wilson 95% CI/.test(f)), "only the Wilson intervals are at 95%");
  });

  it("reports a noise floor per server kind: the spread of pre-fault throughput over its trials", () => {
    const floors = result.summary.noiseFloor;
    assert.deepEqual(floors.map((f) => [f.model, f.trials]), [["cluster", 21], ["threads", 18]]);
    assert.match(faults.findings(result)[1]!, /^Noise floor: the pre-fault throughput of identical servers spread by cluster [\d.]+% \(21 trials, median [\d.]+ requests\/s\), threads [\d.]+% \(18 trials/);
    // 21 cluster trials at 1000, 1010, …, 1200 requests/s: quartiles 1050 and 1150 (linear interpolation), median 1100.
    const even = structuredClone(result);
    let i = 0;
    for (const t of even.trials) if (t.condition.startsWith("cluster-")) t.metrics.preFaultRps = 1000 + 10 * i++;
    const cluster = faults.summarize(even).noiseFloor.find((f) => f.model === "cluster")!;
    assert.equal(cluster.medianRps, 1100);
    assert.ok(Math.abs(cluster.relativeIqr - 100 / 1100) < 1e-12);
  });
});

describe("faults verdict rules", () => {
  const result = reference("faults");

  it("re-analyses a Result saved before the verdict parameters existed at the default 95%, and honours a confidence when set", () => {
    assert.equal(result.params.confidence, undefined);
    assert.ok(result.summary.rows.every((r) => r.survival.level === 0.95));
    const params: FaultsParams = { ...result.params, confidence: 0.9 };
    const summary = faults.summarize({ ...result, params });
    const row = summary.rows.find((r) => r.label === "cluster-throw+respawn")!;
    // 90%: z = 1.645, so 3 of 3 puts the rate above 3 / (3 + 1.645²) = 52.6%. (The interval's z
    // comes from an approximate normal quantile, 1.643 for 1.645, hence the tolerance.)
    assert.equal(row.survival.level, 0.9);
    assert.ok(Math.abs(row.survival.lo - 3 / (3 + 1.6448536269514722 ** 2)) < 1e-3);
    assert.match(claim({ ...result, params, summary }, "crashed-worker-replaced").evidence, /Wilson 90% CI 52\.6%–100%: 3 of 3 only says the rate is above 52\.6%/);
  });
});

describe("faults claims on constructed Results", () => {
  const result = reference("faults");

  it("are undecided, with the reason, when a fault ran fewer trials than the minimum", () => {
    const short = (r: FaultRow): FaultRow => ({ ...r, n: MIN_FAULT_TRIALS - 1, survived: Math.min(r.survived, MIN_FAULT_TRIALS - 1), processDied: Math.min(r.processDied, MIN_FAULT_TRIALS - 1) });
    const few = withRows(result, (rows) => rows.map((r) => (r.label === "threads-segv" || r.label === "cluster-sigkill+respawn" ? short(r) : r)));
    for (const id of ["crashed-worker-replaced", "thread-crash-takes-process"]) {
      const c = claim(few, id);
      assert.equal(c.verdict, "undecided", id);
      assert.match(c.evidence, new RegExp(`Too few trials to tell a rule from a fluke: .* ran ${MIN_FAULT_TRIALS - 1}; ${MIN_FAULT_TRIALS} or more per fault`));
    }
  });

  it("a respawning cluster whose worker was not replaced every time holds only for the faults that were", () => {
    const missed = withRows(result, (rows) => rows.map((r) => (r.label === "cluster-oom+respawn" ? { ...r, replacementMs: null } : r)));
    const c = claim(missed, "crashed-worker-replaced");
    assert.equal(c.verdict, "holds-only-when");
    assert.equal(c.when, "the fault is cluster-throw+respawn or cluster-sigkill+respawn");
    assert.match(c.evidence, /cluster-oom\+respawn: survived 3\/3 \(Wilson 95% CI [^)]*\), replaced in 0\/3/);
    const none = withRows(result, (rows) => rows.map((r) => (r.label.endsWith("+respawn") ? { ...r, survived: 0 } : r)));
    assert.equal(claim(none, "crashed-worker-replaced").verdict, "does-not-hold");
  });

  it("holds when every thread fault killed the process, and does not hold when none did", () => {
    const allDied = withRows(result, (rows) => rows.map((r) => (r.model === "threads" ? { ...r, processDied: r.n } : r)));
    assert.equal(claim(allDied, "thread-crash-takes-process").verdict, "holds");
    const noneDied = withRows(result, (rows) => rows.map((r) => (r.model === "threads" ? { ...r, processDied: 0 } : r)));
    const c = claim(noneDied, "thread-crash-takes-process");
    assert.equal(c.verdict, "does-not-hold");
    assert.match(c.evidence, /^No thread fault took the process down in this run \(6 thread faults measured\)\./);
  });

  it("are undecided when the run measured no fault of the kind a claim needs", () => {
    const clusterOnly = withRows(result, (rows) => rows.filter((r) => r.model === "cluster" && !r.label.endsWith("+respawn")));
    const replaced = claim(clusterOnly, "crashed-worker-replaced");
    assert.equal(replaced.verdict, "undecided");
    assert.match(replaced.evidence, /No cluster fault with respawn was measured in this run; choose cluster-throw\+respawn, cluster-sigkill\+respawn or cluster-oom\+respawn\./);
    const threads = claim(clusterOnly, "thread-crash-takes-process");
    assert.equal(threads.verdict, "undecided");
    assert.equal(threads.evidence, "No thread fault was measured in this run.");
  });
});
