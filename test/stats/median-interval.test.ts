import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { normalRng, rate } from "./simulation.ts";
import { medianInterval, smallestNReaching } from "parlab/stats";

describe("medianInterval", () => {
  it("gives [min, max] at 93.75% for 5 values, short of 95%", () => {
    const m = medianInterval([5, 1, 4, 2, 3]);
    assert.deepEqual(m, { estimate: 3, ci: { lo: 1, hi: 5, level: 0.9375 }, targetLevel: 0.95, reachesTarget: false, k: 1 });
  });

  it("moves inward as n grows, keeping the attained level at or above the target", () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    const m = medianInterval(values);
    // P(Bin(20, ½) ≤ 5) = 21700/2^20 ≤ 0.025 < P(≤ 6) = 60460/2^20, so k = 6.
    assert.equal(m.k, 6);
    assert.deepEqual([m.ci.lo, m.ci.hi], [6, 15]);
    assert.equal(m.ci.level, 1 - (2 * 21700) / 2 ** 20);
    assert.ok(m.ci.level >= 0.95);
  });

  it("works past 52 values from logarithms", () => {
    const values = Array.from({ length: 200 }, (_, i) => i);
    const m = medianInterval(values);
    assert.ok(m.ci.level >= 0.95 && m.ci.level < 0.97, `level ${m.ci.level}`);
    assert.ok(m.ci.lo < 99.5 && m.ci.hi > 99.5);
  });

  it("refuses a level outside (0.5, 1)", () => {
    assert.throws(() => medianInterval([1, 2, 3], { level: 1 }), { name: "InputError", input: "confidence" });
    assert.throws(() => smallestNReaching(0.4), { name: "InputError", input: "confidence" });
  });

  it("needs 6 values for 95%", () => {
    assert.equal(smallestNReaching(0.95), 6);
    assert.equal(medianInterval([1, 2, 3, 4, 5, 6]).reachesTarget, true);
  });

  for (const n of [5, 10, 20]) {
    it(`covers a lognormal median within 2 SE of its attained level at n = ${n} (2,000 samples)`, () => {
      const z = normalRng(300 + n);
      const sims = 2000;
      let covered = 0;
      let attained = 0;
      for (let i = 0; i < sims; i++) {
        // Lognormal(0, 1): skewed, true median e^0 = 1.
        const m = medianInterval(Array.from({ length: n }, () => Math.exp(z())));
        attained = m.ci.level;
        if (m.ci.lo <= 1 && 1 <= m.ci.hi) covered++;
      }
      const { rate: coverage, se } = rate(covered, sims);
      console.log(`median interval n = ${n}: coverage ${coverage.toFixed(4)} ± ${se.toFixed(4)}, attained level ${attained.toFixed(4)}`);
      assert.ok(Math.abs(coverage - attained) <= 2 * se, `coverage ${coverage} vs attained ${attained} ± 2·${se}`);
    });
  }
});
