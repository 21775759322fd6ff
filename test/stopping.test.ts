/**
 * Stopping when precise enough: on constructed low-noise trials every condition stops at the first
 * look, on high-noise ones it runs to the most, and the Result's record matches the trials it holds;
 * a run that stops this way is decided at its per-look level; contradictory limits are refused
 * before anything runs.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, it } from "node:test";
import { InputError, resolveParams, runTrials, scaling, stoppingRuleOf, type TrialPlan } from "parlab";
import { verdictRules } from "parlab/internal";
import { ROOT } from "./helpers.ts";

const plan = (over: Partial<TrialPlan> = {}): TrialPlan => ({ trials: 4, warmups: 0, order: "random", seed: 3, timeoutMs: 5000, ...over });
const rule = (precision: number, over: { trials?: number; maxTrials?: number; looks?: number } = {}) =>
  stoppingRuleOf({ trials: over.trials ?? 4, maxTrials: over.maxTrials ?? 12, looks: over.looks ?? 3, precision, confidence: 0.95 }, "ms")!;

/** A measure whose value for condition `label` at trial i is `base × (1 ± noise)`, alternating. */
const noisy = (noise: Record<string, number>) => async (c: { label: string }, ctx: { index: number }) => {
  const ms = 100 * (1 + (ctx.index % 2 === 0 ? 1 : -1) * noise[c.label]! * ((ctx.index % 3) + 1) / 3);
  return { durationMs: ms, metrics: { ms } };
};

describe("stopping when precise enough", () => {
  it("a condition with 0.1% noise stops at the first look; one with 30% noise runs to the most; the record matches the trials", async () => {
    const conds = [{ label: "quiet" }, { label: "loud" }];
    const stopping = rule(0.02, { trials: 6 });
    assert.deepEqual(stopping.looks, [6, 9, 12]);
    const out = await runTrials(conds, plan({ trials: 6, stopping }), noisy({ quiet: 0.001, loud: 0.3 }));
    const count = (label: string) => out.trials.filter((t) => t.condition === label).length;
    assert.equal(count("quiet"), 6, "stopped at the first look");
    assert.equal(count("loud"), 12, "ran to the most");
    assert.equal(out.stopping!.stopped.quiet!.reason, "precise");
    assert.ok(out.stopping!.stopped.quiet!.halfWidth! <= 0.02);
    assert.deepEqual(out.stopping!.stopped.loud, { trials: 12, halfWidth: out.stopping!.stopped.loud!.halfWidth, reason: "maximum" });
    assert.ok(out.stopping!.stopped.loud!.halfWidth! > 0.02);
    assert.deepEqual(out.order.sequence, out.trials.map((t) => t.condition), "the recorded order is the order run");
    assert.deepEqual(out.trials.filter((t) => t.condition === "loud").map((t) => t.index), [...Array(12).keys()]);
    // While both run, each round holds both: the first 6 rounds are pairs.
    for (let r = 0; r < 6; r++) assert.deepEqual(out.order.sequence.slice(2 * r, 2 * r + 2).sort(), ["loud", "quiet"]);
    assert.deepEqual(out.order.sequence.slice(12), Array(6).fill("loud"));
  });

  it("stops at a middle look once the values there are precise enough, also in blocked order", async () => {
    // Two outliers, then steady: at the look at 9 the 95% median interval is [x(2), x(8)], which leaves
    // both out (at 4 no interval reaches 95%: it needs 6 values).
    const measure = async (_c: { label: string }, ctx: { index: number }) => ({ durationMs: ctx.index < 2 ? 100 + 40 * (ctx.index % 2 ? 1 : -1) : 100 + (ctx.index % 2) * 0.5 });
    for (const order of ["random", "blocked"] as const) {
      const out = await runTrials([{ label: "a" }, { label: "b" }], plan({ order, stopping: { ...rule(0.02, { maxTrials: 14 }), metric: "durationMs" } }), measure);
      assert.deepEqual(out.stopping!.looks, [4, 9, 14]);
      assert.equal(out.trials.length, 18, order);
      assert.deepEqual(Object.values(out.stopping!.stopped).map((s) => [s.trials, s.reason]), [[9, "precise"], [9, "precise"]], order);
    }
  });

  it("a fixed-size plan is untouched: no record, the planned order", async () => {
    const out = await runTrials([{ label: "a" }, { label: "b" }], plan(), noisy({ a: 0.001, b: 0.001 }));
    assert.equal(out.trials.length, 8);
    assert.equal(out.stopping, undefined);
  });

  it("an aborted run keeps its trials and says which conditions it stopped", async () => {
    const controller = new AbortController();
    const out = await runTrials([{ label: "a" }, { label: "b" }], plan({ stopping: rule(0.02) }), noisy({ a: 0.3, b: 0.3 }), {
      signal: controller.signal, onTrial: (t) => { if (t.seq === 4) controller.abort(); },
    });
    assert.equal(out.aborted, true);
    assert.equal(out.trials.length, 5);
    assert.deepEqual(Object.values(out.stopping!.stopped).map((s) => s.reason), ["aborted", "aborted"]);
    assert.equal(out.stopping!.stopped.a!.trials + out.stopping!.stopped.b!.trials, 5);
  });

  it("a run that stops this way is decided at 1 − α/looks; a run of fixed size at its confidence", () => {
    assert.equal(verdictRules({ trials: 6, confidence: 0.95, precision: 0.02, maxTrials: 20, looks: 3 }).confidence, 0.983333333333);
    assert.equal(verdictRules({ trials: 6, confidence: 0.95, precision: 0, maxTrials: 20, looks: 3 }).confidence, 0.95);
    assert.equal(verdictRules({ trials: 6, confidence: 0.9 }).confidence, 0.9, "a Result saved before the stopping parameters");
  });

  it("refuses maxTrials below trials and fewer than 2 looks, naming the parameter", () => {
    assert.throws(() => stoppingRuleOf({ trials: 6, maxTrials: 4, precision: 0.02 }), (e: unknown) => e instanceof InputError && /maxTrials/.test(e.message) && /≥ 6/.test(e.message));
    assert.throws(() => stoppingRuleOf({ trials: 6, maxTrials: 10, looks: 1, precision: 0.02 }), (e: unknown) => e instanceof InputError && /looks/.test(e.message));
    const cli = spawnSync(process.execPath, [path.join(ROOT, "lib/bin/parlab.js"), "run", "scaling", "--profile", "tiny", "--trials", "6", "--precision", "0.02", "--max-trials", "4", "--out", path.join(ROOT, "data/results/none")], { encoding: "utf8" });
    assert.equal(cli.status, 2, cli.stderr);
    assert.match(cli.stderr, /maxTrials/);
  });

  it("the scaling experiment at the tiny profile stops, records its rule in the Result and says so in its findings", async () => {
    const params = resolveParams(scaling.params, "tiny", [{ key: "trials", value: 2, input: "t" }, { key: "maxTrials", value: 4, input: "t" }, { key: "precision", value: 0.4, input: "t" }]);
    const result = await scaling.run(params as never);
    assert.equal(result.stopping?.rule, "precision");
    assert.deepEqual(result.stopping!.looks, [2, 3, 4]);
    for (const [label, s] of Object.entries(result.stopping!.stopped)) {
      assert.equal(result.trials.filter((t) => t.condition === label).length, s.trials, label);
    }
    const text = scaling.findings(result as never).join("\n");
    assert.match(text, /Stopped when precise enough: \d of \d+ conditions reached ±40%/);
    assert.match(text, /at 98\.33% each/);
  });
});
