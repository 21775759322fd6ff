/**
 * The within-round check of a pooled comparison. When conditions run in randomised blocks (order
 * "random" or "abba"), trial `index` r of every condition belongs to round r, and pairing the two
 * conditions' trials round by round cancels whatever drifted during the run. The pooled verdict
 * (two independent samples, decided within the family) stays the verdict; this paired analysis is
 * its check, reported beside it with its own interval and signed-rank p, and not adjusted for the
 * family because it decides nothing. Rounds during which processes outside the lab used the
 * machine are counted from the run's machine samples, where those recorded it. Pure: it reads a
 * Result.
 * @module
 */
import { formatCi, formatNumber } from "../../format.ts";
import { analyzeBlocks, flagDisturbedRounds, formatPValue, signedRankTest } from "../../stats/mod.ts";
import type { Comparison, Interval, Result } from "../../types.ts";

/**
 * CPU of processes outside the lab above which a round counts as disturbed, in cores: half a core
 * taken from the lab's workers is enough to move a CPU-bound trial by more than its noise.
 */
export const DISTURBANCE_CORES = 0.5;

/** What the within-round check found, in a form a Result's summary can keep. */
export type WithinRounds =
  | { analysed: false; reason: string }
  | {
      analysed: true;
      /** Hodges–Lehmann centre of the per-round ratios a/b (divided by `divideBy` when given), unitless. */
      ratio: number;
      /** Its interval at the level it attains. */
      ci: Interval;
      reachesTarget: boolean;
      /** Signed-rank p of "the per-round ratio (after `divideBy`) is 1", unadjusted: a check, not a verdict. */
      pValue: number;
      completeRounds: number;
      /** Rounds that lacked a usable trial of either condition. */
      incompleteRounds: number;
      /** Rounds disturbed by outside load: flagged, clear, and not known (with why, when none is known). */
      disturbed: { flagged: number; clear: number; unknown: number; thresholdPercent: number; unknownReason?: string };
    };

/** A decided comparison with its within-round check beside it. */
export type CheckedComparison = Comparison & { withinRounds: WithinRounds };

/**
 * Pairs conditions a and b round by round on `metric` and flags the rounds disturbed by outside
 * load. `divideBy` scales the ratio and its interval (e.g. a speedup into an efficiency against a
 * goal), and the signed-rank test then asks whether the scaled ratio is 1, so that the check reads
 * on the same scale as the pooled comparison.
 */
export function withinRounds(
  result: Pick<Result, "trials" | "samples" | "startedAt" | "order" | "machine" | "params">,
  a: string,
  b: string,
  metric: string,
  opts: { level: number; divideBy?: number },
): WithinRounds {
  const order = result.order?.kind ?? (result.params as { order?: string }).order;
  if (order === "blocked") {
    return { analysed: false, reason: "the conditions ran blocked (all trials of one condition in a row), so trials of the same index do not form rounds" };
  }
  const blocks = analyzeBlocks(result.trials, { a, b, metric, level: opts.level });
  if (blocks.completeRounds === 0 || !blocks.test || !blocks.ci) return { analysed: false, reason: "no round holds a usable trial of both conditions" };
  const cores = Math.max(1, result.machine.cpu.cores);
  const thresholdPercent = Math.min(100, (100 * DISTURBANCE_CORES) / cores);
  const flags = flagDisturbedRounds(blocks.rounds, result.samples ?? [], result.startedAt, thresholdPercent);
  const unknown = flags.filter((f) => f.flagged === null);
  const reasons = [...new Set(unknown.map((f) => f.reason ?? "not recorded"))];
  const scale = opts.divideBy ?? 1;
  const test = scale === 1 ? blocks.test : signedRankTest(blocks.rounds.map((r) => r.logRatio - Math.log(scale)));
  return {
    analysed: true,
    ratio: blocks.ratio / scale,
    ci: { lo: blocks.ci.lo / scale, hi: blocks.ci.hi / scale, level: blocks.ci.level },
    reachesTarget: blocks.reachesTarget,
    pValue: test.pValue,
    completeRounds: blocks.completeRounds,
    incompleteRounds: blocks.incompleteRounds.length,
    disturbed: {
      flagged: flags.filter((f) => f.flagged === true).length,
      clear: flags.filter((f) => f.flagged === false).length,
      unknown: unknown.length,
      thresholdPercent,
      ...(unknown.length > 0 ? { unknownReason: reasons.join("; ") } : {}),
    },
  };
}

/** How many of the rounds outside load disturbed, or that it was not recorded. */
export function disturbanceClause(w: Extract<WithinRounds, { analysed: true }>): string {
  const d = w.disturbed;
  const limit = `other processes above ${formatNumber(d.thresholdPercent)}% of the machine's CPU`;
  if (d.unknown === w.completeRounds) return `outside load during the rounds: ${d.unknownReason ?? "not recorded"}`;
  const unknown = d.unknown > 0 ? `, ${d.unknown} not known (${d.unknownReason ?? "not recorded"})` : "";
  return `${d.flagged} of ${w.completeRounds} rounds disturbed by outside load (${limit})${unknown}`;
}

/** The check in words, a sentence to follow a pooled verdict: "Within rounds …". */
export function withinRoundsClause(w: WithinRounds): string {
  if (!w.analysed) return `Within rounds: not analysed: ${w.reason}.`;
  const short = w.reachesTarget ? "" : `; too few rounds for the level asked for`;
  const incomplete = w.incompleteRounds > 0 ? `, ${w.incompleteRounds} incomplete left out` : "";
  return `Within rounds (paired over ${w.completeRounds} rounds${incomplete}): ratio ${formatNumber(w.ratio)}× (${formatCi(w.ci, 1, "×")}; signed-rank ${formatPValue(w.pValue)}, unadjusted${short}); ${disturbanceClause(w)}.`;
}
