/**
 * The guide as text: one row per branch for a summary table, and the whole flow as markdown, each
 * branch with its answer, the figures that decide it, where it flips, the Result it rests on, and a
 * mark where that evidence is missing or stale.
 * @module
 */
import { provenance } from "../measured.ts";
import type { Branch, Evidence, Guide } from "./types.ts";

/** Where a branch's numbers come from, in words, with its staleness. */
export function evidenceLine(ev: Evidence): string {
  if (!ev.result || !ev.file) return `no Result of ${ev.experiment} found${ev.skipped.length ? ` (unreadable: ${ev.skipped.join("; ")})` : ""}`;
  const from = ev.source === "run" ? "a run on this machine" : "the committed reference";
  return `${from}: ${provenance({ file: ev.file, result: ev.result })}${ev.stale ? ` — **stale**: ${ev.stale}` : ""}`;
}

/** The branch's verdict in a few words: its choice, "inconclusive" or "no evidence", marked when stale. */
export function branchVerdict(b: Branch): string {
  const said = b.status === "answered" ? b.choice! : b.status;
  return b.evidence.stale && b.status !== "no evidence" ? `${said} (stale evidence)` : said;
}

/** One row per branch: the question, the verdict, and the evidence it rests on. */
export function guideRows(guide: Guide): Array<Record<string, string>> {
  return guide.branches.map((b) => ({
    question: b.question,
    answer: branchVerdict(b),
    evidence: b.evidence.file ? `${b.evidence.file} (${b.evidence.source})` : "none",
  }));
}

/** One branch as markdown. */
export function branchMarkdown(b: Branch, index: number): string {
  const out = [`### ${index + 1}. ${b.question} — ${b.status === "answered" ? `**${b.choice}**` : `*${b.status}*`}`, ""];
  if (b.evidence.stale && b.status !== "no evidence") out.push(`> **Stale evidence.** ${b.evidence.stale}. Re-run the ${b.experiment} experiment before relying on this branch.`, "");
  out.push(b.answer, "");
  if (b.figures.length > 0) out.push("Deciding figures:", "", ...b.figures.map((f) => `- ${f.text}`), "");
  out.push(`*Where the answer flips:* ${b.flips}`, "", `*Evidence:* ${evidenceLine(b.evidence)}.`, "");
  return out.join("\n");
}

/** The whole flow as markdown. */
export function guideMarkdown(guide: Guide): string {
  return guide.branches.map(branchMarkdown).join("\n");
}
