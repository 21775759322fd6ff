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
import { preciseEnough, stoppingRuleOf, type StoppingRule } from "../../stopping.ts";
import type { CalibrationCondition, CalibrationResult, CalibrationSummary, Rate, Resolution, SequentialResolution } from "./types.ts";

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

type Rules = ReturnType<typeof verdictRules>;
/** Verdict rules and the level the tallied rates' Wilson intervals are stated at. */
type TallyRules = Rules & { rateLevel: number };

/**
 * Tallies virtual runs, each given as the trials of every condition it holds (by label): false
 * positives, power, coverage and the A/A intervals' widths, as {@link resolution} reports them.
 */
function tally(
  runs: ReadonlyArray<(label: string) => number[]>,
  conditions: readonly CalibrationCondition[],
  others: readonly CalibrationCondition[],
  profile: string,
  trialsPerSide: number,
  rules: TallyRules,
): Resolution {
  const level = rules.confidence;
  const base = conditions.find((c) => c.label === BASE)!;
  let falsePositives = 0;
  let familyErrors = 0;
  let nullCovered = 0;
  const halfWidths: number[] = [];
  let reachesTarget = true;
  const spreads: number[] = [];
  const effects = others.filter((c) => c.label !== BASE_AGAIN);
  const power = new Map(effects.map((c) => [c.label, 0]));
  const covered = new Map(effects.map((c) => [c.label, 0]));
  for (const slice of runs) {
    const b = slice(BASE);
    spreads.push(summarize(b, { level }).relativeIqr);
    const verdict = { confidence: rules.confidence, equivalence: rules.equivalence, family: rules.family };
    const decided = decideFamily(others.map((c) => compareRatio(slice(c.label), b, {
      ...verdict, labelA: c.label, labelB: BASE, quantity: "compute time",
    })), verdict);
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
  // Rates get intervals at the run's own confidence, not at a stopping rule's per-look level.
  const rateLevel = rules.rateLevel;
  const z = normalQuantile(1 - (1 - level) / 2);
  const hw = median(halfWidths);
  const hasAA = others.some((c) => c.label === BASE_AGAIN) && Number.isFinite(hw);
  const n = runs.length;
  return {
    profile,
    trialsPerSide,
    runs: n,
    falsePositive: rate(falsePositives, hasAA ? n : 0, rateLevel),
    familyFalsePositive: rate(familyErrors, n, rateLevel),
    effects: effects.map((c) => ({
      label: c.label,
      effect: c.factor - 1,
      trueRatio: c.tasks / base.tasks,
      power: rate(power.get(c.label)!, n, rateLevel),
      coverage: rate(covered.get(c.label)!, n, rateLevel),
    })),
    nullCoverage: rate(nullCovered, hasAA ? n : 0, rateLevel),
    mde: hasAA && reachesTarget ? Math.exp(hw * (z + normalQuantile(MDE_POWER)) / z) - 1 : null,
    spread: median(spreads),
  };
}

/** The conditions compared with the base in a calibration: those with trials. */
function compared(samples: ReadonlyMap<string, readonly number[]>, conditions: readonly CalibrationCondition[]): CalibrationCondition[] {
  return conditions.filter((c) => c.label !== BASE && (samples.get(c.label)?.length ?? 0) > 0);
}

/**
 * What virtual runs of `n` trials per side resolve, from each condition's trials in run order.
 * @param samples Trials of each condition (by label), in run order.
 */
export function resolution(
  samples: ReadonlyMap<string, readonly number[]>,
  conditions: readonly CalibrationCondition[],
  n: number,
  profile: string,
  rules: Rules,
): Resolution {
  const others = compared(samples, conditions);
  const counts = [BASE, ...others.map((c) => c.label)].map((l) => samples.get(l)?.length ?? 0);
  const count = others.length === 0 ? 0 : Math.floor(Math.min(...counts) / n);
  const runs = Array.from({ length: count }, (_, r) => (label: string) => samples.get(label)!.slice(r * n, (r + 1) * n) as number[]);
  return tally(runs, conditions, others, profile, n, { ...rules, rateLevel: rules.confidence });
}

/**
 * What virtual runs under a stopping rule resolve: virtual run r starts every condition at the same
 * trial, r × maxTrials in run order, as a real run starts them together in its first round; each
 * condition then takes its trials up to the first look at which they are precise enough (or the
 * most), and the run is decided at the rule's per-look level. A condition that stopped early leaves
 * the rest of its block unused, so its trials are the earlier ones, as in a real run: drift between
 * the early trials and the later ones weighs on the comparison, and the rates show how much. They
 * say whether the rule keeps its promise on this machine: intervals covering at the stated level,
 * and false positives at most α, whichever look each run stopped at.
 * @param samples Trials of each condition (by label), in run order.
 */
export function sequentialResolution(
  samples: ReadonlyMap<string, readonly number[]>,
  conditions: readonly CalibrationCondition[],
  rule: StoppingRule,
  profile: string,
  rules: Rules,
): SequentialResolution {
  const others = compared(samples, conditions);
  const labels = [BASE, ...others.map((c) => c.label)];
  const blocks = others.length === 0 ? 0 : Math.floor(Math.min(...labels.map((l) => samples.get(l)!.length)) / rule.maxTrials);
  const runs: Array<(label: string) => number[]> = [];
  const used: number[] = [];
  let early = 0;
  for (let r = 0; r < blocks; r++) {
    const from = r * rule.maxTrials;
    const taken = new Map<string, number[]>();
    for (const label of labels) {
      const all = samples.get(label)!;
      const n = rule.looks.find((look) => look === rule.maxTrials || preciseEnough(all.slice(from, from + look), rule).precise)!;
      taken.set(label, all.slice(from, from + n) as number[]);
      used.push(n);
      if (n < rule.maxTrials) early++;
    }
    runs.push((label) => taken.get(label)!);
  }
  const meanTrials = used.length === 0 ? NaN : used.reduce((a, b) => a + b, 0) / used.length;
  const base = tally(runs, conditions, others, profile, Math.round(meanTrials * 10) / 10, { ...rules, confidence: rule.lookConfidence, rateLevel: rules.confidence });
  return {
    ...base,
    stopping: {
      precision: rule.precision, minTrials: rule.minTrials, maxTrials: rule.maxTrials, looks: rule.looks, lookConfidence: rule.lookConfidence,
      meanTrials, stoppedEarly: rate(early, used.length, rules.confidence),
    },
  };
}

/**
 * The stopping rule the calibration replays (`stopPrecision` > 0): from the quick profile's trials to
 * the full profile's, looking `looks` times, as the full profile of the other experiments runs; null
 * when it replays none or the Result predates it.
 */
function sequentialOf(samples: ReadonlyMap<string, readonly number[]>, conditions: readonly CalibrationCondition[], params: CalibrationResult["params"], rules: Rules): SequentialResolution | null {
  const precision = typeof params.stopPrecision === "number" ? params.stopPrecision : 0;
  if (!(precision > 0) || params.fullTrials <= params.quickTrials) return null;
  const rule = stoppingRuleOf({ trials: params.quickTrials, maxTrials: params.fullTrials, looks: typeof params.looks === "number" ? params.looks : 3, precision, confidence: rules.confidence }, "computeMs")!;
  return sequentialResolution(samples, conditions, rule, "full, stopping once precise", rules);
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
    sequential: sequentialOf(samples, conditions, params, rules),
    failures: result.failures.length,
  };
}
