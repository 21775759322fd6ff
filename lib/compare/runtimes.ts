/**
 * What changed across runtimes: several Results of one experiment, each measured on another runtime
 * (`parlab run <experiment> --runtime node@24`), compared condition by condition on the quantities
 * the experiment declares (`acrossRuntimes` in its mod.ts). The first Result is the baseline; every
 * other runtime's ratio to it, for every condition and quantity, is a comparison of the lab's one
 * verdict rule, all of them decided in one family (Holm by default), so that the chance of naming
 * any change that is not there stays at α however many conditions there are. A condition measured
 * on some runtimes only (reusePort before Node 22) is listed as such, never dropped in silence, and
 * different machines are named. Pure: it reads the Results it is given and measures nothing.
 * @module
 */
import type { VerdictRules } from "../stats/compare.ts";
import { compareRatio, decideFamily } from "../stats/compare.ts";
import { InputError } from "../errors.ts";
import { formatCi, formatNumber } from "../format.ts";
import { runtimeRatios } from "../charts/runtime-ratios.ts";
import { verdictRules } from "../experiments/_shared/analysis.ts";
import type { Chart, Comparison, Experiment, ParamSpec, Result } from "../types.ts";
import { acrossRuntimesOf, type RuntimeMetric } from "./runtime-metric.ts";
import { profileOf } from "./versus.ts";

/** One runtime's Result, as the comparison names it. */
export interface RuntimeSide {
  /** "node 24.22.3": how findings and tables name the runtime. */
  label: string;
  /** The input it came from: a file name, or "results[1]". */
  input: string;
  /** "AMD EPYC × 2 cores, linux x64 (vm)". */
  machine: string;
  /** Start date of the run (YYYY-MM-DD). */
  date: string;
  /** The profile its parameters are the defaults of, "custom" when none, null when unknown. */
  profile: string | null;
  /** True for the first Result, which every other runtime is compared with. */
  baseline: boolean;
}

/** One condition and quantity on one runtime against the baseline runtime. */
export interface RuntimeRow {
  condition: string;
  metric: RuntimeMetric;
  /** The runtime compared (the ratio's numerator), e.g. "node 24.22.3". */
  runtime: string;
  /** The baseline runtime (the denominator). */
  baseline: string;
  /** Ratio runtime / baseline with its interval and verdict, decided in the one family. */
  comparison: Comparison;
}

/** A condition (or one quantity of it) that could not be compared on every runtime, and why. */
export interface PartialCondition {
  condition: string;
  /** The quantity concerned; null when the condition itself is missing from some Results. */
  metric: string | null;
  /** Runtimes whose Results measured it. */
  measuredOn: string[];
  /** Runtimes whose Results did not (or recorded no usable value). */
  missingOn: string[];
  /** Why, in words. */
  reason: string;
}

/** Several Results of one experiment on different runtimes, compared condition by condition. */
export interface RuntimeComparison {
  experiment: { id: string; title: string };
  /** Label of the baseline runtime (the first Result's). */
  baseline: string;
  runtimes: RuntimeSide[];
  /** The quantities compared, as the experiment declares them. */
  metrics: readonly RuntimeMetric[];
  /** Every comparison made, condition by condition, in one family. */
  rows: RuntimeRow[];
  /** Conditions or quantities measured on some runtimes only, listed rather than dropped. */
  partial: PartialCondition[];
  /** Size of the family (the number of rows) and its adjustment. */
  familySize: number;
  procedure: Comparison["procedure"];
  /** How the Results differ beside the runtime (machines, parameters recorded by one only), in words. */
  differences: string[];
  /** Plain-language lines: what changed, with intervals and adjusted p-values. */
  findings: string[];
  /** The comparison as markdown: the runtimes, a table of every comparison, the partial conditions. */
  markdown: string;
  /** Ratio with interval per condition, one row per runtime against the baseline; null with no comparison. */
  chart: Chart | null;
}

/** Options of {@link compareRuntimes}: the verdict rules (default: the baseline Result's) and the inputs' names. */
export interface CompareRuntimesOptions extends VerdictRules {
  /** Name of each Result in messages (file names); default "results[0]", "results[1]", …. */
  names?: readonly string[];
}

/** "node 24.22.3". */
export function runtimeLabel(result: Pick<Result, "runtime">): string {
  return `${result.runtime.name} ${result.runtime.version}`;
}

function machineOf(result: Result): string {
  const m = result.machine;
  return `${m.cpu.model} × ${m.cpu.cores} cores, ${m.os.platform} ${m.os.arch} (${m.hostname})`;
}

/** Values of one quantity over the successful trials of one condition. */
function valuesOf(result: Result, condition: string, metric: string): number[] {
  return result.trials
    .filter((t) => t.ok && t.condition === condition)
    .map((t) => (metric === "durationMs" ? t.durationMs : t.metrics?.[metric]))
    .filter((v): v is number => typeof v === "number" && Number.isFinite(v));
}

/** Conditions with at least one successful trial. */
function measuredConditions(result: Result): Set<string> {
  return new Set(result.trials.filter((t) => t.ok).map((t) => t.condition));
}

/** Reasons a Result's summary gives for what the runtime could not run (`unavailable: [{ reason }]`). */
function unavailableReasons(result: Result): string[] {
  const list = (result.summary as { unavailable?: unknown } | null | undefined)?.unavailable;
  if (!Array.isArray(list)) return [];
  return list.flatMap((u) => (typeof u === "object" && u !== null && typeof (u as { reason?: unknown }).reason === "string" ? [(u as { reason: string }).reason] : []));
}

/** Why a Result lacks a condition: the failures it recorded for it, else that it was not run. */
function absenceReason(result: Result, condition: string): string {
  const failed = result.failures.filter((f) => f.condition === condition);
  if (failed.length > 0) return `every trial failed on ${runtimeLabel(result)} (${failed[0]!.reason})`;
  return `not measured on ${runtimeLabel(result)}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Checks the inputs, naming the one at fault (by `names`) and what would be valid. */
function checkInputs(experiment: Experiment, results: readonly Result[], names: readonly string[]): void {
  if (!Array.isArray(results) || results.length < 2) {
    throw new InputError("results", `give two or more Results of "${experiment.id}", each measured on a different runtime (the first is the baseline); got ${Array.isArray(results) ? results.length : "no list"}`);
  }
  results.forEach((r, i) => {
    const id = (r as Partial<Result>)?.experiment?.id;
    if (id !== experiment.id) {
      throw new InputError(names[i]!, `is ${typeof id === "string" ? `a "${id}" Result` : "not a Result"}; give Results of "${experiment.id}" only, each measured on a different runtime`);
    }
  });
  const seen = new Map<string, string>();
  results.forEach((r, i) => {
    const label = runtimeLabel(r);
    const earlier = seen.get(label);
    if (earlier !== undefined) {
      throw new InputError(names[i]!, `was measured on ${label}, as ${earlier} was; give each runtime once (compare two runs of one runtime with parlab compare A.json B.json)`);
    }
    seen.set(label, names[i]!);
  });
  const base = (results[0]!.params ?? {}) as Record<string, unknown>;
  results.slice(1).forEach((r, i) => {
    const params = (r.params ?? {}) as Record<string, unknown>;
    const differing = Object.keys(params).filter((k) => k in base && !same(params[k], base[k]));
    if (differing.length > 0) {
      const what = differing.map((k) => `${k} ${JSON.stringify(params[k])} against ${JSON.stringify(base[k])}`).join(", ");
      throw new InputError(names[i + 1]!, `was run with other parameters than ${names[0]} (${what}); compare Results run with the same parameters on different runtimes`);
    }
  });
}

/**
 * Compares Results of one experiment measured on different runtimes, condition by condition, on the
 * quantities the experiment declares. The first Result is the baseline; each other runtime's ratio
 * to it (runtime / baseline) is decided by the lab's one verdict rule, every ratio in one family.
 *
 * @param experiment The experiment the Results belong to (its `acrossRuntimes` says what is compared).
 * @param results Two or more Results, each of another runtime, run with the same parameters.
 * @param options Verdict rules (default: the baseline Result's) and the Results' names for messages.
 * @throws {InputError} Fewer than two Results, a Result of another experiment, one runtime twice, or
 *   different parameters (runtime-dependent availability aside), naming the input and what is valid.
 */
export function compareRuntimes(experiment: Experiment, results: readonly Result[], options: CompareRuntimesOptions = {}): RuntimeComparison {
  const names = Array.isArray(results) ? results.map((_, i) => options.names?.[i] ?? `results[${i}]`) : [];
  checkInputs(experiment, results, names);
  const rules = { ...verdictRules(results[0]!.params), ...definedRules(options) };
  const metrics = acrossRuntimesOf(experiment);
  const specs = experiment.params as Record<string, ParamSpec>;
  const base = results[0]!;
  const baseline = runtimeLabel(base);
  const runtimes: RuntimeSide[] = results.map((r, i) => ({
    label: runtimeLabel(r),
    input: names[i]!,
    machine: machineOf(r),
    date: r.startedAt.slice(0, 10),
    profile: profileOf((r.params ?? {}) as Record<string, unknown>, specs),
    baseline: i === 0,
  }));

  const measured = results.map(measuredConditions);
  const conditions = [...new Set(measured.flatMap((s) => [...s]))].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  const partial: PartialCondition[] = [];
  const planned: Array<Omit<RuntimeRow, "comparison"> & { comparison: Comparison }> = [];
  for (const condition of conditions) {
    const on = results.filter((_, i) => measured[i]!.has(condition));
    if (on.length < results.length) {
      const off = results.filter((_, i) => !measured[i]!.has(condition));
      partial.push({ condition, metric: null, measuredOn: on.map(runtimeLabel), missingOn: off.map(runtimeLabel), reason: off.map((r) => absenceReason(r, condition)).join("; ") });
    }
    if (!measured[0]!.has(condition)) continue;
    for (const metric of metrics) {
      const b = valuesOf(base, condition, metric.metric);
      results.slice(1).forEach((r) => {
        if (!measured[results.indexOf(r)]!.has(condition)) return;
        const a = valuesOf(r, condition, metric.metric);
        const missing = [b.length === 0 ? baseline : null, a.length === 0 ? runtimeLabel(r) : null].filter((x): x is string => x !== null);
        if (missing.length > 0) {
          pushPartial(partial, condition, metric, results, missing, `no ${metric.name} recorded on ${missing.join(" or ")}`);
          return;
        }
        if (metric.setBy && [base, r].some((x) => valuesOf(x, condition, metric.setBy!.metric).some((v) => v > 0))) {
          pushPartial(partial, condition, metric, results, [], `set by the run, not measured: ${metric.setBy.reason}`);
          return;
        }
        if ([...a, ...b].some((v) => v <= 0)) {
          pushPartial(partial, condition, metric, results, [], `a ${metric.name} of 0 or less on ${runtimeLabel(r)} or ${baseline} has no ratio`);
          return;
        }
        planned.push({
          condition, metric, runtime: runtimeLabel(r), baseline,
          comparison: compareRatio(a, b, {
            ...rules, labelA: runtimeLabel(r), labelB: baseline, quantity: metric.name,
            lowerIsBetter: metric.better === "lower", timeLike: metric.unit === "ms",
          }),
        });
      });
    }
  }
  const decided = decideFamily(planned.map((p) => p.comparison), rules);
  const rows: RuntimeRow[] = planned.map((p, i) => ({ ...p, comparison: decided[i]! }));

  const differences: string[] = [];
  if (new Set(runtimes.map((r) => r.machine)).size > 1) {
    differences.push(`different machines: ${runtimes.map((r) => `${r.label} on ${r.machine}`).join("; ")}`);
  }
  results.slice(1).forEach((r, i) => {
    const params = (r.params ?? {}) as Record<string, unknown>;
    const baseParams = (base.params ?? {}) as Record<string, unknown>;
    const onlyOne = [...Object.keys(params).filter((k) => !(k in baseParams)), ...Object.keys(baseParams).filter((k) => !(k in params))];
    if (onlyOne.length > 0) differences.push(`parameters recorded by ${names[0]} or ${names[i + 1]} alone (added to the experiment since one of them ran): ${onlyOne.join(", ")}`);
  });
  for (const r of results) {
    const parts = r.runtime.parts;
    const label = runtimeLabel(r);
    const others = parts ? [parts.caller, parts.pool, ...parts.server].filter((p) => p !== label) : [];
    if (others.length > 0) differences.push(`${label}'s Result had parts served by ${[...new Set(others)].join(", ")}`);
  }

  const comparison: Omit<RuntimeComparison, "findings" | "markdown" | "chart"> = {
    experiment: { id: experiment.id, title: experiment.title },
    baseline,
    runtimes,
    metrics,
    rows,
    partial,
    familySize: rows.length,
    procedure: rules.family,
    differences,
  };
  const notes = results.flatMap((r) => unavailableReasons(r).map((reason) => (reason.startsWith(runtimeLabel(r)) ? reason : `${runtimeLabel(r)}: ${reason}`)));
  return { ...comparison, findings: runtimeFindings(comparison, notes), markdown: runtimeMarkdown(comparison, notes), chart: runtimeChart(comparison) };
}

function definedRules(options: CompareRuntimesOptions): VerdictRules {
  const out: VerdictRules = {};
  if (options.confidence !== undefined) out.confidence = options.confidence;
  if (options.equivalence !== undefined) out.equivalence = options.equivalence;
  if (options.family !== undefined) out.family = options.family;
  return out;
}

function pushPartial(partial: PartialCondition[], condition: string, metric: RuntimeMetric, results: readonly Result[], missing: string[], reason: string): void {
  const labels = results.map(runtimeLabel);
  if (partial.some((p) => p.condition === condition && p.metric === metric.name && p.reason === reason)) return;
  partial.push({ condition, metric: metric.name, measuredOn: labels.filter((l) => !missing.includes(l)), missingOn: missing, reason });
}

/** "1.28× (95.8% CI 1.11–1.47×)". */
function ratioText(c: Comparison): string {
  return `${formatNumber(c.ratio)}× (${formatCi(c.ratioCi, 1, "×")})`;
}

function partialLine(p: PartialCondition): string {
  return p.metric === null
    ? `${p.condition}: measured on ${p.measuredOn.join(", ") || "none"} only, so not compared (${p.reason})`
    : `${p.condition}, ${p.metric}: not compared (${p.reason})`;
}

function familyWords(c: Pick<RuntimeComparison, "familySize" | "procedure">): string {
  const adjusted = c.procedure === "none" ? "not adjusted" : `${c.procedure === "holm" ? "Holm" : "Bonferroni"}-adjusted`;
  return `${c.familySize} comparison${c.familySize === 1 ? "" : "s"} in one family, p-values ${adjusted}`;
}

function machineWords(c: Pick<RuntimeComparison, "runtimes" | "differences">): string {
  const machines = new Set(c.runtimes.map((r) => r.machine));
  return machines.size === 1 ? `on one machine (${c.runtimes[0]!.machine})` : "on different machines, so machine and runtime are confounded";
}

/** The findings: the setting, then one line per comparison (its verdict), then what was not compared. */
function runtimeFindings(c: Omit<RuntimeComparison, "findings" | "markdown" | "chart">, notes: readonly string[]): string[] {
  const others = c.runtimes.filter((r) => !r.baseline).map((r) => r.label);
  const out = [`${c.experiment.id}: ${others.join(", ")} against ${c.baseline}, ${machineWords(c)}; ${c.metrics.map((m) => m.name).join(" and ") || "no quantity"} per condition, ${familyWords(c)}.`];
  if (c.metrics.length === 0) {
    out.push(`${c.experiment.id} declares no quantity to compare across runtimes.`);
    return out;
  }
  const sided = c.rows.filter((r) => r.comparison.outcome === "lower" || r.comparison.outcome === "higher").length;
  const equivalent = c.rows.filter((r) => r.comparison.outcome === "equivalent").length;
  out.push(`${sided} of ${c.rows.length} comparisons name a side, ${equivalent} are equivalent within the band, ${c.rows.length - sided - equivalent} are inconclusive.`);
  for (const r of c.rows) out.push(`${c.experiment.id} ${r.condition}: ${r.comparison.verdict}`);
  for (const p of c.partial) out.push(partialLine(p));
  for (const n of notes) out.push(n);
  for (const d of c.differences) out.push(`Not like for like: ${d}.`);
  return out;
}

const OUTCOME_WORDS: Record<Comparison["outcome"], string> = { lower: "lower", higher: "higher", equivalent: "equivalent", inconclusive: "inconclusive" };

function outcomeCell(c: Comparison): string {
  if (c.outcome !== "lower" && c.outcome !== "higher") return OUTCOME_WORDS[c.outcome];
  const better = (c.outcome === "lower") === c.lowerIsBetter;
  return `**${c.outcome}** (${better ? "better" : "worse"})`;
}

/** An adjusted p-value for a table cell: "0.026", "< 0.001". */
const pCell = (p: number) => (p < 0.001 ? "< 0.001" : formatNumber(p, 2));

/** Cells of a markdown table must not hold a pipe. */
const cell = (s: string) => s.replaceAll("|", "\\|");

/** The comparison as markdown. */
function runtimeMarkdown(c: Omit<RuntimeComparison, "findings" | "markdown" | "chart">, notes: readonly string[]): string {
  const lines = [
    `Runtimes: ${c.runtimes.map((r) => `**${r.label}**${r.baseline ? " (baseline)" : ""} from ${r.input} (${r.date}, ${r.profile === null ? "profile not recorded" : r.profile === "custom" ? "parameters of no profile" : `${r.profile} profile`})`).join("; ")}.`,
    `Measured ${machineWords(c)}; ${familyWords(c)}; each ratio is the runtime's value over ${c.baseline}'s.`,
    "",
  ];
  if (c.metrics.length === 0) {
    lines.push(`${c.experiment.id} declares no quantity to compare across runtimes.`);
    return lines.join("\n");
  }
  if (c.rows.length > 0) {
    lines.push(`| Condition | Quantity | Runtime | Ratio to ${cell(c.baseline)} | Adjusted p | Verdict |`, "| --- | --- | --- | --- | --- | --- |");
    for (const r of c.rows) {
      lines.push(`| ${cell(r.condition)} | ${cell(r.metric.name)} | ${cell(r.runtime)} | ${ratioText(r.comparison)} | ${pCell(r.comparison.pAdjusted)} | ${outcomeCell(r.comparison)} |`);
    }
    lines.push("");
  } else {
    lines.push("No condition and quantity was measured on the baseline and another runtime, so nothing was compared.", "");
  }
  for (const p of c.partial) lines.push(`- ${partialLine(p)}`);
  for (const n of notes) lines.push(`- ${n}`);
  for (const d of c.differences) lines.push(`- Not like for like: ${d}.`);
  return lines.join("\n").trimEnd();
}

function runtimeChart(c: Omit<RuntimeComparison, "findings" | "markdown" | "chart">): Chart | null {
  if (c.rows.length === 0) return null;
  const others = c.runtimes.filter((r) => !r.baseline).map((r) => r.label);
  return runtimeRatios(
    c.rows.map((r) => ({
      label: `${r.metric.name}: ${r.condition}`,
      pair: `${r.runtime} vs ${r.baseline}`,
      ratio: r.comparison.ratio,
      lo: r.comparison.ratioCi.lo,
      hi: r.comparison.ratioCi.hi,
      outcome: r.comparison.outcome,
    })),
    { id: "runtimes", title: `${c.experiment.title}: ${others.join(", ")} against ${c.baseline}`, valueTitle: `ratio to ${c.baseline} (log scale)` },
  );
}
