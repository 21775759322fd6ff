/**
 * Paired analysis of two conditions run in randomised blocks: round r measures the r-th trial of
 * each condition (their `index`), close together in time and in random order within the round, so
 * that whatever drifts during a run — heat, other processes, a cache — affects both alike.
 *
 * Each complete round gives d = ln(a/b), which cancels what the round shares; the rounds are then
 * analysed as paired data: the Wilcoxon signed-rank test and the Hodges–Lehmann centre of d with its
 * exact interval (`signed-rank.ts`), reported back as a ratio a/b by exp. A round missing either
 * trial (failed, or the run stopped) is left out and counted. Rounds during which other processes
 * on the machine were busy can be flagged from the machine samples, but only from a reading of
 * the *other* processes' CPU: the whole-machine figure includes the lab's own workers, which are
 * busy by design, so guessing from it would flag every parallel round.
 * @module
 */
import type { Interval, MachineSample, TrialRecord } from "../types.ts";
import { InputError } from "../errors.ts";
import { pairedShiftInterval, signedRankTest, type SignedRankResult } from "./signed-rank.ts";

/**
 * One complete round of the two conditions.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeBlocks, type BlockRound } from "./blocks.ts";
 * const t = (condition: string, index: number, ms: number) =>
 *   ({ condition, index, seq: 0, startedAt: "2026-01-01T00:00:00.000Z", durationMs: ms, ok: true, metrics: { computeMs: ms } });
 * const [round]: BlockRound[] = analyzeBlocks([t("A", 0, 50), t("B", 0, 100)], { a: "A", b: "B", metric: "computeMs" }).rounds;
 * assert.equal(round.logRatio, Math.log(0.5));
 * ```
 */
export interface BlockRound {
  /** The round: the trials' shared `index`. */
  index: number;
  /** The metric in condition a and in condition b, in the metric's unit. */
  a: number;
  b: number;
  /** ln(a/b), unitless. */
  logRatio: number;
  /** Epoch milliseconds when the round's first trial started and its last trial ended. */
  startMs: number;
  endMs: number;
}

/**
 * Result of {@link analyzeBlocks}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeBlocks, type BlockAnalysis } from "./blocks.ts";
 * const r: BlockAnalysis = analyzeBlocks([], { a: "A", b: "B", metric: "computeMs" });
 * assert.equal(r.completeRounds, 0);
 * assert.equal(r.test, null);
 * ```
 */
export interface BlockAnalysis {
  /** Complete rounds, ascending by index. */
  rounds: BlockRound[];
  completeRounds: number;
  /** Indices of rounds that lack a usable trial of either condition. */
  incompleteRounds: number[];
  /** Signed-rank test of the log ratios; null without complete rounds. */
  test: SignedRankResult | null;
  /** Hodges–Lehmann ratio a/b (exp of the centre of the log ratios); NaN without complete rounds. */
  ratio: number;
  /** Its interval as a ratio, with the level attained; null without complete rounds. */
  ci: Interval | null;
  targetLevel: number;
  /** False when too few rounds reach the target level (6 rounds are needed for 95%). */
  reachesTarget: boolean;
}

/**
 * Options of {@link analyzeBlocks}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeBlocks, type BlockOptions } from "./blocks.ts";
 * const opts: BlockOptions = { a: "threads×2", b: "main", metric: "durationMs", level: 0.9 };
 * assert.equal(analyzeBlocks([], opts).targetLevel, 0.9);
 * ```
 */
export interface BlockOptions {
  /** Condition of the numerator, e.g. "threads×2". */
  a: string;
  /** Condition of the denominator. */
  b: string;
  /** Name of the metric in `metrics` (e.g. "computeMs"), or "durationMs" for the trial's wall time. */
  metric: string;
  /** Target confidence level in (0.5, 1); default 0.95. */
  level?: number;
  /** Seed of the signed-rank test's Monte Carlo branch (used only for very many tied rounds); default 1. */
  seed?: number;
}

function metricOf(trial: TrialRecord, metric: string): number | undefined {
  const value = trial.metrics?.[metric] ?? (metric === "durationMs" ? trial.durationMs : undefined);
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * Pairs the trials of two conditions by round and analyses the per-round log ratios (see the module
 * comment). Trials of other conditions are ignored.
 *
 * @param trials Trial records of a run.
 * @param opts The two conditions, the metric, `level` (0.95), `seed` (1).
 * @returns The rounds, the test, the ratio a/b with its interval, and the count of complete rounds.
 * @throws {InputError} On a level outside (0.5, 1), with input "confidence".
 * @throws {RangeError} When a condition has two usable trials with the same index.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { analyzeBlocks } from "./blocks.ts";
 * const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
 * const trials = [0, 1, 2, 3, 4, 5].flatMap((r) => [
 *   { condition: "threads", index: r, seq: 2 * r, startedAt: at(2 * r), durationMs: 500, ok: true, metrics: { computeMs: 50 + r } },
 *   { condition: "main", index: r, seq: 2 * r + 1, startedAt: at(2 * r + 1), durationMs: 900, ok: true, metrics: { computeMs: 100 + r } },
 * ]);
 * const r = analyzeBlocks(trials, { a: "threads", b: "main", metric: "computeMs" });
 * assert.equal(r.completeRounds, 6);
 * assert.equal(r.test?.pValue, 2 / 64);
 * assert.ok(r.ci !== null && r.ci.hi < 1 && r.reachesTarget);
 * ```
 */
export function analyzeBlocks(trials: readonly TrialRecord[], opts: BlockOptions): BlockAnalysis {
  const level = opts.level ?? 0.95;
  const byCondition = (condition: string) => {
    const map = new Map<number, TrialRecord>();
    for (const t of trials) {
      if (t.condition !== condition || !t.ok || metricOf(t, opts.metric) === undefined) continue;
      if (map.has(t.index)) throw new RangeError(`${condition} has two usable trials with index ${t.index}; a round holds one trial of each condition`);
      map.set(t.index, t);
    }
    return map;
  };
  const as = byCondition(opts.a);
  const bs = byCondition(opts.b);
  const indices = [...new Set([...as.keys(), ...bs.keys()])].sort((x, y) => x - y);
  const rounds: BlockRound[] = [];
  const incompleteRounds: number[] = [];
  for (const index of indices) {
    const ta = as.get(index);
    const tb = bs.get(index);
    if (!ta || !tb) {
      incompleteRounds.push(index);
      continue;
    }
    const a = metricOf(ta, opts.metric)!;
    const b = metricOf(tb, opts.metric)!;
    const starts = [Date.parse(ta.startedAt), Date.parse(tb.startedAt)];
    const ends = [starts[0]! + ta.durationMs, starts[1]! + tb.durationMs];
    rounds.push({ index, a, b, logRatio: Math.log(a / b), startMs: Math.min(...starts), endMs: Math.max(...ends) });
  }
  if (rounds.length === 0) {
    pairedShiftInterval([0], { level }); // validates the level the same way as with data
    return { rounds, completeRounds: 0, incompleteRounds, test: null, ratio: NaN, ci: null, targetLevel: level, reachesTarget: false };
  }
  const d = rounds.map((r) => r.logRatio);
  const shift = pairedShiftInterval(d, { level });
  return {
    rounds,
    completeRounds: rounds.length,
    incompleteRounds,
    test: signedRankTest(d, { seed: opts.seed }),
    ratio: Math.exp(shift.estimate),
    ci: { lo: Math.exp(shift.ci.lo), hi: Math.exp(shift.ci.hi), level: shift.ci.level },
    targetLevel: level,
    reachesTarget: shift.reachesTarget,
  };
}

/**
 * A machine sample that may carry the CPU used by processes outside the lab's own process tree.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { LabeledSample } from "./blocks.ts";
 * const s: LabeledSample = { tMs: 500, cpuPercent: 80, usedMemoryBytes: 1e9, otherCpuPercent: 3 };
 * assert.equal(s.cpuPercent - s.otherCpuPercent!, 77);
 * ```
 */
export interface LabeledSample extends MachineSample {
  /** Whole-machine CPU minus the lab's own process tree over the sample's interval, in [0, 100] percent. */
  otherCpuPercent?: number;
}

/**
 * Whether a round was disturbed by other processes, as returned by {@link flagDisturbedRounds}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flagDisturbedRounds, type RoundDisturbance } from "./blocks.ts";
 * const t0 = Date.parse("2026-01-01T00:00:00Z");
 * const [r]: RoundDisturbance[] = flagDisturbedRounds([{ index: 3, startMs: t0, endMs: t0 + 50 }], [], "2026-01-01T00:00:00Z", 20);
 * assert.deepEqual(r, { index: 3, flagged: null, reason: "no machine sample during the round", samples: 0 });
 * ```
 */
export interface RoundDisturbance {
  index: number;
  /** true: other processes exceeded the threshold; false: they did not; null: unknown (see `reason`). */
  flagged: boolean | null;
  /** Why `flagged` is null: "not recorded" or "no machine sample during the round". */
  reason?: string;
  /** Highest other-process CPU among the samples overlapping the round, in percent; absent when none was recorded. */
  maxOtherCpuPercent?: number;
  /** Number of samples whose interval overlaps the round. */
  samples: number;
}

/**
 * Flags the rounds during which other processes used more CPU than `thresholdPercent`. A sample at
 * tMs (milliseconds since the run started) describes the interval since the previous sample (since
 * the start, for the first); a round is checked against every sample whose interval overlaps it.
 * Pure: it takes the samples and the run's start time, and reads nothing else.
 *
 * @param rounds Rounds with their epoch start and end, e.g. from {@link analyzeBlocks}.
 * @param samples Machine samples of the run, ascending by tMs.
 * @param runStartedAt The run's start time (the Result's `startedAt`), ISO 8601.
 * @param thresholdPercent Other-process CPU above which a round is disturbed, in [0, 100] percent of the machine.
 * @returns One entry per round: flagged true/false, or null with the reason when it cannot be told.
 * @throws {InputError} On a threshold outside [0, 100], with input "threshold".
 * @throws {RangeError} On a start time that is not a date.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flagDisturbedRounds } from "./blocks.ts";
 * const start = "2026-01-01T00:00:00.000Z";
 * const t0 = Date.parse(start);
 * const rounds = [{ index: 0, startMs: t0 + 100, endMs: t0 + 900 }, { index: 1, startMs: t0 + 1100, endMs: t0 + 1900 }];
 * const samples = [
 *   { tMs: 1000, cpuPercent: 90, usedMemoryBytes: 0, otherCpuPercent: 2 },
 *   { tMs: 2000, cpuPercent: 95, usedMemoryBytes: 0, otherCpuPercent: 40 },
 * ];
 * assert.deepEqual(flagDisturbedRounds(rounds, samples, start, 20).map((r) => r.flagged), [false, true]);
 * // Without the other-process reading the function does not guess from whole-machine CPU.
 * const plain = samples.map(({ otherCpuPercent, ...s }) => s);
 * assert.deepEqual(flagDisturbedRounds(rounds, plain, start, 20)[0], { index: 0, flagged: null, reason: "not recorded", samples: 1 });
 * ```
 */
export function flagDisturbedRounds(
  rounds: readonly Pick<BlockRound, "index" | "startMs" | "endMs">[],
  samples: readonly LabeledSample[],
  runStartedAt: string,
  thresholdPercent: number,
): RoundDisturbance[] {
  if (!(typeof thresholdPercent === "number" && thresholdPercent >= 0 && thresholdPercent <= 100)) {
    throw new InputError("threshold", `${String(thresholdPercent)} is not a CPU share; give a percentage of the machine from 0 to 100, e.g. 20`);
  }
  const run0 = Date.parse(runStartedAt);
  if (Number.isNaN(run0)) throw new RangeError(`runStartedAt is ${JSON.stringify(runStartedAt)}; give the run's start time as an ISO date`);
  const spans = samples.map((s, i) => ({ from: i === 0 ? 0 : samples[i - 1]!.tMs, to: s.tMs, other: s.otherCpuPercent }));
  return rounds.map((round) => {
    const from = round.startMs - run0;
    const to = round.endMs - run0;
    const overlapping = spans.filter((s) => s.from < to && s.to > from);
    if (overlapping.length === 0) return { index: round.index, flagged: null, reason: "no machine sample during the round", samples: 0 };
    const recorded = overlapping.map((s) => s.other).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
    const max = recorded.length > 0 ? Math.max(...recorded) : undefined;
    const base = { index: round.index, samples: overlapping.length, ...(max === undefined ? {} : { maxOtherCpuPercent: max }) };
    // A recorded excess is evidence enough; otherwise every overlapping sample must have been recorded.
    if (max !== undefined && max > thresholdPercent) return { ...base, flagged: true };
    if (recorded.length < overlapping.length) return { ...base, flagged: null, reason: "not recorded" };
    return { ...base, flagged: false };
  });
}
