import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TrialRecord } from "../../lib/types.ts";
import { analyzeBlocks, flagDisturbedRounds, signedRankTest } from "parlab/stats";

const START = "2026-03-01T10:00:00.000Z";
const t0 = Date.parse(START);

function trial(condition: string, index: number, startOffsetMs: number, durationMs: number, computeMs: number, ok = true): TrialRecord {
  return {
    condition,
    index,
    seq: 0,
    startedAt: new Date(t0 + startOffsetMs).toISOString(),
    durationMs,
    ok,
    metrics: ok ? { computeMs } : {},
  };
}

describe("analyzeBlocks", () => {
  // Round r starts at r seconds; a drift makes later rounds slower for both conditions alike.
  const trials: TrialRecord[] = [];
  for (let r = 0; r < 8; r++) {
    const drift = 1 + 0.2 * r;
    const order = r % 2 === 0 ? ["A", "B"] : ["B", "A"];
    order.forEach((c, k) => trials.push(trial(c, r, 1000 * r + 400 * k, 300, (c === "A" ? 80 : 100) * drift * (1 + 0.01 * ((r * 7 + k) % 3)))));
  }
  trials.push(trial("C", 0, 50, 10, 5)); // another condition, ignored
  trials.push(trial("A", 8, 8000, 300, 90)); // a round whose B trial failed
  trials.push(trial("B", 8, 8400, 300, 0, false));

  it("pairs by index, drops incomplete rounds, and cancels the drift in the log ratio", () => {
    const r = analyzeBlocks(trials, { a: "A", b: "B", metric: "computeMs" });
    assert.equal(r.completeRounds, 8);
    assert.deepEqual(r.incompleteRounds, [8]);
    assert.ok(r.rounds.every((x) => Math.abs(x.logRatio - Math.log(0.8)) < 0.03));
    assert.deepEqual(r.test, signedRankTest(r.rounds.map((x) => x.logRatio)));
    assert.equal(r.test!.pValue, 2 / 256);
    assert.ok(r.ci!.lo < r.ratio && r.ratio < r.ci!.hi && r.ci!.hi < 1, JSON.stringify(r.ci));
    assert.ok(Math.abs(r.ratio - 0.8) < 0.02);
    assert.equal(r.reachesTarget, true);
    assert.equal(r.rounds[0]!.startMs, t0);
    assert.equal(r.rounds[0]!.endMs, t0 + 700);
  });

  it("reads durationMs from the trial when the metric is not in metrics", () => {
    const r = analyzeBlocks(trials, { a: "A", b: "B", metric: "durationMs" });
    assert.ok(r.rounds.every((x) => x.logRatio === 0));
    assert.equal(r.test!.pValue, 1);
  });

  it("says when too few rounds reach the level", () => {
    const r = analyzeBlocks(trials.filter((t) => t.index < 5), { a: "A", b: "B", metric: "computeMs" });
    assert.equal(r.completeRounds, 5);
    assert.equal(r.reachesTarget, false);
    assert.equal(r.ci!.level, 1 - 2 / 32);
  });

  it("refuses two usable trials of one condition in one round", () => {
    assert.throws(() => analyzeBlocks([...trials, trial("A", 0, 5, 1, 1)], { a: "A", b: "B", metric: "computeMs" }), /two usable trials with index 0/);
  });
});

describe("flagDisturbedRounds", () => {
  const rounds = [
    { index: 0, startMs: t0 + 100, endMs: t0 + 900 },
    { index: 1, startMs: t0 + 1100, endMs: t0 + 1900 },
    { index: 2, startMs: t0 + 2100, endMs: t0 + 2900 },
    { index: 3, startMs: t0 + 9100, endMs: t0 + 9200 },
  ];

  it("flags rounds whose overlapping samples show other processes above the threshold", () => {
    const samples = [
      { tMs: 1000, cpuPercent: 95, usedMemoryBytes: 0, otherCpuPercent: 5 },
      { tMs: 1500, cpuPercent: 95, usedMemoryBytes: 0, otherCpuPercent: 35 },
      { tMs: 2000, cpuPercent: 95, usedMemoryBytes: 0, otherCpuPercent: 4 },
      { tMs: 3000, cpuPercent: 99, usedMemoryBytes: 0, otherCpuPercent: 20 },
    ];
    const flags = flagDisturbedRounds(rounds, samples, START, 20);
    assert.deepEqual(flags, [
      { index: 0, flagged: false, maxOtherCpuPercent: 5, samples: 1 },
      { index: 1, flagged: true, maxOtherCpuPercent: 35, samples: 2 },
      // 20% is not above a threshold of 20%.
      { index: 2, flagged: false, maxOtherCpuPercent: 20, samples: 1 },
      { index: 3, flagged: null, reason: "no machine sample during the round", samples: 0 },
    ]);
  });

  it("reports not recorded instead of guessing from whole-machine CPU", () => {
    const samples = [1000, 2000, 3000].map((tMs) => ({ tMs, cpuPercent: 100, usedMemoryBytes: 0 }));
    const flags = flagDisturbedRounds(rounds, samples, START, 20);
    assert.deepEqual(flags.slice(0, 3).map((f) => [f.flagged, f.reason]), [[null, "not recorded"], [null, "not recorded"], [null, "not recorded"]]);
  });

  it("refuses a threshold outside 0–100 and a start that is not a date", () => {
    assert.throws(() => flagDisturbedRounds(rounds, [], START, 120), { name: "InputError", input: "threshold" });
    assert.throws(() => flagDisturbedRounds(rounds, [], "yesterday", 20), /runStartedAt/);
  });
});
