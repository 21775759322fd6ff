/** Seeded draws and brute-force enumerations shared by the verdict statistics' tests. */
import { createRng } from "parlab/stats";

/** A seeded standard normal generator (Box–Muller on the lab's seeded uniform generator). */
export function normalRng(seed: number): () => number {
  const u = createRng(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const theta = 2 * Math.PI * u();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/** Every way to choose k of the indices 0 … n − 1, in lexicographic order. */
export function* combinations(n: number, k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  if (k > n) return;
  while (true) {
    yield idx.slice();
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/** Mann–Whitney U by counting pairs, independent of any ranking code. */
export function pairCountU(a: readonly number[], b: readonly number[]): number {
  let u = 0;
  for (const x of a) for (const y of b) u += x > y ? 1 : x === y ? 0.5 : 0;
  return u;
}

/** Two-sided exact rank-sum p by listing every split of the pooled values: #(|U − mn/2| ≥ observed) / #splits. */
export function bruteForceRankSumP(a: readonly number[], b: readonly number[]): { p: number; minP: number } {
  const pooled = [...a, ...b];
  const m = a.length;
  const centre = (m * b.length) / 2;
  const observed = Math.abs(pairCountU(a, b) - centre);
  const distances: number[] = [];
  for (const chosen of combinations(pooled.length, m)) {
    const inA = new Set(chosen);
    const sa = chosen.map((i) => pooled[i]!);
    const sb = pooled.filter((_, i) => !inA.has(i));
    distances.push(Math.abs(pairCountU(sa, sb) - centre));
  }
  const max = Math.max(...distances);
  return {
    p: distances.filter((d) => d >= observed).length / distances.length,
    minP: distances.filter((d) => d >= max).length / distances.length,
  };
}

/** Fraction and its binomial standard error, for coverage and error-rate checks. */
export function rate(hits: number, trials: number): { rate: number; se: number } {
  const p = hits / trials;
  return { rate: p, se: Math.sqrt((p * (1 - p)) / trials) };
}
