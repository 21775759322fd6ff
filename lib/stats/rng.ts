/**
 * The lab's one source of randomness: a seeded generator, so that every bootstrap, permutation and
 * shuffled trial order can be reproduced from its seed. simple-statistics accepts a `randomSource`
 * in its sampling functions but ships no seeded generator, and `Math.random` cannot be seeded.
 * @module
 */

/**
 * A seeded uniform generator on [0, 1): mulberry32, a 32-bit state generator with a full 2^32
 * period. Only the low 32 bits of the seed matter. Fine for resampling; not for cryptography.
 *
 * @param seed Any integer.
 * @returns A function returning the next number in [0, 1) (unitless) on each call.
 * @throws {RangeError} If the seed is not an integer.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRng } from "./rng.ts";
 *
 * const a = createRng(42);
 * const b = createRng(42);
 * const draws = [a(), a(), a()];
 * assert.deepEqual([b(), b(), b()], draws); // the same seed gives the same sequence
 * assert.ok(draws.every((x) => x >= 0 && x < 1));
 * assert.throws(() => createRng(1.5), RangeError);
 * ```
 */
export function createRng(seed: number): () => number {
  if (!Number.isInteger(seed)) throw new RangeError(`seed: ${seed} is not an integer; give an integer such as 1`);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
