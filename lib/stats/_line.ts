/**
 * The checks and least-squares step shared by `fitLine` and `slopeRatio`, so that both
 * refuse the same input with the same words and fit the same line. Private to `lib/stats/`.
 * @module
 */
import * as ss from "simple-statistics";
import { stratify } from "./_strata.ts";

/** An observation y at a design point x, as in `LinePoint`. */
type Point = { x: number; y: number };

/** Ordinary least squares through the points (simple-statistics): slope m and intercept b. */
export function leastSquares(points: readonly Point[]): { m: number; b: number } {
  return ss.linearRegression(points.map((p) => [p.x, p.y]));
}

/** Checks points a line can be fitted to and groups them by x, ascending; the errors name `name[i]`. */
export function requireLine<T extends Point>(points: T[], name: string): T[][] {
  if (!Array.isArray(points) || points.length === 0) throw new RangeError(`${name} is empty; give points at 2 or more distinct x`);
  points.forEach((p, i) => {
    if (!Number.isFinite(p?.x) || !Number.isFinite(p?.y)) throw new RangeError(`${name}[${i}] is ${JSON.stringify(p)}; x and y must be finite numbers`);
  });
  const strata = [...stratify(points, (p) => p.x).entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
  if (strata.length < 2) throw new RangeError(`${name} covers ${strata.length} distinct x (${points[0]!.x}); give points at 2 or more distinct x`);
  return strata;
}
