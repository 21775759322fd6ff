/**
 * Re-renders a saved Result — summary, findings, charts and trial table — as a self-contained HTML
 * page, without running anything again. Summaries are recomputed from the trials, so a partial
 * Result of an interrupted run renders as well as a complete one.
 * @module
 */
import path from "node:path";
import { InputError, ResultFileError, errorMessage } from "./errors.ts";
import { getExperiment } from "./experiments/index.ts";
import { escapeHtml, htmlPage, markdownToHtml } from "./html.ts";
import { renderSvg } from "./render.ts";
import { ensureWritableDir, loadResult, writeFileAtomic } from "./results.ts";
import type { Chart, Result } from "./types.ts";

/** A Result with its summary recomputed from its trials by its experiment. */
export function reanalyse<P extends Record<string, unknown>, S>(result: Result<P, S>): Result<P, S> {
  const experiment = getExperiment(result.experiment.id, `Result experiment id`);
  return { ...result, summary: experiment.summarize(result) as S };
}

/** Charts and findings of a Result, from a summary recomputed once. */
export function chartsOf(result: Result): { charts: Chart[]; findings: string[] } {
  const experiment = getExperiment(result.experiment.id, `Result experiment id`);
  const full = { ...result, summary: experiment.summarize(result) };
  return { charts: Object.values(experiment.charts(full)), findings: experiment.findings(full) };
}

/** Charts, findings and each chart's SVG. */
async function renderCharts(result: Result): Promise<{ charts: Chart[]; findings: string[]; svgs: string[] }> {
  const { charts, findings } = chartsOf(result);
  return { charts, findings, svgs: await Promise.all(charts.map((c) => renderSvg(c.spec))) };
}

/** The failed trials with their reasons, which come from workers and may hold any text. */
function failuresHtml(result: Result): string {
  if (result.failures.length === 0) return "";
  const rows = result.failures
    .map((f) => `<tr><td>${escapeHtml(f.condition)}</td><td>${escapeHtml(f.index)}</td><td>${escapeHtml(f.reason)}</td></tr>`).join("");
  return `<h2>Failed trials</h2><table><thead><tr><th>condition</th><th>trial</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The report page of a Result. */
export async function reportHtml(result: Result, source?: string, rendered?: { charts: Chart[]; findings: string[]; svgs: string[] }): Promise<string> {
  const { charts, findings, svgs } = rendered ?? (await renderCharts(result));
  const m = result.machine;
  const params = Object.entries(result.params as Record<string, unknown>)
    .map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(JSON.stringify(v))}</td></tr>`).join("");
  const body = [
    `<h1>${escapeHtml(result.experiment.title)}</h1>`,
    result.complete ? "" : `<p class="status-failed">This run was interrupted: ${result.trials.length} trials were kept and are analysed below.</p>`,
    `<h2>Findings</h2>`,
    markdownToHtml(findings.map((f) => `- ${f}`).join("\n")),
    ...charts.map((c, i) => `<h3>${escapeHtml(c.title)}</h3><div class="output chart">${svgs[i]}</div>`),
    failuresHtml(result),
    `<h2>Parameters</h2><table><tbody>${params}</tbody></table>`,
    `<h2>Run</h2><p class="meta">${escapeHtml(result.runtime.name)} ${escapeHtml(result.runtime.version)} (V8 ${escapeHtml(result.runtime.v8)}), ` +
      `${escapeHtml(m.cpu.model)} × ${escapeHtml(m.cpu.cores)} cores, ${(Number(m.memory.totalBytes) / 2 ** 30).toFixed(1)} GiB, ${escapeHtml(m.os.platform)} ${escapeHtml(m.os.release)}; ` +
      `load average ${escapeHtml(m.loadAverage.map((x) => Number(x).toFixed(2)).join(" "))}; started ${escapeHtml(result.startedAt)}, finished ${escapeHtml(result.finishedAt)}; ` +
      `${result.trials.length} trials, ${result.failures.length} failed; order ${escapeHtml(result.order.kind)} (seed ${escapeHtml(result.order.seed)}).` +
      (m.git ? ` Commit ${escapeHtml(m.git.commit.slice(0, 12))}${m.git.dirty ? " (with uncommitted changes)" : ""}.` : "") + `</p>`,
  ].join("\n");
  return htmlPage(result.experiment.title, body, source ? `Rendered from ${escapeHtml(path.basename(source))}.` : "");
}

/** Writes `<out>/<name>.html` and one SVG per chart for a saved Result file; returns the written paths. */
export async function writeReport(file: string, outDir?: string): Promise<string[]> {
  const result = loadResult(file);
  const dir = ensureWritableDir(outDir ?? path.dirname(file), "--out");
  const base = path.basename(file, ".json");
  const html = path.join(dir, `${base}.html`);
  let rendered: Awaited<ReturnType<typeof renderCharts>>;
  try {
    rendered = await renderCharts(result);
  } catch (error) {
    if (error instanceof InputError) throw error;
    // The file parsed but its content does not fit its experiment (edited by hand, or from another version).
    throw new ResultFileError(file, `cannot be analysed as a "${result.experiment.id}" Result (${errorMessage(error)}); give a Result file saved by parlab`);
  }
  writeFileAtomic(html, await reportHtml(result, file, rendered));
  const written = [html];
  rendered.charts.forEach((chart, i) => {
    const svgFile = path.join(dir, `${base}-${chart.id}.svg`);
    writeFileAtomic(svgFile, rendered.svgs[i]!);
    written.push(svgFile);
  });
  return written;
}
