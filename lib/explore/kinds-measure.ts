/**
 * How compareKinds measures: the user's function over every input in the main thread, or split over
 * a fresh pool of k threads or k processes per trial that loads the user's module, with the process
 * tree's peak memory sampled during the trial and the bytes each input and result weighs in the
 * kind's channel. The only file of compareKinds that starts workers.
 * @module
 */
import { Buffer } from "node:buffer";
import { errorMessage, WrongAnswerError } from "../errors.ts";
import process from "node:process";
import v8 from "node:v8";
import { startPool, USER_TASK } from "../drivers/pool/mod.ts";
import { canReadProcessTree, startTreeSampler } from "../machine.ts";
import type { Measurement, TrialContext } from "../trials.ts";
import type { Experiment, RunOptions } from "../types.ts";
import { runConditions } from "../experiments/_shared/run.ts";
import { scalingConditions } from "../experiments/scaling/conditions.ts";
import type { ScalingCondition } from "../experiments/scaling/types.ts";
import type { CheckedUserModule } from "./module.ts";
import { boundedTask } from "./tasks.ts";
import type { ExploreKind, KindsParams, KindsResult, KindsSummary } from "./kinds-types.ts";

/** Bytes of `value` through a kind's channel: structured clone for threads, JSON for process IPC; NaN when it cannot be sent. */
export function channelBytes(kind: ExploreKind, value: unknown): number {
  try {
    if (kind === "threads") return v8.serialize(value).byteLength;
    return Buffer.byteLength(JSON.stringify(value) ?? "null");
  } catch {
    return NaN;
  }
}

/** A user's check of one result; throws or returns false when it is wrong. */
export type OutputCheck = (output: unknown, index: number, input: unknown) => unknown;

function checkOutputs(check: OutputCheck | undefined, outputs: readonly unknown[], inputs: readonly unknown[], where: string): void {
  if (!check) return;
  for (let i = 0; i < outputs.length; i++) {
    let verdict: unknown;
    try {
      verdict = check(outputs[i], i, inputs[i]);
    } catch (error) {
      throw new WrongAnswerError(`input ${i} gave a wrong result in ${where}: ${errorMessage(error)}`);
    }
    if (verdict === false) throw new WrongAnswerError(`input ${i} gave a wrong result in ${where}: the check returned false`);
  }
}

const meanBytes = (kind: ExploreKind, values: readonly unknown[]) => values.reduce<number>((sum, v) => sum + channelBytes(kind, v), 0) / Math.max(1, values.length);

async function measure(c: ScalingCondition, context: TrialContext, user: CheckedUserModule, inputs: readonly unknown[], params: KindsParams, inBytes: Map<ExploreKind, number>, check: OutputCheck | undefined): Promise<Measurement> {
  const memory = canReadProcessTree() ? startTreeSampler(process.pid) : null;
  const memoryMetrics = () => {
    const peaks = memory?.stop();
    if (!peaks) return {};
    return { peakRssBytes: peaks.peakRssBytes, ...(peaks.peakPssBytes !== null ? { peakPssBytes: peaks.peakPssBytes } : {}) };
  };
  const limit = params.taskTimeoutMs;
  if (c.kind === "main") {
    try {
      // A synchronous function that never returns cannot be stopped in the main thread; an asynchronous one is bounded.
      const t0 = performance.now();
      const outputs: unknown[] = [];
      for (let i = 0; i < inputs.length; i++) outputs.push(await boundedTask(i, limit, "the main thread", async () => await user.fn(inputs[i])));
      const computeMs = performance.now() - t0;
      checkOutputs(check, outputs, inputs, "the main thread");
      return { durationMs: computeMs, metrics: { computeMs, ...memoryMetrics() } };
    } finally {
      memory?.stop();
    }
  }
  const tStart = performance.now();
  let pool: Awaited<ReturnType<typeof startPool>> | null = null;
  try {
    pool = await startPool({ kind: c.kind, size: c.workers, signal: context.signal, module: { url: user.url, exportName: user.exportName } });
    const p = pool;
    const tWarm = performance.now();
    if (params.prewarm) await Promise.all(Array.from({ length: p.size }, () => boundedTask(0, limit, c.label, () => p.run(USER_TASK, inputs[0]))));
    const warmupMs = performance.now() - tWarm;
    const t0 = performance.now();
    const outputs = await Promise.all(inputs.map((input, i) => boundedTask(i, limit, c.label, () => p.run(USER_TASK, input))));
    const computeMs = performance.now() - t0;
    checkOutputs(check, outputs, inputs, c.label);
    return {
      durationMs: computeMs,
      metrics: {
        computeMs, startupMs: p.startupMs, warmupMs, totalMs: performance.now() - tStart, ...memoryMetrics(),
        inBytesPerTask: inBytes.get(c.kind) ?? NaN, outBytesPerTask: meanBytes(c.kind, outputs),
      },
      detail: { pids: p.pids },
    };
  } finally {
    memory?.stop();
    await pool?.kill();
  }
}

/** Runs every condition's trials of the user's function over `inputs` and returns the Result with its summary. */
export function runKinds(
  experiment: Experiment<KindsParams, KindsSummary>,
  params: KindsParams,
  options: RunOptions,
  user: CheckedUserModule,
  inputs: readonly unknown[],
  check?: OutputCheck,
): Promise<KindsResult> {
  const inBytes = new Map(params.kinds.map((k) => [k, meanBytes(k, inputs)] as const));
  const conditions = scalingConditions(params).filter((c) => c.kind !== "main" || params.main !== false);
  return runConditions(experiment, params, options, conditions, (c, ctx) => measure(c, ctx, user, inputs, params, inBytes, check));
}
