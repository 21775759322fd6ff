/**
 * How the calibration measures: each trial sends its condition's number of identical prime-count
 * tasks through one long-lived worker thread of the lab's pool, through the lab's trial runner, and
 * checks the work done by counting it (tasks answered × primes per task). The only file of the
 * experiment that starts a worker.
 * @module
 */
import { WrongAnswerError } from "../../errors.ts";
import { withPool, type Pool } from "../../drivers/pool/mod.ts";
import { countPrimes } from "../../workloads/cpu.ts";
import type { Measurement } from "../../trials.ts";
import type { Experiment, RunOptions } from "../../types.ts";
import { runConditions } from "../_shared/run.ts";
import { calibrationConditions } from "./conditions.ts";
import type { CalibrationCondition, CalibrationParams, CalibrationResult, CalibrationSummary } from "./types.ts";

async function measure(pool: Pool, condition: CalibrationCondition, range: [number, number], perTask: number): Promise<Measurement> {
  const t0 = performance.now();
  const counts = await Promise.all(Array.from({ length: condition.tasks }, () => pool.run<number>("primes", range)));
  const computeMs = performance.now() - t0;
  const primes = counts.reduce((a, b) => a + b, 0);
  if (counts.length !== condition.tasks || primes !== condition.tasks * perTask) {
    throw new WrongAnswerError(`wrong amount of work: ${counts.length} tasks counted ${primes} primes, expected ${condition.tasks} × ${perTask}`);
  }
  return { durationMs: computeMs, metrics: { computeMs, tasks: counts.length, primes } };
}

/** Runs every condition's trials on one worker thread, closed when the run ends however it ends. */
export async function runCalibration(
  experiment: Experiment<CalibrationParams, CalibrationSummary>,
  params: CalibrationParams,
  options: RunOptions,
): Promise<CalibrationResult> {
  const range: [number, number] = [params.from, params.from + params.width];
  const perTask = countPrimes(...range);
  return await withPool({ kind: "threads", size: 1, signal: options.signal }, (pool) =>
    runConditions(experiment, params, options, calibrationConditions(params), (c) => measure(pool, c, range, perTask), "computeMs"));
}
