import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { normalRng, rate } from "./simulation.ts";
import { decide, type Verdict, adjustPValues, type FamilyProcedure, rankSumTest, shiftInterval } from "parlab/stats";

interface Pair {
  a: number[];
  b: number[];
}

/** The pipeline a comparison runs: exact rank-sum p, Hodges–Lehmann ratio interval, family adjustment, verdict. */
function verdicts(
  pairs: Pair[],
  opts: { quantity?: string; timeLike?: boolean; lowerIsBetter?: boolean; procedure?: FamilyProcedure; equivalence?: number } = {},
): Verdict[] {
  const procedure = opts.procedure ?? "holm";
  const tests = pairs.map(({ a, b }) => rankSumTest(a, b));
  const adjusted = adjustPValues(tests.map((t) => t.pValue), procedure);
  return pairs.map(({ a, b }, i) => {
    const shift = shiftInterval(a, b, { log: true });
    return decide({
      labelA: "A",
      labelB: "B",
      quantity: opts.quantity ?? "compute time",
      lowerIsBetter: opts.lowerIsBetter ?? true,
      timeLike: opts.timeLike ?? true,
      ratio: shift.estimate,
      ci: shift.ci,
      reachesTarget: shift.reachesTarget,
      pAdjusted: adjusted[i]!,
      pRaw: tests[i]!.pValue,
      familySize: pairs.length,
      procedure,
      equivalence: opts.equivalence,
      nA: a.length,
      nB: b.length,
      minAttainableP: tests[i]!.minAttainableP,
    });
  });
}

const one = (pair: Pair, opts: Parameters<typeof verdicts>[1] = {}) => verdicts([pair], opts)[0]!;

describe("decide: the four outcomes from constructed data", () => {
  it("lower: A is faster, with the ratio, the interval's attained level, p and n", () => {
    const v = one({ a: [50, 52, 51, 54, 53], b: [100, 104, 101, 102, 103] });
    console.log(v.sentence);
    assert.equal(v.outcome, "lower");
    assert.equal(v.conclusive, true);
    assert.match(v.sentence, /^A took 0\.5\d\d× the compute time of B \(96\.8% CI 0\.\d+–0\.\d+×; p = 0\.0079; n = 5 vs 5\): A is faster\.$/);
  });

  it("higher, for a quantity that is not time-like: which is worse", () => {
    const v = one({ a: [300, 310, 305, 302, 308], b: [100, 101, 103, 102, 104] }, { quantity: "RSS", timeLike: false });
    console.log(v.sentence);
    assert.equal(v.outcome, "higher");
    assert.match(v.sentence, /^A had 2\.9\d× the RSS of B \(96\.8% CI .*\): A is higher, which is worse\.$/);
  });

  it("equivalent within ±5% when the whole interval lies inside the band", () => {
    const a = [100.1, 99.8, 100.3, 100.0, 99.9, 100.2, 99.7, 100.4, 100.05, 99.95];
    const b = [100.0, 100.2, 99.9, 100.1, 99.8, 100.3, 99.85, 100.15, 100.25, 99.75];
    const v = one({ a, b });
    console.log(v.sentence);
    assert.equal(v.outcome, "equivalent");
    assert.equal(v.conclusive, true);
    assert.match(v.sentence, /: equivalent within ±5%: the ratio lies between 0\.99\d+× and 1\.00\d*×, inside the band 0\.952–1\.05×\.$/);
  });

  it("inconclusive, always with the interval's bounds", () => {
    const v = one({ a: [80, 120, 95, 140, 70], b: [100, 90, 130, 85, 110] });
    console.log(v.sentence);
    assert.equal(v.outcome, "inconclusive");
    assert.equal(v.conclusive, false);
    assert.match(v.sentence, /\(96\.8% CI [\d.]+–[\d.]+×; p = [\d.]+; n = 5 vs 5\): inconclusive: the ratio lies between [\d.]+× and [\d.]+×; no difference was detected, and differences within that range are not ruled out\.$/);
  });

  it("too few trials: says the level reached and the trials a verdict needs", () => {
    const v = one({ a: [50, 51, 52], b: [100, 101, 102] });
    console.log(v.sentence);
    assert.equal(v.outcome, "inconclusive");
    assert.equal(v.trialsNeeded, 4);
    assert.match(v.sentence, /\(90% CI [\d.]+–[\d.]+×; p = 0\.10; n = 3 vs 3\): too few trials for a verdict: the interval reaches 90%, not the 95% asked for; a verdict needs at least 4 trials per side\.$/);
  });

  it("names the family and its adjustment, and says when no p could survive it", () => {
    const pairs = [
      { a: [50, 52, 51, 54, 53], b: [100, 104, 101, 102, 103] },
      { a: [80, 120, 95, 140, 70], b: [100, 90, 130, 85, 110] },
      { a: [99, 101, 100, 102, 98], b: [100, 98, 103, 99, 101] },
      { a: [60, 90, 70, 85, 75], b: [100, 95, 80, 105, 90] },
    ];
    const v = verdicts(pairs);
    console.log(v[0]!.sentence);
    assert.match(v[0]!.sentence, /Holm-adjusted p = 0\.032 in a family of 4, unadjusted p = 0\.0079/);
    assert.equal(v[0]!.outcome, "lower");
    // In a family of 20, 5 vs 5 cannot reach p < 0.05/20: the sentence says so and how many trials would.
    const big = verdicts(Array.from({ length: 20 }, () => pairs[0]!));
    console.log(big[0]!.sentence);
    assert.equal(big[0]!.outcome, "inconclusive");
    assert.equal(big[0]!.trialsNeeded, 6);
    assert.match(big[0]!.sentence, /inconclusive: the ratio lies between 0\.490× and 0\.530×, but the Holm-adjusted p is not below 0\.05, so no difference is declared; with 5 vs 5 trials in a family of 20 no Holm-adjusted p-value can fall below 0\.05: showing a difference needs at least 6 trials per side\.$/);
    assert.doesNotMatch(big[0]!.sentence, /no difference was detected/);
  });

  it("blames the ties, not the trial count, when tied values keep the p-value up at a trial count that would do untied", () => {
    // 6 vs 6 untied reaches p = 2/924 ≈ 0.0022, below 0.05/12; values tied across the samples cannot.
    const tied = { a: [0.3, 0.3, 0.3, 0.35, 0.35, 0.35], b: [0.35, 0.35, 0.4, 0.4, 0.4, 0.4] };
    const v = verdicts(Array.from({ length: 12 }, () => tied));
    assert.equal(v[0]!.outcome, "inconclusive");
    assert.match(v[0]!.sentence, /with 6 vs 6 trials whose values tie in a family of 12, no Holm-adjusted p-value can fall below 0\.05 \(the smallest the test can give is [\d.]+\): the ties, not the trial count, keep it up/);
    assert.doesNotMatch(v[0]!.sentence, /needs at least 6 trials per side/);
    assert.equal(v[0]!.trialsNeeded, undefined, "no trial count is named as the cure");
  });
});

describe("decide: bad input names the parameter and what is valid", () => {
  const base = {
    labelA: "A", labelB: "B", quantity: "compute time", lowerIsBetter: true, timeLike: true,
    ratio: 1, ci: { lo: 0.9, hi: 1.1, level: 0.968 }, reachesTarget: true,
    pAdjusted: 0.5, pRaw: 0.5, familySize: 1, nA: 5, nB: 5,
  };
  const refuses = (patch: object, input: string, valid: RegExp) =>
    assert.throws(() => decide({ ...base, ...patch }), (e: Error & { input?: string }) => {
      assert.equal(e.name, "InputError");
      assert.equal(e.input, input);
      assert.match(e.message, valid);
      return true;
    });

  it("refuses δ = 0 and δ = 1.5", () => {
    refuses({ equivalence: 0 }, "equivalence", /between 0 and 1/);
    refuses({ equivalence: 1.5 }, "equivalence", /between 0 and 1/);
  });
  it("refuses level = 0.4 and level = 1", () => {
    refuses({ targetLevel: 0.4 }, "confidence", /between 0.5 and 1/);
    refuses({ targetLevel: 1 }, "confidence", /between 0.5 and 1/);
  });
  it("refuses the procedure sidak-ish", () => {
    refuses({ procedure: "sidak-ish" }, "family", /holm, bonferroni, none/);
  });
  it("refuses an inconsistent comparison", () => {
    assert.throws(() => decide({ ...base, ci: { lo: 1.2, hi: 1.1, level: 0.95 } }), RangeError);
    assert.throws(() => decide({ ...base, pAdjusted: 0.1, pRaw: 0.2 }), RangeError);
  });
});

describe("decide: error rates by simulation", () => {
  it("keeps the A/A family-wise false-positive rate at 5% for 20 comparisons, Holm, 6 per side", () => {
    const z = normalRng(2024);
    const families = 1000;
    let falseFamilies = 0;
    let equivalences = 0;
    for (let f = 0; f < families; f++) {
      const pairs = Array.from({ length: 20 }, () => ({
        a: Array.from({ length: 6 }, () => Math.exp(0.2 * z())),
        b: Array.from({ length: 6 }, () => Math.exp(0.2 * z())),
      }));
      const v = verdicts(pairs);
      if (v.some((x) => x.outcome === "lower" || x.outcome === "higher")) falseFamilies++;
      equivalences += v.filter((x) => x.outcome === "equivalent").length;
    }
    const { rate: fwer, se } = rate(falseFamilies, families);
    console.log(`A/A family of 20, Holm, 6 vs 6: family-wise false-positive rate ${fwer.toFixed(4)} ± ${se.toFixed(4)}; equivalence claims ${equivalences}`);
    assert.ok(fwer <= 0.05 + 2 * Math.max(se, Math.sqrt((0.05 * 0.95) / families)), `FWER ${fwer}`);
  });

  it("never calls a true 20% slowdown faster at 10 per side", () => {
    const z = normalRng(77);
    const sims = 2000;
    let faster = 0;
    let slower = 0;
    for (let i = 0; i < sims; i++) {
      const v = one({
        a: Array.from({ length: 10 }, () => 1.2 * Math.exp(0.2 * z())),
        b: Array.from({ length: 10 }, () => Math.exp(0.2 * z())),
      });
      if (v.outcome === "lower") faster++;
      if (v.outcome === "higher") slower++;
    }
    console.log(`true 20% slowdown, 10 vs 10, lognormal sd 0.2: called faster ${faster}/${sims}, slower ${slower}/${sims}`);
    assert.equal(faster, 0);
  });
});
