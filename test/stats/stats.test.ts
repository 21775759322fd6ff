import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as ss from "simple-statistics";
import {
  bootstrapCi,
  chiSquareSurvival,
  cliffsDelta,
  compareRatio,
  decideFamily,
  createRng,
  fairness,
  formatPValue,
  permutationPValue,
  quantile,
  quantileSorted,
  speedup,
  summarize,
  tukeyFences,
  tukeyOutliers,
  wilsonInterval,
} from "parlab/stats";
import * as vega from "vega";

/** vega-statistics' quartiles, behind vega's box plots; vega exports it but its types do not declare it. */
const vegaQuartiles = (vega as unknown as { quartiles: (values: number[]) => [number, number, number] }).quartiles;

const close = (actual: number, expected: number, tolerance: number, what = "value") =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

/** n values around `center`, spread deterministically by ±`spread` (a fixed, reproducible "noisy" sample). */
const around = (center: number, spread: number, n: number, seed: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => center + spread * (2 * rng() - 1));
};

describe("createRng", () => {
  it("repeats its sequence for a seed and differs between seeds", () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const xs = Array.from({ length: 5 }, () => a());
    assert.deepEqual(Array.from({ length: 5 }, () => b()), xs);
    assert.notDeepEqual(Array.from({ length: 5 }, () => c()), xs);
  });

  it("is uniform on [0, 1)", () => {
    const rng = createRng(1);
    const xs = Array.from({ length: 20_000 }, () => rng());
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    // Uniform: mean 1/2 (sd of the mean ≈ 0.002) and each quarter holds ≈ 1/4 (sd ≈ 0.003).
    close(ss.mean(xs), 0.5, 0.01, "mean");
    for (let q = 0; q < 4; q++) {
      close(xs.filter((x) => x >= q / 4 && x < (q + 1) / 4).length / xs.length, 0.25, 0.015, `quarter ${q}`);
    }
  });

  it("refuses a seed that is not an integer", () => {
    assert.throws(() => createRng(1.5), RangeError);
    assert.throws(() => createRng(NaN), RangeError);
  });
});

describe("quantile", () => {
  // The data of simple-statistics issue #353, with R's and numpy's answers.
  const data = [0, 0, 0.3, 1.2, 1.23, 3.5, 10, 12, 23.3, 32.1];

  it("is R's type 7 by default (numpy's linear)", () => {
    const [q1, q2, q3] = quantile(data, [0.25, 0.5, 0.75]);
    close(q1!, 0.525, 1e-12, "Q1");
    close(q2!, 2.365, 1e-12, "median");
    close(q3!, 11.5, 1e-12, "Q3");
    assert.equal(quantile(data, 0), 0);
    assert.equal(quantile(data, 1), 32.1);
    assert.equal(quantile([7], 0.3), 7);
  });

  it("reads the nearest rank with inverted-cdf (type 1) and the nearest type-7 rank with nearest", () => {
    assert.deepEqual(quantile(data, [0.25, 0.5, 0.75], "inverted-cdf"), [0.3, 1.23, 12]);
    // Positions 9·p = 2.25, 4.5 and 6.75 round to 2, 5 (halves up) and 7.
    assert.deepEqual(quantile(data, [0.25, 0.5, 0.75], "nearest"), [0.3, 3.5, 12]);
    assert.equal(quantileSorted([1, 2, 3], 0, "inverted-cdf"), 1);
    assert.equal(quantileSorted([1, 2, 3], 1, "inverted-cdf"), 3);
  });

  it("matches vega's quartiles to the last bit, so Tukey flags match the whiskers drawn", () => {
    const rng = createRng(17);
    for (let n = 1; n <= 60; n++) {
      const xs = Array.from({ length: n }, () => Math.exp(5 * rng()) - 20 * rng());
      assert.deepEqual(quantile(xs, [0.25, 0.5, 0.75]), vegaQuartiles(xs), `n = ${n}`);
    }
  });

  it("sorts a copy, and quantileSorted agrees with it on sorted input", () => {
    const xs = around(10, 4, 25, 8);
    const copy = xs.slice();
    const sorted = xs.slice().sort((a, b) => a - b);
    for (const p of [0, 0.01, 0.25, 0.5, 0.9, 0.99, 1]) {
      for (const method of ["linear", "nearest", "inverted-cdf"] as const) {
        assert.equal(quantile(xs, p, method), quantileSorted(sorted, p, method), `${method} at ${p}`);
      }
    }
    assert.deepEqual(xs, copy);
  });

  it("stays defined next to infinite values where it does not interpolate", () => {
    const replicates = [-Infinity, 1, 2, 3, Infinity];
    assert.equal(quantileSorted(replicates, 0, "nearest"), -Infinity);
    assert.equal(quantileSorted(replicates, 1), Infinity);
    assert.equal(quantileSorted(replicates, 0.5), 2);
  });

  it("refuses what has no quantile, naming the problem", () => {
    assert.throws(() => quantile([], 0.5), { name: "RangeError", message: /values is empty/ });
    assert.throws(() => quantile([1, NaN], 0.5), { name: "RangeError", message: /values\[1\] is NaN/ });
    assert.throws(() => quantile([1, 2], 1.5), { name: "RangeError", message: /p is 1\.5/ });
    assert.throws(() => quantile([1, 2], [0.5, -0.1]), { name: "RangeError", message: /p is -0\.1/ });
    assert.throws(() => quantile([1, 2], 0.5, "type-9" as never), { name: "RangeError", message: /method is type-9/ });
    assert.throws(() => quantileSorted([2, 1], 0.5), { name: "RangeError", message: /sorted\[1\] is 1 after 2/ });
    assert.throws(() => quantileSorted([1, NaN, 2], 0.5), { name: "RangeError", message: /sorted\[1\] is NaN/ });
    assert.throws(() => quantileSorted([], 0.5), { name: "RangeError", message: /sorted is empty/ });
  });
});

describe("bootstrapCi", () => {
  it("brackets the median and widens with the level", () => {
    const xs = around(100, 10, 30, 3);
    const ci95 = bootstrapCi(xs, ss.median);
    const ci50 = bootstrapCi(xs, ss.median, { level: 0.5 });
    const m = ss.median(xs);
    assert.equal(ci95.level, 0.95);
    assert.ok(ci95.lo < m && m < ci95.hi, `${ci95.lo} < ${m} < ${ci95.hi}`);
    assert.ok(ci95.lo >= ss.min(xs) && ci95.hi <= ss.max(xs));
    assert.ok(ci50.hi - ci50.lo < ci95.hi - ci95.lo);
  });

  it("gives lo = hi = the value for one value", () => {
    assert.deepEqual(bootstrapCi([42], ss.median), { lo: 42, hi: 42, level: 0.95 });
    assert.deepEqual(bootstrapCi([42], ss.median, { level: 0.9 }), { lo: 42, hi: 42, level: 0.9 });
  });

  it("rejects empty input, non-finite values and bad options", () => {
    assert.throws(() => bootstrapCi([], ss.median), { name: "RangeError", message: /values is empty/ });
    assert.throws(() => bootstrapCi([1, Infinity], ss.median), { name: "RangeError", message: /values\[1\]/ });
    assert.throws(() => bootstrapCi([1, 2], ss.median, { level: 1 }), /level/);
    assert.throws(() => bootstrapCi([1, 2], ss.median, { resamples: 0 }), /resamples/);
  });

  it("covers the true median of an exponential about 95% of the time", () => {
    // 300 samples of n = 40 from Exp(1), whose median is ln 2. With 300 trials the coverage of a
    // correct 95% interval has sd ≈ 0.013, so [0.88, 0.99] fails only for a miscalibrated interval.
    const rng = createRng(2024);
    let covered = 0;
    for (let i = 0; i < 300; i++) {
      const xs = Array.from({ length: 40 }, () => -Math.log(1 - rng()));
      const ci = bootstrapCi(xs, ss.median, { resamples: 1000, seed: i + 1 });
      if (ci.lo <= Math.LN2 && Math.LN2 <= ci.hi) covered++;
    }
    const coverage = covered / 300;
    assert.ok(coverage >= 0.88 && coverage <= 0.99, `coverage ${coverage}`);
  });
});

describe("summarize", () => {
  it("matches hand-computed statistics of [1, 2, 3, 4, 100]", () => {
    const s = summarize([1, 2, 3, 4, 100]);
    assert.equal(s.n, 5);
    assert.equal(s.median, 3);
    assert.equal(s.mean, 22); // 110 / 5
    // Deviations −21, −20, −19, −18, 78; squares sum to 7610; / (n − 1) = 1902.5.
    close(s.sd, Math.sqrt(1902.5), 1e-12, "sd");
    // Type-7 quartiles: positions 0.25·4 = 1 and 0.75·4 = 3, so the 2nd and 4th values.
    assert.equal(s.p25, 2);
    assert.equal(s.p75, 4);
    assert.equal(s.iqr, 2);
    assert.equal(s.min, 1);
    assert.equal(s.max, 100);
    close(s.relativeIqr, 2 / 3, 1e-12, "relativeIqr");
    // Fences 2 − 3 = −1 and 4 + 3 = 7: only 100 is outside.
    assert.deepEqual(s.outliers, [4]);
    // Five values cannot give a 95% interval of the median: [min, max] covers 1 − 2/32 = 93.75%, and says so.
    assert.deepEqual(s.medianCi, { lo: 1, hi: 100, level: 0.9375 });
  });

  it("has sd 0 and a zero-level interval for one value, and relativeIqr 0 when the median is 0", () => {
    const one = summarize([5]);
    assert.equal(one.sd, 0);
    assert.equal(one.medianCi.lo, 5);
    assert.equal(one.medianCi.hi, 5);
    assert.equal(one.medianCi.level, 0, "one value says nothing about where the median lies");
    assert.equal(summarize([-1, 0, 1]).relativeIqr, 0);
  });

  it("reaches its target level from six values on, with order statistics chosen by the binomial", () => {
    // n = 10: [x(2), x(9)] covers 1 − 2·P(Bin(10, ½) ≤ 1) = 1 − 2·11/1024.
    const s = summarize([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);
    assert.deepEqual(s.medianCi, { lo: 2, hi: 9, level: 1 - 22 / 1024 });
    assert.ok(summarize([1, 2, 3, 4, 5, 6]).medianCi.level >= 0.95);
  });

  it("passes its target level to the median's interval", () => {
    // 4 values: [min, max] covers 87.5%, which reaches a target of 0.8.
    assert.deepEqual(summarize([1, 2, 3, 4], { level: 0.8 }).medianCi, { lo: 1, hi: 4, level: 0.875 });
  });

  it("rejects empty input and names the index of a non-finite value", () => {
    assert.throws(() => summarize([]), { name: "RangeError", message: /empty/ });
    assert.throws(() => summarize([1, 2, NaN]), { name: "RangeError", message: /values\[2\] is NaN/ });
  });

  it("is a function of the values alone: the same values give the same summary", () => {
    const xs = around(50, 20, 25, 9);
    assert.deepEqual(summarize(xs), summarize([...xs]));
    assert.deepEqual(summarize(xs).medianCi, summarize([...xs].reverse()).medianCi, "order does not matter");
  });
});

describe("tukeyOutliers", () => {
  it("puts the fences 1.5 IQR outside the type-7 quartiles", () => {
    assert.deepEqual(tukeyFences([1, 2, 3, 4, 100]), { lower: -1, upper: 7 });
  });

  it("flags values beyond either fence", () => {
    assert.deepEqual(tukeyOutliers([1, 2, 3, 4, 100]), [4]);
    assert.deepEqual(tukeyOutliers([-100, 1, 2, 3, 4]), [0]);
    assert.deepEqual(tukeyOutliers([1, 2, 3, 4, 5]), []);
  });
});

describe("cliffsDelta", () => {
  it("matches hand counts on tiny arrays", () => {
    assert.equal(cliffsDelta([4, 5], [1, 2, 3]), 1);
    assert.equal(cliffsDelta([1, 2], [3, 4]), -1);
    assert.equal(cliffsDelta([1, 2, 3], [1, 2, 3]), 0);
    // Pairs of [2,3,4] with [1,2]: 2>1, 2=2, 3>1, 3>2, 4>1, 4>2 → 5 greater, 0 less, of 6.
    close(cliffsDelta([2, 3, 4], [1, 2]), 5 / 6, 1e-15);
    // [1,2,5] with [3]: 1 greater, 2 less, of 3.
    close(cliffsDelta([1, 2, 5], [3]), -1 / 3, 1e-15);
  });
});

describe("permutationPValue", () => {
  const low = around(50, 2, 20, 1);
  const high = around(100, 2, 20, 2);

  it("is tiny for well-separated samples, but never below 1/(permutations + 1)", () => {
    // A median moves with the middle values only, so splits that are far from a clean separation
    // can still reach the observed difference; at n = 20 vs 20 they are rare enough (p ≈ 5e-5 with
    // 20000 permutations) that none of 99 or 5000 permutations hits one, and p is at its floor.
    assert.equal(permutationPValue(low, high, { permutations: 99 }), 1 / 100);
    assert.equal(permutationPValue(low, high), 1 / 5001);
  });

  it("is 1 for identical samples", () => {
    assert.equal(permutationPValue([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]), 1);
    assert.equal(permutationPValue([3, 1, 2, 4], [4, 2, 3, 1]), 1);
  });

  it("is large for samples from one distribution", () => {
    assert.ok(permutationPValue(around(50, 10, 15, 3), around(50, 10, 15, 4)) > 0.1);
  });

  it("is deterministic for a seed", () => {
    const a = around(50, 10, 8, 5);
    const b = around(55, 10, 8, 6);
    assert.equal(permutationPValue(a, b, { seed: 3 }), permutationPValue(a, b, { seed: 3 }));
  });
});

describe("formatPValue", () => {
  it("shows p < 0.001 below 0.001 and two significant digits otherwise", () => {
    assert.equal(formatPValue(1 / 5001), "p < 0.001");
    assert.equal(formatPValue(0.4128), "p = 0.41");
    assert.equal(formatPValue(0.0123), "p = 0.012");
    assert.equal(formatPValue(1 / 101), "p = 0.0099");
  });
});

describe("compareRatio", () => {
  const main = around(100, 3, 20, 11);
  const threads = around(52, 2, 20, 12);

  it("estimates the Hodges–Lehmann ratio, with the exact rank-sum p, and calls the faster one", () => {
    const c = compareRatio(threads, main, { labelA: "threads×2", labelB: "main" });
    assert.equal(c.a, "threads×2");
    assert.equal(c.b, "main");
    assert.equal(c.nA, 20);
    assert.equal(c.nB, 20);
    assert.equal(c.medianA, ss.median(threads));
    // The median of all 400 pairwise ratios.
    const pairwise = threads.flatMap((t) => main.map((m) => Math.log(t / m)));
    close(c.ratio, Math.exp(ss.median(pairwise)), 1e-12, "Hodges–Lehmann ratio");
    assert.ok(c.ratioCi.lo <= c.ratio && c.ratio <= c.ratioCi.hi);
    assert.ok(c.ratioCi.hi < 0.6 && c.ratioCi.lo > 0.45);
    assert.ok(c.ratioCi.level >= 0.95 && c.reachesTarget);
    assert.equal(c.noDifference, false);
    // Complete separation of 20 vs 20: the exact two-sided p is 2 / C(40, 20).
    close(c.pValue, 2 / 137846528820, 1e-20, "exact p");
    assert.equal(c.pMethod, "exact");
    assert.equal(c.cliffsDelta, -1);
    assert.equal(c.outcome, "lower");
    assert.equal(c.familySize, 1);
    assert.match(
      c.verdict,
      /^threads×2 took 0\.5\d\d× the time of main \(9\d(\.\d)?% CI 0\.\d{3}–0\.\d{3}×; p < 0\.001; n = 20 vs 20\): threads×2 is faster\.$/,
    );
  });

  it("gives the exact 2/252 for complete separation at 5 vs 5, and an interval at its attained 96.8%", () => {
    const c = compareRatio([50, 51, 52, 53, 54], [100, 101, 102, 103, 104], { labelA: "A", labelB: "B" });
    assert.equal(c.pValue, 2 / 252);
    assert.equal(c.minAttainableP, 2 / 252);
    close(c.ratioCi.level, 1 - 8 / 252, 1e-12, "attained level");
    assert.equal(c.outcome, "lower");
    assert.equal(c.conclusive, true);
  });

  it("calls the slower one slower, and names the quantity", () => {
    const c = compareRatio(main, threads, { labelA: "processes×2", labelB: "threads×2", quantity: "compute time" });
    assert.ok(c.ratio > 1.8);
    assert.equal(c.outcome, "higher");
    assert.match(c.verdict, /^processes×2 took 1\.\d\d× the compute time of threads×2 \(.*\): processes×2 is slower\.$/);
  });

  it("says what was not ruled out when no difference is detected, with the interval's bounds", () => {
    const a = around(100, 10, 10, 21);
    const b = around(100, 10, 10, 22);
    const c = compareRatio(a, b, { labelA: "A", labelB: "B" });
    assert.ok(c.ratioCi.lo <= 1 && 1 <= c.ratioCi.hi);
    assert.equal(c.noDifference, true);
    assert.ok(c.pValue > 0.05);
    assert.equal(c.outcome, "inconclusive");
    const [lo, hi] = [c.ratioCi.lo, c.ratioCi.hi].map((x) => x.toPrecision(3).replace(/0+$/, "").replace(/\.$/, ""));
    assert.match(c.verdict, new RegExp(`inconclusive: the ratio lies between ${lo}× and ${hi}×`));
  });

  it("calls two conditions equivalent only when the interval lies inside the band", () => {
    const a = [1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009];
    const b = [1000.5, 1001.5, 1002.5, 1003.5, 1004.5, 1005.5, 1006.5, 1007.5, 1008.5, 1009.5];
    const c = compareRatio(a, b, { labelA: "A", labelB: "B", equivalence: 0.05 });
    assert.equal(c.outcome, "equivalent");
    assert.match(c.verdict, /equivalent within ±5%/);
    const wide = compareRatio(around(100, 10, 10, 21), around(100, 10, 10, 22), { equivalence: 0.01 });
    assert.equal(wide.outcome, "inconclusive", "an interval wider than the band is not equivalence");
  });

  it("words the verdict for a quantity where higher is better", () => {
    const c = compareRatio(main, threads, { labelA: "X", labelB: "Y", quantity: "throughput", lowerIsBetter: false });
    assert.match(c.verdict, /^X had 1\.\d\d× the throughput of Y \(.*\): X is higher, which is better\.$/);
  });

  it("draws no conclusion from too few trials, and says how many a verdict needs", () => {
    const one = compareRatio([50], [100], { labelA: "A", labelB: "B" });
    close(one.ratio, 0.5, 1e-12, "ratio of the single pair");
    assert.equal(one.conclusive, false);
    assert.match(one.verdict, /too few trials for a verdict/);
    // Three clearly separated trials a side: even [min, max] reaches only 90%, and p cannot fall below 0.1.
    const few = compareRatio([50, 51, 52], [100, 101, 102], { labelA: "A", labelB: "B" });
    assert.equal(few.reachesTarget, false);
    assert.equal(few.pValue, 0.1);
    assert.equal(few.conclusive, false);
    assert.match(few.verdict, /too few trials for a verdict: the interval reaches 90%, not the 95% asked for; a verdict needs at least 4 trials per side\.$/);
  });

  it("gives the same verdict for the same evidence, whatever the seed (the p-value is exact)", () => {
    const a = around(100, 20, 12, 31);
    const b = around(110, 20, 12, 32);
    assert.deepEqual(compareRatio(a, b, { seed: 4 }), compareRatio(a, b, { seed: 5 }));
  });

  it("never prints a CI as a single number", () => {
    // Ratios around 1.0001–1.0003 print alike at 3 digits; more digits must separate them.
    const c = compareRatio([1000.1, 1000.2, 1000.3, 1000.2, 1000.25, 1000.15], [1000, 1000, 1000, 1000, 1000, 1000], { labelA: "A", labelB: "B" });
    const [lo, hi] = /CI ([\d.]+)–([\d.]+)×/.exec(c.verdict)!.slice(1);
    assert.notEqual(lo, hi);
  });

  it("rejects values a ratio cannot use, and bad verdict rules naming the parameter", () => {
    assert.throws(() => compareRatio([], [1]), { name: "RangeError", message: /a is empty/ });
    assert.throws(() => compareRatio([1, 2], [1, 0]), { name: "RangeError", message: /b\[1\] is 0/ });
    assert.throws(() => compareRatio([1, 2], [3, 4], { equivalence: 1.5 }), { name: "InputError", message: /^equivalence: / });
    assert.throws(() => compareRatio([1, 2], [3, 4], { confidence: 0.4 }), { name: "InputError", message: /^confidence: / });
    assert.throws(() => compareRatio([1, 2], [3, 4], { family: "sidak-ish" as never }), { name: "InputError", message: /^family: / });
  });
});

describe("decideFamily", () => {
  it("adjusts every p-value by Holm's procedure and prints the family's size", () => {
    const clear = compareRatio([50, 51, 52, 53, 54, 55], [100, 101, 102, 103, 104, 105]);
    const noise = compareRatio(around(100, 10, 6, 21), around(100, 10, 6, 22));
    const [c1, c2] = decideFamily([clear, noise]);
    assert.equal(c1!.familySize, 2);
    assert.equal(c1!.pAdjusted, Math.min(1, 2 * clear.pValue)); // Holm's first step for the smaller p
    assert.ok(c2!.pAdjusted >= c2!.pValue);
    assert.match(c1!.verdict, /Holm-adjusted p = [\d.]+ in a family of 2, unadjusted p = /);
    assert.equal(c1!.outcome, "lower");
  });

  it("withholds a winner that a family of 20 does not support at 5 vs 5", () => {
    const clear = compareRatio([50, 51, 52, 53, 54], [100, 101, 102, 103, 104]);
    const family = decideFamily(Array.from({ length: 20 }, () => clear));
    assert.ok(family.every((c) => c.pAdjusted >= 20 * (2 / 252) - 1e-12 || c.pAdjusted === 1));
    assert.ok(family.every((c) => !c.conclusive));
    assert.match(family[0]!.verdict, /in a family of 20/);
  });
});

describe("speedup", () => {
  it("is the Hodges–Lehmann ratio baseline/condition, with compareRatio's interval", () => {
    const baseline = around(200, 4, 10, 41);
    const condition = around(100, 2, 10, 42);
    const s = speedup(baseline, condition);
    close(s.ratio, 2, 0.1, "speedup");
    assert.ok(s.ci.lo <= s.ratio && s.ratio <= s.ci.hi);
    assert.deepEqual(s.ci, compareRatio(baseline, condition).ratioCi);
    assert.equal(s.ratio, compareRatio(baseline, condition).ratio);
  });
});

describe("chiSquareSurvival", () => {
  it("matches the classic 5% critical values", () => {
    close(chiSquareSurvival(3.841, 1), 0.05, 1e-4, "df 1");
    close(chiSquareSurvival(5.991, 2), 0.05, 1e-4, "df 2");
    close(chiSquareSurvival(18.307, 10), 0.05, 1e-4, "df 10");
    assert.equal(chiSquareSurvival(0, 3), 1);
    assert.equal(chiSquareSurvival(Infinity, 3), 0);
  });

  it("matches closed forms for even df in both the series and the continued-fraction branch", () => {
    // For df = 2m, Q(m, z) = e^(−z) Σ_{j<m} z^j / j!, with z = x/2.
    const exact = (x: number, df: number) => {
      const z = x / 2;
      let term = 1;
      let sum = 0;
      for (let j = 0; j < df / 2; j++) {
        sum += term;
        term *= z / (j + 1);
      }
      return Math.exp(-z) * sum;
    };
    for (const df of [2, 4, 10, 30]) {
      for (const x of [0.1, 1, df / 2, df, df + 2, 2 * df, 5 * df + 10]) {
        const expected = exact(x, df);
        close(chiSquareSurvival(x, df), expected, 1e-12 * Math.max(expected, 1e-3), `Q(x=${x}, df=${df})`);
      }
    }
    // A tiny tail keeps its relative precision: e^(−100).
    close(chiSquareSurvival(200, 2) / Math.exp(-100), 1, 1e-10, "relative tail");
  });

  it("agrees with simple-statistics' chi-square table", () => {
    // The table gives the x with upper tail p to two decimals; the true x lies within one unit of
    // that last digit (the table rounds, and a few entries round up from …x5), so Q must cross p
    // between x − 0.01 and x + 0.01.
    let checked = 0;
    for (const [df, row] of Object.entries(ss.chiSquaredDistributionTable)) {
      for (const [p, x] of Object.entries(row) as Array<[string, number]>) {
        const above = chiSquareSurvival(Math.max(0, x - 0.01), Number(df));
        const below = chiSquareSurvival(x + 0.01, Number(df));
        assert.ok(above >= Number(p) && Number(p) >= below, `df ${df}, p ${p}: Q(${x} ± 0.01) = ${above}..${below}`);
        checked++;
      }
    }
    assert.ok(checked > 300);
  });

  it("rejects a bad df or NaN", () => {
    assert.throws(() => chiSquareSurvival(1, 0), { name: "RangeError", message: /df/ });
    assert.throws(() => chiSquareSurvival(NaN, 2), { name: "RangeError", message: /x is NaN/ });
  });
});

describe("fairness", () => {
  it("finds a perfectly even spread even", () => {
    const f = fairness([10, 10, 10, 10]);
    assert.equal(f.k, 4);
    assert.equal(f.total, 40);
    assert.equal(f.top, 2);
    assert.equal(f.topShare, 0.5);
    assert.equal(f.topShareIdeal, 0.5);
    assert.equal(f.maxMinRatio, 1);
    assert.equal(f.jain, 1);
    assert.equal(f.cv, 0);
    assert.equal(f.chiSquare, 0);
    assert.equal(f.df, 3);
    assert.equal(f.pValue, 1);
  });

  it("matches hand-computed values for [70, 10, 10, 10]", () => {
    const f = fairness([70, 10, 10, 10]);
    assert.equal(f.total, 100);
    // Top 2: (70 + 10) / 100.
    assert.equal(f.topShare, 0.8);
    assert.equal(f.maxMinRatio, 7);
    // Jain: 100² / (4 · (4900 + 3 · 100)) = 10000 / 20800.
    close(f.jain, 10000 / 20800, 1e-15, "jain");
    // Expected 25 each: (45² + 3 · 15²) / 25 = (2025 + 675) / 25 = 108.
    close(f.chiSquare, 108, 1e-12, "chi-square");
    assert.equal(f.df, 3);
    // Population variance (2025 + 675) / 4 = 675; cv = √675 / 25.
    close(f.cv, Math.sqrt(675) / 25, 1e-15, "cv");
    // Q(1.5, 54) = erfc(√54) + 2√(54/π) e^(−54) ≈ 2.96e−23.
    close(f.pValue, 2.956e-23, 0.001e-23, "p");
  });

  it("takes the share of the `top` busiest and flags an idle worker", () => {
    const f = fairness([5, 0, 3, 2], { top: 1 });
    assert.equal(f.topShare, 0.5);
    assert.equal(f.topShareIdeal, 0.25);
    assert.equal(f.maxMinRatio, Infinity);
  });

  it("rejects bad counts, naming the input and what is valid", () => {
    assert.throws(() => fairness([5]), { name: "RangeError", message: /counts.*at least 2/ });
    assert.throws(() => fairness([5, -1]), { name: "RangeError", message: /counts\[1\] is -1.*integer ≥ 0/ });
    assert.throws(() => fairness([5, 1.5]), { name: "RangeError", message: /counts\[1\] is 1\.5/ });
    assert.throws(() => fairness([0, 0, 0]), { name: "RangeError", message: /total > 0/ });
    assert.throws(() => fairness([1, 2], { top: 3 }), { name: "RangeError", message: /top is 3/ });
  });
});

describe("Wilson interval", () => {
  it("stays inside [0, 1] at 0 of n and n of n and matches the textbook value at 5 of 10", () => {
    const all = wilsonInterval(3, 3);
    assert.equal(all.hi, 1);
    assert.ok(all.lo > 0.4 && all.lo < 0.45, String(all.lo));
    assert.equal(wilsonInterval(0, 4).lo, 0);
    const half = wilsonInterval(5, 10);
    assert.ok(Math.abs(half.lo - 0.2366) < 1e-3 && Math.abs(half.hi - 0.7634) < 1e-3, JSON.stringify(half));
    assert.throws(() => wilsonInterval(4, 3), RangeError);
  });
});
