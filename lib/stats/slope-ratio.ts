/**
 * The ratio of two fitted slopes: how many times the marginal cost of one kind of worker exceeds
 * another's ("a process adds 3.1× the memory of a thread"), with a bootstrap interval.
 * @module
 */
import type { Interval } from "../types.ts";
import { resolveBootstrap } from "./_checks.ts";
import { leastSquares, requireLine } from "./_line.ts";
import { resampleStrata } from "./_strata.ts";
import type { BootstrapOptions } from "./bootstrap.ts";
import { quantileSorted } from "./quantile.ts";
import type { LinePoint } from "./regression.ts";
import { createRng } from "./rng.ts";

/**
 * Ratio of two fitted slopes, slope(a) / slope(b) (unitless when both share a unit), with a
 * percentile-bootstrap CI: each resample refits both lines on stratified resamples of their own
 * points (the two sets independent). Where a resample's slope of b is ≤ 0 the ratio is unbounded;
 * such resamples count as +Infinity (or −Infinity when a's slope is negative), so an interval that
 * reaches them says so with an infinite end. The interval's ends are therefore read with the
 * `"nearest"` quantile, which never interpolates towards an infinite replicate.
 *
 * @param a Points of the numerator's line; b of the denominator's. Each at 2 or more distinct x.
 * @param opts `level` (0.95), `resamples` (2000), `seed` (1).
 * @returns The ratio (Infinity when b's fitted slope is ≤ 0 < a's) and its interval.
 * @throws {RangeError} As `fitLine`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { slopeRatio } from "./slope-ratio.ts";
 *
 * const processBytes = [1, 2, 4].map((n) => ({ x: n, y: 40e6 + 30e6 * n }));
 * const threadBytes = [1, 2, 4].map((n) => ({ x: n, y: 40e6 + 10e6 * n }));
 * const r = slopeRatio(processBytes, threadBytes);
 * assert.ok(Math.abs(r.ratio - 3) < 1e-9); // a process adds 3× the memory of a thread
 * const flat = [1, 2].map((n) => ({ x: n, y: 5 }));
 * assert.equal(slopeRatio(threadBytes, flat).ratio, Infinity);
 * ```
 */
export function slopeRatio(a: LinePoint[], b: LinePoint[], opts: BootstrapOptions = {}): { ratio: number; ci: Interval } {
  const strataA = requireLine(a, "a");
  const strataB = requireLine(b, "b");
  const { level, resamples, seed } = resolveBootstrap(opts);
  const ratioOf = (sa: number, sb: number) => (sb > 0 ? sa / sb : sa >= 0 ? Infinity : -Infinity);
  const ratio = ratioOf(leastSquares(a).m, leastSquares(b).m);
  const rng = createRng(seed);
  const replicates = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) {
    replicates[i] = ratioOf(leastSquares(resampleStrata(strataA, rng)).m, leastSquares(resampleStrata(strataB, rng)).m);
  }
  replicates.sort((x, y) => x - y);
  const alpha = (1 - level) / 2;
  return { ratio, ci: { lo: quantileSorted(replicates, alpha, "nearest"), hi: quantileSorted(replicates, 1 - alpha, "nearest"), level } };
}
