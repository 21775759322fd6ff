/**
 * The faults experiment's claims and charts, read off saved Results only: the reference run's
 * verdicts, every verdict a constructed Result can lead to, and charts keyed by their ids. Nothing
 * is started, so re-analysing needs no server.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { claimsMarkdown, faults, FAULTS_CHART_IDS, loadResult, MIN_FAULT_TRIALS, type FaultRow, type FaultsResult } from "parlab";
import { ROOT } from "../helpers.ts";

const REFERENCE_DIR = path.join(ROOT, "data", "results", "reference");

/** The reference Result of an experiment, with its summary recomputed by this version of the lab. */
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
    assert.match(c.evidence, /cluster-throw\+respawn: survived 3\/3 \(Wilson 95% CI 43\.9%–100%\), replaced in 3\/3, 65\.0% of the pre-fault rate served after the fault/);
    assert.match(c.evidence, /cluster-oom\+respawn: survived 3\/3/);
  });

  it("a thread crash takes the process down only for the faults that did so, named with how it ended", () => {
    const c = claim(result, "thread-crash-takes-process");
    assert.equal(c.verdict, "holds-only-when");
    assert.equal(c.when, "the fault is threads-throw-no-listener, threads-oom-huge or threads-segv");
    assert.match(c.evidence, /^The whole process died for: \*\*threads-throw-no-listener\*\* \(3\/3 trials; process exited with code 1: Error: injected fault/);
    assert.match(c.evidence, /The process survived: threads-throw \(3\/3\), threads-oom-small \(3\/3\), threads-abort \(3\/3\)\./);
    assert.match(c.evidence, /These servers ran on node 20\.20\.2; how V8 handles a thread's heap limit/);
  });

  it("reads as markdown with the verdict in the lab's words", () => {
    const md = claimsMarkdown(faults.claims(result));
    assert.match(md, /\*\*If one thread crashes badly, it can take down the entire process\.\*\* — \*holds only when the fault is threads-throw-no-listener/);
    assert.match(md, /— \*holds\.\* cluster-throw\+respawn/);
  });

  it("keys every chart by its id, in display order", () => {
    const charts = faults.charts(result);
    assert.deepEqual(Object.keys(charts), ["timeline-cluster", "timeline-threads", "failed-requests", "survival", "recovery"]);
    assert.deepEqual(Object.keys(charts), [...FAULTS_CHART_IDS]);
    for (const [id, chart] of Object.entries(charts)) assert.equal(chart.id, id);
    assert.match(charts["survival"].title, /Server still answering/);
  });
});

describe("faults claims on constructed Results", () => {
  const result = reference("faults");

  it("are undecided, with the reason, when a fault ran fewer trials than the minimum", () => {
    const few = withRows(result, (rows) => rows.map((r) => (r.label === "threads-segv" || r.label === "cluster-sigkill+respawn" ? { ...r, n: MIN_FAULT_TRIALS - 1 } : r)));
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
