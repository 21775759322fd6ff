/**
 * Repeated trials: warm-ups that are run and discarded, n measured trials per condition in a
 * seeded interleaved order, a time limit per trial, and failures kept with their reason.
 * The trial, not the task inside it, is the unit of analysis.
 * @module
 */
import { AbortedError, TrialTimeoutError, errorMessage, failureKind } from "./errors.ts";
import { createRng } from "./stats/mod.ts";
import type { Failure, ProgressEvent, TrialOrder, TrialRecord } from "./types.ts";

/** How conditions are ordered: randomised blocks, ABBA (mirror every other round), or all trials of one condition in a row. */
export type OrderKind = TrialOrder["kind"];
export const ORDER_KINDS: readonly OrderKind[] = ["random", "abba", "blocked"];

/** How many trials to run, in which order, and for how long each may take. */
export interface TrialPlan {
  trials: number;
  warmups: number;
  order: OrderKind;
  seed: number;
  /** Limit on one trial, including its set-up and tear-down, in milliseconds. */
  timeoutMs: number;
}

/** What one trial measured. */
export interface Measurement {
  durationMs: number;
  metrics?: Record<string, number>;
  detail?: Record<string, unknown>;
}

/** Passed to every trial: abort the work when `signal` fires (time limit or the run being stopped). */
export interface TrialContext {
  signal: AbortSignal;
  /** Index within the condition (warm-ups count separately from 0). */
  index: number;
  warmup: boolean;
}

/** Measures one trial of a condition. It must release everything it started before it settles. */
export type Measure<C> = (condition: C, context: TrialContext) => Promise<Measurement>;

/** Options of a trial run. */
export interface TrialRunOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** Called after every measured trial, successful or not. */
  onTrial?: (record: TrialRecord) => void;
  signal?: AbortSignal;
  /** How long to wait for a timed-out trial to tear down before moving on, in milliseconds. */
  teardownGraceMs?: number;
}

/** The outcome of a trial run. */
export interface TrialRunOutcome {
  trials: TrialRecord[];
  failures: Failure[];
  order: TrialOrder;
  /** True when the run was stopped before every trial ran; the trials so far are kept. */
  aborted: boolean;
}

/**
 * The run order of measured trials: `trials` rounds, each holding every condition once.
 * random: each round a seeded shuffle (randomised blocks, so drift hits all conditions alike);
 * abba: the listed order, mirrored every other round; blocked: every trial of one condition in a row.
 */
export function trialOrder(labels: readonly string[], plan: Pick<TrialPlan, "trials" | "order" | "seed">): string[] {
  const rng = createRng(plan.seed);
  if (plan.order === "blocked") return labels.flatMap((l) => Array.from({ length: plan.trials }, () => l));
  const sequence: string[] = [];
  for (let round = 0; round < plan.trials; round++) {
    const block = [...labels];
    if (plan.order === "abba") {
      if (round % 2 === 1) block.reverse();
    } else {
      for (let i = block.length - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [block[i], block[j]] = [block[j]!, block[i]!];
      }
    }
    sequence.push(...block);
  }
  return sequence;
}

/** The planned order of a run, as recorded in its Result. */
export function plannedOrder(labels: readonly string[], plan: Pick<TrialPlan, "trials" | "warmups" | "order" | "seed">): TrialOrder {
  return { kind: plan.order, seed: plan.seed, warmupsPerCondition: plan.warmups, sequence: trialOrder(labels, plan) };
}

/** Runs `measure` with a time limit; on timeout aborts it and waits a grace period for its tear-down. */
async function withTimeout(
  run: (signal: AbortSignal) => Promise<Measurement>,
  timeoutMs: number,
  outer: AbortSignal | undefined,
  graceMs: number,
): Promise<Measurement> {
  const controller = new AbortController();
  const onOuter = () => controller.abort(new AbortedError(outer?.reason));
  outer?.addEventListener("abort", onOuter, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const work = run(controller.signal);
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => controller.abort(new TrialTimeoutError(timeoutMs)), timeoutMs);
    controller.signal.addEventListener("abort", () => reject(controller.signal.reason), { once: true });
  });
  try {
    return await Promise.race([work, stopped]);
  } catch (error) {
    if (controller.signal.aborted) {
      // Give the trial a moment to kill what it started, so no worker outlives it. The grace timer
      // is cleared once it has: left running it would hold a kernel asked to shut down for seconds.
      let grace: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([work.catch(() => undefined), new Promise((r) => (grace = setTimeout(r, graceMs)))]);
      clearTimeout(grace);
    }
    throw error;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener("abort", onOuter);
  }
}

/** Checks a plan, naming the field at fault. */
export function checkPlan(plan: TrialPlan): void {
  const whole = (name: keyof TrialPlan, min: number) => {
    const v = plan[name] as number;
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${v}`);
  };
  whole("trials", 1);
  whole("warmups", 0);
  whole("timeoutMs", 1);
  if (!ORDER_KINDS.includes(plan.order)) throw new RangeError(`order must be one of ${ORDER_KINDS.join(", ")}, got ${plan.order}`);
}

/**
 * Runs warm-ups (discarded) then the measured trials of every condition in the planned order.
 * A failed or timed-out trial is recorded with its reason and the run goes on; an abort stops it
 * and returns what was measured so far.
 */
export async function runTrials<C extends { label: string }>(
  conditions: readonly C[],
  plan: TrialPlan,
  measure: Measure<C>,
  options: TrialRunOptions = {},
): Promise<TrialRunOutcome> {
  checkPlan(plan);
  const byLabel = new Map(conditions.map((c) => [c.label, c]));
  if (byLabel.size !== conditions.length) throw new RangeError("condition labels must be unique");
  const labels = conditions.map((c) => c.label);
  const order = plannedOrder(labels, plan);
  const sequence = order.sequence;
  const warmupSequence = trialOrder(labels, { ...plan, trials: plan.warmups, seed: plan.seed + 1 });
  const total = warmupSequence.length + sequence.length;
  const graceMs = options.teardownGraceMs ?? 5000;
  const trials: TrialRecord[] = [];
  const failures: Failure[] = [];
  const counts = new Map<string, number>();
  let done = 0;

  const steps = [
    ...warmupSequence.map((label) => ({ label, warmup: true })),
    ...sequence.map((label) => ({ label, warmup: false })),
  ];
  for (const step of steps) {
    if (options.signal?.aborted) return { trials, failures, order, aborted: true };
    const condition = byLabel.get(step.label)!;
    const key = `${step.warmup ? "w" : "m"}:${step.label}`;
    const index = counts.get(key) ?? 0;
    counts.set(key, index + 1);
    const startedAt = new Date().toISOString();
    let record: TrialRecord;
    try {
      const m = await withTimeout(
        (signal) => measure(condition, { signal, index, warmup: step.warmup }),
        plan.timeoutMs,
        options.signal,
        graceMs,
      );
      record = {
        condition: step.label, index, seq: trials.length, startedAt, durationMs: m.durationMs, ok: true,
        metrics: m.metrics ?? {}, ...(m.detail ? { detail: m.detail } : {}),
      };
    } catch (error) {
      if (options.signal?.aborted) return { trials, failures, order, aborted: true };
      const reason = errorMessage(error);
      const kind = failureKind(error);
      record = { condition: step.label, index, seq: trials.length, startedAt, durationMs: NaN, ok: false, error: reason, failureKind: kind, metrics: {} };
      if (!step.warmup) failures.push({ condition: step.label, index, reason, kind, at: new Date().toISOString() });
    }
    done++;
    options.onProgress?.({ done, total, condition: step.label, phase: step.warmup ? "warmup" : "trial", ok: record.ok });
    if (!step.warmup) {
      trials.push(record);
      options.onTrial?.(record);
    }
  }
  return { trials, failures, order, aborted: false };
}
