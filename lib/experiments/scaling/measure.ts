/**
 * How the scaling experiment measures: the prime count in the main thread, or split over a fresh
 * pool of threads or processes, every answer checked against a sieve. The only file of the
 * experiment that starts workers.
 * @module
 */
import { WrongAnswerError } from "../../errors.ts";
import { startPool } from "../../drivers/pool/mod.ts";
import { countPrimes, primeCountSieve, splitRange } from "../../workloads/cpu.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Experiment, RunOptions } from "../../types.ts";
import { runConditions } from "../_shared/run.ts";
import { scalingConditions } from "./conditions.ts";
import type { ScalingCondition, ScalingParams, ScalingResult, ScalingSummary } from "./types.ts";

/** The range each fresh worker counts once before the clock starts, so its JIT is as warm as the main thread's. */
const PREWARM_RANGE: [number, number] = [0, 50_000];

async function measure(
  condition: ScalingCondition,
  context: TrialContext,
  ranges: Array<[number, number]>,
  expected: number,
  prewarm: boolean,
): Promise<Measurement> {
  const check = (count: number) => {
    if (count !== expected) throw new WrongAnswerError(`wrong answer: counted ${count} primes, expected ${expected}`);
  };
  if (condition.kind === "main") {
    const t0 = performance.now();
    let count = 0;
    for (const [lo, hi] of ranges) count += countPrimes(lo, hi);
    const computeMs = performance.now() - t0;
    check(count);
    return { durationMs: computeMs, metrics: { computeMs, primes: count } };
  }
  const tStart = performance.now();
  const pool = await startPool({ kind: condition.kind, size: condition.workers, signal: context.signal });
  try {
    // The main thread's kernel is hot from earlier trials; a fresh worker's is not. One small task per
    // worker (all idle, so each takes one) lets its JIT warm up before the clock starts.
    const tWarm = performance.now();
    if (prewarm) await Promise.all(Array.from({ length: pool.size }, () => pool.run("primes", PREWARM_RANGE)));
    const warmupMs = performance.now() - tWarm;
    const t0 = performance.now();
    const counts = await Promise.all(ranges.map((r) => pool.run<number>("primes", r)));
    const computeMs = performance.now() - t0;
    const count = counts.reduce((a, b) => a + b, 0);
    check(count);
    return {
      durationMs: computeMs,
      metrics: { computeMs, startupMs: pool.startupMs, warmupMs, totalMs: performance.now() - tStart, primes: count },
      detail: { pids: pool.pids },
    };
  } finally {
    await pool.kill();
  }
}

/** Runs every condition's trials and returns the Result with its summary. */
export async function runScaling(
  experiment: Experiment<ScalingParams, ScalingSummary>,
  params: ScalingParams,
  options: RunOptions,
): Promise<ScalingResult> {
  const ranges = splitRange(params.n, params.chunks);
  const expected = primeCountSieve(params.n);
  return runConditions(experiment, params, options, scalingConditions(params), (c, ctx) => measure(c, ctx, ranges, expected, params.prewarm), "computeMs");
}
