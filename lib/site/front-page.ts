/**
 * The lab's front page (`index.html` of the exported pages): what the lab found. It opens with
 * where and how the evidence was measured, then the claims table — each claim's verdict in the
 * lab's words, the figure that decides it, and a link to the notebook cell that shows it — then the
 * notebook pages, and how the page was built. The same rows give the README's claims section.
 * @module
 */
import { escapeHtml, htmlPage, markdownToHtml } from "../html.ts";
import type { ClaimRow } from "./claims.ts";
import { withoutMachinePaths } from "./paths.ts";
import { machineWords, measuredLine, PICK_RULE, profileWords, runtimeWords, type Evidence } from "./evidence.ts";
import { errorMessage } from "../errors.ts";
import { verdictPhrase } from "../experiments/_shared/claims.ts";
import { mdeSentence } from "../experiments/calibration/findings.ts";
import type { Resolution } from "../experiments/calibration/types.ts";
import { EXPERIMENTS } from "../experiments/index.ts";
import { reanalyse } from "../report.ts";

/** One notebook page as the front page lists it. */
export interface PageEntry {
  name: string;
  title: string;
  /** The page's file, relative to the front page; null when none was written. */
  href: string | null;
  ok: boolean;
  /** Plain text: what the page was built from, or why there is none. */
  note: string;
  stale: boolean;
}

/** What the front page says it was built from. */
export interface FrontPageSource {
  /** "saved Results in data/results/reference" or "the Results this run measured". */
  from: string;
  /** The Result each experiment rests on. */
  picked: ReadonlyMap<string, Evidence>;
  /** The other Results of the folder, listed with their own verdicts so that none is hidden. */
  others?: readonly Evidence[];
}

/** At most this many other Results are listed; the rest are counted. */
const MAX_OTHERS = 20;

/** The other Results of the folder with the verdicts each would give, newest first. */
function othersHtml(others: readonly Evidence[]): string {
  if (others.length === 0) return "";
  const sorted = [...others].sort((a, b) => b.result.startedAt.localeCompare(a.result.startedAt));
  const items = sorted.slice(0, MAX_OTHERS).map((e) => {
    const experiment = EXPERIMENTS.find((x) => x.id === e.result.experiment.id);
    let verdicts = "";
    try {
      const claims = experiment?.claims?.(reanalyse(e.result)) ?? [];
      verdicts = claims.map((c) => `${c.id}: ${verdictPhrase(c)}`).join("; ");
    } catch (error) {
      verdicts = `its analysis failed (${errorMessage(error)})`;
    }
    return `<li><code>${escapeHtml(e.shown)}</code> <span class="meta">${escapeHtml(measuredLine(e))}${e.staleness.stale ? "; stale" : ""}</span>${verdicts ? `<br>${escapeHtml(verdicts)}` : ""}</li>`;
  });
  const more = sorted.length > MAX_OTHERS ? `<li class="meta">and ${sorted.length - MAX_OTHERS} older</li>` : "";
  return `<h2>Other Results in the folder</h2>\n<p class="meta">Not the ones the claims above rest on (see the rule below); the verdicts each would give are computed the same way.</p>\n<ul>\n${items.join("\n")}\n${more}</ul>`;
}

const unique = (xs: readonly string[]) => [...new Set(xs)];

/**
 * What the calibration among the evidence says this machine resolves (its minimum detectable effect
 * per profile), naming its Result, or that there is none, so no such figure is stated.
 */
function calibrationWords(evidence: Evidence | undefined): string {
  const resolutions = (evidence?.result.summary as { resolutions?: Resolution[] } | undefined)?.resolutions;
  if (!evidence || !Array.isArray(resolutions) || resolutions.length === 0) {
    return "no calibration Result, so no minimum detectable effect is stated; each notebook gives its noise floor";
  }
  return `calibration (${evidence.shown}, ${evidence.result.startedAt.slice(0, 10)}, ${machineWords(evidence.result)}): ${mdeSentence(resolutions).replace(/\.$/, "")}`;
}

/** The heading facts of the evidence: when, on what machine and runtime, at which profile. */
export function evidenceHeader(picked: ReadonlyMap<string, Evidence>): string[] {
  const all = [...picked.values()];
  if (all.length === 0) return ["No saved Result: nothing below was measured."];
  const dates = unique(all.map((e) => e.result.startedAt.slice(0, 10))).sort();
  const profiles = unique(all.map((e) => profileWords(e.profile)));
  // With more than one profile, say which experiment ran at which.
  const profileText = profiles.length === 1
    ? profiles[0]!
    : profiles.map((p) => `${p} for ${[...picked].filter(([, e]) => profileWords(e.profile) === p).map(([id]) => id).join(", ")}`).join("; ");
  return [
    `Measured on ${dates.length === 1 ? dates[0] : `${dates[0]} to ${dates[dates.length - 1]}`}`,
    `machine: ${unique(all.map((e) => machineWords(e.result))).join("; ")}`,
    `runtime: ${unique(all.map((e) => runtimeWords(e.result))).join(", ")}`,
    `profile: ${profileText}`,
    calibrationWords(picked.get("calibration")),
  ];
}

const inline = (md: string) => markdownToHtml(md).trim().replace(/^<p>([\s\S]*)<\/p>$/, "$1");

function rowHtml(r: ClaimRow): string {
  const links = [
    r.href ? `<a href="${escapeHtml(r.href)}">${escapeHtml(r.experiment)} notebook: the claims cell</a>` : null,
    r.chartHref ? `<a href="${escapeHtml(r.chartHref)}">its chart</a>` : null,
  ].filter(Boolean).join(" · ");
  const from = r.result
    ? `<br><span class="meta">Result ${escapeHtml(r.result.shown)}${r.result.stale ? ` — <strong class="status-failed">stale</strong>: ${escapeHtml(r.result.reason)}` : r.result.reason.startsWith("provenance unknown") ? " — provenance unknown" : ""}</span>`
    : "";
  const details = r.evidence !== r.figure ? `<details><summary>all the evidence</summary>${markdownToHtml(r.evidence)}</details>` : "";
  return `<tr class="verdict-${escapeHtml(r.verdict)}"><td>${inline(r.claim)}</td><td class="verdict"><strong>${escapeHtml(r.words)}</strong></td>` +
    `<td>${inline(r.figure)}${details}</td><td>${links || "—"}${from}</td></tr>`;
}

/** The claims table, grouped by topic in the order of `rows`. */
export function claimsTableHtml(rows: readonly ClaimRow[]): string {
  const body: string[] = [];
  let topic = "";
  for (const r of rows) {
    if (r.topic !== topic) {
      topic = r.topic;
      body.push(`<tr class="topic"><th colspan="4">${escapeHtml(topic)}</th></tr>`);
    }
    body.push(rowHtml(r));
  }
  return `<table class="claims">\n<colgroup><col style="width: 24%"><col style="width: 15%"><col style="width: 41%"><col style="width: 20%"></colgroup>\n<thead><tr><th>Claim</th><th>Verdict</th><th>The figure that decides it</th><th>Evidence</th></tr></thead>\n<tbody>\n${body.join("\n")}\n</tbody>\n</table>`;
}

const STYLE = `<style>
table.claims { width: 100%; table-layout: fixed; }
table.claims td, table.claims th { text-align: left; vertical-align: top; overflow-wrap: anywhere; }
table.claims tr.topic th { background: var(--bg-code); }
tr.verdict-holds td.verdict { color: #1a7f37; } tr.verdict-does-not-hold td.verdict { color: var(--err); }
tr.verdict-no-evidence td.verdict, tr.verdict-undecided td.verdict { color: var(--muted); }
</style>`;

/** The front page: the evidence's heading facts, the claims table, the notebook pages and how it was built. */
export function frontPageHtml(rows: readonly ClaimRow[], pages: readonly PageEntry[], source: FrontPageSource): string {
  const items = pages.map((p) =>
    `<li>${p.href ? `<a href="${escapeHtml(p.href)}">${escapeHtml(p.title)}</a>` : escapeHtml(p.title)} ` +
    `<span class="${p.ok ? "status-ok" : "status-failed"}">${p.ok ? (p.stale ? "stale" : "ok") : "failed"}</span> <span class="meta">${escapeHtml(p.note)}</span></li>`).join("\n");
  const body = `${STYLE}
<h1>What the lab found</h1>
<p class="meta">${evidenceHeader(source.picked).map(escapeHtml).join(" · ")}.</p>
<p>Each claim of the article, and each question of the lab's own, with the verdict its experiment's analysis computes from ${escapeHtml(source.from)}:
<strong>holds</strong>, <strong>holds only when</strong> a stated condition is met, <strong>does not hold here</strong>, or <strong>not decided by this run</strong> (with the interval that says what was ruled out).
The figure is the first statement of the evidence; the link opens the notebook cell that shows all of it.</p>
${claimsTableHtml(rows)}
<h2>Notebooks</h2>
<ul>
${items}
</ul>
${othersHtml(source.others ?? [])}
<h2>How this page is built</h2>
<p class="meta">The Result of each experiment is picked by one rule: ${escapeHtml(PICK_RULE)}. A Result records a hash of the library source that measured it;
it is <strong>stale</strong> when that source has changed since, and <em>provenance unknown</em> when it records none (saved before Results recorded it) — such a Result is shown, never re-measured by <code>--refresh</code>, since nothing says its source changed.
<code>npm run site</code> rebuilds these pages from saved Results without measuring; <code>npm run site -- --refresh</code> re-measures the notebooks whose Result is stale.</p>`;
  return withoutMachinePaths(htmlPage("What the lab found — parlab", body));
}

const cell = (text: string) => text.replace(/\r?\n+/g, " ").replace(/\|/g, "\\|").trim();

/** The claims table as markdown, for the README: links go to the notebook sources, and name the page cell `npm run site` builds. */
export function claimsMarkdownTable(rows: readonly ClaimRow[], source: FrontPageSource): string {
  const out = [
    `${evidenceHeader(source.picked).join("; ")}. Verdicts are computed by each experiment's analysis from ${source.from}; \`npm run site\` builds the pages linked below.`,
    "",
    "| | Claim | Verdict | The figure that decides it | Evidence |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const r of rows) {
    const name = r.href?.replace(/\.html(#.*)?$/, "");
    const where = name ? `[${name}](notebooks/${name}.ts), cell \`reports/${r.href}\`` : "—";
    out.push(`| ${cell(r.topic)} | ${cell(r.claim)} | **${cell(r.words)}** | ${cell(r.figure)} | ${where}${r.result ? ` (\`${r.result.shown}\`${r.result.stale ? ", stale" : ""})` : ""} |`);
  }
  return out.join("\n");
}
