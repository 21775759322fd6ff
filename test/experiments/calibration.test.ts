/**
 * The calibration experiment: at the tiny profile through the real trial runner and pool, the
 * injected work is really done (counted per trial) and nothing outlives the run, even when it is
 * aborted; on constructed trials with a known large effect its analysis reports full power, and on
 * an A/A pair no verdict.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { InputError, loadResult, resolveParams, type Result, type TrialRecord } from "parlab";
import { calibration, type CalibrationParams, type CalibrationSummary } from "parlab/experiments";
import { liveWorkerCount } from "parlab/testing";
import { ROOT } from "../helpers.ts";

const tinyParams = (over: Partial<CalibrationParams> = {}): CalibrationParams =>
  ({ ...resolveParams(calibration.params, "tiny", []), ...over }) as CalibrationParams;

describe("calibration, measured", () => {
  it("does the injected work: +10% answers 110 tasks for the base's 100, counted in every trial, and leaves no worker", async () => {
    const result = await calibration.run(tinyParams({ trials: 3 }));
    assert.equal(result.complete, true);
    assert.ok(result.trials.every((t) => t.ok), JSON.stringify(result.failures));
    const of = (label: string) => result.trials.filter((t) => t.condition === label);
    for (const [label, tasks] of [["base", 100], ["base-again", 100], ["+2%", 102], ["+5%", 105], ["+10%", 110]] as const) {
      assert.equal(of(label).length, 3, label);
      assert.ok(of(label).every((t) => t.metrics.tasks === tasks), `${label} answered ${tasks} tasks in every trial`);
    }
    const primes = (label: string) => of(label)[0]!.metrics.primes!;
    assert.ok(primes("base") > 0);
    assert.equal(primes("+10%") / primes("base"), 1.1, "the 1.10× condition counted exactly 10% more primes");
    assert.equal(primes("base-again"), primes("base"));
    const work = result.summary.work.find((w) => w.label === "+10%")!;
    assert.equal(work.tasks, 110);
    assert.equal(liveWorkerCount(), 0, "the pool's worker thread ended with the run");
  });

  it("an aborted run keeps its trials, is marked incomplete and leaves no worker", async () => {
    const controller = new AbortController();
    const result = await calibration.run(tinyParams({ trials: 20 }), {
      signal: controller.signal,
      onProgress: (e) => { if (e.done >= 3) controller.abort(); },
    });
    assert.equal(result.complete, false);
    assert.ok(result.trials.length >= 3 && result.trials.length < 100, `${result.trials.length} trials kept of 100 planned`);
    assert.equal(liveWorkerCount(), 0);
  });

  it("refuses effects too small to add a whole task, and trials too few for one virtual run", () => {
    assert.throws(() => calibration.check(tinyParams({ tasks: 20, effects: [2] })), (e: unknown) => e instanceof InputError && /effects: 2% adds no whole task to 20 tasks/.test(e.message));
    assert.throws(() => calibration.check(tinyParams({ trials: 3, quickTrials: 6 })), (e: unknown) => e instanceof InputError && /trials/.test(e.message));
  });
});

/** A calibration Result of constructed trials: `values(label, run)` gives a virtual run's n values. */
function constructed(params: CalibrationParams, values: (label: string, run: number) => number[]): Result<CalibrationParams, CalibrationSummary> {
  const template = loadResult(path.join(ROOT, "test/fixtures/results/scaling-2026-11-29T06-33-25-942Z.json"));
  const labels = ["base", "base-again", ...params.effects.map((e) => `+${e}%`)];
  const runs = params.trials / params.quickTrials;
  const trials: TrialRecord[] = [];
  for (let r = 0; r < runs; r++) {
    for (const label of labels) {
      values(label, r).forEach((ms, i) => trials.push({
        condition: label, index: r * params.quickTrials + i, seq: trials.length, startedAt: template.startedAt, durationMs: ms, ok: true,
        metrics: { computeMs: ms, tasks: 100, primes: 100 },
      }));
    }
  }
  const base = { ...template, experiment: { id: "calibration", version: 1, title: calibration.title }, params, trials, failures: [], samples: [] };
  return { ...base, summary: calibration.summarize(base as never) } as Result<CalibrationParams, CalibrationSummary>;
}

describe("calibration, analysed", () => {
  const params = tinyParams({ trials: 60, quickTrials: 6, fullTrials: 20, effects: [50] });
  // Each virtual run: base values spread ±10%, base-again the same values in another order, +50% each value × 1.5.
  const spread = (r: number) => [100, 104, 96, 108, 92, 102].map((v) => v + r);
  const result = constructed(params, (label, r) =>
    label === "base" ? spread(r) : label === "base-again" ? [...spread(r)].reverse() : spread(r).map((v) => v * 1.5));
  const [quick, full] = result.summary.resolutions;

  it("cuts the trials into virtual runs at each profile's trial count", () => {
    assert.equal(quick!.runs, 10);
    assert.equal(full!.runs, 3);
  });

  it("a known large effect is found in every virtual run (power 1), and its interval covers the true ratio", () => {
    const effect = quick!.effects[0]!;
    assert.equal(effect.label, "+50%");
    assert.equal(effect.power.hits, 10);
    assert.equal(effect.power.rate, 1);
    assert.ok(effect.power.ci!.lo > 0.6 && effect.power.ci!.hi === 1, "a Wilson interval, not a point");
    assert.equal(effect.trueRatio, 1.5);
    assert.equal(effect.coverage.hits, 10);
    assert.equal(full!.effects[0]!.power.hits, 3);
  });

  it("an A/A pair gets no verdict: no false positive in any run, and its interval covers 1", () => {
    assert.equal(quick!.falsePositive.hits, 0);
    assert.equal(quick!.falsePositive.n, 10);
    assert.equal(quick!.familyFalsePositive.hits, 0);
    assert.equal(quick!.nullCoverage.hits, 10);
    assert.ok(quick!.mde !== null && quick!.mde > 0 && quick!.mde < 0.5, `MDE ${quick!.mde}`);
    assert.ok(full!.mde! < quick!.mde!, "more trials per side resolve smaller differences");
    assert.match(calibration.findings(result).join("\n"), /On this machine the quick profile \(6 trials per side\) resolves differences of about \d+(\.\d+)?%, the full profile \(20 trials per side\)/);
  });
});

describe("calibration of the stopping rule, analysed", () => {
  const params = tinyParams({ trials: 60, quickTrials: 6, fullTrials: 20, effects: [50], stopPrecision: 0.02 });

  it("replays the full profile's rule: precise trials stop at the first look, and a 50% effect is still found at the per-look level", () => {
    const steady = (r: number) => [100, 100.4, 99.8, 100.2, 99.6, 100.1].map((v) => v + r / 100);
    const result = constructed(params, (label, r) => (label === "+50%" ? steady(r).map((v) => v * 1.5) : label === "base-again" ? [...steady(r)].reverse() : steady(r)));
    const s = result.summary.sequential!;
    assert.deepEqual(s.stopping.looks, [6, 13, 20]);
    assert.equal(s.stopping.lookConfidence, 0.983333333333);
    assert.equal(s.stopping.meanTrials, 6, "every side stopped at its first look");
    assert.equal(s.stopping.stoppedEarly.hits, s.stopping.stoppedEarly.n);
    // Each virtual run starts every condition together, at trial 0, 20 and 40 of 60, as a real run does.
    assert.equal(s.runs, 3);
    assert.equal(s.effects[0]!.power.hits, 3);
    assert.equal(s.effects[0]!.coverage.hits, 3);
    assert.equal(s.falsePositive.hits, 0);
    assert.match(calibration.findings(result).join("\n"), /Stopping once precise enough \(±2\.0% on the median, looked at after 6, 13, 20 trials, each look's intervals and tests at 98\.3%\), 3 virtual runs/);
  });

  it("noisy trials run every side to the most; no rule is replayed at stopPrecision 0", () => {
    const spread = (r: number) => [100, 110, 90, 115, 85, 105].map((v) => v + r);
    const result = constructed(params, (label, r) => (label === "+50%" ? spread(r).map((v) => v * 1.5) : spread(r)));
    const s = result.summary.sequential!;
    assert.equal(s.stopping.meanTrials, 20);
    assert.equal(s.stopping.stoppedEarly.hits, 0);
    assert.equal(s.runs, 3);
    assert.equal(s.effects[0]!.power.hits, 3);
    const off = constructed({ ...params, stopPrecision: 0 }, (label, r) => spread(r));
    assert.equal(off.summary.sequential, null);
  });
});
