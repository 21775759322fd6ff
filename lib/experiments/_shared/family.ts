/**
 * One family of comparisons per Result, when some of its tests are not two-sample comparisons (a
 * ratio of slopes with a Welch t test, say): every p-value of the family is adjusted together, so
 * the family's size is the number of tests the Result makes, and each verdict still comes from
 * the lab's one rule (`decide`). Also the line that says how large a family was and how it came out.
 * Pure.
 * @module
 */
import type { VerdictRules } from "../../stats/compare.ts";
import { adjustPValues, decide, type Verdict, type VerdictInput } from "../../stats/mod.ts";
import type { Comparison } from "../../types.ts";
import { decideInFamily, significance } from "../../stats/compare.ts";

/** A test of a family that is not a two-sample comparison: its p-value of "ratio = 1", and what `decide` needs. */
export interface OtherTest {
  /** Two-sided p-value of "ratio = 1", in [0, 1]. */
  pValue: number;
  /**
   * The ratio and its interval, for `decide`; null when the test has no finite interval of positive
   * ratios (an unbounded or exclusive Fieller set): the test is then inconclusive, in the caller's words.
   */
  input: Pick<VerdictInput, "labelA" | "labelB" | "quantity" | "lowerIsBetter" | "timeLike" | "ratio" | "ci" | "reachesTarget" | "nA" | "nB"> | null;
}

/** An {@link OtherTest} decided within its family. */
export interface DecidedOther {
  pValue: number;
  pAdjusted: number;
  familySize: number;
  procedure: Comparison["procedure"];
  /** The verdict of `decide`; null when the test had no finite interval (then inconclusive). */
  verdict: Verdict | null;
}

/**
 * Decides two-sample comparisons and other tests as one family: the p-values of all of them are
 * adjusted together (Holm by default), then each comparison and each test with a finite interval
 * goes through `decide`. With no other tests this is `decideFamily`.
 *
 * @param comparisons Comparisons from `compareRatio`.
 * @param others Tests of the same Result with their own p-values.
 * @param rules The Result's verdict rules (`verdictRules(result.params)`).
 */
export function decideTogether(comparisons: readonly Comparison[], others: readonly OtherTest[], rules: Required<VerdictRules>): { comparisons: Comparison[]; others: DecidedOther[] } {
  const adjusted = adjustPValues([...comparisons.map((c) => c.pValue), ...others.map((o) => o.pValue)], rules.family);
  const familySize = adjusted.length;
  const procedure = rules.family;
  const common = { targetLevel: rules.confidence, alpha: significance(rules.confidence), familySize, procedure, equivalence: rules.equivalence };
  const decided = comparisons.map((c, i) => decideInFamily(c, adjusted[i]!, familySize, rules));
  const decidedOthers = others.map((o, j) => {
    const pAdjusted = adjusted[comparisons.length + j]!;
    const verdict = o.input ? decide({ ...common, ...o.input, pAdjusted, pRaw: o.pValue }) : null;
    return { pValue: o.pValue, pAdjusted, familySize, procedure, verdict };
  });
  return { comparisons: decided, others: decidedOthers };
}

/** "Holm-adjusted", "Bonferroni-adjusted" or "not adjusted": how a family's p-values were treated. */
export function adjustmentWords(procedure: Comparison["procedure"]): string {
  return procedure === "none" ? "not adjusted" : `${procedure === "holm" ? "Holm" : "Bonferroni"}-adjusted`;
}

/**
 * The line that sets a family's size beside its verdicts: "77 comparisons of p50 round-trip latency,
 * Holm-adjusted as one family: 3 named a side (2 lower, 1 higher), 1 equivalent within ±5%, 73 inconclusive."
 */
export function familyLine(outcomes: ReadonlyArray<Comparison["outcome"]>, what: string, rules: Required<VerdictRules>): string {
  const count = (o: Comparison["outcome"]) => outcomes.filter((x) => x === o).length;
  const lower = count("lower");
  const higher = count("higher");
  const sided = lower + higher;
  const band = Number((rules.equivalence * 100).toPrecision(3));
  const how = rules.family === "none" ? "decided together with their p-values not adjusted" : `${adjustmentWords(rules.family)} as one family`;
  return `${outcomes.length} ${outcomes.length === 1 ? "comparison" : "comparisons"} of ${what}, ${how}: ` +
    `${sided} named a side (${lower} lower, ${higher} higher), ${count("equivalent")} equivalent within ±${band}%, ${count("inconclusive")} inconclusive.`;
}
