/**
 * The lab's statistics: descriptive summaries, bootstrap confidence intervals, permutation tests,
 * ratio comparisons, fairness of a spread, and Amdahl's law.
 *
 * Benchmark timings are skewed and have outliers, so everything here is built on medians and on
 * resampling, which need no normality assumption. Every random step draws from a seeded generator,
 * so the same data and seed always give the same numbers.
 * @module
 */
import * as ss from "simple-statistics";
import { formatInterval, formatNumber } from "../format.ts";
import type { Comparison, Fairness, Interval, Summary } from "../types.ts";

/** Options of every bootstrap: confidence level, number of resamples, and the generator's seed. */
export interface BootstrapOptions {
  /** Confidence level in (0, 1); default 0.95. */
  level?: number;
  /** Bootstrap resamples; default 2000. */
  resamples?: number;
  /** Seed of the generator; default 1. */
  seed?: number;
}

/** Options of the permutation test. */
export interface PermutationOptions {
  /** Random relabellings; default 5000. */
  permutations?: number;
  /** Seed of the generator; default 1. */
  seed?: number;
}

/** Options of {@link compareRatio}. */
export interface CompareOptions extends BootstrapOptions, PermutationOptions {
  /** Name of sample a in the verdict; default "A". */
  labelA?: string;
  /** Name of sample b in the verdict; default "B". */
  labelB?: string;
  /** What was measured, for the verdict, e.g. "compute time"; default "time". */
  quantity?: string;
  /** True when smaller values are better (durations, memory); default true. */
  lowerIsBetter?: boolean;
}

/** One timing for {@link fitAmdahl}: a duration measured with `workers` workers. */
export interface AmdahlPoint {
  workers: number;
  durationMs: number;
}

/** Amdahl's law fitted to timings, as returned by {@link fitAmdahl}. */
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

const DEFAULT_LEVEL = 0.95;
const DEFAULT_RESAMPLES = 2000;
const DEFAULT_SEED = 1;
const DEFAULT_PERMUTATIONS = 5000;

/**
 * A seeded uniform generator on [0, 1): mulberry32, a 32-bit state generator with a full 2^32 period.
 * simple-statistics accepts a `randomSource` in its sampling functions but ships no seeded generator,
 * and Math.random cannot be seeded, so results could never be reproduced without this. Only the low
 * 32 bits of the seed matter. Fine for resampling; not for cryptography.
 *
 * @param seed Any integer.
 * @returns A function returning the next number in [0, 1) on each call.
 * @throws {RangeError} If the seed is not an integer.
 * @example
 * const rng = createRng(42);
 * rng(); // the same number on every run with seed 42
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

function requireSample(values: readonly number[], name: string): void {
  if (!Array.isArray(values) || values.length === 0) {
    throw new RangeError(`${name} is empty; give at least one finite number`);
  }
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== "number" || !Number.isFinite(values[i])) {
      throw new RangeError(`${name}[${i}] is ${String(values[i])}; every value must be a finite number`);
    }
  }
}

function requirePositiveSample(values: readonly number[], name: string): void {
  requireSample(values, name);
  const i = values.findIndex((v) => v <= 0);
  if (i >= 0) throw new RangeError(`${name}[${i}] is ${values[i]}; a ratio of medians needs every value > 0`);
}

function requireCount(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} is ${value}; give an integer ≥ ${min}`);
  }
}

function requireLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`level is ${level}; give a confidence level between 0 and 1, e.g. 0.95`);
}

function resolveBootstrap(opts: BootstrapOptions): Required<BootstrapOptions> {
  const level = opts.level ?? DEFAULT_LEVEL;
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const seed = opts.seed ?? DEFAULT_SEED;
  requireLevel(level);
  requireCount(resamples, "resamples", 1);
  createRng(seed); // validates the seed before any work is done
  return { level, resamples, seed };
}

/** Percentile interval of bootstrap replicates; NaN replicates would silently corrupt the sort, so they are refused. */
function percentileInterval(replicates: number[], level: number, what: string): Interval {
  if (replicates.some(Number.isNaN)) throw new RangeError(`${what} returned NaN on a bootstrap resample; it must be defined for every resample`);
  const alpha = (1 - level) / 2;
  const [lo, hi] = ss.quantile(replicates, [alpha, 1 - alpha]);
  return { lo, hi, level };
}

/**
 * Percentile-bootstrap confidence interval of any statistic: resample the values with replacement,
 * recompute the statistic, and take the (1 − level)/2 and (1 + level)/2 quantiles (type 7) of the
 * replicates. Assumes the values are independent draws from one distribution; no normality needed.
 * With very few values the interval is too narrow, because a resample can only reuse what was seen.
 * The interval is in the statistic's unit.
 *
 * @param values The sample; at least one finite number.
 * @param statistic Computed on the sample and on each resample, e.g. `ss.median`.
 * @param opts `level` (0.95), `resamples` (2000), `seed` (1).
 * @returns The interval; with one value, lo = hi = statistic([value]).
 * @throws {RangeError} On an empty sample, a non-finite value, or bad options.
 * @example
 * bootstrapCi([12.1, 11.8, 12.5, 13.0, 12.2], ss.median); // { lo: ≈11.9, hi: ≈12.8, level: 0.95 }
 */
export function bootstrapCi(
  values: number[],
  statistic: (xs: number[]) => number,
  opts: BootstrapOptions = {},
): Interval {
  requireSample(values, "values");
  const { level, resamples, seed } = resolveBootstrap(opts);
  if (values.length === 1) {
    const value = statistic(values.slice());
    return { lo: value, hi: value, level };
  }
  const rng = createRng(seed);
  const replicates = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) {
    replicates[i] = statistic(ss.sampleWithReplacement(values, values.length, rng));
  }
  return percentileInterval(replicates, level, "statistic");
}

/**
 * Indices of values outside Tukey's fences, [Q1 − 1.5·IQR, Q3 + 1.5·IQR], with quartiles by
 * linear interpolation (type 7). A flag for a reader, not a reason to drop a trial: a slow trial
 * on a busy machine is a real measurement.
 *
 * @param values At least one finite number.
 * @returns Indices into `values`, ascending.
 * @throws {RangeError} On an empty sample or a non-finite value.
 * @example
 * tukeyOutliers([1, 2, 3, 4, 100]); // [4]
 */
export function tukeyOutliers(values: number[]): number[] {
  requireSample(values, "values");
  const [q1, q3] = ss.quantile(values, [0.25, 0.75]);
  const reach = 1.5 * (q3 - q1);
  const out: number[] = [];
  values.forEach((v, i) => {
    if (v < q1 - reach || v > q3 + reach) out.push(i);
  });
  return out;
}

/**
 * Descriptive statistics of one sample, in the sample's unit: median, mean, sample standard deviation
 * (n − 1 denominator, 0 when n < 2), quartiles by linear interpolation (type 7), the percentile-
 * bootstrap CI of the median, the relative spread IQR/|median| (0 when the median is 0), and the
 * indices of Tukey outliers. Assumes the values are independent trials of one condition.
 *
 * @param values At least one finite number, e.g. durations in milliseconds.
 * @param opts Bootstrap options for the median's CI: `level` (0.95), `resamples` (2000), `seed` (1).
 * @throws {RangeError} On an empty sample, or naming the index of a non-finite value.
 * @example
 * const s = summarize([1, 2, 3, 4, 100]);
 * s.median; // 3
 * s.outliers; // [4]
 */
export function summarize(values: number[], opts: BootstrapOptions = {}): Summary {
  requireSample(values, "values");
  const n = values.length;
  const median = ss.median(values);
  const [p25, p75] = ss.quantile(values, [0.25, 0.75]);
  const iqr = p75 - p25;
  return {
    n,
    median,
    mean: ss.mean(values),
    sd: n < 2 ? 0 : ss.sampleStandardDeviation(values),
    p25,
    p75,
    iqr,
    min: ss.min(values),
    max: ss.max(values),
    medianCi: bootstrapCi(values, ss.median, opts),
    relativeIqr: median === 0 ? 0 : iqr / Math.abs(median),
    outliers: tukeyOutliers(values),
  };
}

/**
 * Two-sided permutation test of a difference in medians: shuffle the pooled values, split them into
 * groups of the original sizes, and count how often |median₁ − median₂| is at least the observed one.
 * p = (count + 1) / (permutations + 1), so p is never 0 and never below 1/(permutations + 1): a Monte
 * Carlo p-value that stays valid (Phipson & Smyth 2010). simple-statistics' permutationTest compares
 * means and can return 0, so it is not used. Assumes the values are exchangeable under "no difference".
 *
 * @param a First sample; at least one finite number.
 * @param b Second sample; at least one finite number.
 * @param opts `permutations` (5000), `seed` (1).
 * @returns The p-value in (0, 1].
 * @throws {RangeError} On an empty sample, a non-finite value, or bad options.
 * @example
 * permutationPValue([10, 11, 12, 13], [20, 21, 22, 23], { permutations: 999 }); // small, ≥ 0.001
 */
export function permutationPValue(a: number[], b: number[], opts: PermutationOptions = {}): number {
  requireSample(a, "a");
  requireSample(b, "b");
  const permutations = opts.permutations ?? DEFAULT_PERMUTATIONS;
  requireCount(permutations, "permutations", 1);
  const rng = createRng(opts.seed ?? DEFAULT_SEED);
  const observed = Math.abs(ss.median(a) - ss.median(b));
  const pooled = a.concat(b);
  // The same split can give a median difference a few ulps off the observed one (medians of even
  // counts are averages), which must still count as "at least as extreme".
  const slack = 1e-12 * ss.max(pooled.map(Math.abs));
  let extreme = 0;
  for (let i = 0; i < permutations; i++) {
    ss.shuffleInPlace(pooled, rng);
    const diff = Math.abs(ss.median(pooled.slice(0, a.length)) - ss.median(pooled.slice(a.length)));
    if (diff >= observed - slack) extreme++;
  }
  return (extreme + 1) / (permutations + 1);
}

function countBelow(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countAtMost(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Cliff's delta, P(a > b) − P(a < b) over all pairs: a rank effect size in [−1, 1] that needs no
 * distributional assumption and ignores how far apart values are. 0 means the samples overlap evenly;
 * ±1 means every value of one lies above every value of the other. Computed by binary search in the
 * sorted b, O((n + m) log m), so raw latency samples of many thousands stay cheap.
 *
 * @param a First sample; at least one finite number.
 * @param b Second sample; at least one finite number.
 * @throws {RangeError} On an empty sample or a non-finite value.
 * @example
 * cliffsDelta([4, 5], [1, 2, 3]); // 1
 * cliffsDelta([2, 3, 4], [1, 2]); // 5/6
 */
export function cliffsDelta(a: number[], b: number[]): number {
  requireSample(a, "a");
  requireSample(b, "b");
  const sorted = b.slice().sort((x, y) => x - y);
  let score = 0;
  for (const x of a) {
    const below = countBelow(sorted, x);
    const above = sorted.length - countAtMost(sorted, x);
    score += below - above;
  }
  return score / (a.length * b.length);
}

/** Bootstrap of median(a)/median(b), resampling each sample independently from one generator. */
function ratioOfMedians(a: number[], b: number[], opts: BootstrapOptions): { ratio: number; ci: Interval } {
  requirePositiveSample(a, "a");
  requirePositiveSample(b, "b");
  const { level, resamples, seed } = resolveBootstrap(opts);
  const ratio = ss.median(a) / ss.median(b);
  if (a.length === 1 && b.length === 1) return { ratio, ci: { lo: ratio, hi: ratio, level } };
  const rng = createRng(seed);
  const replicates = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) {
    const ra = ss.median(ss.sampleWithReplacement(a, a.length, rng));
    const rb = ss.median(ss.sampleWithReplacement(b, b.length, rng));
    replicates[i] = ra / rb;
  }
  return { ratio, ci: percentileInterval(replicates, level, "ratio of medians") };
}

/**
 * A p-value for a sentence: "p < 0.001" below 0.001, otherwise two significant digits, because a
 * Monte Carlo p-value from a few thousand permutations is not more precise than that.
 *
 * @example
 * formatPValue(0.0002); // "p < 0.001"
 * formatPValue(0.4128); // "p = 0.41"
 */
export function formatPValue(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${formatNumber(p, 2)}`;
}

function formatLevel(level: number): string {
  return `${Number((level * 100).toFixed(2))}%`;
}

/** Fewest trials per sample for which {@link compareRatio} states a winner. */
export const MIN_TRIALS_FOR_VERDICT = 5;

const TIME_LIKE = /\b(time|duration|latency|wall)\b/i;

/**
 * Compares two samples of a positive quantity by the ratio of their medians, median(a)/median(b),
 * with a percentile-bootstrap CI of the ratio (a and b resampled independently), a two-sided
 * permutation p-value for a difference in medians, Cliff's delta, and a one-sentence verdict.
 * "No difference" means the ratio's CI includes 1; the verdict follows the CI, not the p-value.
 * Assumes independent trials within each sample. With a single trial in a sample there is no
 * uncertainty to estimate for it, and the verdict says so instead of claiming a winner.
 *
 * @param a Sample whose median is the numerator; every value finite and > 0 (e.g. milliseconds).
 * @param b Sample whose median is the denominator; every value finite and > 0, same unit as a.
 * @param opts Labels, `quantity` ("time"), `lowerIsBetter` (true), and bootstrap/permutation options.
 * @throws {RangeError} On an empty sample, a non-finite or non-positive value, or bad options.
 * @example
 * const c = compareRatio(threadMs, mainMs, { labelA: "threads×2", labelB: "main" });
 * c.verdict;
 * // "threads×2 took 0.520× the time of main (95% CI 0.490–0.550×; p < 0.001; n = 10 vs 10): threads×2 is faster."
 */
export function compareRatio(a: number[], b: number[], opts: CompareOptions = {}): Comparison {
  const labelA = opts.labelA ?? "A";
  const labelB = opts.labelB ?? "B";
  const quantity = opts.quantity ?? "time";
  const lowerIsBetter = opts.lowerIsBetter ?? true;
  const { ratio, ci } = ratioOfMedians(a, b, opts);
  const pValue = permutationPValue(a, b, { permutations: opts.permutations, seed: opts.seed });
  const noDifference = ci.lo <= 1 && ci.hi >= 1;
  const nText = `n = ${a.length} vs ${b.length}`;
  const stats = `${formatLevel(ci.level)} CI ${formatInterval(ci)}×; ${formatPValue(pValue)}; ${nText}`;
  const timeLike = lowerIsBetter && TIME_LIKE.test(quantity);
  const claim = timeLike
    ? `${labelA} took ${formatNumber(ratio)}× the ${quantity} of ${labelB}`
    : `${labelA} had ${formatNumber(ratio)}× the ${quantity} of ${labelB}`;
  let verdict: string;
  if (Math.min(a.length, b.length) < 2) {
    verdict = `${claim} (${nText}): too few trials to estimate the uncertainty, so no conclusion.`;
  } else if (Math.min(a.length, b.length) < MIN_TRIALS_FOR_VERDICT) {
    // A percentile bootstrap of 2–4 values can only recombine them: its interval is too narrow to trust.
    verdict = `${claim} (${stats}): too few trials for a verdict; ${MIN_TRIALS_FOR_VERDICT} or more per condition give usable intervals.`;
  } else if (!noDifference && pValue >= 0.05) {
    verdict = `${claim} (${stats}): inconclusive, the interval excludes 1 but the permutation test does not reject equal medians; run more trials.`;
  } else if (noDifference) {
    const what = opts.quantity === undefined ? "" : ` in ${quantity}`;
    verdict = `No difference${what} detected between ${labelA} and ${labelB}: ratio ${formatNumber(ratio)}× (${stats}).`;
  } else {
    // The CI, not the point estimate, decides the side, so the sentence never contradicts its interval.
    const lower = ci.hi < 1;
    const better = lower === lowerIsBetter;
    const outcome = timeLike
      ? `${labelA} is ${lower ? "faster" : "slower"}`
      : `${labelA} is ${lower ? "lower" : "higher"}, which is ${better ? "better" : "worse"}`;
    verdict = `${claim} (${stats}): ${outcome}.`;
  }
  return {
    a: labelA,
    b: labelB,
    nA: a.length,
    nB: b.length,
    medianA: ss.median(a),
    medianB: ss.median(b),
    ratio,
    ratioCi: ci,
    pValue,
    cliffsDelta: cliffsDelta(a, b),
    noDifference,
    conclusive: Math.min(a.length, b.length) >= MIN_TRIALS_FOR_VERDICT && !noDifference && pValue < 0.05,
    verdict,
  };
}

/**
 * Speedup of a condition over a baseline, median(baseline)/median(condition), with the same
 * percentile-bootstrap CI as {@link compareRatio} (identical numbers for the same seed). Parallel
 * efficiency is speedup / workers; dividing the ratio and both CI ends by k is left to the caller.
 *
 * @param baselineMs Baseline durations (e.g. the main thread), every value finite and > 0.
 * @param conditionMs Durations of the condition, same unit.
 * @param opts `level` (0.95), `resamples` (2000), `seed` (1).
 * @throws {RangeError} On an empty sample, a non-finite or non-positive value, or bad options.
 * @example
 * speedup([100, 102, 98], [26, 25, 27]); // { ratio: ≈3.85, ci: { lo, hi, level: 0.95 } }
 */
export function speedup(
  baselineMs: number[],
  conditionMs: number[],
  opts: BootstrapOptions = {},
): { ratio: number; ci: Interval } {
  return ratioOfMedians(baselineMs, conditionMs, opts);
}

/**
 * Upper tail P(X ≥ x) of the chi-square distribution with `df` degrees of freedom, the regularized
 * upper incomplete gamma function Q(df/2, x/2). simple-statistics has only a two-decimal table of
 * critical values, not a CDF. Computed as in Numerical Recipes (§6.2): by the series for P = 1 − Q when
 * x/2 < df/2 + 1, where it converges fast, and by Lentz's continued fraction for Q otherwise, where
 * it converges fast and keeps relative precision for tiny tails. Accurate to about 1e-12 relative.
 *
 * @param x The statistic, ≥ 0 (values ≤ 0 give 1).
 * @param df Degrees of freedom, > 0.
 * @throws {RangeError} If x is NaN or df is not a positive finite number.
 * @example
 * chiSquareSurvival(3.841, 1); // ≈ 0.05
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (Number.isNaN(x)) throw new RangeError("x is NaN; give a chi-square statistic ≥ 0");
  if (!(df > 0 && Number.isFinite(df))) throw new RangeError(`df is ${df}; give degrees of freedom > 0`);
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const a = df / 2;
  const z = x / 2;
  // e^(−z) z^a / Γ(a), in logs because z^a and Γ(a) overflow for large df.
  const prefactor = Math.exp(-z + a * Math.log(z) - ss.gammaln(a));
  const eps = 1e-15;
  const maxIterations = 10_000;
  if (z < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n <= maxIterations; n++) {
      term *= z / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * eps) return Math.min(1, Math.max(0, 1 - sum * prefactor));
    }
  } else {
    const tiny = 1e-300;
    let b = z + 1 - a;
    let c = 1 / tiny;
    let d = 1 / b;
    let h = d;
    for (let i = 1; i <= maxIterations; i++) {
      const an = -i * (i - a);
      b += 2;
      d = an * d + b;
      if (Math.abs(d) < tiny) d = tiny;
      c = b + an / c;
      if (Math.abs(c) < tiny) c = tiny;
      d = 1 / d;
      const delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < eps) return Math.min(1, Math.max(0, prefactor * h));
    }
  }
  throw new Error(`chiSquareSurvival(${x}, ${df}) did not converge`);
}

/**
 * How evenly a total is spread over k workers, from the count each got (connections, requests,
 * tasks): the share of the busiest `top` workers against the even share top/k, max/min, Jain's index
 * (Σx)²/(k·Σx²) in [1/k, 1], the coefficient of variation (population sd / mean), and Pearson's
 * chi-square test against a uniform spread (expected total/k each, df = k − 1, p from
 * {@link chiSquareSurvival}). The test assumes independent assignments; with expected counts below
 * about 5 its p-value is only approximate.
 *
 * @param counts One non-negative integer count per worker; k ≥ 2 and a total > 0.
 * @param opts `top`: how many of the busiest workers the share is of (default 2, at most k).
 * @throws {RangeError} Naming the bad input: fewer than 2 counts, a negative or non-integer count, a zero total, or a bad `top`.
 * @example
 * fairness([70, 10, 10, 10]); // { topShare: 0.8, jain: ≈0.481, chiSquare: 108, df: 3, ... }
 */
export function fairness(counts: number[], opts: { top?: number } = {}): Fairness {
  if (!Array.isArray(counts) || counts.length < 2) {
    throw new RangeError(`counts has ${Array.isArray(counts) ? counts.length : 0} entries; give one count per worker for at least 2 workers`);
  }
  counts.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`counts[${i}] is ${c}; every count must be an integer ≥ 0`);
  });
  const k = counts.length;
  const total = ss.sum(counts);
  if (total === 0) throw new RangeError("counts are all 0; give counts with a total > 0");
  const top = opts.top ?? 2;
  if (!Number.isInteger(top) || top < 1 || top > k) throw new RangeError(`top is ${top}; give an integer from 1 to ${k} (the number of counts)`);
  const descending = counts.slice().sort((x, y) => y - x);
  const mean = total / k;
  const chiSquare = ss.sum(counts.map((c) => (c - mean) ** 2 / mean));
  const min = descending[k - 1];
  return {
    k,
    total,
    top,
    topShare: ss.sum(descending.slice(0, top)) / total,
    topShareIdeal: top / k,
    maxMinRatio: min === 0 ? Infinity : descending[0] / min,
    jain: (total * total) / (k * ss.sum(counts.map((c) => c * c))),
    cv: ss.standardDeviation(counts) / mean,
    chiSquare,
    df: k - 1,
    pValue: chiSquareSurvival(chiSquare, k - 1),
  };
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
 * const fit = fitAmdahl([1, 2, 4, 8].map((k) => ({ workers: k, durationMs: 1000 * (0.1 + 0.9 / k) })));
 * fit.serialFraction; // 0.1
 * fit.maxSpeedup; // 10
 */
export function fitAmdahl(points: AmdahlPoint[], opts: BootstrapOptions = {}): AmdahlFit {
  if (!Array.isArray(points) || points.length === 0) throw new RangeError("points is empty; give durations for at least 2 distinct worker counts");
  points.forEach((p, i) => {
    if (!Number.isInteger(p.workers) || p.workers < 1) throw new RangeError(`points[${i}].workers is ${p.workers}; give an integer ≥ 1`);
    if (!Number.isFinite(p.durationMs) || p.durationMs <= 0) throw new RangeError(`points[${i}].durationMs is ${p.durationMs}; give a finite duration > 0`);
  });
  const strata = new Map<number, AmdahlPoint[]>();
  for (const p of points) {
    const group = strata.get(p.workers);
    if (group) group.push(p);
    else strata.set(p.workers, [p]);
  }
  if (strata.size < 2) {
    throw new RangeError(`points cover ${strata.size} worker count (k = ${[...strata.keys()].join(", ")}); give at least 2 distinct k`);
  }
  const { level, resamples, seed } = resolveBootstrap(opts);
  const { f, t1 } = amdahlLine(points);
  const rng = createRng(seed);
  const groups = [...strata.values()];
  const replicates = new Array<number>(resamples);
  for (let i = 0; i < resamples; i++) {
    const resample: AmdahlPoint[] = [];
    for (const group of groups) resample.push(...ss.sampleWithReplacement(group, group.length, rng));
    replicates[i] = amdahlLine(resample).f;
  }
  return {
    serialFraction: f,
    serialFractionCi: percentileInterval(replicates, level, "the Amdahl fit"),
    t1Ms: t1,
    fitted: (workers: number) => t1 * (f + (1 - f) / workers),
    maxSpeedup: f === 0 ? Infinity : 1 / f,
    n: points.length,
  };
}

// ---------------------------------------------------------------------------------------------
// Straight lines: the marginal cost of one more worker.

/** One observation for {@link fitLine}: a value `y` measured at a design point `x` (e.g. bytes at n workers). */
export interface LinePoint {
  x: number;
  y: number;
}

/** A least-squares line with bootstrap intervals, as returned by {@link fitLine}. */
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

/** Groups points by x, so that a bootstrap can resample within each design point. */
function strataByX(points: readonly LinePoint[]): LinePoint[][] {
  const groups = new Map<number, LinePoint[]>();
  for (const p of points) groups.set(p.x, [...(groups.get(p.x) ?? []), p]);
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
}

function leastSquares(points: readonly LinePoint[]): { m: number; b: number } {
  return ss.linearRegression(points.map((p) => [p.x, p.y]));
}

function requireLine(points: LinePoint[], name: string): LinePoint[][] {
  if (!Array.isArray(points) || points.length === 0) throw new RangeError(`${name} is empty; give points at 2 or more distinct x`);
  points.forEach((p, i) => {
    if (!Number.isFinite(p?.x) || !Number.isFinite(p?.y)) throw new RangeError(`${name}[${i}] is ${JSON.stringify(p)}; x and y must be finite numbers`);
  });
  const strata = strataByX(points);
  if (strata.length < 2) throw new RangeError(`${name} covers ${strata.length} distinct x (${points[0]!.x}); give points at 2 or more distinct x`);
  return strata;
}

/** One stratified resample: as many points at each x as were measured there, drawn with replacement. */
function resampleStrata(strata: readonly LinePoint[][], rng: () => number): LinePoint[] {
  const out: LinePoint[] = [];
  for (const group of strata) out.push(...ss.sampleWithReplacement(group, group.length, rng));
  return out;
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
 * const fit = fitLine([1, 2, 4, 8].map((n) => ({ x: n, y: 50e6 + 10e6 * n })));
 * fit.slope; // 10e6: ten megabytes per worker
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

/**
 * Ratio of two fitted slopes, slope(a) / slope(b), with a percentile-bootstrap CI: each resample
 * refits both lines on stratified resamples of their own points (the two sets independent). Where a
 * resample's slope of b is ≤ 0 the ratio is unbounded; such resamples count as +Infinity (or
 * −Infinity when a's slope is negative), so an interval that reaches them says so with an infinite end.
 *
 * @param a Points of the numerator's line; b of the denominator's. Each at 2 or more distinct x.
 * @param opts `level` (0.95), `resamples` (2000), `seed` (1).
 * @returns The ratio (Infinity when b's fitted slope is ≤ 0 < a's) and its interval.
 * @throws {RangeError} As {@link fitLine}.
 * @example
 * slopeRatio(processPoints, threadPoints).ratio; // 3.1: a process adds 3.1× the memory of a thread
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
  // Quantiles by rank, not interpolation: interpolating towards an infinite replicate would give NaN.
  replicates.sort((x, y) => x - y);
  const at = (p: number) => replicates[Math.min(resamples - 1, Math.max(0, Math.round(p * (resamples - 1))))]!;
  const alpha = (1 - level) / 2;
  return { ratio, ci: { lo: at(alpha), hi: at(1 - alpha), level } };
}

/**
 * Wilson score interval of a proportion: `successes` of `n` trials (e.g. trials in which a server
 * survived a fault). Unlike the normal approximation it stays inside [0, 1] and is not empty at
 * 0 of n or n of n, which is where small fault experiments often land. Assumes independent trials.
 *
 * @param successes Whole number from 0 to n.
 * @param n Whole number ≥ 1.
 * @param level Confidence level in (0, 1); default 0.95.
 * @throws {RangeError} On counts that are not whole numbers in range, or a bad level.
 * @example
 * wilsonInterval(3, 3); // { lo: ≈0.439, hi: 1, level: 0.95 }
 */
export function wilsonInterval(successes: number, n: number, level = DEFAULT_LEVEL): Interval {
  requireCount(n, "n", 1);
  requireCount(successes, "successes", 0);
  if (successes > n) throw new RangeError(`successes is ${successes}; give at most n = ${n}`);
  requireLevel(level);
  const z = ss.probit(1 - (1 - level) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half), level };
}
