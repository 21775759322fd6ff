import { describe, it } from "node:test";
import assert from "node:assert/strict";
import * as ss from "simple-statistics";
import { chiSquareSurvival, fCdf, fSurvival, normalCdf, regularizedIncompleteBeta, studentTCdf, studentTQuantile } from "parlab/stats";

const close = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);

describe("Student t", () => {
  it("matches reference values", () => {
    close(studentTQuantile(0.975, 10), 2.2281388519862744, 1e-9, "t quantile 0.975, 10 df");
    close(studentTCdf(2.228, 10), 0.9749941140914443, 1e-9, "t CDF 2.228, 10 df");
    close(studentTQuantile(0.025, 10), -2.2281388519862744, 1e-9, "lower quantile");
    close(studentTQuantile(0.975, 18), 2.10092204024096, 1e-9, "t quantile 0.975, 18 df");
  });

  it("is the Cauchy distribution at 1 df", () => {
    for (const t of [-30, -1, -0.2, 0.5, 4, 1e6]) close(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-14, `Cauchy CDF at ${t}`);
    // tan(π(p − ½)) = −1/tan(πp), the form that keeps its digits for tiny p.
    for (const p of [1e-9, 0.01, 0.3]) {
      const expected = -1 / Math.tan(Math.PI * p);
      close(studentTQuantile(p, 1), expected, 1e-12 * Math.abs(expected), `Cauchy quantile at ${p}`);
      close(studentTQuantile(1 - p, 1), -expected, 1e-6 * Math.abs(expected), `Cauchy quantile at 1 − ${p}`);
    }
  });

  it("has the closed form at 2 df", () => {
    for (const t of [-3, 0.7, 5]) close(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-14, `2-df CDF at ${t}`);
  });

  it("tends to the normal distribution for large df", () => {
    // ss.probit is a closed-form approximation good to about 3e-3; the t quantile must be at least as close.
    for (const p of [0.025, 0.3, 0.9, 0.975]) close(studentTQuantile(p, 1e7), ss.probit(p), 4e-3, `quantile at ${p}`);
    // Φ(z) = 1 − ½·P(χ²₁ ≥ z²) for z ≥ 0; at 1e7 df the t CDF differs from it by about
    // φ(z)(z³ + z)/(4·df) ≈ 1.4e-8 at z = 1.96.
    for (const z of [0.5, 1.96, 3]) close(studentTCdf(z, 1e7), 1 - 0.5 * chiSquareSurvival(z * z, 1), 5e-8, `CDF at ${z}`);
    close(studentTQuantile(0.975, 1e7), 1.959964, 1e-6, "z 0.975");
  });

  it("inverts its CDF", () => {
    for (const df of [1.5, 3, 7, 30, 200]) {
      for (const p of [1e-6, 0.05, 0.5, 0.8, 0.999]) close(studentTCdf(studentTQuantile(p, df), df), p, 1e-12 + 1e-10 * p, `df ${df}, p ${p}`);
    }
  });

  it("handles the ends and refuses bad arguments", () => {
    assert.equal(studentTCdf(Infinity, 3), 1);
    assert.equal(studentTCdf(-Infinity, 3), 0);
    assert.equal(studentTQuantile(0, 3), -Infinity);
    assert.equal(studentTQuantile(1, 3), Infinity);
    assert.throws(() => studentTCdf(1, 0), /df is 0/);
    assert.throws(() => studentTQuantile(1.2, 5), /p is 1.2/);
    assert.throws(() => studentTCdf(NaN, 5), /t is NaN/);
  });
});

describe("F", () => {
  it("matches reference values", () => {
    close(fCdf(3, 2, 10), 0.904632568359375, 1e-12, "F CDF(3; 2, 10)");
    close(fSurvival(3, 2, 10), 1 - 0.904632568359375, 1e-12, "F tail(3; 2, 10)");
    // F(1, d) is the square of t(d): P(F ≤ x) = P(|T| ≤ √x).
    close(fCdf(4, 1, 12), 2 * studentTCdf(2, 12) - 1, 1e-13, "F(1, 12) as t²");
  });

  it("keeps tiny tails precise and handles the ends", () => {
    const tail = fSurvival(1000, 3, 40);
    assert.ok(tail > 0 && tail < 1e-30, `tail ${tail}`);
    assert.equal(fCdf(0, 3, 4), 0);
    assert.equal(fSurvival(-1, 3, 4), 1);
    assert.equal(fCdf(Infinity, 3, 4), 1);
    assert.throws(() => fCdf(1, -1, 4), /d1 is -1/);
  });
});

describe("regularizedIncompleteBeta", () => {
  it("is the Beta CDF and symmetric", () => {
    close(regularizedIncompleteBeta(0.3, 1, 1), 0.3, 1e-14, "uniform");
    close(regularizedIncompleteBeta(0.2, 2.5, 4) + regularizedIncompleteBeta(0.8, 4, 2.5), 1, 1e-14, "symmetry");
    assert.throws(() => regularizedIncompleteBeta(1.5, 1, 1), /x is 1.5/);
  });
});

describe("normalCdf", () => {
  it("keeps relative precision deep in the lower tail and is symmetric", () => {
    const tail = normalCdf(-10);
    assert.ok(Math.abs(tail / 7.619853024160527e-24 - 1) < 1e-10, `Φ(−10) = ${tail}`);
    close(normalCdf(1.2) + normalCdf(-1.2), 1, 1e-15, "symmetry");
    close(normalCdf(-1.959963984540054), 0.025, 1e-12, "Φ(−1.96)");
    assert.throws(() => normalCdf(NaN), /z is NaN/);
  });
});
