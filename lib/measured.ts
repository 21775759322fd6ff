/**
 * What saved Results found, as markdown: for each Result its provenance (file, trials, machine,
 * runtime), the claims it decides and its findings, all produced by the experiment's own analysis.
 * The README's "what the lab has measured" section is this text, generated from the committed
 * reference Results and checked against them, so no measured figure is ever typed by hand.
 * @module
 */
import { claimsMarkdown } from "./experiments/_shared/claims.ts";
import type { Experiment, Result } from "./types.ts";

/** A saved Result and the project-relative path it was loaded from. */
export interface SavedEntry {
  /** Path relative to the project, with forward slashes (never an absolute path of this machine). */
  file: string;
  result: Result;
}

/** One line saying where a Result's numbers come from. */
export function provenance(entry: SavedEntry): string {
  const { result } = entry;
  const params = result.params as { trials?: unknown; profile?: unknown };
  const parts = [
    typeof params.profile === "string" ? `${params.profile} profile` : null,
    typeof params.trials === "number" ? `${params.trials} trials per condition` : null,
    `${result.machine.cpu.cores} cores (${result.machine.cpu.model})`,
    `${result.runtime.name} ${result.runtime.version}`,
    `started ${result.startedAt.slice(0, 10)}`,
    result.complete ? null : "interrupted: partial",
  ].filter((p): p is string => p !== null);
  return `\`${entry.file}\` (${parts.join("; ")})`;
}

/**
 * Markdown for the Results of one experiment: a heading, each Result's provenance, the claims it
 * decides (when the experiment states claims) and every finding, as the experiment words them.
 */
export function experimentMarkdown(experiment: Experiment, entries: readonly SavedEntry[], heading = "###"): string {
  const out: string[] = [`${heading} ${experiment.title}`, ""];
  for (const entry of entries) {
    const result = { ...entry.result, summary: experiment.summarize(entry.result) };
    out.push(`From ${provenance(entry)}:`, "");
    const claims = experiment.claims?.(result) ?? [];
    if (claims.length > 0) out.push(claimsMarkdown(claims), "");
    for (const finding of experiment.findings(result)) out.push(`- ${finding}`);
    out.push("");
  }
  return out.join("\n");
}

/**
 * `text` with everything between the lines `<!-- begin -->` and `<!-- end -->` markers replaced by
 * `body`. Throws when either marker is missing or out of order, so a generator never appends blindly.
 */
export function replaceBetween(text: string, begin: string, end: string, body: string): string {
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i < 0 || j < 0 || j < i) throw new Error(`markers ${begin} … ${end} not found in order`);
  return `${text.slice(0, i + begin.length)}\n${body.trim()}\n${text.slice(j)}`;
}
