/**
 * How a claim's verdict reads in a notebook or a report: one markdown paragraph per claim, its
 * verdict in the lab's words first, then the figure that decides it; and when a run has too few
 * trials to decide one.
 * @module
 */
import type { Claim, ClaimVerdict } from "../../types.ts";
import { trialsOfProfile } from "./params.ts";

/** The lab's words for each verdict. */
export const VERDICT_WORDS: Readonly<Record<ClaimVerdict, string>> = {
  "holds": "holds",
  "holds-only-when": "holds only when",
  "does-not-hold": "does not hold here",
  "undecided": "not decided by this run",
};

/** The verdict of one claim in the lab's words, e.g. "holds only when the payload is over 32 KiB". */
export function verdictPhrase(claim: Pick<Claim, "verdict" | "when">): string {
  return claim.verdict === "holds-only-when" && claim.when ? `${VERDICT_WORDS[claim.verdict]} ${claim.when}` : VERDICT_WORDS[claim.verdict];
}

/** Markdown for a list of claims: `**"claim"** — verdict. evidence`, one paragraph each. */
export function claimsMarkdown(claims: readonly Claim[]): string {
  return claims.map((c) => `**${c.claim}** — *${verdictPhrase(c)}.* ${c.evidence}`).join("\n\n");
}

/**
 * The reason a run cannot decide a claim for want of trials, naming how many trials the longer
 * profiles run (read off the experiment's parameter specs, so the sentence cannot drift).
 */
export function tooFewTrialsReason(trials: number, task: string, specs: Parameters<typeof trialsOfProfile>[0]): string {
  return `With ${trials} trials per condition this run cannot ${task}; the quick profile runs ${trialsOfProfile(specs, "quick")}, the full one ${trialsOfProfile(specs, "full")}.`;
}

/** "a", "a or b", "a, b or c": the alternatives a claim's evidence names. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
