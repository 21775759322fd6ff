/**
 * Argument checks shared by the statistics. Each throws a RangeError that names the argument, the
 * offending index or value, and what would be valid, so a bad call fails where it was made rather
 * than as a NaN three functions later; and the defaults those arguments take. Private to `lib/stats/`.
 * @module
 */
import { createRng } from "./rng.ts";

/** Throws unless `values` is a non-empty array of finite numbers; the message names `name[i]`. */
export function requireSample(values: readonly number[], name: string): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new RangeError(`${name} is empty; give at least one finite number`);
  }
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== "number" || !Number.isFinite(values[i])) {
      throw new RangeError(`${name}[${i}] is ${String(values[i])}; every value must be a finite number`);
    }
  }
}

/** As {@link requireSample}, and every value > 0, which a ratio of medians needs. */
export function requirePositiveSample(values: readonly number[], name: string): void {
  requireSample(values, name);
  const i = values.findIndex((v) => v <= 0);
  if (i >= 0) throw new RangeError(`${name}[${i}] is ${values[i]}; a ratio of medians needs every value > 0`);
}

/** Throws unless `value` is an integer ≥ `min` (a count: resamples, permutations, trials). */
export function requireCount(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} is ${value}; give an integer ≥ ${min}`);
  }
}

/** Throws unless `level` is a confidence level strictly between 0 and 1. */
export function requireLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`level is ${level}; give a confidence level between 0 and 1, e.g. 0.95`);
}

/** Confidence level of every interval unless a caller asks for another. */
export const DEFAULT_LEVEL = 0.95;
/** Bootstrap resamples: enough for stable 95% interval ends at the lab's sample sizes. */
export const DEFAULT_RESAMPLES = 2000;
/** Seed of every generator unless a caller gives one. */
export const DEFAULT_SEED = 1;

/** Fills in and checks a bootstrap's options, before any work is done. */
export function resolveBootstrap(opts: { level?: number; resamples?: number; seed?: number }): { level: number; resamples: number; seed: number } {
  const level = opts.level ?? DEFAULT_LEVEL;
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const seed = opts.seed ?? DEFAULT_SEED;
  requireLevel(level);
  requireCount(resamples, "resamples", 1);
  createRng(seed); // validates the seed
  return { level, resamples, seed };
}
