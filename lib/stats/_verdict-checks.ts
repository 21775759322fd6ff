/**
 * Checks of the inputs shared by the verdict primitives (rank tests, intervals, the verdict rule):
 * each names the parameter at fault and what would be valid, so that a caller can fix it.
 * Parameters a user sets (confidence, equivalence band, α, family) raise {@link InputError}; malformed
 * data raise RangeError, as in the rest of the statistics.
 * @module
 */
import { InputError } from "../errors.ts";

/**
 * Refuses a confidence level outside (0.5, 1): an interval below 50% brackets less than it leaves
 * out, and 100% has no finite distribution-free interval.
 *
 * @param level The confidence level, e.g. 0.95.
 * @throws {InputError} With input "confidence", saying what is valid.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requireConfidence } from "./_verdict-checks.ts";
 * requireConfidence(0.95);
 * assert.throws(() => requireConfidence(1), /confidence: .*between 0.5 and 1/);
 * ```
 */
export function requireConfidence(level: number): void {
  if (!(typeof level === "number" && level > 0.5 && level < 1)) {
    throw new InputError("confidence", `${String(level)} is not a confidence level; give a number between 0.5 and 1 (exclusive), e.g. 0.95`);
  }
}

/**
 * Refuses a significance level α outside (0, 0.5).
 *
 * @param alpha The significance level, e.g. 0.05.
 * @throws {InputError} With input "alpha", saying what is valid.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requireAlpha } from "./_verdict-checks.ts";
 * requireAlpha(0.05);
 * assert.throws(() => requireAlpha(0), /alpha: /);
 * ```
 */
export function requireAlpha(alpha: number): void {
  if (!(typeof alpha === "number" && alpha > 0 && alpha < 0.5)) {
    throw new InputError("alpha", `${String(alpha)} is not a significance level; give a number between 0 and 0.5 (exclusive), e.g. 0.05`);
  }
}

/**
 * Refuses a sample that is not a non-empty array of finite numbers, naming the first bad entry;
 * with `positive`, also any value ≤ 0 (a ratio or a logarithm needs values > 0).
 *
 * @param values The sample.
 * @param name Its name in the message, e.g. "a".
 * @param positive Whether every value must be > 0.
 * @throws {RangeError} Naming the sample and the index of the bad value.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requireFiniteSample } from "./_verdict-checks.ts";
 * requireFiniteSample([1, 2], "a");
 * assert.throws(() => requireFiniteSample([1, -2], "b", true), /b\[1\] is -2/);
 * ```
 */
export function requireFiniteSample(values: readonly number[], name: string, positive = false): void {
  if (!Array.isArray(values) || values.length === 0) throw new RangeError(`${name} is empty; give at least one finite number`);
  values.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${name}[${i}] is ${String(v)}; every value must be a finite number`);
    if (positive && v <= 0) throw new RangeError(`${name}[${i}] is ${v}; every value must be > 0 for a ratio`);
  });
}

/**
 * Refuses a count that is not an integer ≥ `min`.
 *
 * @param value The count.
 * @param name Its name in the message.
 * @param min The smallest valid value.
 * @throws {RangeError} Naming the parameter and the valid range.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requireCount } from "./_verdict-checks.ts";
 * requireCount(20_000, "resamples", 1);
 * assert.throws(() => requireCount(0.5, "resamples", 1), /resamples is 0.5/);
 * ```
 */
export function requireCount(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} is ${String(value)}; give an integer ≥ ${min}`);
}
