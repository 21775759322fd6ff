/**
 * The analysis of a Result of an experiment of the user's own (id "custom"): each condition's
 * time (or the metric its measure returned) with its interval, and every condition against the
 * baseline decided as one family by the lab's verdict rule, each checked within rounds. Pure:
 * re-plotting needs none of the user's code, only the trials the Result holds.
 * @module
 */
import { InputError } from "../errors.ts";
import { compareRatio, decideFamily, summarize } from "../stats/mod.ts";
import * as charts from "../charts/mod.ts";
import type { Charts, Experiment, ParamSpec, Result, Summary } from "../types.ts";
import type { FamilyProcedure } from "../stats/mod.ts";
import type { TrialPlan } from "../trials.ts";
import { failureNote, stoppingNote, formatNumber, keyedCharts, trialsOf, verdictRules } from "../experiments/_shared/analysis.ts";
import { checkedVerdict, type CheckedComparison } from "../experiments/_shared/decided.ts";
import { familyLine } from "../experiments/_shared/family.ts";
import { trialParamSpecs, VERDICT_PARAM_SPECS } from "../experiments/_shared/params.ts";
import { withinRounds } from "../experiments/_shared/rounds.ts";
import { formatCi } from "../format.ts";

/** Parameters of a user's experiment. */
export interface CustomParams extends TrialPlan, Record<string, unknown> {
  /** Condition labels, in the order they were declared. */
  conditions: string[];
  /** The condition every other is compared with (default: the first). */
  baseline: string;
  /** The metric compared: "durationMs" (the measured time) or a metric every measure returns. */
  metric: string;
  /** True when less of the metric is better (time, bytes). */
  lowerIsBetter: boolean;
  confidence?: number;
  equivalence?: number;
  family?: FamilyProcedure;
}

/** Every parameter's spec, with per-profile defaults. */
export const CUSTOM_PARAMS: { [K in keyof CustomParams]: ParamSpec } = {
  conditions: { type: "string[]", description: "condition labels, in declaration order", default: [] },
  baseline: { type: "string", description: "the condition every other is compared with", default: "" },
  metric: { type: "string", description: "the metric compared: durationMs or one every measure returns", default: "durationMs" },
  lowerIsBetter: { type: "boolean", description: "less of the metric is better", default: true },
  ...trialParamSpecs({ trials: { tiny: 2, quick: 10, full: 30 }, warmups: { tiny: 1, quick: 2, full: 3 }, minTimeoutMs: 1 }),
  ...VERDICT_PARAM_SPECS,
};

/** One condition's statistics. */
export interface CustomRow {
  label: string;
  value: Summary;
}

/** What a user's experiment found. */
export interface CustomSummary {
  rows: CustomRow[];
  /** Each condition against the baseline, decided as one family. */
  comparisons: CheckedComparison[];
  failures: number;
}

/** A saved run of a user's experiment. */
export type CustomResult = Result<CustomParams, CustomSummary>;

/** Ids of its charts. */
export const CUSTOM_CHART_IDS = ["trials", "medians"] as const;
export type CustomCharts = Charts<(typeof CUSTOM_CHART_IDS)[number]>;

/** The metric's values of one condition: the measured time or a returned metric. */
function valuesOf(result: Pick<CustomResult, "trials" | "params">, label: string): number[] {
  const metric = result.params.metric || "durationMs";
  if (metric !== "durationMs") return trialsOf(result, label, metric);
  return result.trials.filter((t) => t.ok && t.condition === label && Number.isFinite(t.durationMs)).map((t) => t.durationMs);
}

/** The summary of a user's experiment, recomputed from its trials. */
export function summarizeCustom(result: Omit<CustomResult, "summary">): CustomSummary {
  const p = result.params;
  const rules = verdictRules(p);
  const rows = p.conditions.flatMap((label) => {
    const values = valuesOf(result, label);
    return values.length > 0 ? [{ label, value: summarize(values, { level: rules.confidence }) }] : [];
  });
  const base = valuesOf(result, p.baseline);
  const others = p.conditions.filter((l) => l !== p.baseline && valuesOf(result, l).filter((v) => v > 0).length > 0);
  const raw = base.filter((v) => v > 0).length > 0
    ? others.map((l) => compareRatio(valuesOf(result, l), base, { ...rules, labelA: l, labelB: p.baseline, quantity: p.metric === "durationMs" ? "time" : p.metric, lowerIsBetter: p.lowerIsBetter }))
    : [];
  const metric = p.metric === "durationMs" ? "durationMs" : p.metric;
  const comparisons = decideFamily(raw, rules).map((c, i) => ({
    ...c,
    within: withinRounds(metric === "durationMs" ? withDuration(result) : result, others[i]!, p.baseline, metric === "durationMs" ? "__durationMs" : metric, { confidence: rules.confidence, pooledCi: c.ratioCi }),
  }));
  return { rows, comparisons, failures: result.failures.length };
}

/** The trials with their measured time as a metric, so the within-round check reads it like any other. */
function withDuration<T extends Pick<CustomResult, "trials">>(result: T): T {
  return { ...result, trials: result.trials.map((t) => ({ ...t, metrics: { ...t.metrics, __durationMs: t.durationMs } })) };
}

const unitOf = (metric: string) => (metric === "durationMs" ? "time (ms)" : metric);

/** Every trial per condition, and each condition's median with its interval. */
export function customCharts(result: CustomResult): CustomCharts {
  const p = result.params;
  const order = p.conditions;
  const rows = order.flatMap((label) => valuesOf(result, label).map((value) => ({ condition: label, value })));
  return keyedCharts(CUSTOM_CHART_IDS, [
    charts.distribution(rows, { id: "trials", title: `${result.experiment.title}: every trial`, valueTitle: unitOf(p.metric), order }),
    charts.barsWithCi(
      result.summary.rows.map((r) => ({ group: r.label, category: r.label, value: r.value.median, lo: r.value.medianCi.lo, hi: r.value.medianCi.hi })),
      { id: "medians", title: `${result.experiment.title}: median per condition with its interval`, valueTitle: `median ${unitOf(p.metric)}`, categoryTitle: "condition" },
    ),
  ]);
}

/** Plain-language findings: what ran, each median, and each verdict against the baseline. */
export function customFindings(result: CustomResult): string[] {
  const p = result.params;
  const s = result.summary;
  const r = result.runtime;
  const rules = verdictRules(p);
  const lines = [`Measured on ${result.machine.cpu.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version}; ${p.trials} trials per condition after ${p.warmups} warm-up(s), ${p.order} order; conditions ${p.conditions.join(", ")}; baseline ${p.baseline}.`];
  if (s.rows.length > 0) {
    lines.push(`Median ${unitOf(p.metric)}: ${s.rows.map((x) => `${x.label} ${formatNumber(x.value.median)} (${formatCi(x.value.medianCi)}; n = ${x.value.n})`).join("; ")}.`);
  }
  // Every other metric the measures returned, as medians per condition (latency percentiles, shares…).
  const others = [...new Set(result.trials.flatMap((t) => (t.ok ? Object.keys(t.metrics) : [])))].filter((m) => m !== p.metric);
  for (const m of others) {
    const medians = p.conditions.flatMap((label) => {
      const values = trialsOf(result, label, m);
      return values.length > 0 ? [`${label} ${formatNumber(summarize(values).median)}`] : [];
    });
    if (medians.length > 0) lines.push(`${m} (median over trials): ${medians.join("; ")}.`);
  }
  if (s.comparisons.length > 0) {
    lines.push(familyLine(s.comparisons.map((c) => c.outcome), `each condition against ${p.baseline}`, rules));
    for (const c of s.comparisons) lines.push(checkedVerdict(c));
  }
  return [...lines, ...stoppingNote(result), ...failureNote(s.failures)];
}

/** A user's experiment as the registry knows it: its Results re-analyse and re-plot without the user's code. */
export const customExperiment: Experiment<CustomParams, CustomSummary> = {
  id: "custom",
  version: 1,
  title: "An experiment of your own",
  description: "Conditions and a measure declared by the user; each condition compared with the baseline by the lab's verdict rule.",
  params: CUSTOM_PARAMS,
  check(params) {
    if (params.conditions.length === 0) throw new InputError("conditions", "declare at least one condition");
    if (!params.conditions.includes(params.baseline)) throw new InputError("baseline", `"${params.baseline}" is not a condition; declared: ${params.conditions.join(", ")}`);
  },
  run: async () => {
    throw new InputError("custom", "runs through experiment(name).condition(label, fn).run(), which holds the conditions' functions");
  },
  summarize: summarizeCustom,
  charts: customCharts,
  findings: customFindings,
};
