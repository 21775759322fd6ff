/**
 * Amdahl's law fitted where it can be checked: on the median time at each worker count, with at
 * least three distinct counts within the machine's cores, an interval for the serial fraction, and a
 * test of whether the law fits at all. No speedup is extrapolated beyond the counts measured.
 *
 * T(k) = T1·(f + (1 − f)/k) is linear in 1/k: T = a + b/k with a = T1·f and b = T1·(1 − f), so the
 * serial fraction is the ratio f = a/(a + b). The line is fitted by least squares to the medians
 * (robust to a slow trial), its coefficients' covariance is the HC3 sandwich (MacKinnon & White
 * 1985), which allows the spread to change with k, and the set for f is Fieller's for a/(a + b)
 * (`fieller.ts`) with t at c − 2 degrees of freedom for c worker counts: with 3 or 4 counts the set is
 * wide, as it must be. Two points always fit a line, so with fewer than three counts the law cannot be
 * tested and nothing is estimated. Counts beyond the cores measure oversubscription, which the law
 * does not model, and are left out. The lack-of-fit F test (`slope.ts`) runs on the trials themselves,
 * in 1/k, with the replicates' pure error; a small p says the law does not describe these times.
 * @module
 */
import * as ss from "simple-statistics";
import type { Interval } from "../types.ts";
import { studentTQuantile } from "./distributions.ts";
import { fiellerInterval, type RatioSet } from "./fieller.ts";
import { lackOfFit, type LackOfFit } from "./slope.ts";
import { requireConfidence } from "./_verdict-checks.ts";

/**
 * Result of {@link fitAmdahlMedians}: the fit, or why it was not made.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitAmdahlMedians, type AmdahlMediansFit } from "./amdahl-fit.ts";
 * const fit: AmdahlMediansFit = fitAmdahlMedians([{ workers: 1, durationMs: 100 }, { workers: 2, durationMs: 55 }], 2);
 * assert.equal(fit.estimable, false);
 * ```
 */
/** One timing for an Amdahl fit: a duration in milliseconds measured with `workers` workers. */
export interface AmdahlPoint {
  workers: number;
  durationMs: number;
}

export type AmdahlMediansFit =
  | {
      estimable: true;
      /** Serial fraction f = a/(a + b) of the fitted medians, unitless (outside [0, 1] when the law does not hold). */
      serialFraction: number;
      /** Fieller's set for f, as computed (possibly unbounded). */
      serialFractionSet: RatioSet;
      /** The set clipped to [0, 1] when bounded; null when the set is not a bounded interval. */
      serialFractionCi: Interval | null;
      /** Fitted time with one worker, a + b, in milliseconds. */
      t1Ms: number;
      /** The worker counts used and their median durations in milliseconds, ascending by count. */
      medians: { workers: number; durationMs: number }[];
      /** Worker counts left out because they exceed the cores. */
      excludedWorkers: number[];
      /** Lack-of-fit test of the law on the trials. */
      lackOfFit: LackOfFit;
    }
  | { estimable: false; reason: string; excludedWorkers: number[] };

/**
 * Fits Amdahl's law to the median duration at each worker count k ≤ cores (see the module comment).
 *
 * @param points Durations in milliseconds (> 0) with their worker counts (integers ≥ 1).
 * @param cores The machine's cores: larger counts are left out.
 * @param opts `level`: confidence of the serial fraction's set, in (0.5, 1); default 0.95.
 * @returns The serial fraction with its set and the lack-of-fit test, or `{ estimable: false, reason }`.
 * @throws {InputError} On a level outside (0.5, 1), with input "confidence".
 * @throws {RangeError} On a bad point or a core count that is not an integer ≥ 1.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitAmdahlMedians } from "./amdahl-fit.ts";
 * const points = [1, 2, 4, 8, 16].flatMap((k) => [0.98, 1, 1.02].map((e) => ({ workers: k, durationMs: e * 1000 * (0.1 + 0.9 / k) })));
 * const fit = fitAmdahlMedians(points, 8);
 * assert.ok(fit.estimable);
 * if (fit.estimable) {
 *   assert.ok(Math.abs(fit.serialFraction - 0.1) < 1e-9);
 *   assert.deepEqual(fit.excludedWorkers, [16]);
 * }
 * assert.equal(fitAmdahlMedians(points, 2).estimable, false); // only k = 1, 2 within 2 cores
 * ```
 */
export function fitAmdahlMedians(points: readonly AmdahlPoint[], cores: number, opts: { level?: number } = {}): AmdahlMediansFit {
  const level = opts.level ?? 0.95;
  requireConfidence(level);
  if (!Number.isInteger(cores) || cores < 1) throw new RangeError(`cores is ${cores}; give the machine's core count, an integer ≥ 1`);
  if (!Array.isArray(points)) throw new RangeError("points is not an array; give durations with their worker counts");
  points.forEach((p, i) => {
    if (!Number.isInteger(p?.workers) || p.workers < 1) throw new RangeError(`points[${i}].workers is ${p?.workers}; give an integer ≥ 1`);
    if (!Number.isFinite(p.durationMs) || p.durationMs <= 0) throw new RangeError(`points[${i}].durationMs is ${p.durationMs}; give a finite duration > 0`);
  });
  const excludedWorkers = [...new Set(points.filter((p) => p.workers > cores).map((p) => p.workers))].sort((x, y) => x - y);
  const used = points.filter((p) => p.workers <= cores);
  const groups = new Map<number, number[]>();
  for (const p of used) groups.set(p.workers, [...(groups.get(p.workers) ?? []), p.durationMs]);
  const medians = [...groups.entries()].sort((x, y) => x[0] - y[0]).map(([workers, ds]) => ({ workers, durationMs: ss.median(ds) }));
  if (medians.length < 3) {
    const have = medians.map((m) => m.workers).join(", ") || "none";
    return { estimable: false, reason: `${medians.length} distinct worker counts within ${cores} cores (${have}); Amdahl's law needs at least 3 to be fitted and checked`, excludedWorkers };
  }
  // Least squares of median T on x = 1/k, with the HC3 covariance of (intercept a, slope b).
  const xs = medians.map((m) => 1 / m.workers);
  const ys = medians.map((m) => m.durationMs);
  const c = xs.length;
  const xMean = ss.mean(xs);
  const sxx = ss.sum(xs.map((x) => (x - xMean) ** 2));
  const b = ss.sum(xs.map((x, i) => (x - xMean) * ys[i]!)) / sxx;
  const a = ss.mean(ys) - b * xMean;
  let varA = 0;
  let varB = 0;
  let covAB = 0;
  xs.forEach((x, i) => {
    const leverage = 1 / c + (x - xMean) ** 2 / sxx;
    const omega = (ys[i]! - a - b * x) ** 2 / (1 - leverage) ** 2;
    const wb = (x - xMean) / sxx;
    const wa = 1 / c - xMean * wb;
    varA += wa * wa * omega;
    varB += wb * wb * omega;
    covAB += wa * wb * omega;
  });
  const t1 = a + b;
  const set = fiellerInterval({
    numerator: a,
    denominator: t1,
    varNumerator: varA,
    varDenominator: varA + varB + 2 * covAB,
    covariance: varA + covAB,
    critical: studentTQuantile(1 - (1 - level) / 2, c - 2),
    level,
  });
  const serialFractionCi = set.kind === "bounded" ? { lo: Math.max(0, set.lo), hi: Math.min(1, set.hi), level } : null;
  return {
    estimable: true,
    serialFraction: a / t1,
    serialFractionSet: set,
    serialFractionCi: serialFractionCi && serialFractionCi.lo <= serialFractionCi.hi ? serialFractionCi : null,
    t1Ms: t1,
    medians,
    excludedWorkers,
    lackOfFit: lackOfFit(used.map((p) => ({ x: 1 / p.workers, y: p.durationMs }))),
  };
}
