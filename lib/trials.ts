/**
 * Repeated trials: warm-ups that are run and discarded, n measured trials per condition in a
 * seeded interleaved order (or, under a stopping rule, as many as make each condition precise
 * enough), a time limit per trial, and failures kept with their reason.
 * The trial, not the task inside it, is the unit of analysis.
 * @module
 */
import { AbortedError, TrialTimeoutError, errorMessage, failureKind } from "./errors.ts";
import { createRng } from "./stats/mod.ts";
import { preciseEnough, stoppingRecord, type StoppingRule } from "./stopping.ts";
import type { Failure, ProgressEvent, StoppingRecord, TrialOrder, TrialRecord } from "./types.ts";

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
  /**
   * Stop each condition once precise enough (stopping.ts): `trials` is then the fewest it runs and
   * the rule's `maxTrials` the most. Absent or null: every condition runs `trials` trials.
   */
  stopping?: StoppingRule | null;
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
  /** Where each condition stopped, when the plan had a stopping rule. */
  stopping?: StoppingRecord;
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
  for (let round = 0; round < plan.trials; round++) sequence.push(...roundOrder(labels, round, plan.order, rng));
  return sequence;
}

/** Round `round`'s order of `labels`: abba mirrors every other round; random shuffles with `rng` (Fisher–Yates). */
function roundOrder(labels: readonly string[], round: number, order: OrderKind, rng: () => number): string[] {
  const block = [...labels];
  if (order === "abba") {
    if (round % 2 === 1) block.reverse();
    return block;
  }
  for (let i = block.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [block[i], block[j]] = [block[j]!, block[i]!];
  }
  return block;
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
  if (plan.stopping && plan.stopping.minTrials !== plan.trials) {
    throw new RangeError(`the stopping rule's minTrials (${plan.stopping.minTrials}) must be the plan's trials (${plan.trials})`);
  }
}

/** A value of the metric a stopping rule watches, from one trial (NaN when it did not record it). */
function watched(record: TrialRecord, metric: string): number {
  return metric === "durationMs" ? record.durationMs : record.metrics[metric] ?? NaN;
}

/**
 * The measured trials of a run under a stopping rule, as labels in run order, produced one round at
 * a time: round r holds every condition still going (random: a seeded shuffle, the same as a fixed
 * run's while all are going; abba: mirrored every other round), and at each look a condition whose
 * values are precise enough stops. Blocked: each condition's trials in a row, with the same looks.
 * `valuesOf` gives a condition's successful values so far; `onStop` hears each condition's end.
 */
function* sequentialOrder(
  labels: readonly string[],
  plan: TrialPlan & { stopping: StoppingRule },
  valuesOf: (label: string) => number[],
  onStop: (label: string, trials: number, halfWidth: number | null, reason: "precise" | "maximum") => void,
): Generator<string> {
  const rule = plan.stopping;
  const look = (label: string, ran: number): boolean => {
    if (!rule.looks.includes(ran)) return false;
    const { precise, halfWidth } = preciseEnough(valuesOf(label), rule);
    if (!precise && ran < rule.maxTrials) return false;
    onStop(label, ran, halfWidth, precise ? "precise" : "maximum");
    return true;
  };
  if (plan.order === "blocked") {
    for (const label of labels) {
      for (let ran = 0; !look(label, ran); ran++) yield label;
    }
    return;
  }
  const rng = createRng(plan.seed);
  let going = [...labels];
  for (let round = 0; going.length > 0; round++) {
    going = going.filter((label) => !look(label, round));
    yield* roundOrder(going, round, plan.order, rng);
  }
}

/**
 * Runs warm-ups (discarded) then the measured trials of every condition in the planned order, or,
 * under a stopping rule, until each condition is precise enough or at its maximum. A failed or
 * timed-out trial is recorded with its reason and the run goes on; an abort stops it and returns
 * what was measured so far.
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
  const rule = plan.stopping ?? null;
  const planned = plannedOrder(labels, plan);
  const warmupSequence = trialOrder(labels, { ...plan, trials: plan.warmups, seed: plan.seed + 1 });
  // Under a stopping rule the total is the most the run can take; it usually takes fewer.
  const total = warmupSequence.length + labels.length * (rule ? rule.maxTrials : plan.trials);
  const graceMs = options.teardownGraceMs ?? 5000;
  const trials: TrialRecord[] = [];
  const failures: Failure[] = [];
  const counts = new Map<string, number>();
  const stopped: StoppingRecord["stopped"] = {};
  let done = 0;

  const measured = rule
    ? sequentialOrder(labels, { ...plan, stopping: rule }, (label) => trials
      .filter((t) => t.ok && t.condition === label).map((t) => watched(t, rule.metric)).filter(Number.isFinite),
    (label, n, halfWidth, reason) => (stopped[label] = { trials: n, halfWidth, reason }))
    : planned.sequence[Symbol.iterator]();
  const outcome = (aborted: boolean): TrialRunOutcome => {
    const order = rule ? { ...planned, sequence: trials.map((t) => t.condition) } : planned;
    if (!rule) return { trials, failures, order, aborted };
    for (const label of labels) {
      stopped[label] ??= { trials: trials.filter((t) => t.condition === label).length, halfWidth: null, reason: "aborted" };
    }
    return { trials, failures, order, aborted, stopping: stoppingRecord(rule, stopped) };
  };

  /** Runs one trial; false when the run was stopped meanwhile. */
  const step = async (label: string, warmup: boolean): Promise<boolean> => {
    if (options.signal?.aborted) return false;
    const condition = byLabel.get(label)!;
    const key = `${warmup ? "w" : "m"}:${label}`;
    const index = counts.get(key) ?? 0;
    counts.set(key, index + 1);
    const startedAt = new Date().toISOString();
    let record: TrialRecord;
    try {
      const m = await withTimeout(
        (signal) => measure(condition, { signal, index, warmup }),
        plan.timeoutMs,
        options.signal,
        graceMs,
      );
      record = {
        condition: label, index, seq: trials.length, startedAt, durationMs: m.durationMs, ok: true,
        metrics: m.metrics ?? {}, ...(m.detail ? { detail: m.detail } : {}),
      };
    } catch (error) {
      if (options.signal?.aborted) return false;
      const reason = errorMessage(error);
      const kind = failureKind(error);
      record = { condition: label, index, seq: trials.length, startedAt, durationMs: NaN, ok: false, error: reason, failureKind: kind, metrics: {} };
      if (!warmup) failures.push({ condition: label, index, reason, kind, at: new Date().toISOString() });
    }
    done++;
    options.onProgress?.({ done, total, condition: label, phase: warmup ? "warmup" : "trial", ok: record.ok });
    if (!warmup) {
      trials.push(record);
      options.onTrial?.(record);
    }
    return true;
  };

  for (const label of warmupSequence) if (!(await step(label, true))) return outcome(true);
  for (let next = measured.next(); !next.done; next = measured.next()) {
    if (!(await step(next.value, false))) return outcome(true);
  }
  return outcome(false);
}
