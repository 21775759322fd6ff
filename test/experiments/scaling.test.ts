/**
 * The scaling experiment's analysing side on saved Results: its check, charts keyed by id, and the
 * verdict on the article's claim, on the reference Result and on variants of it whose trials are
 * changed to force each verdict.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { InputError, SCALING_CHART_IDS, claimsMarkdown, loadResult, scaling, type ScalingParams, type ScalingResult, type TrialRecord } from "parlab";
import { ROOT } from "../helpers.ts";

const reference = loadResult<ScalingParams, unknown>(path.join(ROOT, "data/results/reference/scaling-2026-11-29T06-33-25-942Z.json"));

/** The reference Result with its trials changed (null drops one) and its summary recomputed. */
function variant(change: (t: TrialRecord) => TrialRecord | null, params: Partial<ScalingParams> = {}): ScalingResult {
  const trials = reference.trials.map((t) => change({ ...t, metrics: { ...t.metrics } })).filter((t): t is TrialRecord => t !== null);
  const base = { ...reference, params: { ...reference.params, ...params }, trials, failures: [] };
  return { ...base, summary: scaling.summarize(base) };
}

const slower = (labels: string[], factor: number) => (t: TrialRecord) => {
  if (labels.includes(t.condition)) t.metrics.computeMs! *= factor;
  return t;
};

describe("scaling analysis", () => {
  it("rejects fewer tasks than the largest pool, naming chunks, before anything runs", () => {
    const params = { ...reference.params, workers: [1, 8], chunks: 4 };
    assert.throws(() => scaling.check(params), (e: Error) => e instanceof InputError && e.input === "chunks" && /4 tasks cannot keep 8 workers busy/.test(e.message));
    assert.doesNotThrow(() => scaling.check(reference.params));
  });

  it("keys its charts by id, in display order", () => {
    const charts = scaling.charts(variant((t) => t));
    assert.deepEqual(Object.keys(charts), [...SCALING_CHART_IDS]);
    for (const id of SCALING_CHART_IDS) assert.equal(charts[id].id, id);
  });

  it("on the reference run: the claim does not hold, with every ratio's interval as evidence", () => {
    const [claim] = scaling.claims(variant((t) => t));
    assert.equal(claim!.verdict, "does-not-hold");
    assert.equal(claim!.chart, "speedup");
    assert.match(claim!.evidence, /^At no k did threads and processes differ measurably in compute time \(4 comparisons, 6 trials each; .*0\.967× \(95% CI 0\.859–1\.04×\) at k = 1/);
    assert.match(claim!.evidence, /Scaling peaked at \*\*threads×3\*\*: 1\.66× the main thread \(95% CI 1\.25–1\.81×\) on 2 cores\./);
    assert.match(claim!.evidence, /So on this run the claim does not hold for computing speed/);
    assert.match(claimsMarkdown([claim!]), /^\*\*For pure CPU work, "Worker Threads edge out" cluster processes\*\* — \*does not hold here\.\* At no k/);
  });

  it("holds when threads compute faster at every k", () => {
    const [claim] = scaling.claims(variant(slower(["processes×1", "processes×2", "processes×3", "processes×4"], 3)));
    assert.equal(claim!.verdict, "holds");
    assert.match(claim!.evidence, /^A measurable difference at \*\*threads×1\*\* vs processes×1 \(ratio [\d.]+×, 95% CI [\d.]+–[\d.]+×\)/);
  });

  it("holds only at the k where threads compute faster", () => {
    const [claim] = scaling.claims(variant(slower(["processes×1"], 3)));
    assert.equal(claim!.verdict, "holds-only-when");
    assert.equal(claim!.when, "k = 1");
  });

  it("does not hold when processes compute faster", () => {
    const [claim] = scaling.claims(variant(slower(["threads×2"], 3)));
    assert.equal(claim!.verdict, "does-not-hold");
    assert.match(claim!.evidence, /A measurable difference at \*\*threads×2\*\* vs processes×2/);
  });

  it("is undecided with too few trials, and says how many the profiles run", () => {
    const [claim] = scaling.claims(variant((t) => (t.index < 2 ? t : null), { trials: 2 }));
    assert.equal(claim!.verdict, "undecided");
    assert.match(claim!.evidence, /^With 2 trials per condition this run cannot compare threads with processes; the quick profile runs 6, the full one 20\./);
  });

  it("is undecided when only one kind of pool ran", () => {
    const [claim] = scaling.claims(variant((t) => (t.condition.startsWith("processes") ? null : t), { kinds: ["threads"] }));
    assert.equal(claim!.verdict, "undecided");
    assert.match(claim!.evidence, /did not measure threads and processes at the same k \(kinds: threads\)/);
  });
});
