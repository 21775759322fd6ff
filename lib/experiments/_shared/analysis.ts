/**
 * What every experiment's analysing side shares: reading one metric off a Result's trials, the
 * closing note on failed trials, and charts keyed by the ids an experiment declares. Pure: it reads
 * a Result and loads no driver.
 * @module
 */
import { byId } from "../../charts/mod.ts";
import type { VerdictRules } from "../../stats/compare.ts";
import type { Chart, Charts, Result } from "../../types.ts";
export { formatInterval, formatNumber } from "../../format.ts";

/** Values of one metric over the successful trials of one condition. */
export function trialsOf(result: Pick<Result, "trials">, condition: string, metric: string): number[] {
  return result.trials
    .filter((t) => t.ok && t.condition === condition && Number.isFinite(t.metrics[metric]))
    .map((t) => t.metrics[metric]!);
}

/** The closing line of findings when trials failed. */
export function failureNote(failures: number): string[] {
  return failures > 0 ? [`${failures} trial(s) failed; see the Result's failures for their reasons.`] : [];
}

/**
 * The charts of `list` keyed by id, typed by the ids the experiment declares, so that a notebook
 * reads `charts["speedup"]` without a cast. Throws when the charts and the declared ids disagree,
 * which is a programming error of the experiment.
 */
export function keyedCharts<K extends string>(ids: readonly K[], list: readonly Chart[]): Charts<K> {
  return checkedCharts(ids, list, []) as Charts<K>;
}

/** {@link keyedCharts} where some charts may be missing from a Result (e.g. a PSS chart where PSS could not be read). */
export function keyedChartsSome<K extends string, O extends K>(ids: readonly K[], list: readonly Chart[], optional: readonly O[]): Charts<Exclude<K, O>> & Partial<Charts<O>> {
  return checkedCharts(ids, list, optional) as Charts<Exclude<K, O>> & Partial<Charts<O>>;
}

function checkedCharts(ids: readonly string[], list: readonly Chart[], optional: readonly string[]): Charts {
  const charts = byId(list);
  const made = Object.keys(charts);
  const missing = ids.filter((id) => !(id in charts) && !optional.includes(id));
  const unknown = made.filter((id) => !ids.includes(id));
  if (missing.length > 0 || unknown.length > 0) {
    throw new Error(`charts made (${made.join(", ")}) differ from the ids declared (${ids.join(", ")})`);
  }
  return charts;
}

/**
 * The verdict rules a Result was (or is to be) decided by: its own `confidence`, `equivalence` and
 * `family` parameters, or the lab's defaults for Results saved before these were parameters.
 */
export function verdictRules(params: unknown): Required<VerdictRules> {
  const p = (params ?? {}) as Partial<Record<"confidence" | "equivalence" | "family", unknown>>;
  return {
    confidence: typeof p.confidence === "number" ? p.confidence : 0.95,
    equivalence: typeof p.equivalence === "number" ? p.equivalence : 0.05,
    family: p.family === "bonferroni" || p.family === "none" ? p.family : "holm",
  };
}
