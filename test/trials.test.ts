import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TrialTimeoutError, runTrials, type TrialPlan } from "parlab";
// The planned order is internal (runTrials follows it): parlab/internal exports it for tests.
import { trialOrder } from "parlab/internal";

const plan = (over: Partial<TrialPlan> = {}): TrialPlan => ({ trials: 4, warmups: 1, order: "random", seed: 7, timeoutMs: 5000, ...over });
const conds = ["A", "B", "C"].map((label) => ({ label }));

describe("trial order", () => {
  it("random: every round holds each condition once, and the seed fixes the order", () => {
    const seq = trialOrder(["A", "B", "C"], plan());
    assert.equal(seq.length, 12);
    for (let r = 0; r < 4; r++) assert.deepEqual([...seq.slice(3 * r, 3 * r + 3)].sort(), ["A", "B", "C"]);
    assert.deepEqual(trialOrder(["A", "B", "C"], plan()), seq, "same seed, same order");
    const others = [1, 2, 3, 4, 5].map((seed) => trialOrder(["A", "B", "C"], plan({ seed })).join(""));
    assert.ok(others.some((o) => o !== seq.join("")), "another seed gives another order");
  });

  it("abba mirrors every other round; blocked keeps each condition together", () => {
    assert.deepEqual(trialOrder(["A", "B"], plan({ order: "abba" })), ["A", "B", "B", "A", "A", "B", "B", "A"]);
    assert.deepEqual(trialOrder(["A", "B"], plan({ order: "blocked", trials: 2 })), ["A", "A", "B", "B"]);
  });
});

describe("runTrials", () => {
  it("discards warm-ups, records every measured trial in order, and reports progress", async () => {
    const calls: string[] = [];
    const progress: number[] = [];
    const out = await runTrials(conds, plan(), async (c, ctx) => {
      calls.push(`${ctx.warmup ? "w" : "m"}${c.label}${ctx.index}`);
      return { durationMs: c.label.charCodeAt(0), metrics: { x: ctx.index } };
    }, { onProgress: (e) => progress.push(e.done) });
    assert.equal(calls.filter((c) => c.startsWith("w")).length, 3, "one warm-up per condition");
    assert.ok(calls.slice(0, 3).every((c) => c.startsWith("w")), "warm-ups come first");
    assert.equal(out.trials.length, 12);
    assert.deepEqual(out.trials.map((t) => t.condition), out.order.sequence);
    assert.deepEqual(out.trials.map((t) => t.seq), [...Array(12).keys()]);
    assert.deepEqual(progress, [...Array(15).keys()].map((i) => i + 1));
    assert.equal(out.aborted, false);
    assert.deepEqual(out.trials.filter((t) => t.condition === "B").map((t) => t.index), [0, 1, 2, 3]);
  });

  it("keeps a failed trial with its reason and goes on", async () => {
    const out = await runTrials(conds, plan({ warmups: 0 }), async (c, ctx) => {
      if (c.label === "B" && ctx.index === 1) throw new Error("disk on fire");
      return { durationMs: 1 };
    });
    assert.equal(out.trials.length, 12);
    assert.equal(out.failures.length, 1);
    assert.deepEqual({ ...out.failures[0], at: "" }, { condition: "B", index: 1, reason: "disk on fire", kind: "error", at: "" });
    assert.equal(out.trials.filter((t) => !t.ok).length, 1);
  });

  it("times out a hung trial, aborts its signal, and goes on", async () => {
    let aborted = 0;
    const out = await runTrials([{ label: "slow" }, { label: "fast" }], plan({ warmups: 0, trials: 2, timeoutMs: 100 }), (c, ctx) => {
      if (c.label === "fast") return Promise.resolve({ durationMs: 1 });
      return new Promise((_, reject) => ctx.signal.addEventListener("abort", () => {
        aborted++;
        reject(ctx.signal.reason);
      }));
    });
    assert.equal(aborted, 2);
    assert.equal(out.failures.length, 2);
    assert.match(out.failures[0]!.reason, /timed out after 100 ms/);
    assert.equal(out.failures[0]!.kind, "timeout");
    assert.equal(out.trials.filter((t) => t.ok).length, 2);
    assert.ok(new TrialTimeoutError(5) instanceof Error);
  });

  it("stops on abort and keeps the trials measured so far", async () => {
    const controller = new AbortController();
    let n = 0;
    const out = await runTrials(conds, plan({ warmups: 0 }), async () => {
      if (++n === 5) controller.abort();
      return { durationMs: n };
    }, { signal: controller.signal });
    assert.equal(out.aborted, true);
    assert.equal(out.trials.length, 5);
  });

  it("rejects a bad plan naming the field", async () => {
    await assert.rejects(runTrials(conds, plan({ trials: 0 }), async () => ({ durationMs: 1 })), /trials must be a whole number ≥ 1, got 0/);
    await assert.rejects(runTrials(conds, plan({ order: "zigzag" as "random" }), async () => ({ durationMs: 1 })), /order must be one of random, abba, blocked/);
    await assert.rejects(runTrials([{ label: "A" }, { label: "A" }], plan(), async () => ({ durationMs: 1 })), /labels must be unique/);
  });
});
