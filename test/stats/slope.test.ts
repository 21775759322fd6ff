import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { normalRng, rate } from "./simulation.ts";
import { fSurvival, fiellerInterval, fitSlope, lackOfFit, perStepSlopes, slopeRatioInterval } from "parlab/stats";

const design = (perX: number, xs = [1, 2, 4, 8]) => xs.flatMap((x) => Array.from({ length: perX }, () => x));

describe("fitSlope", () => {
  it("recovers an exact line, and falls back to HC3 when an x has a single trial", () => {
    const exact = fitSlope([1, 1, 2, 2, 4, 4].map((x) => ({ x, y: 5 + 2 * x })));
    assert.ok(Math.abs(exact.slope - 2) < 1e-12 && Math.abs(exact.intercept - 5) < 1e-12);
    assert.equal(exact.method, "replicate-variance");
    const single = fitSlope([{ x: 1, y: 7 }, { x: 2, y: 9.5 }, { x: 3, y: 10.5 }, { x: 3, y: 11.5 }]);
    assert.equal(single.method, "hc3");
    assert.equal(single.df, 2);
    assert.ok(single.slopeCi.lo < single.slope && single.slope < single.slopeCi.hi);
  });

  it("refuses a single x and a bad level", () => {
    assert.throws(() => fitSlope([{ x: 1, y: 1 }, { x: 1, y: 2 }]), /2 or more distinct x/);
    assert.throws(() => fitSlope([{ x: 1, y: 1 }, { x: 2, y: 2 }, { x: 3, y: 2 }], { level: 0.4 }), { name: "InputError", input: "confidence" });
  });

  it("covers the slope ≥ 93% at 5 trials per x (x = 1, 2, 4, 8) with sd ∝ x (4,000 fits)", () => {
    const z = normalRng(31);
    const xs = design(5);
    const sims = 4000;
    let slopeCovered = 0;
    let interceptCovered = 0;
    for (let i = 0; i < sims; i++) {
      const fit = fitSlope(xs.map((x) => ({ x, y: 10 + 3 * x + 0.5 * x * z() })));
      if (fit.slopeCi.lo <= 3 && 3 <= fit.slopeCi.hi) slopeCovered++;
      if (fit.interceptCi.lo <= 10 && 10 <= fit.interceptCi.hi) interceptCovered++;
    }
    const s = rate(slopeCovered, sims);
    const c = rate(interceptCovered, sims);
    console.log(`slope interval, 5 per x, sd ∝ x: slope coverage ${s.rate.toFixed(4)} ± ${s.se.toFixed(4)}, intercept ${c.rate.toFixed(4)} ± ${c.se.toFixed(4)}`);
    assert.ok(s.rate >= 0.93, `slope coverage ${s.rate}`);
    assert.ok(c.rate >= 0.93, `intercept coverage ${c.rate}`);
  });
});

describe("perStepSlopes", () => {
  it("uses the medians at each x", () => {
    const points = [
      { x: 1, y: 10 }, { x: 1, y: 11 }, { x: 1, y: 100 },
      { x: 2, y: 20 }, { x: 2, y: 21 }, { x: 2, y: 22 },
      { x: 4, y: 22 }, { x: 4, y: 23 },
    ];
    assert.deepEqual(perStepSlopes(points), [
      { fromX: 1, toX: 2, slope: 10 },
      { fromX: 2, toX: 4, slope: 0.75 },
    ]);
  });
});

describe("lackOfFit", () => {
  it("matches the F statistic computed by hand", () => {
    // Means 1, 4, 9 at x = 1, 2, 3 with replicates ±0.1: pure error SS = 6 · 0.01 = 0.06 on 3 df;
    // the line through the means (slope 4) misses them by 1/3, −2/3, 1/3: lack-of-fit SS = 2 · 2/3.
    const points = [1, 2, 3].flatMap((x) => [-0.1, 0.1].map((e) => ({ x, y: x * x + e })));
    const r = lackOfFit(points);
    assert.ok(r.estimable);
    if (!r.estimable) return;
    assert.equal(r.df1, 1);
    assert.equal(r.df2, 3);
    assert.ok(Math.abs(r.f - 4 / 3 / (0.06 / 3)) < 1e-9, `F ${r.f}`);
    assert.equal(r.pValue, fSurvival(r.f, 1, 3));
  });

  it("says why it cannot test with 2 distinct x or without replicates", () => {
    const two = lackOfFit([{ x: 1, y: 1 }, { x: 1, y: 2 }, { x: 2, y: 3 }]);
    assert.deepEqual(two.estimable, false);
    assert.match((two as { reason: string }).reason, /2 distinct x/);
    const bare = lackOfFit([{ x: 1, y: 1 }, { x: 2, y: 2 }, { x: 3, y: 2 }]);
    assert.match((bare as { reason: string }).reason, /no pure error/);
  });

  it("rejects a true line at about 5% with equal spread (2,000 fits)", () => {
    const z = normalRng(41);
    const xs = design(5);
    let rejections = 0;
    for (let i = 0; i < 2000; i++) {
      const r = lackOfFit(xs.map((x) => ({ x, y: 10 + 3 * x + z() })));
      if (r.estimable && r.pValue < 0.05) rejections++;
    }
    const { rate: fpr, se } = rate(rejections, 2000);
    console.log(`lack-of-fit test, true line, equal spread: rejection rate ${fpr.toFixed(4)} ± ${se.toFixed(4)}`);
    assert.ok(Math.abs(fpr - 0.05) < 3 * Math.sqrt((0.05 * 0.95) / 2000));
  });
});

describe("slopeRatioInterval (Fieller)", () => {
  const line = (perX: number, noise: number, seed: number) => {
    const z = normalRng(seed);
    return design(5).map((x) => ({ x, y: 100 + perX * x + noise * x * z() }));
  };

  it("is bounded when the denominator's slope is clear", () => {
    const r = slopeRatioInterval(line(30, 1, 1), line(10, 1, 2));
    assert.equal(r.set.kind, "bounded");
    if (r.set.kind === "bounded") assert.ok(r.set.lo < r.ratio && r.ratio < r.set.hi);
  });

  it("is never a finite interval when the denominator's slope is indistinguishable from 0", () => {
    const r = slopeRatioInterval(line(30, 1, 3), line(0.05, 3, 4));
    assert.ok(r.set.kind === "exclusive" || r.set.kind === "unbounded", r.set.kind);
    const both = slopeRatioInterval(line(0.05, 3, 5), line(0.05, 3, 6));
    assert.equal(both.set.kind, "unbounded");
  });

  it("solves Fieller's quadratic", () => {
    // N = 30, D = 10, v_N = 1, v_D = 0.25, t = 2: θ²(100 − 1) − 2θ·300 + (900 − 4) ≤ 0.
    const r = fiellerInterval({ numerator: 30, denominator: 10, varNumerator: 1, varDenominator: 0.25, critical: 2 });
    assert.equal(r.kind, "bounded");
    if (r.kind !== "bounded") return;
    for (const root of [r.lo, r.hi]) assert.ok(Math.abs(99 * root * root - 600 * root + 896) < 1e-9);
  });

  it("covers a true ratio of 3 at 5 trials per x (2,000 pairs of lines)", () => {
    const z = normalRng(51);
    const xs = design(5);
    let covered = 0;
    for (let i = 0; i < 2000; i++) {
      const a = xs.map((x) => ({ x, y: 100 + 30 * x + 5 * x * z() }));
      const b = xs.map((x) => ({ x, y: 100 + 10 * x + 2 * x * z() }));
      const r = slopeRatioInterval(a, b);
      if (r.set.kind === "unbounded" || (r.set.kind === "bounded" && r.set.lo <= 3 && 3 <= r.set.hi) || (r.set.kind === "exclusive" && (3 <= r.set.below || 3 >= r.set.above))) covered++;
    }
    const { rate: coverage, se } = rate(covered, 2000);
    console.log(`Fieller slope ratio, 5 per x: coverage ${coverage.toFixed(4)} ± ${se.toFixed(4)}`);
    assert.ok(coverage >= 0.93, `coverage ${coverage}`);
  });
});
