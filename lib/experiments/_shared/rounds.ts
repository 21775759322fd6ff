/**
 * The check a randomised-block run allows beside a pooled verdict: two conditions compared within
 * rounds (round r holds the r-th trial of every condition, run close together in a shuffled order),
 * so that whatever drifted during the run cancels out, and how many of those rounds other
 * processes on the machine disturbed. The pooled verdict stays the verdict; this only says whether
 * the paired view agrees with it. Pure: it reads a Result's trials and machine samples.
 * @module
 */
import { analyzeBlocks, type BlockAnalysis, flagDisturbedRounds, formatPValue } from "../../stats/mod.ts";
import { formatCi, formatInterval, formatLevel, formatNumber } from "../../format.ts";
import type { Interval, Result } from "../../types.ts";

/**
 * Other-process CPU above which a round counts as disturbed, in percent of the whole machine: a
 * fifth of every core busy with something that is not the lab.
 */
export const DISTURBED_OTHER_CPU_PERCENT = 20;

/** How many of a check's rounds outside load disturbed, and how many could not be told. */
export interface DisturbedRounds {
  /** Rounds during which other processes used more than {@link DISTURBED_OTHER_CPU_PERCENT}% of the machine. */
  flagged: number;
  /** Rounds checked and found quiet. */
  clear: number;
  /** Rounds that could not be told (no machine sample, or other processes' CPU not recorded). */
  unknown: number;
  /** True when the Result's samples carry no reading of other processes' CPU at all (Results saved before it was recorded). */
  notRecorded: boolean;
}

/** Two conditions compared within rounds, as a check of their pooled comparison. */
export interface RoundsCheck {
  /** Labels of the numerator and the denominator, as in the pooled comparison. */
  a: string;
  b: string;
  /** "skipped" when the run was not in rounds (order "blocked") or no round holds both conditions. */
  status: "checked" | "skipped";
  completeRounds: number;
  /** Hodges–Lehmann ratio a/b of the per-round ratios, unitless; null when skipped. */
  ratio: number | null;
  /** Its interval with the level it attains; null when skipped. */
  ci: Interval | null;
  reachesTarget: boolean;
  /** Two-sided signed-rank p of "ratio = 1", not adjusted for any family (a check names no winner). */
  pValue: number | null;
  /** Complete rounds a signed-rank interval needs to reach the target level. */
  roundsNeeded: number;
  disturbed: DisturbedRounds;
  /** "within rounds: …", one clause to set beside the pooled verdict. */
  sentence: string;
}

/** Rounds a signed-rank interval needs for `level`: [min, max] of n differences attains 1 − 2/2^n. */
export function roundsFor(level: number): number {
  let n = 1;
  while (1 - 2 / 2 ** n < level) n++;
  return n;
}

type RoundsResult = Pick<Result, "params" | "order" | "trials" | "samples" | "startedAt">;

const sideOf = (ci: Interval): "below" | "above" | "spans" => (ci.hi < 1 ? "below" : ci.lo > 1 ? "above" : "spans");

/** The rounds of an analysis that outside load disturbed, from the Result's machine samples. */
export function disturbedRounds(result: Pick<Result, "samples" | "startedAt">, rounds: BlockAnalysis["rounds"]): DisturbedRounds {
  const samples = result.samples ?? [];
  const notRecorded = !samples.some((s) => typeof s.otherCpuPercent === "number");
  if (rounds.length === 0) return { flagged: 0, clear: 0, unknown: 0, notRecorded };
  const flags = flagDisturbedRounds(rounds, samples, result.startedAt, DISTURBED_OTHER_CPU_PERCENT);
  return {
    flagged: flags.filter((f) => f.flagged === true).length,
    clear: flags.filter((f) => f.flagged === false).length,
    unknown: flags.filter((f) => f.flagged === null).length,
    notRecorded,
  };
}

/** "outside load: …": what the machine samples say of a check's rounds. */
export function disturbedClause(d: DisturbedRounds, rounds: number): string {
  if (d.notRecorded) return "outside load: not recorded in this Result";
  const unknown = d.unknown > 0 ? `, ${d.unknown} not told (no reading)` : "";
  return `outside load above ${DISTURBED_OTHER_CPU_PERCENT}% of the machine's CPU in ${d.flagged} of ${rounds} rounds${unknown}`;
}

/**
 * Words a paired analysis of rounds as a check of a pooled comparison whose interval is `pooledCi`
 * (omit it when there is none to set it beside).
 */
export function roundsCheckOf(result: Pick<Result, "samples" | "startedAt">, analysis: BlockAnalysis, a: string, b: string, pooledCi?: Interval | null): RoundsCheck {
  const roundsNeeded = roundsFor(analysis.targetLevel);
  const disturbed = disturbedRounds(result, analysis.rounds);
  const base = { a, b, completeRounds: analysis.completeRounds, roundsNeeded, disturbed };
  if (analysis.completeRounds === 0 || analysis.ci === null || analysis.test === null) {
    return { ...base, status: "skipped", ratio: null, ci: null, reachesTarget: false, pValue: null, sentence: "within rounds: not checked: no round holds a usable trial of both" };
  }
  const ci = analysis.ci;
  const stats = `${formatNumber(analysis.ratio)}× (${formatCi(ci, 1, "×")}; signed-rank ${formatPValue(analysis.test.pValue)}, not adjusted; ${analysis.completeRounds} rounds)`;
  let reading: string;
  if (!analysis.reachesTarget) {
    reading = `too few rounds for a ${formatLevel(analysis.targetLevel)} interval (${roundsNeeded} needed)`;
  } else {
    const side = sideOf(ci);
    const where = side === "spans" ? `the interval includes 1 (${formatInterval(ci)}×)` : `the interval lies ${side} 1`;
    if (!pooledCi) reading = where;
    else {
      const pooled = sideOf(pooledCi);
      reading = side === pooled ? `${where}, as the pooled interval does`
        : side === "spans" ? `${where}, unlike the pooled interval`
          : pooled === "spans" ? `${where}, while the pooled interval includes 1`
            : `${where}, the opposite side to the pooled interval: the pooled verdict is in doubt`;
    }
  }
  return {
    ...base, status: "checked", ratio: analysis.ratio, ci, reachesTarget: analysis.reachesTarget, pValue: analysis.test.pValue,
    sentence: `within rounds: ${stats}: ${reading}; ${disturbedClause(disturbed, analysis.completeRounds)}`,
  };
}

/**
 * The check of a run whose trials were not taken in rounds (order "blocked": every trial of one
 * condition in a row), saying so; null when the run was in rounds.
 */
export function notInRounds(result: Pick<Result, "params" | "order" | "samples">, a: string, b: string, confidence: number): RoundsCheck | null {
  const order = result.order?.kind ?? (result.params as { order?: string }).order;
  if (order !== "blocked") return null;
  const notRecorded = !(result.samples ?? []).some((s) => typeof s.otherCpuPercent === "number");
  return {
    a, b, status: "skipped", completeRounds: 0, ratio: null, ci: null, reachesTarget: false, pValue: null, roundsNeeded: roundsFor(confidence),
    disturbed: { flagged: 0, clear: 0, unknown: 0, notRecorded },
    sentence: "within rounds: not checked: the run took every trial of one condition in a row (order \"blocked\"), so no round holds both close in time",
  };
}

/**
 * Compares conditions `a` and `b` on `metric` within the run's rounds ({@link analyzeBlocks}), as a
 * check of their pooled comparison; skipped, saying why, when the run was ordered "blocked".
 *
 * @param result The Result: its order, trials, machine samples and start time.
 * @param a Label of the numerator's condition; `b` the denominator's.
 * @param metric Name of the metric, in each trial's `metrics` (or "durationMs").
 * @param opts `confidence`: the target level; `pooledCi`: the pooled comparison's interval.
 */
export function withinRounds(
  result: RoundsResult,
  a: string,
  b: string,
  metric: string,
  opts: { confidence: number; pooledCi?: Interval | null },
): RoundsCheck {
  const skipped = notInRounds(result, a, b, opts.confidence);
  if (skipped) return skipped;
  const analysis = analyzeBlocks(result.trials, { a, b, metric, level: opts.confidence });
  return roundsCheckOf(result, analysis, a, b, opts.pooledCi);
}

/** All rounds' disturbances of several checks, each round counted once (checks of one run share its rounds by index). */
export function runDisturbance(checks: readonly RoundsCheck[]): string {
  const checked = checks.filter((c) => c.status === "checked");
  if (checked.length === 0) return "";
  if (checked.every((c) => c.disturbed.notRecorded)) return "Rounds disturbed by outside load: not recorded (this Result's machine samples lack other processes' CPU).";
  const flagged = checked.filter((c) => c.disturbed.flagged > 0).length;
  return `Outside load above ${DISTURBED_OTHER_CPU_PERCENT}% of the machine's CPU touched rounds of ${flagged} of ${checked.length} within-round checks.`;
}
