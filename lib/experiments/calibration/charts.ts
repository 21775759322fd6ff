/**
 * The calibration's charts: how often each virtual run declared a difference (the A/A pair's false
 * positives, each injected effect's power), how often each interval covered the true ratio, both
 * with Wilson intervals per profile; and every trial of every condition. Pure.
 * @module
 */
import { barsWithCi, distribution } from "../../charts/mod.ts";
import { formatLevel } from "../../format.ts";
import type { BarRow } from "../../charts/mod.ts";
import { keyedCharts } from "../_shared/analysis.ts";
import { calibrationConditions } from "./conditions.ts";
import { CALIBRATION_CHART_IDS, type CalibrationCharts, type CalibrationResult, type Rate, type Resolution } from "./types.ts";

const group = (r: Resolution) => `${r.profile} (n = ${r.trialsPerSide}, ${r.runs} runs)`;

function bar(r: Resolution, category: string, x: Rate): BarRow[] {
  return x.n === 0 || !x.ci ? [] : [{ group: group(r), category, value: x.rate * 100, lo: x.ci.lo * 100, hi: x.ci.hi * 100 }];
}

/** The calibration charts, keyed by id. */
export function calibrationCharts(result: CalibrationResult): CalibrationCharts {
  const s = result.summary;
  const level = formatLevel(result.params.confidence ?? 0.95);
  const all = [...s.resolutions, ...(s.sequential ? [s.sequential] : [])];
  const power = all.flatMap((r) => [
    ...bar(r, "A/A: false positive", r.falsePositive),
    ...r.effects.flatMap((e) => bar(r, `${e.label}: power`, e.power)),
  ]);
  const coverage = all.flatMap((r) => [
    ...bar(r, "A/A (ratio 1)", r.nullCoverage),
    ...r.effects.flatMap((e) => bar(r, `${e.label} (ratio ${e.trueRatio})`, e.coverage)),
  ]);
  const trials = calibrationConditions(result.params).flatMap((c) => result.trials
    .filter((t) => t.ok && t.condition === c.label && Number.isFinite(t.metrics.computeMs))
    .map((t) => ({ condition: c.label, value: t.metrics.computeMs!, series: c.label })));
  return keyedCharts(CALIBRATION_CHART_IDS, [
    barsWithCi(power, {
      id: "power", title: `Share of virtual runs that declared a difference (Wilson ${level} CI)`,
      valueTitle: "virtual runs with a verdict of a difference (%)", categoryTitle: "comparison with the base", ideal: 80, idealLabel: "80% power",
    }),
    barsWithCi(coverage, {
      id: "coverage", title: `Share of reported intervals that covered the true ratio (Wilson ${level} CI)`,
      valueTitle: "intervals covering the injected ratio (%)", categoryTitle: "comparison with the base (true ratio)", ideal: (result.params.confidence ?? 0.95) * 100, idealLabel: "target level",
    }),
    distribution(trials, { id: "trials", title: "Every trial's compute time, per condition", valueTitle: "compute time (ms)", order: calibrationConditions(result.params).map((c) => c.label) }),
  ]);
}
