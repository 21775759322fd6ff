/** The straight-line fit behind "memory per extra worker", and the ratio of two slopes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createRng, fitLine, slopeRatio } from "parlab/stats";

/** Points y = intercept + slope·x plus seeded uniform noise of ±noise, `reps` per x. */
function line(slope: number, intercept: number, xs: number[], reps: number, noise: number, seed = 7) {
  const rng = createRng(seed);
  return xs.flatMap((x) => Array.from({ length: reps }, () => ({ x, y: intercept + slope * x + (rng() * 2 - 1) * noise })));
}

describe("fitLine", () => {
  it("recovers an exact line, with an interval that collapses on it", () => {
    const fit = fitLine(line(10, 50, [1, 2, 4, 8], 3, 0));
    assert.ok(Math.abs(fit.slope - 10) < 1e-9);
    assert.ok(Math.abs(fit.intercept - 50) < 1e-9);
    assert.ok(Math.abs(fit.slopeCi.lo - 10) < 1e-9 && Math.abs(fit.slopeCi.hi - 10) < 1e-9);
    assert.equal(fit.r2, 1);
    assert.equal(fit.n, 12);
    assert.deepEqual(fit.xs, [1, 2, 4, 8]);
  });

  it("brackets the true slope of noisy trials, reproducibly for a seed", () => {
    const points = line(12, 40, [1, 2, 4, 8, 16], 8, 6);
    const fit = fitLine(points, { seed: 3 });
    assert.ok(fit.slopeCi.lo < 12 && 12 < fit.slopeCi.hi, `CI ${fit.slopeCi.lo}–${fit.slopeCi.hi} should contain 12`);
    assert.ok(fit.slopeCi.lo <= fit.slope && fit.slope <= fit.slopeCi.hi);
    assert.ok(fit.slopeCi.hi - fit.slopeCi.lo < 2, "48 trials pin the slope to within a few units");
    assert.ok(fit.interceptCi.lo < fit.intercept && fit.intercept < fit.interceptCi.hi);
    assert.deepEqual(fitLine(points, { seed: 3 }).slopeCi, fit.slopeCi, "same seed, same interval");
    assert.notDeepEqual(fitLine(points, { seed: 4 }).slopeCi, fit.slopeCi, "another seed resamples differently");
  });

  it("widens its interval when trials are noisier", () => {
    const calm = fitLine(line(12, 40, [1, 2, 4, 8], 6, 2));
    const noisy = fitLine(line(12, 40, [1, 2, 4, 8], 6, 20));
    assert.ok(noisy.slopeCi.hi - noisy.slopeCi.lo > calm.slopeCi.hi - calm.slopeCi.lo);
  });

  it("refuses input a line cannot be fitted to, naming what is wrong", () => {
    assert.throws(() => fitLine([]), /points is empty; give points at 2 or more distinct x/);
    assert.throws(() => fitLine([{ x: 4, y: 1 }, { x: 4, y: 2 }]), /covers 1 distinct x \(4\); give points at 2 or more distinct x/);
    assert.throws(() => fitLine([{ x: 1, y: 1 }, { x: 2, y: NaN }]), /points\[1\] is .*x and y must be finite numbers/);
    assert.throws(() => fitLine(line(1, 0, [1, 2], 2, 0), { level: 2 }), /level is 2/);
  });
});

describe("slopeRatio", () => {
  it("is the ratio of the fitted slopes, exact for exact lines", () => {
    const r = slopeRatio(line(30, 5, [1, 2, 4], 3, 0), line(10, 50, [1, 2, 4], 3, 0));
    assert.ok(Math.abs(r.ratio - 3) < 1e-9);
    assert.ok(Math.abs(r.ci.lo - 3) < 1e-9 && Math.abs(r.ci.hi - 3) < 1e-9);
  });

  it("brackets the true ratio of noisy lines and spans 1 for equal slopes", () => {
    const r = slopeRatio(line(30, 5, [1, 2, 4, 8], 6, 5, 1), line(10, 50, [1, 2, 4, 8], 6, 5, 2));
    assert.ok(r.ci.lo < 3 && 3 < r.ci.hi, `CI ${r.ci.lo}–${r.ci.hi} should contain 3`);
    const same = slopeRatio(line(10, 5, [1, 2, 4, 8], 6, 5, 1), line(10, 50, [1, 2, 4, 8], 6, 5, 2));
    assert.ok(same.ci.lo < 1 && same.ci.hi > 1);
  });

  it("says the ratio is unbounded when the denominator's slope is not positive", () => {
    const r = slopeRatio(line(10, 0, [1, 2], 3, 0), line(0, 5, [1, 2], 3, 0));
    assert.equal(r.ratio, Infinity);
    assert.equal(r.ci.hi, Infinity);
  });
});
