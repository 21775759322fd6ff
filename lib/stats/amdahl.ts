/**
 * Amdahl's law fitted to timings: how much of a workload stays serial, and so the most any number
 * of workers could ever speed it up. The scaling experiment's summary of a speedup curve.
 * @module
 */
import * as ss from "simple-statistics";
import type { Interval } from "../types.ts";
import { resolveBootstrap } from "./_checks.ts";
import { resampleStrata, stratify } from "./_strata.ts";
import { type BootstrapOptions, percentileInterval } from "./bootstrap.ts";
import { createRng } from "./rng.ts";

/**
 * One timing for {@link fitAmdahl}: a duration in milliseconds measured with `workers` workers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type AmdahlPoint, fitAmdahl } from "./amdahl.ts";
 *
 * const points: AmdahlPoint[] = [{ workers: 1, durationMs: 1000 }, { workers: 4, durationMs: 400 }];
 * assert.equal(fitAmdahl(points).n, 2);
 * ```
 */
export interface AmdahlPoint {
  workers: number;
  durationMs: number;
}

/**
 * Amdahl's law fitted to timings, as returned by {@link fitAmdahl}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type AmdahlFit, fitAmdahl } from "./amdahl.ts";
 *
 * const fit: AmdahlFit = fitAmdahl([{ workers: 1, durationMs: 1000 }, { workers: 4, durationMs: 400 }]);
 * assert.ok(Math.abs(fit.fitted(4) - 400) < 1e-9); // two points: the curve passes through both
 * ```
 */
export interface AmdahlFit {
  /** Serial fraction f in [0, 1]. */
  serialFraction: number;
  /** Stratified-bootstrap percentile interval of f. */
  serialFractionCi: Interval;
  /** Fitted time with one worker, in milliseconds. */
  t1Ms: number;
  /** Fitted time T1·(f + (1 − f)/k) with k workers, in milliseconds. */
  fitted: (workers: number) => number;
  /** Bound on the speedup with any number of workers, 1/f (Infinity when f = 0). */
  maxSpeedup: number;
  /** Number of points fitted. */
  n: number;
}

/** Least-squares fit of T = a + b/k; f and T1 follow from a and b. */
function amdahlLine(points: readonly AmdahlPoint[]): { f: number; t1: number } {
  const { m: b, b: a } = ss.linearRegression(points.map((p) => [1 / p.workers, p.durationMs]));
  const t1 = a + b;
  // With k ≥ 1 and positive times, t1 ≤ 0 can only come with a > 0: timings that grow with k, all serial.
  const f = t1 > 0 ? Math.min(1, Math.max(0, a / t1)) : 1;
  return { f, t1 };
}

/**
 * Fits Amdahl's law T(k) = T1·(f + (1 − f)/k) to durations measured with k workers. The law is
 * linear in 1/k, T = a + b/k with a = T1·f and b = T1·(1 − f), so it is fitted by ordinary least
 * squares on (1/k, T); then T1 = a + b and f = a/(a + b), clamped to [0, 1] because superlinear
 * speedups (cache effects) or slowdowns give values outside the model. The CI of f is a percentile
 * bootstrap that resamples the points within each k (stratified), so every resample keeps the design's
 * k values. Assumes the workload is fixed and k stays within the cores; oversubscribed k break the model.
 *
 * @param points Durations in milliseconds with their worker counts (integers ≥ 1); at least 2 distinct k.
 * @param opts `level` (0.95), `resamples` (2000), `seed` (1).
 * @throws {RangeError} With fewer than 2 distinct k, or a bad point or option.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitAmdahl } from "./amdahl.ts";
 *
 * const fit = fitAmdahl([1, 2, 4, 8].map((k) => ({ workers: k, durationMs: 1000 * (0.1 + 0.9 / k) })));
 * assert.ok(Math.abs(fit.serialFraction - 0.1) < 1e-12); // 10% of the work is serial…
 * assert.ok(Math.abs(fit.maxSpeedup - 10) < 1e-9); // …so no number of workers beats 10×
 * assert.ok(Math.abs(fit.t1Ms - 1000) < 1e-9);
 * ```
 */
export function fitAmdahl(points: AmdahlPoint[], opts: BootstrapOptions = {}): AmdahlFit {
  if (!Array.isArray(points) || points.length === 0) throw new RangeError("points is empty; give durations for at least 2 distinct worker counts");
  points.forEach((p, i) => {
    if (!Number.isInteger(p.workers) || p.workers < 1) throw new RangeError(`points[${i}].workers is ${p.workers}; give an integer ≥ 1`);
    if (!Number.isFinite(p.durationMs) || p.durationMs <= 0) throw new RangeError(`points[${i}].durationMs is ${p.durationMs}; give a finite duration > 0`);
  });
  const strata = stratify(points, (p) => p.workers);
  if (strata.size < 2) {
    throw new RangeError(`points cover ${strata.size} worker count (k = ${[...strata.keys()].join(", ")}); give at least 2 distinct k`);
  }
  const { level, resamples, seed } = resolveBootstrap(opts);
  const { f, t1 } = amdahlLine(points);
  const rng = createRng(seed);
  const groups = [...strata.values()];
  const replicates = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) replicates[i] = amdahlLine(resampleStrata(groups, rng)).f;
  return {
    serialFraction: f,
    serialFractionCi: percentileInterval(replicates, level, "the Amdahl fit"),
    t1Ms: t1,
    fitted: (workers: number) => t1 * (f + (1 - f) / workers),
    maxSpeedup: f === 0 ? Infinity : 1 / f,
    n: points.length,
  };
}
