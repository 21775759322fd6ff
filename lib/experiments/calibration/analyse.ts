/**
 * The calibration's analysis of a saved Result: the measured trials of each condition are cut, in
 * run order, into many virtual runs of n trials per side (n = the quick and the full profile's
 * trial count); each virtual run decides one family — base-again, and every injected slowdown,
 * against the base — by the lab's one verdict rule. Over the virtual runs it counts, with Wilson
 * intervals: false positives (the A/A pair declared different; per family, any wrong side named),
 * the power for each injected effect, and how often each reported interval covered the true ratio;
 * and it estimates the minimum detectable effect at each n from the A/A intervals' width. Pure:
 * re-analysing a Result loads no pool.
 * @module
 */
import { compareRatio, decideFamily, normalQuantile, summarize, wilsonInterval } from "../../stats/mod.ts";
import type { Comparison } from "../../types.ts";
import { trialsOf, verdictRules } from "../_shared/analysis.ts";
import { BASE, BASE_AGAIN, calibrationConditions, MDE_POWER } from "./conditions.ts";
import type { CalibrationCondition, CalibrationResult, CalibrationSummary, Rate, Resolution } from "./types.ts";

export { calibrationCharts } from "./charts.ts";
export { calibrationFindings } from "./findings.ts";


function rate(hits: number, n: number, level: number): Rate {
  return { hits, n, rate: n === 0 ? NaN : hits / n, ci: n === 0 ? null : wilsonInterval(hits, n, level) };
}

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const covers = (c: Comparison, truth: number) => c.ratioCi.lo <= truth && truth <= c.ratioCi.hi;

/**
 * What virtual runs of `n` trials per side resolve, from each condition's trials in run order.
 * @param samples Trials of each condition (by label), in run order.
 */
export function resolution(
  samples: ReadonlyMap<string, readonly number[]>,
  conditions: readonly CalibrationCondition[],
  n: number,
  profile: string,
  rules: ReturnType<typeof verdictRules>,
): Resolution {
  const level = rules.confidence;
  const base = conditions.find((c) => c.label === BASE)!;
  const others = conditions.filter((c) => c.label !== BASE && (samples.get(c.label)?.length ?? 0) > 0);
  const counts = [BASE, ...others.map((c) => c.label)].map((l) => samples.get(l)?.length ?? 0);
  const runs = others.length === 0 ? 0 : Math.floor(Math.min(...counts) / n);
  let falsePositives = 0;
  let familyErrors = 0;
  let nullCovered = 0;
  const halfWidths: number[] = [];
  let reachesTarget = true;
  const spreads: number[] = [];
  const effects = others.filter((c) => c.label !== BASE_AGAIN);
  const power = new Map(effects.map((c) => [c.label, 0]));
  const covered = new Map(effects.map((c) => [c.label, 0]));
  for (let r = 0; r < runs; r++) {
    const slice = (label: string) => samples.get(label)!.slice(r * n, (r + 1) * n) as number[];
    const b = slice(BASE);
    spreads.push(summarize(b, { level }).relativeIqr);
    const decided = decideFamily(others.map((c) => compareRatio(slice(c.label), b, {
      ...rules, labelA: c.label, labelB: BASE, quantity: "compute time",
    })), rules);
    let wrong = false;
    others.forEach((c, i) => {
      const d = decided[i]!;
      if (c.label === BASE_AGAIN) {
        if (d.outcome === "lower" || d.outcome === "higher") {
          falsePositives++;
          wrong = true;
        }
        if (covers(d, 1)) nullCovered++;
        halfWidths.push((Math.log(d.ratioCi.hi) - Math.log(d.ratioCi.lo)) / 2);
        reachesTarget &&= d.reachesTarget;
        return;
      }
      if (d.outcome === "lower") wrong = true;
      if (d.outcome === "higher") power.set(c.label, power.get(c.label)! + 1);
      if (covers(d, c.tasks / base.tasks)) covered.set(c.label, covered.get(c.label)! + 1);
    });
    if (wrong) familyErrors++;
  }
  const z = normalQuantile(1 - (1 - level) / 2);
  const hw = median(halfWidths);
  const hasAA = others.some((c) => c.label === BASE_AGAIN) && Number.isFinite(hw);
  return {
    profile,
    trialsPerSide: n,
    runs,
    falsePositive: rate(falsePositives, hasAA ? runs : 0, level),
    familyFalsePositive: rate(familyErrors, runs, level),
    effects: effects.map((c) => ({
      label: c.label,
      effect: c.factor - 1,
      trueRatio: c.tasks / base.tasks,
      power: rate(power.get(c.label)!, runs, level),
      coverage: rate(covered.get(c.label)!, runs, level),
    })),
    nullCoverage: rate(nullCovered, hasAA ? runs : 0, level),
    mde: hasAA && reachesTarget ? Math.exp(hw * (z + normalQuantile(MDE_POWER)) / z) - 1 : null,
    spread: median(spreads),
  };
}

/** The summary of a calibration Result, recomputed from its trials. */
export function summarizeCalibration(result: Omit<CalibrationResult, "summary">): CalibrationSummary {
  const { params } = result;
  const rules = verdictRules(params);
  const conditions = calibrationConditions(params);
  const samples = new Map(conditions.map((c) => [c.label, trialsOf(result, c.label, "computeMs")]));
  const work = conditions.map((c) => {
    const tasks = trialsOf(result, c.label, "tasks");
    const primes = trialsOf(result, c.label, "primes");
    return { label: c.label, factor: c.factor, tasks: tasks.length > 0 ? median(tasks) : 0, medianMs: median(samples.get(c.label)!), primesPerTrial: primes.length > 0 ? median(primes) : null };
  });
  return {
    cores: result.machine.cpu.cores,
    work,
    resolutions: [
      resolution(samples, conditions, params.quickTrials, "quick", rules),
      resolution(samples, conditions, params.fullTrials, "full", rules),
    ],
    failures: result.failures.length,
  };
}
