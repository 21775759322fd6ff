import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { normalRng, rate } from "./simulation.ts";
import { createRng, pairedShiftInterval, signedRankTest } from "parlab/stats";

/** Midrank of |d_i| among all |d| by counting, independent of the library's ranking. */
function countingRanks(d: readonly number[]): number[] {
  const abs = d.map(Math.abs);
  return abs.map((x) => abs.filter((y) => y < x).length + (abs.filter((y) => y === x).length + 1) / 2);
}

/** Two-sided signed-rank p by listing all 2^n sign flips of the actual values (zeros stay 0). */
function bruteForceSignedRankP(d: readonly number[]): number {
  const ranks = countingRanks(d);
  const nonZeroSum = d.reduce((s, x, i) => s + (x === 0 ? 0 : ranks[i]!), 0);
  const wPlus = (xs: readonly number[]) => xs.reduce((s, x, i) => s + (x > 0 ? ranks[i]! : 0), 0);
  const observed = Math.abs(wPlus(d) - nonZeroSum / 2);
  let extreme = 0;
  const patterns = 2 ** d.length;
  for (let mask = 0; mask < patterns; mask++) {
    const flipped = d.map((x, i) => ((mask >> i) & 1 ? -x : x));
    if (Math.abs(wPlus(flipped) - nonZeroSum / 2) >= observed - 1e-9) extreme++;
  }
  return extreme / patterns;
}

describe("signedRankTest", () => {
  it("gives 2/2^n when every round goes one way", () => {
    for (const n of [5, 6, 8, 10]) {
      const d = Array.from({ length: n }, (_, i) => 0.01 * (i + 1));
      assert.equal(signedRankTest(d).pValue, 2 / 2 ** n);
      assert.equal(signedRankTest(d.map((x) => -x)).pValue, 2 / 2 ** n);
    }
  });

  it("matches brute force over all sign flips, with and without ties and zeros", () => {
    const rng = createRng(21);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(rng() * 10);
      const tied = trial % 2 === 1;
      const d = Array.from({ length: n }, () => (tied ? Math.round(rng() * 6 - 2) / 4 : rng() - 0.35));
      const r = signedRankTest(d);
      assert.equal(r.method, "exact");
      const brute = bruteForceSignedRankP(d);
      assert.ok(Math.abs(r.pValue - brute) < 1e-12, `${JSON.stringify(d)}: ${r.pValue} vs ${brute}`);
      assert.ok(r.pValue >= r.minAttainableP);
    }
  });

  it("uses a deterministic, seeded Monte Carlo with a standard error when told not to enumerate", () => {
    const d = [0.1, 0.1, -0.05, 0.2, 0.2, 0.3, 0, 0.15, -0.1, 0.25, 0.05, 0.12];
    const exact = signedRankTest(d);
    const mc = signedRankTest(d, { maxEnumerations: 100, seed: 5 });
    assert.equal(mc.method, "monte-carlo");
    assert.deepEqual(signedRankTest(d, { maxEnumerations: 100, seed: 5 }), mc);
    assert.ok(Math.abs(mc.pValue - exact.pValue) < 4 * mc.mcStandardError!, `${mc.pValue} vs ${exact.pValue}`);
    assert.ok(mc.pValue >= mc.minAttainableP);
  });

  it("uses the normal approximation beyond 52 untied differences, close to the exact p at 52", () => {
    const z = normalRng(4);
    const d = Array.from({ length: 60 }, () => z() + 0.3);
    const r = signedRankTest(d);
    assert.equal(r.method, "normal");
    assert.ok(r.pValue > r.minAttainableP && r.pValue <= 1);
    const exact = signedRankTest(d.slice(0, 52));
    const approx = signedRankTest(d.slice(0, 52), { maxEnumerations: 1000 });
    assert.equal(exact.method, "exact");
    assert.equal(approx.method, "normal");
    assert.ok(Math.abs(exact.pValue - approx.pValue) < 0.003, `${exact.pValue} vs ${approx.pValue}`);
  });

  it("gives p = 1 when every difference is 0", () => {
    assert.equal(signedRankTest([0, 0, 0]).pValue, 1);
  });
});

describe("pairedShiftInterval", () => {
  it("needs 6 rounds for 95%: at 5 the widest interval reaches 1 − 2/32", () => {
    const five = pairedShiftInterval([0.1, 0.2, 0.15, 0.3, 0.05]);
    assert.equal(five.reachesTarget, false);
    assert.equal(five.ci.level, 1 - 2 / 32);
    assert.deepEqual([five.ci.lo, five.ci.hi], [0.05, 0.3]);
    assert.equal(pairedShiftInterval([0.1, 0.2, 0.15, 0.3, 0.05, 0.12]).reachesTarget, true);
  });

  it("picks k from the exact null of W+ at 10 rounds", () => {
    // P0(W+ ≤ 8) = 25/1024 ≤ 0.025 < P0(W+ ≤ 9) = 33/1024, so k = 9 and the level is 1 − 50/1024.
    const d = [0.3, -0.1, 0.25, 0.05, 0.4, 0.12, -0.02, 0.2, 0.33, 0.08];
    const s = pairedShiftInterval(d);
    assert.equal(s.k, 9);
    assert.equal(s.ci.level, 1 - 50 / 1024);
    const walsh = d.flatMap((x, i) => d.slice(i).map((y) => (x + y) / 2)).sort((x, y) => x - y);
    assert.equal(s.ci.lo, walsh[8]);
    assert.equal(s.ci.hi, walsh[walsh.length - 9]);
  });

  it("covers the centre at least at its attained level (2,000 samples of 10 rounds)", () => {
    const z = normalRng(8);
    let covered = 0;
    let attained = 0;
    for (let i = 0; i < 2000; i++) {
      // Log ratio of two lognormal durations with true ratio 1.2: symmetric about ln 1.2.
      const d = Array.from({ length: 10 }, () => Math.log(1.2) + 0.3 * (z() - z()));
      const s = pairedShiftInterval(d);
      attained = s.ci.level;
      if (s.ci.lo <= Math.log(1.2) && Math.log(1.2) <= s.ci.hi) covered++;
    }
    const { rate: coverage, se } = rate(covered, 2000);
    console.log(`paired interval, 10 rounds: coverage ${coverage.toFixed(4)} ± ${se.toFixed(4)}, attained level ${attained.toFixed(4)}`);
    assert.ok(coverage >= attained - 2 * se);
  });
});
