/**
 * The analysis of an "explore-kinds" Result, and the experiment that names it in the registry: the
 * scaling experiment's own summary, charts and findings (time per condition, speedup and efficiency
 * against the warm main thread, start-up, threads against processes decided as one family), with
 * peak memory per condition and bytes per task per channel. Pure: re-plotting needs neither the
 * user's module nor any worker.
 * @module
 */
import { InputError } from "../errors.ts";
import { summarize } from "../stats/mod.ts";
import * as charts from "../charts/mod.ts";
import type { Experiment } from "../types.ts";
import { formatNumber, keyedCharts, trialsOf, verdictRules } from "../experiments/_shared/analysis.ts";
import { scalingCharts, scalingFindings, summarizeScaling } from "../experiments/scaling/analyse.ts";
import { scalingConditions } from "../experiments/scaling/conditions.ts";
import type { ScalingResult } from "../experiments/scaling/types.ts";
import { KINDS_CHART_IDS, KINDS_PARAMS, type KindsCharts, type KindsParams, type KindsResult, type KindsSummary, type MemoryRow, type TransferRow } from "./kinds-types.ts";

const MIB = 2 ** 20;
const CHANNELS: Record<TransferRow["kind"], string> = { threads: "structured clone (postMessage)", processes: "JSON over IPC" };

/** The Result as the scaling analysis reads it: the same conditions and metrics; n only names its (absent) answer. */
function asScaling(result: Omit<KindsResult, "summary">, summary?: KindsSummary): ScalingResult {
  const params = { ...result.params, n: 2, chunks: result.params.inputs };
  return { ...result, params, summary: summary ? { ...summary.scaling, expectedPrimes: 0 } : (undefined as never) } as unknown as ScalingResult;
}

const median = (values: number[]) => (values.length > 0 ? summarize(values).median : NaN);

/** The summary of an "explore-kinds" Result, recomputed from its trials. */
export function summarizeKinds(result: Omit<KindsResult, "summary">): KindsSummary {
  const { expectedPrimes: _unused, ...scaling } = summarizeScaling(asScaling(result));
  const level = verdictRules(result.params).confidence;
  const memory: MemoryRow[] = [];
  for (const c of scalingConditions(result.params)) {
    const rss = trialsOf(result, c.label, "peakRssBytes");
    if (rss.length === 0) continue;
    const pss = trialsOf(result, c.label, "peakPssBytes");
    memory.push({ label: c.label, peakRssBytes: summarize(rss, { level }), peakPssBytes: pss.length > 0 ? summarize(pss, { level }) : null });
  }
  const transfer: TransferRow[] = [];
  for (const kind of result.params.kinds) {
    const labels = new Set(scalingConditions({ ...result.params, kinds: [kind] }).filter((c) => c.kind === kind).map((c) => c.label));
    const ok = result.trials.filter((t) => t.ok && labels.has(t.condition));
    const inB = ok.map((t) => t.metrics.inBytesPerTask).filter((v): v is number => Number.isFinite(v));
    const outB = ok.map((t) => t.metrics.outBytesPerTask).filter((v): v is number => Number.isFinite(v));
    if (inB.length > 0) transfer.push({ kind, channel: CHANNELS[kind], inBytesPerTask: median(inB), outBytesPerTask: median(outB) });
  }
  return { scaling, memory, transfer, failures: result.failures.length };
}

/** The charts: the scaling experiment's three, and peak memory of every trial. */
export function kindsCharts(result: KindsResult): KindsCharts {
  const scaling = scalingCharts(asScaling(result, result.summary));
  const pss = result.trials.some((t) => t.ok && Number.isFinite(t.metrics.peakPssBytes));
  const metric = pss ? "peakPssBytes" : "peakRssBytes";
  const memory = charts.distribution(
    result.trials.filter((t) => t.ok && Number.isFinite(t.metrics[metric])).map((t) => ({ condition: t.condition, value: t.metrics[metric]! / MIB })),
    { id: "memory", title: `Peak memory of the process tree in every trial (${pss ? "PSS" : "RSS"})`, valueTitle: `peak ${pss ? "PSS" : "RSS"} (MiB)`, order: result.summary.memory.map((m) => m.label) },
  );
  return keyedCharts(KINDS_CHART_IDS, [scaling["speedup"], scaling["compute-time"], scaling["startup-time"], memory]);
}

const mib = (s: { median: number }) => `${formatNumber(s.median / MIB)} MiB`;

/** Plain-language findings: what ran, the scaling findings, memory and transfer. */
export function kindsFindings(result: KindsResult): string[] {
  const p = result.params;
  const s = result.summary;
  const r = result.runtime;
  const name = p.module.split(/[\\/]/).pop();
  const lines = [`Measured on ${s.scaling.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version}; ${p.trials} trials per condition, ${p.export}() of ${name} over ${p.inputs} inputs.`];
  // The scaling findings, but for their first line, which describes the prime count.
  lines.push(...scalingFindings(asScaling(result, s)).slice(1).filter((l) => !/^\d+ trial\(s\) failed/.test(l)));
  if (s.memory.length > 0) {
    lines.push(`Peak memory of the whole process tree (median over trials): ${s.memory.map((m) => `${m.label} ${mib(m.peakRssBytes)} RSS${m.peakPssBytes ? `, ${mib(m.peakPssBytes)} PSS` : ""}`).join("; ")}.`);
  }
  for (const t of s.transfer) {
    lines.push(`Moving data to ${t.kind} (${t.channel}): ${formatNumber(t.inBytesPerTask)} B in and ${formatNumber(t.outBytesPerTask)} B out per task (median over trials).`);
  }
  if (s.failures > 0) {
    const reasons = [...new Set(result.failures.map((f) => f.reason))].slice(0, 3);
    lines.push(`${s.failures} trial(s) failed: ${reasons.join("; ")}.`);
  }
  return lines;
}

/**
 * The "explore-kinds" experiment as the registry knows it: a saved Result re-analyses and re-plots
 * through it. It runs only through compareKinds, which holds the user's function and inputs.
 */
export const exploreKinds: Experiment<KindsParams, KindsSummary> = {
  id: "explore-kinds",
  version: 1,
  title: "Your function: main thread vs threads vs processes",
  description:
    "Runs a function of the user's over the user's inputs in the main thread and split over a fresh pool of k threads or k processes per trial, " +
    "and reports what the scaling experiment reports for its own workload, with peak memory and bytes moved per task.",
  params: KINDS_PARAMS,
  run: async () => {
    throw new InputError("explore-kinds", "runs through compareKinds({ module, export, inputs }), which holds the function and its inputs");
  },
  summarize: summarizeKinds,
  charts: kindsCharts,
  findings: kindsFindings,
};
