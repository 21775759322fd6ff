/**
 * How decided comparisons read in findings, claims and chart titles: a comparison with its
 * within-round check beside it, the family it was decided in ("5 comparisons, Holm-adjusted"), the
 * reason a verdict gives when it is not conclusive, and the confidence level a chart of many
 * intervals can honestly name. Pure.
 * @module
 */
import { formatLevel } from "../../format.ts";
import type { Comparison, Interval } from "../../types.ts";
import { adjustmentWords } from "./family.ts";
import type { RoundsCheck } from "./rounds.ts";

/** A comparison decided in its family, with its within-round check (`rounds.ts`) beside it. */
export type CheckedComparison = Comparison & { within: RoundsCheck };

/** A verdict followed by its within-round check, as one finding. */
export function checkedVerdict(c: CheckedComparison): string {
  return `${c.verdict} ${c.within.sentence.replace(/^within/, "Within")}.`;
}

/** "5 comparisons, Holm-adjusted": the family's size and adjustment, as printed beside a claim's figures. */
export function familyNote(comparisons: readonly Comparison[]): string {
  const n = comparisons.length;
  const count = `${n} comparison${n === 1 ? "" : "s"}`;
  return n <= 1 ? count : `${count}, ${adjustmentWords(comparisons[0]!.procedure)}`;
}

/**
 * What a verdict concludes, without its figures: the words after the parenthesis of statistics,
 * e.g. "too few trials for a verdict: the interval reaches 75%, not the 95% asked for; a verdict
 * needs at least 4 trials per side". Every sentence of the lab's verdict rule closes its statistics
 * with "n = <a> vs <b>)", so the reason is read from there.
 */
export function verdictReason(c: Comparison): string {
  const marker = `n = ${c.nA} vs ${c.nB}): `;
  const at = c.verdict.lastIndexOf(marker);
  const reason = at >= 0 ? c.verdict.slice(at + marker.length) : c.verdict;
  return reason.replace(/\.$/, "");
}

/**
 * {@link verdictReason}, shortened where the figures are printed beside it: an inconclusive verdict's
 * restatement of its interval becomes "no difference detected", keeping everything it adds (e.g.
 * how many trials a verdict would need).
 */
export function outcomeClause(c: Comparison): string {
  return verdictReason(c).replace(
    /^inconclusive: the ratio lies between [^;]+; no difference was detected, and differences within that range are not ruled out/,
    "inconclusive: no difference was detected, and differences within the interval are not ruled out",
  );
}

/**
 * The confidence a chart title may name for many intervals: "93.7% CI" when they all attain the
 * same level, otherwise "CI; levels in the table", never a level some interval does not reach.
 */
export function ciLabel(intervals: readonly Interval[]): string {
  const levels = [...new Set(intervals.map((ci) => formatLevel(ci.level)))];
  return levels.length === 1 ? `${levels[0]} CI` : "CI; levels in the table";
}
