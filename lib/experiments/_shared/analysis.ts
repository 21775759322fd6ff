/**
 * What every experiment's analysing side shares: reading one metric off a Result's trials, the
 * closing note on failed trials, and charts keyed by the ids an experiment declares. Pure: it reads
 * a Result and loads no driver.
 * @module
 */
import { byId } from "../../charts/mod.ts";
import type { VerdictRules } from "../../stats/compare.ts";
import { decisionConfidence } from "../../stopping.ts";
import type { Chart, Charts, Result } from "../../types.ts";
export { formatInterval, formatNumber } from "../../format.ts";

/** Values of one metric over the successful trials of one condition. */
export function trialsOf(result: Pick<Result, "trials">, condition: string, metric: string): number[] {
  return result.trials
    .filter((t) => t.ok && t.condition === condition && Number.isFinite(t.metrics[metric]))
    .map((t) => t.metrics[metric]!);
}

/**
 * "6 trials per condition", or for a run that stopped once precise enough, the counts it ran:
 * "6 to 13 trials per condition (6 at least, 20 at most, each stopping once precise enough)".
 */
export function trialsPerCondition(result: Pick<Result, "params" | "stopping">): string {
  const s = result.stopping;
  if (!s) return `${(result.params as { trials?: unknown }).trials} trials per condition`;
  const counts = Object.values(s.stopped).map((x) => x.trials);
  const lo = Math.min(...counts);
  const hi = Math.max(...counts);
  return `${lo === hi ? lo : `${lo} to ${hi}`} trials per condition (${s.minTrials} at least, ${s.maxTrials} at most, each stopping once precise enough)`;
}

/**
 * The line of findings that says how a run that stopped once precise enough stopped: how many
 * conditions stopped early, how many ran to the most, and the level its verdicts are decided at;
 * nothing for a run of fixed size.
 */
export function stoppingNote(result: Pick<Result, "stopping">): string[] {
  const s = result.stopping;
  if (!s) return [];
  const stops = Object.values(s.stopped);
  const precise = stops.filter((x) => x.reason === "precise");
  const counts = stops.map((x) => x.trials);
  const range = Math.min(...counts) === Math.max(...counts) ? `${counts[0]}` : `${Math.min(...counts)} to ${Math.max(...counts)}`;
  const pct = (x: number) => `${Math.round(x * 10000) / 100}%`;
  return [
    `Stopped when precise enough: ${precise.length} of ${stops.length} conditions reached ±${pct(s.precision)} on ${s.metric} (median interval at ${pct(s.confidence)}) before ${s.maxTrials} trials; trials per condition ${range}, looked at after ${s.looks.join(", ")}. ` +
    `Its intervals and tests are at ${pct(s.lookConfidence)} each, the run's ${pct(1 - s.confidence)} error split over ${s.looks.length} looks, so they cover at ${pct(s.confidence)} whichever look it stopped at.`,
  ];
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
 * `family` parameters, or the lab's defaults for Results saved before these were parameters. A run
 * that stopped once precise enough is decided at its per-look level (stopping.ts), so that its
 * intervals cover at `confidence` whichever look it stopped at.
 */
export function verdictRules(params: unknown): Required<VerdictRules> {
  const p = (params ?? {}) as Partial<Record<"confidence" | "equivalence" | "family" | "trials" | "precision" | "maxTrials" | "looks", unknown>>;
  const num = (v: unknown) => (typeof v === "number" ? v : undefined);
  const confidence = num(p.confidence) ?? 0.95;
  return {
    confidence: typeof p.trials === "number"
      ? decisionConfidence({ trials: p.trials, confidence, precision: num(p.precision), maxTrials: num(p.maxTrials), looks: num(p.looks) })
      : confidence,
    equivalence: typeof p.equivalence === "number" ? p.equivalence : 0.05,
    family: p.family === "bonferroni" || p.family === "none" ? p.family : "holm",
  };
}
