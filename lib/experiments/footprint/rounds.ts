/**
 * The slope comparison checked within rounds: round r of a run holds the r-th trial of every
 * condition, so each round gives one process slope and one thread slope (least squares over its
 * worker counts), and the per-round ratios are analysed as paired data — the signed-rank test and
 * the Hodges–Lehmann centre of ln(process slope / thread slope) with its exact interval. A round is
 * left out when either kind lacks a trial at some n, or a slope is not positive (no logarithm).
 * Pure.
 * @module
 */
import * as ss from "simple-statistics";
import type { PoolKind } from "../../drivers/pool/mod.ts";
import { type BlockAnalysis, type BlockRound, pairedShiftInterval, signedRankTest } from "../../stats/mod.ts";
import type { TrialRecord } from "../../types.ts";
import type { ModuleGraph } from "../../workloads/graphs.ts";
import { conditionLabel } from "./conditions.ts";
import type { MemoryMeasure } from "./types.ts";

/** The least-squares slope of one round's points, in the metric's unit per worker; NaN with fewer than 2 distinct n. */
function slopeOf(points: Array<[number, number]>): number {
  return new Set(points.map((p) => p[0])).size < 2 ? NaN : ss.linearRegression(points).m;
}

/**
 * Per-round ratios of the process slope to the thread slope of one graph and memory measure, as a
 * block analysis (a = process slope, b = thread slope, in bytes per worker).
 *
 * @param trials The Result's trials.
 * @param graph The module graph; `memory` the measure; `workers` the worker counts n of the run.
 * @param level Target confidence of the interval.
 */
export function roundSlopeRatios(trials: readonly TrialRecord[], graph: ModuleGraph, memory: MemoryMeasure, workers: readonly number[], level: number): BlockAnalysis {
  const metric = `${memory}AddedBytes`;
  const ns = [...new Set(workers)].sort((a, b) => a - b);
  const usable = trials.filter((t) => t.ok && Number.isFinite(t.metrics[metric]));
  const byRound = new Map<number, TrialRecord[]>();
  for (const t of usable) byRound.set(t.index, [...(byRound.get(t.index) ?? []), t]);
  const rounds: BlockRound[] = [];
  const incompleteRounds: number[] = [];
  for (const [index, inRound] of [...byRound].sort((a, b) => a[0] - b[0])) {
    const trialOf = (kind: PoolKind, n: number) => inRound.find((t) => t.condition === conditionLabel(kind, n, graph));
    // Each kind's trials of this round, with their n; a slope only when every n is there.
    const line = (kind: PoolKind) => ns.flatMap((n) => {
      const trial = trialOf(kind, n);
      return trial ? [{ n, trial }] : [];
    });
    const p = line("processes");
    const t = line("threads");
    const slope = (xs: typeof p) => (xs.length === ns.length ? slopeOf(xs.map((x) => [x.n, x.trial.metrics[metric]!])) : NaN);
    const a = slope(p);
    const b = slope(t);
    if (!(a > 0 && b > 0)) {
      if (p.length > 0 || t.length > 0) incompleteRounds.push(index);
      continue;
    }
    const all = [...p, ...t].map((x) => x.trial);
    const startMs = Math.min(...all.map((x) => Date.parse(x.startedAt)));
    const endMs = Math.max(...all.map((x) => Date.parse(x.startedAt) + x.durationMs));
    rounds.push({ index, a, b, logRatio: Math.log(a / b), startMs, endMs });
  }
  if (rounds.length === 0) return { rounds, completeRounds: 0, incompleteRounds, test: null, ratio: NaN, ci: null, targetLevel: level, reachesTarget: false };
  const d = rounds.map((r) => r.logRatio);
  const shift = pairedShiftInterval(d, { level });
  return {
    rounds, completeRounds: rounds.length, incompleteRounds, test: signedRankTest(d), ratio: Math.exp(shift.estimate),
    ci: { lo: Math.exp(shift.ci.lo), hi: Math.exp(shift.ci.hi), level: shift.ci.level }, targetLevel: level, reachesTarget: shift.reachesTarget,
  };
}
