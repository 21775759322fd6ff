import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { normalRng, rate } from "./simulation.ts";
import { fitAmdahlMedians } from "parlab/stats";

const amdahl = (f: number, k: number) => 1000 * (f + (1 - f) / k);

describe("fitAmdahlMedians", () => {
  it("recovers f from exact medians and leaves out counts beyond the cores", () => {
    const points = [1, 2, 4, 8, 16].flatMap((k) => [0.97, 1, 1.05].map((e) => ({ workers: k, durationMs: e * amdahl(0.25, k) })));
    const fit = fitAmdahlMedians(points, 8);
    assert.ok(fit.estimable);
    if (!fit.estimable) return;
    assert.ok(Math.abs(fit.serialFraction - 0.25) < 1e-12);
    assert.ok(Math.abs(fit.t1Ms - 1000) < 1e-9);
    assert.deepEqual(fit.excludedWorkers, [16]);
    assert.deepEqual(fit.medians.map((m) => m.workers), [1, 2, 4, 8]);
    assert.equal(fit.serialFractionSet.kind, "bounded");
    assert.ok(fit.lackOfFit.estimable && fit.lackOfFit.pValue > 0.5);
    assert.equal("maxSpeedup" in fit, false);
  });

  it("is not estimable below 3 distinct counts within the cores, and says why", () => {
    const points = [1, 2, 4].flatMap((k) => [{ workers: k, durationMs: amdahl(0.1, k) }]);
    const fit = fitAmdahlMedians(points, 2);
    assert.equal(fit.estimable, false);
    if (fit.estimable) return;
    assert.match(fit.reason, /2 distinct worker counts within 2 cores \(1, 2\).*at least 3/);
    assert.deepEqual(fit.excludedWorkers, [4]);
  });

  it("flags times the law does not describe", () => {
    // Overhead growing with k: T = 1000/k + 60·k, with ±1% replicates.
    const points = [1, 2, 3, 4, 6, 8].flatMap((k) => [0.99, 1, 1.01].map((e) => ({ workers: k, durationMs: e * (1000 / k + 60 * k) })));
    const fit = fitAmdahlMedians(points, 8);
    assert.ok(fit.estimable && fit.lackOfFit.estimable && fit.lackOfFit.pValue < 0.001);
  });

  it("refuses bad points and cores", () => {
    assert.throws(() => fitAmdahlMedians([{ workers: 0, durationMs: 1 }], 4), /workers is 0/);
    assert.throws(() => fitAmdahlMedians([{ workers: 1, durationMs: 1 }], 0), /cores is 0/);
    assert.throws(() => fitAmdahlMedians([], 4, { level: 2 }), { name: "InputError", input: "confidence" });
  });

  it("covers f = 0.2 at 5 trials per k = 1, 2, 4, 8 with 5% noise (1,000 fits)", () => {
    const z = normalRng(12);
    let covered = 0;
    for (let i = 0; i < 1000; i++) {
      const points = [1, 2, 4, 8].flatMap((k) => Array.from({ length: 5 }, () => ({ workers: k, durationMs: amdahl(0.2, k) * Math.exp(0.05 * z()) })));
      const fit = fitAmdahlMedians(points, 8);
      if (!fit.estimable) continue;
      const s = fit.serialFractionSet;
      if (s.kind === "unbounded" || (s.kind === "bounded" && s.lo <= 0.2 && 0.2 <= s.hi) || (s.kind === "exclusive" && (0.2 <= s.below || 0.2 >= s.above))) covered++;
    }
    const { rate: coverage, se } = rate(covered, 1000);
    console.log(`Amdahl serial fraction, k = 1, 2, 4, 8, 5 trials each: coverage ${coverage.toFixed(4)} ± ${se.toFixed(4)}`);
    assert.ok(coverage >= 0.93);
  });
});
