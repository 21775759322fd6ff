import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { bruteForceRankSumP, combinations, normalRng, pairCountU, rate } from "./simulation.ts";
import { createRng, rankSumTest, shiftInterval, minTrialsPerSide, rankSumNullCounts } from "parlab/stats";

describe("rankSumTest: exact p-values", () => {
  it("gives 2/252 for complete separation at 5 vs 5, either way round", () => {
    const low = [1, 2, 3, 4, 5];
    const high = [6, 7, 8, 9, 10];
    assert.equal(rankSumTest(low, high).pValue, 2 / 252);
    assert.equal(rankSumTest(high, low).pValue, 2 / 252);
    assert.equal(rankSumTest(high, low).u, 25);
  });

  it("matches a 3 vs 2 case enumerated by hand over all 10 splits", () => {
    // Pooled 1.5, 2.7, 3.1, 4.2, 8.8 with a = {2.7, 4.2, 8.8}: U = #(a > b) = 2 + 2 + 2 = 6... minus
    // 2.7 < 3.1, so U = 1 + 2 + 2 = 5. Over the 10 splits U takes 0,1,2,2,3,3,4,4,5,6 (centre 3), so
    // |U − 3| ≥ 2 for U ∈ {0, 1, 5, 6}: p = 4/10.
    const a = [2.7, 4.2, 8.8];
    const b = [1.5, 3.1];
    const us: number[] = [];
    const pooled = [...a, ...b];
    for (const chosen of combinations(5, 3)) {
      us.push(pairCountU(chosen.map((i) => pooled[i]!), pooled.filter((_, i) => !chosen.includes(i))));
    }
    assert.deepEqual(us.sort((x, y) => x - y), [0, 1, 2, 2, 3, 3, 4, 4, 5, 6]);
    const r = rankSumTest(a, b);
    assert.equal(r.u, 5);
    assert.equal(r.pValue, 4 / 10);
    assert.equal(r.pValue, bruteForceRankSumP(a, b).p);
  });

  it("matches brute force on random samples without ties, up to 6 vs 6", () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 40; trial++) {
      const m = 1 + Math.floor(rng() * 6);
      const n = 1 + Math.floor(rng() * 6);
      const a = Array.from({ length: m }, () => rng());
      const b = Array.from({ length: n }, () => rng() + 0.3 * rng());
      const r = rankSumTest(a, b);
      const brute = bruteForceRankSumP(a, b);
      assert.equal(r.method, "exact");
      assert.equal(r.pValue, brute.p, `p for ${m} vs ${n}`);
      assert.equal(r.minAttainableP, brute.minP, `min p for ${m} vs ${n}`);
    }
  });

  it("with ties (counts), the exact enumeration matches brute force", () => {
    const a = [3, 5, 5, 7, 2, 4];
    const b = [5, 6, 6, 8, 7];
    const r = rankSumTest(a, b);
    const brute = bruteForceRankSumP(a, b);
    assert.equal(r.ties, true);
    assert.equal(r.method, "exact");
    assert.equal(r.u, pairCountU(a, b));
    assert.equal(r.pValue, brute.p);
    assert.equal(r.minAttainableP, brute.minP);
    const rng = createRng(5);
    for (let trial = 0; trial < 40; trial++) {
      const m = 1 + Math.floor(rng() * 6);
      const n = 1 + Math.floor(rng() * 6);
      const counts = (k: number, shift: number) => Array.from({ length: k }, () => Math.floor(rng() * 4 + shift * rng()));
      const x = counts(m, 0);
      const y = counts(n, 2);
      const t = rankSumTest(x, y);
      const bf = bruteForceRankSumP(x, y);
      assert.equal(t.pValue, bf.p, `p for ${JSON.stringify([x, y])}`);
      assert.equal(t.minAttainableP, bf.minP, `min p for ${JSON.stringify([x, y])}`);
    }
  });

  it("gives p = 1 when every value is tied", () => {
    assert.deepEqual(rankSumTest([4, 4, 4], [4, 4]), { u: 3, pValue: 1, method: "exact", minAttainableP: 1, ties: true });
  });

  it("counts the null of 28 vs 28 exactly and hands 29 vs 29 to the normal approximation", () => {
    const counts = rankSumNullCounts(28, 28)!;
    assert.equal(counts.reduce((s, c) => s + c, 0), 7648690600760440); // C(56, 28)
    const rng = createRng(3);
    const a = Array.from({ length: 29 }, () => rng());
    const b = Array.from({ length: 29 }, () => rng() + 0.2);
    const r = rankSumTest(a, b);
    assert.equal(r.method, "normal");
    assert.ok(r.pValue >= r.minAttainableP && r.pValue <= 1);
    // At 28 vs 28 the normal approximation is already close to the exact p.
    const exact = rankSumTest(a.slice(0, 28), b.slice(0, 28));
    const approx = rankSumTest(a.slice(0, 28), b.slice(0, 28), { maxEnumerations: 1000 });
    assert.equal(exact.method, "exact");
    assert.equal(approx.method, "normal");
    assert.ok(Math.abs(exact.pValue - approx.pValue) < 0.003, `${exact.pValue} vs ${approx.pValue}`);
  });
});

describe("rankSumTest: Monte Carlo with ties", () => {
  const a = [3, 5, 5, 7, 2, 4, 4, 6];
  const b = [5, 6, 6, 8, 7, 9, 6, 8];
  const exact = rankSumTest(a, b);
  const mc = rankSumTest(a, b, { maxEnumerations: 1000, seed: 42 });

  it("is deterministic for a seed", () => {
    assert.equal(mc.method, "monte-carlo");
    assert.deepEqual(rankSumTest(a, b, { maxEnumerations: 1000, seed: 42 }), mc);
    assert.notEqual(rankSumTest(a, b, { maxEnumerations: 1000, seed: 43 }).pValue, mc.pValue);
  });

  it("reports its standard error and lands within 4 of them of the exact p", () => {
    assert.ok(mc.mcStandardError! > 0);
    assert.ok(Math.abs(mc.mcStandardError! - Math.sqrt((mc.pValue * (1 - mc.pValue)) / 20_000)) < 1e-15);
    assert.ok(Math.abs(mc.pValue - exact.pValue) < 4 * mc.mcStandardError!, `${mc.pValue} vs exact ${exact.pValue}`);
  });

  it("never reports p below the smallest attainable", () => {
    // Complete separation with ties: the exact floor is 2/C(12, 6) = 2/924; with R = 99 the Monte
    // Carlo floor 1/(R + 1) is higher and rules, with R = 5000 the exact floor does.
    const r = rankSumTest([1, 1, 2, 2, 3, 3], [7, 7, 8, 8, 9, 9], { maxEnumerations: 10, resamples: 99, seed: 1 });
    assert.equal(r.minAttainableP, 1 / 100);
    assert.ok(r.pValue >= r.minAttainableP);
    const big = rankSumTest([1, 1, 2, 2, 3, 3], [7, 7, 8, 8, 9, 9], { maxEnumerations: 10, resamples: 5000, seed: 1 });
    assert.ok(Math.abs(big.minAttainableP - 2 / 924) < 1e-15);
    assert.ok(big.pValue >= 2 / 924);
  });
});

describe("rankSumTest: never below the smallest attainable p", () => {
  it("holds for exact, normal and Monte Carlo branches on random data", () => {
    const rng = createRng(9);
    for (let trial = 0; trial < 60; trial++) {
      const m = 1 + Math.floor(rng() * 8);
      const n = 1 + Math.floor(rng() * 8);
      const tied = trial % 2 === 0;
      const draw = () => (tied ? Math.floor(rng() * 3) : rng());
      const a = Array.from({ length: m }, draw);
      const b = Array.from({ length: n }, () => draw() + (trial % 3));
      for (const opts of [{}, { maxEnumerations: 2, resamples: 500 }]) {
        const r = rankSumTest(a, b, opts);
        assert.ok(r.pValue >= r.minAttainableP && r.pValue <= 1, JSON.stringify({ a, b, r }));
      }
    }
  });
});

describe("minTrialsPerSide", () => {
  it("is 4 for α = 0.05 at 95%, since 3 vs 3 can reach at best p = 0.1", () => {
    assert.equal(rankSumTest([1, 2, 3], [4, 5, 6]).pValue, 0.1);
    assert.equal(minTrialsPerSide(0.05, 0.95), 4);
    assert.equal(minTrialsPerSide(0.05 / 20, 0.95), 6);
  });
});

describe("shiftInterval", () => {
  it("uses k = 3 at 5 vs 5 for 95%, attaining 1 − 2·4/252", () => {
    const a = [10.2, 11.5, 9.8, 12.1, 10.9];
    const b = [9.1, 9.9, 10.4, 8.7, 9.5];
    const s = shiftInterval(a, b);
    const diffs = a.flatMap((x) => b.map((y) => x - y)).sort((x, y) => x - y);
    assert.equal(s.k, 3);
    assert.equal(s.ci.level, 1 - 8 / 252);
    assert.ok(Math.abs(s.ci.level - 0.968) < 0.001);
    assert.equal(s.ci.lo, diffs[2]);
    assert.equal(s.ci.hi, diffs[22]);
    assert.equal(s.estimate, diffs[12]);
    assert.equal(s.reachesTarget, true);
  });

  it("reports a ratio with log, and falls short of 95% at 3 vs 3 with [min, max] at 90%", () => {
    const s = shiftInterval([20, 21, 23], [10, 12, 11], { log: true });
    assert.equal(s.reachesTarget, false);
    assert.equal(s.k, 1);
    assert.ok(Math.abs(s.ci.level - 0.9) < 1e-12);
    assert.ok(Math.abs(s.ci.lo - 20 / 12) < 1e-12);
    assert.ok(Math.abs(s.ci.hi - 23 / 10) < 1e-12);
    assert.ok(s.estimate > s.ci.lo && s.estimate < s.ci.hi);
  });

  it("refuses a level outside (0.5, 1) naming the confidence", () => {
    assert.throws(() => shiftInterval([1, 2], [3, 4], { level: 0.4 }), { name: "InputError", input: "confidence" });
  });

  for (const n of [5, 10]) {
    it(`covers a true ratio of 1.1 at ${n} vs ${n} at least at its attained level (2,000 lognormal samples)`, () => {
      const z = normalRng(100 + n);
      const sims = 2000;
      let covered = 0;
      let attained = 0;
      for (let i = 0; i < sims; i++) {
        const a = Array.from({ length: n }, () => 1.1 * Math.exp(0.5 * z()));
        const b = Array.from({ length: n }, () => Math.exp(0.5 * z()));
        const s = shiftInterval(a, b, { log: true });
        attained = s.ci.level;
        if (s.ci.lo <= 1.1 && 1.1 <= s.ci.hi) covered++;
      }
      const { rate: coverage, se } = rate(covered, sims);
      console.log(`shift interval ${n} vs ${n}: coverage ${coverage.toFixed(4)} ± ${se.toFixed(4)}, attained level ${attained.toFixed(4)}`);
      assert.ok(coverage >= attained - 2 * se, `coverage ${coverage} below attained ${attained} − 2·${se}`);
    });
  }
});
