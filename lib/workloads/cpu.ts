/**
 * CPU-bound kernels with answers that can be checked.
 * @module
 */

/** True when `n` is prime, by trial division by 2 and odd numbers up to √n. Deliberately naive: it is the load. */
export function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/**
 * Counts primes in [lo, hi) by trial division: CPU-bound, allocation-free, and its cost per number grows
 * like √n, so equal ranges are unequal work — a pool with a shared queue balances that, a static split would not.
 * @example countPrimes(0, 100) // 25
 */
export function countPrimes(lo: number, hi: number): number {
  let count = 0;
  for (let n = Math.max(lo, 0); n < hi; n++) if (isPrime(n)) count++;
  return count;
}

/**
 * Counts primes below `n` with a sieve of Eratosthenes: a different algorithm from {@link countPrimes},
 * so that agreeing answers check the parallel runs rather than repeat their method.
 * @example primeCountSieve(1_000_000) // 78498
 */
export function primeCountSieve(n: number): number {
  if (n < 3) return 0;
  const composite = new Uint8Array(n);
  let count = 0;
  for (let i = 2; i < n; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j < n; j += i) composite[j] = 1;
  }
  return count;
}

/** Splits [0, n) into `chunks` contiguous half-open ranges of near-equal width. */
export function splitRange(n: number, chunks: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < chunks; i++) {
    const lo = Math.floor((n * i) / chunks);
    const hi = Math.floor((n * (i + 1)) / chunks);
    if (hi > lo) ranges.push([lo, hi]);
  }
  return ranges;
}
