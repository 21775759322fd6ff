/**
 * Measuring the footprint experiment: one trial starts a fresh host process that weighs its whole
 * process tree before and after starting n workers, and times each worker from spawn to ready. The
 * only file of the experiment that starts anything.
 * @module
 */
import * as ss from "simple-statistics";
import { footprintHost, measureFootprint } from "../../drivers/footprint/mod.ts";
import { WrongAnswerError } from "../../errors.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Experiment, Result, RunOptions } from "../../types.ts";
import { runConditions } from "../_shared/run.ts";
import { footprintConditions } from "./conditions.ts";
import type { FootprintCondition, FootprintParams, FootprintSummary } from "./types.ts";

/** One trial of condition `c`: memory added over the bare host (bytes) and start-up times (milliseconds). */
export async function measureCondition(c: FootprintCondition, context: TrialContext, settleMs: number): Promise<Measurement> {
  const r = await measureFootprint({ kind: c.kind, graph: c.graph, workers: c.workers, settleMs, signal: context.signal });
  // The tree reading must hold exactly the host and its worker processes, or the memory is not theirs.
  const expected = c.kind === "processes" ? [r.hostPid, ...r.workerPids] : [r.hostPid];
  const missing = expected.filter((pid) => !r.after.pids.includes(pid));
  if (missing.length > 0 || r.after.pids.length !== expected.length) {
    throw new WrongAnswerError(`the process tree held pids ${r.after.pids.join(", ")} but the host and its workers are ${expected.join(", ")}`);
  }
  const metrics: Record<string, number> = {
    startupMs: r.allReadyMs,
    workerStartupMedianMs: ss.median(r.workerStartupMs),
    loadMedianMs: ss.median(r.loadMs),
    hostRssBytes: r.before.rssBytes,
    rssAddedBytes: r.after.rssBytes - r.before.rssBytes,
    rssPerWorkerBytes: (r.after.rssBytes - r.before.rssBytes) / c.workers,
    peakRssAddedBytes: r.peakRssBytes - r.before.rssBytes,
    processes: r.after.pids.length,
  };
  if (r.before.pssBytes !== null && r.after.pssBytes !== null) {
    metrics.hostPssBytes = r.before.pssBytes;
    metrics.pssAddedBytes = r.after.pssBytes - r.before.pssBytes;
    metrics.pssPerWorkerBytes = metrics.pssAddedBytes / c.workers;
  }
  return {
    durationMs: r.allReadyMs,
    metrics,
    detail: { hostRuntime: r.runtime, collected: r.collected, workerStartupMs: r.workerStartupMs, loadMs: r.loadMs, pids: r.after.pids },
  };
}

/**
 * The body of the experiment's `run()`: checks the parameters and that a host can start, primes the
 * page cache when asked, and measures every condition in the planned order.
 * @throws {InputError} When a parameter is not valid, before any host starts.
 */
export async function runFootprint(
  experiment: Experiment<FootprintParams, FootprintSummary>,
  params: FootprintParams,
  options: RunOptions = {},
): Promise<Result<FootprintParams, FootprintSummary>> {
  // Priming starts hosts, so the parameters are checked before it rather than only in runConditions.
  experiment.check?.(params);
  footprintHost(); // fails before any trial when no Node or no compiled host entry is available
  const conditions = footprintConditions(params);
  if (params.prime) {
    try {
      for (const graph of params.graphs) {
        for (const kind of params.kinds) await measureFootprint({ kind, graph, workers: 1, settleMs: 0, signal: options.signal });
      }
    } catch (error) {
      // Stopped while priming: the trial runner below sees the abort and returns an empty, incomplete Result.
      if (!options.signal?.aborted) throw error;
    }
  }
  return runConditions(experiment, params, options, conditions, (c, ctx) => measureCondition(c, ctx, params.settleMs), "pssPerWorkerBytes");
}
