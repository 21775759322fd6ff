/**
 * Fieller's confidence set for a ratio of two estimates, θ = μ_N / μ_D.
 *
 * A ratio's interval cannot be "estimate ± t·SE": when the denominator's estimate is not clearly away
 * from 0, the ratio can be arbitrarily large or of either sign. Fieller's theorem (Fieller 1954,
 * JRSS B 16:175) inverts the pivot (N − θD)/√(v_N − 2θ·c + θ²·v_D) ~ t: the set of θ with
 * (N − θD)² ≤ t²(v_N − 2θc + θ²v_D) is a quadratic inequality in θ. If the denominator is
 * significant (D² > t²v_D) it is a bounded interval; otherwise it is the real line minus an interval
 * ("exclusive"), or the whole real line — and it is reported as such, never as a finite interval.
 * Assumes N and D are jointly normal estimates with the given variances and covariance.
 * @module
 */

/**
 * A Fieller confidence set, in the ratio's unit.
 * - bounded: [lo, hi].
 * - exclusive: (−∞, below] ∪ [above, +∞): the denominator is not distinguishable from 0 but the
 *   numerator is; the ratio is large in magnitude, of unknown sign.
 * - unbounded: every real number; the data say nothing about the ratio.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fiellerInterval, type RatioSet } from "./fieller.ts";
 * const set: RatioSet = fiellerInterval({ numerator: 1, denominator: 0.1, varNumerator: 0.01, varDenominator: 0.01, critical: 2 });
 * assert.equal(set.kind, "exclusive");
 * ```
 */
export type RatioSet =
  | { kind: "bounded"; lo: number; hi: number; level: number }
  | { kind: "exclusive"; below: number; above: number; level: number }
  | { kind: "unbounded"; level: number };

/**
 * Estimates for {@link fiellerInterval}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fiellerInterval, type FiellerInput } from "./fieller.ts";
 * const input: FiellerInput = { numerator: 6, denominator: 2, varNumerator: 0, varDenominator: 0, critical: 2 };
 * assert.deepEqual(fiellerInterval(input), { kind: "bounded", lo: 3, hi: 3, level: 0.95 });
 * ```
 */
export interface FiellerInput {
  /** Estimate of the numerator, N. */
  numerator: number;
  /** Estimate of the denominator, D. */
  denominator: number;
  /** Variance of N (its standard error squared). */
  varNumerator: number;
  /** Variance of D. */
  varDenominator: number;
  /** Covariance of N and D; 0 for independent estimates (default). */
  covariance?: number;
  /** Critical value of the pivot, e.g. the t quantile at (1 + level)/2. */
  critical: number;
  /** The confidence level the critical value belongs to, reported back; default 0.95. */
  level?: number;
}

/**
 * Fieller's confidence set for numerator/denominator (see the module comment).
 *
 * @param input Estimates, their variances and covariance, and the critical value.
 * @returns A bounded interval, the complement of an interval, or the whole line.
 * @throws {RangeError} On non-finite estimates, negative variances, or a critical value ≤ 0.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fiellerInterval } from "./fieller.ts";
 * // A well-determined denominator: close to N/D ± t·SE of the ratio.
 * const r = fiellerInterval({ numerator: 30, denominator: 10, varNumerator: 1, varDenominator: 0.25, critical: 2 });
 * assert.equal(r.kind, "bounded");
 * if (r.kind === "bounded") assert.ok(r.lo < 3 && 3 < r.hi);
 * // A denominator indistinguishable from 0 and a numerator too: no information.
 * assert.equal(fiellerInterval({ numerator: 0.1, denominator: 0.1, varNumerator: 1, varDenominator: 1, critical: 2 }).kind, "unbounded");
 * ```
 */
export function fiellerInterval(input: FiellerInput): RatioSet {
  const { numerator: n, denominator: d, varNumerator: vn, varDenominator: vd, critical: t } = input;
  const c = input.covariance ?? 0;
  const level = input.level ?? 0.95;
  for (const [name, v] of Object.entries({ numerator: n, denominator: d, covariance: c })) {
    if (!Number.isFinite(v)) throw new RangeError(`${name} is ${v}; give a finite number`);
  }
  if (!(vn >= 0 && vd >= 0 && Number.isFinite(vn) && Number.isFinite(vd))) throw new RangeError(`variances are ${vn}, ${vd}; give finite variances ≥ 0`);
  if (!(t > 0 && Number.isFinite(t))) throw new RangeError(`critical is ${t}; give a critical value > 0`);
  const t2 = t * t;
  // θ²·a − 2θ·b + k ≤ 0
  const a = d * d - t2 * vd;
  const b = n * d - t2 * c;
  const k = n * n - t2 * vn;
  const disc = b * b - a * k;
  if (a > 0) {
    const root = Math.sqrt(Math.max(0, disc));
    return { kind: "bounded", lo: (b - root) / a, hi: (b + root) / a, level };
  }
  if (a < 0 && disc > 0) {
    const root = Math.sqrt(disc);
    // a < 0: the parabola opens downward, ≤ 0 outside its roots.
    const r1 = (b + root) / a;
    const r2 = (b - root) / a;
    return { kind: "exclusive", below: Math.min(r1, r2), above: Math.max(r1, r2), level };
  }
  // No real root, or a = 0 exactly (a half-line, which happens only on a knife edge): unbounded.
  return { kind: "unbounded", level };
}
