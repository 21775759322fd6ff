/**
 * The claims table of the lab's front page: one row per claim of the article (and per question of
 * the lab's own), its verdict as the experiment's own `claims(result)` computes it from a saved
 * Result, the figure that decides it, and the notebook cell that shows the evidence. Nothing here
 * decides a verdict: the table only arranges what the experiments' analyses say. A claim whose
 * experiment has no Result gets a row saying so.
 * @module
 */
import { verdictPhrase } from "../experiments/_shared/claims.ts";
import { EXPERIMENTS } from "../experiments/index.ts";
import { reanalyse } from "../report.ts";
import type { Claim, ClaimVerdict } from "../types.ts";
import { chartAnchor, CLAIMS_ANCHOR } from "./anchors.ts";
import type { Evidence } from "./evidence.ts";

/**
 * The article's claims, grouped by what they are about, in the order the article makes them:
 * `[experiment id, claim id]`. Only the arrangement is written here; every verdict is computed.
 * Claims an experiment states that are not listed land under {@link OWN_QUESTIONS}, so none is lost.
 */
export const ARTICLE_TOPICS: ReadonlyArray<{ topic: string; claims: ReadonlyArray<readonly [string, string]> }> = [
  { topic: "Round-robin vs socket sharing", claims: [["distribution", "sharing-top2-70"]] },
  { topic: "Fault tolerance", claims: [["faults", "crashed-worker-replaced"], ["faults", "thread-crash-takes-process"]] },
  { topic: "Isolation vs shared memory", claims: [["messaging", "threads-communicate-faster"], ["messaging", "shared-memory-faster"], ["thumbnails", "shared-memory"]] },
  { topic: "Memory overhead", claims: [["footprint", "process-duplicates-application"]] },
  { topic: "The 100-thumbnail timing", claims: [["thumbnails", "threads-faster"]] },
  { topic: "Pure CPU work", claims: [["scaling", "threads-edge-out"]] },
];

/** The heading of the lab's own questions. */
export const OWN_QUESTIONS = "The lab's own questions";

/** One row of the claims table. */
export interface ClaimRow {
  topic: string;
  experiment: string;
  /** The claim in the article's words (or the lab's question); the claim's id when no Result states it. */
  claim: string;
  verdict: ClaimVerdict | "no-evidence";
  /** The verdict in the lab's words: "holds", "holds only when …", "does not hold here", "not decided by this run", "no evidence". */
  words: string;
  /** The figure that decides it (the evidence's first statement), markdown. */
  figure: string;
  /** All the evidence, markdown. */
  evidence: string;
  /** The notebook page and the cell stating the claim (`01-scaling.html#claims`), when there is a page. */
  href: string | null;
  /** The cell showing the claim's chart, when there is one. */
  chartHref: string | null;
  /** The Result it rests on, as shown to readers, and whether its measuring source has changed since. */
  result: { shown: string; stale: boolean; reason: string } | null;
}

/**
 * The evidence's statements: split at full stops, semicolons and line breaks outside parentheses
 * (decimal points do not count), list markers and emphasis kept, a trailing colon dropped.
 */
function statements(evidence: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  const cut = (end: number) => {
    const s = evidence.slice(start, end).trim().replace(/^[-*]\s+/, "").replace(/:$/, "");
    if (s) out.push(s);
  };
  for (let i = 0; i < evidence.length; i++) {
    const c = evidence[i]!;
    if (c === "(") depth++;
    else if (c === ")") depth = Math.max(0, depth - 1);
    else if (depth === 0 && (c === "\n" || ((c === "." || c === ";") && (i + 1 === evidence.length || /\s/.test(evidence[i + 1]!))))) {
      cut(c === "." ? i + 1 : i);
      start = i + 1;
    }
  }
  cut(evidence.length);
  return out;
}

/** A statement that gives a figure with its interval (or a count out of trials). */
const HAS_INTERVAL = /\bCI\b|interval|\d+\/\d+/;

/**
 * The figure that decides a claim, read off its evidence: the first statement, and when that gives
 * no interval, the first one that does after it; at most about 360 characters, cut at a word.
 */
export function leadFigure(evidence: string): string {
  const all = statements(evidence);
  if (all.length === 0) return "";
  const first = all[0]!;
  const figure = HAS_INTERVAL.test(first) ? first : [first, all.find((s) => HAS_INTERVAL.test(s))].filter(Boolean).join(" … ");
  if (figure.length <= 360) return figure;
  const at = figure.lastIndexOf(" ", 360);
  return `${figure.slice(0, at > 200 ? at : 360)} …`;
}

/** Where an experiment's evidence is shown: its notebook page, when the site has one. */
export type PageOf = (experiment: string) => string | null;

function row(topic: string, experiment: string, claim: Claim, evidence: Evidence, page: string | null): ClaimRow {
  return {
    topic,
    experiment,
    claim: claim.claim,
    verdict: claim.verdict,
    words: verdictPhrase(claim),
    figure: leadFigure(claim.evidence),
    evidence: claim.evidence,
    href: page ? `${page}#${CLAIMS_ANCHOR}` : null,
    chartHref: page && claim.chart ? `${page}#${chartAnchor(claim.chart)}` : null,
    result: { shown: evidence.shown, ...evidence.staleness },
  };
}

function missing(topic: string, experiment: string, claimId: string, page: string | null, why: string): ClaimRow {
  return { topic, experiment, claim: claimId, verdict: "no-evidence", words: "no evidence", figure: why, evidence: why, href: page, chartHref: null, result: null };
}

/**
 * The claims table from the Result each experiment rests on (`picked`, by experiment id): the
 * article's claims by topic, then every other claim the experiments state, under the lab's own questions.
 */
export function claimRows(picked: ReadonlyMap<string, Evidence>, pageOf: PageOf, from: string): ClaimRow[] {
  const stated = new Map<string, Claim[]>();
  for (const [id, evidence] of picked) {
    const experiment = EXPERIMENTS.find((e) => e.id === id);
    stated.set(id, experiment?.claims?.(reanalyse(evidence.result)) ?? []);
  }
  const rows: ClaimRow[] = [];
  const listed = new Set<string>();
  const noResult = (id: string) => `No saved Result of "${id}" in ${from}: nothing decides this claim there.`;
  for (const { topic, claims } of ARTICLE_TOPICS) {
    for (const [id, claimId] of claims) {
      listed.add(`${id}/${claimId}`);
      const evidence = picked.get(id);
      const claim = stated.get(id)?.find((c) => c.id === claimId);
      if (evidence && claim) rows.push(row(topic, id, claim, evidence, pageOf(id)));
      else if (!evidence) rows.push(missing(topic, id, claimId, pageOf(id), noResult(id)));
      else rows.push(missing(topic, id, claimId, pageOf(id), `The "${id}" experiment's analysis states no claim "${claimId}" for this Result.`));
    }
  }
  for (const experiment of EXPERIMENTS) {
    const evidence = picked.get(experiment.id);
    for (const claim of stated.get(experiment.id) ?? []) {
      if (evidence && !listed.has(`${experiment.id}/${claim.id}`)) rows.push(row(OWN_QUESTIONS, experiment.id, claim, evidence, pageOf(experiment.id)));
    }
  }
  return rows;
}
