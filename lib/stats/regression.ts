/**
 * A straight line through repeated trials: the marginal cost of one more worker (bytes, ms per
 * worker), with a bootstrap interval that resamples trials within each design point.
 * @module
 */
import * as ss from "simple-statistics";
import type { Interval } from "../types.ts";
import { resolveBootstrap } from "./_checks.ts";
import { leastSquares, requireLine } from "./_line.ts";
import { resampleStrata } from "./_strata.ts";
import { type BootstrapOptions, percentileInterval } from "./bootstrap.ts";
import { createRng } from "./rng.ts";

/**
 * One observation for {@link fitLine}: a value `y` measured at a design point `x` (e.g. bytes at n
 * workers), each in its own unit.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitLine, type LinePoint } from "./regression.ts";
 *
 * const points: LinePoint[] = [{ x: 1, y: 60 }, { x: 2, y: 70 }];
 * assert.equal(fitLine(points).slope, 10);
 * ```
 */
export interface LinePoint {
  x: number;
  y: number;
}

/**
 * A least-squares line with bootstrap intervals, as returned by {@link fitLine}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitLine, type LineFit } from "./regression.ts";
 *
 * const fit: LineFit = fitLine([{ x: 1, y: 60 }, { x: 2, y: 70 }, { x: 2, y: 70 }]);
 * assert.deepEqual([fit.n, fit.xs, fit.r2], [3, [1, 2], 1]);
 * ```
 */
export interface LineFit {
  /** Change of y per unit of x, in y's unit per x's unit (e.g. bytes per worker). */
  slope: number;
  slopeCi: Interval;
  /** y at x = 0, in y's unit. */
  intercept: number;
  interceptCi: Interval;
  /** Share of the variance of y the line explains, in [0, 1] (1 when y has no variance). */
  r2: number;
  /** Number of points fitted. */
  n: number;
  /** The distinct x values, ascending. */
  xs: number[];
}

/**
 * Ordinary least-squares line y = intercept + slope·x (simple-statistics' linearRegression), with
 * percentile-bootstrap CIs of slope and intercept. The bootstrap resamples whole trials within each
 * x (stratified), so every resample keeps the design's x values and the line is always defined.
 * Assumes the trials are independent and y is linear in x; it does not assume normal errors. With
 * one trial per x the CI collapses to the point estimate: there is nothing to resample.
 *
 * @param points Observations at 2 or more distinct x; every x and y finite.
 * @param opts `level` (0.95), `resamples` (2000), `seed` (1).
 * @throws {RangeError} With fewer than 2 distinct x, a non-finite point, or bad options.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fitLine } from "./regression.ts";
 *
 * const fit = fitLine([1, 2, 4, 8].map((n) => ({ x: n, y: 50e6 + 10e6 * n })));
 * assert.ok(Math.abs(fit.slope - 10e6) < 1e-3); // ten megabytes per worker
 * assert.ok(Math.abs(fit.intercept - 50e6) < 1e-3);
 * assert.ok(Math.abs(fit.slopeCi.hi - fit.slopeCi.lo) < 1e-3); // one trial per x: nothing to resample
 * ```
 */
export function fitLine(points: LinePoint[], opts: BootstrapOptions = {}): LineFit {
  const strata = requireLine(points, "points");
  const { level, resamples, seed } = resolveBootstrap(opts);
  const { m, b } = leastSquares(points);
  const rng = createRng(seed);
  const slopes = new Array<number>(resamples);
  const intercepts = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) {
    const line = leastSquares(resampleStrata(strata, rng));
    slopes[i] = line.m;
    intercepts[i] = line.b;
  }
  const line = ss.linearRegressionLine({ m, b });
  const ys = points.map((p) => p.y);
  const r2 = ss.variance(ys) === 0 ? 1 : ss.rSquared(points.map((p) => [p.x, p.y]), line);
  return {
    slope: m,
    slopeCi: percentileInterval(slopes, level, "the line fit"),
    intercept: b,
    interceptCi: percentileInterval(intercepts, level, "the line fit"),
    r2,
    n: points.length,
    xs: strata.map((g) => g[0]!.x),
  };
}
