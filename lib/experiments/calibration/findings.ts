/**
 * The calibration's findings in words: the work each condition really did, and per profile the
 * false-positive rates, the power for each injected effect, the coverage of the intervals and the
 * minimum detectable effect, every rate with its Wilson interval. Pure.
 * @module
 */
import { formatCi, formatLevel, formatNumber } from "../../format.ts";
import { failureNote, stoppingNote, trialsPerCondition } from "../_shared/analysis.ts";
import { MDE_POWER } from "./conditions.ts";
import type { CalibrationResult, Rate, Resolution, SequentialResolution } from "./types.ts";

/** "2 of 16 (12.5%; 95% CI 3.5–36.0%)". */
export function rateText(r: Rate): string {
  return r.n === 0 || !r.ci ? "not measured (no virtual run)" : `${r.hits} of ${r.n} (${formatNumber(r.rate * 100, 3)}%; ${formatCi(r.ci, 100, "%")})`;
}

/** The sentence other notebooks print beside their verdicts. */
export function mdeSentence(resolutions: readonly Resolution[]): string {
  const parts = resolutions.map((r) => r.mde === null
    ? `the ${r.profile} profile (${r.trialsPerSide} trials per side): not estimable`
    : `the ${r.profile} profile (${r.trialsPerSide} trials per side) resolves differences of about ${formatNumber(r.mde * 100, 2)}%`);
  const why = resolutions.some((r) => r.mde === null) ? "; not estimable: no A/A trials, or too few trials per side for an interval at the target level" : "";
  return `On this machine ${parts.join(", ")} (at ${formatNumber(MDE_POWER * 100, 2)}% power${why}).`;
}

function resolutionFinding(r: Resolution, level: string): string {
  if (r.runs === 0) return `At ${r.trialsPerSide} trials per side (${r.profile} profile): too few trials for one virtual run; run more trials.`;
  const effects = r.effects.map((e) => `${e.label}: power ${rateText(e.power)}, coverage of the true ratio ${formatNumber(e.trueRatio, 4)} ${rateText(e.coverage)}`).join("; ");
  return `At ${r.trialsPerSide} trials per side (${r.profile} profile), ${r.runs} virtual run${r.runs === 1 ? "" : "s"}, each one family: ` +
    `A/A false positives ${rateText(r.falsePositive)}; any wrong side named per family ${rateText(r.familyFalsePositive)}; ` +
    `A/A intervals covering 1 ${rateText(r.nullCoverage)} (target ${level}); ${effects}. ` +
    (r.mde === null ? "Minimum detectable effect: not estimable (no A/A trials, or too few trials per side for an interval at the target level)." : `Minimum detectable effect at ${formatNumber(MDE_POWER * 100, 2)}% power: about ${formatNumber(r.mde * 100, 2)}% ` +
      `(from the median width of the A/A intervals; the base condition's trials spread by ${formatNumber(r.spread * 100, 2)}% IQR/median within a virtual run).`);
}

/** What the replayed stopping rule attained, beside what it promises. */
function sequentialFinding(r: SequentialResolution, level: string): string {
  const st = r.stopping;
  const rule = `Stopping once precise enough (±${formatNumber(st.precision * 100, 2)}% on the median, looked at after ${st.looks.join(", ")} trials, each look's intervals and tests at ${formatLevel(st.lookConfidence)})`;
  if (r.runs === 0) return `${rule}: too few trials for one virtual run of up to ${st.maxTrials} trials per side; run more trials.`;
  const effects = r.effects.map((e) => `${e.label}: power ${rateText(e.power)}, coverage of the true ratio ${formatNumber(e.trueRatio, 4)} ${rateText(e.coverage)}`).join("; ");
  return `${rule}, ${r.runs} virtual run${r.runs === 1 ? "" : "s"} replayed from the trials in run order: they took ${formatNumber(st.meanTrials, 3)} trials per side on average ` +
    `(${rateText(st.stoppedEarly)} of sides stopped before ${st.maxTrials}); A/A false positives ${rateText(r.falsePositive)}; any wrong side named per family ${rateText(r.familyFalsePositive)}; ` +
    `A/A intervals covering 1 ${rateText(r.nullCoverage)} (target ${level} whichever look a run stopped at); ${effects}.`;
}

/** Plain-language findings of a calibration Result. */
export function calibrationFindings(result: CalibrationResult): string[] {
  const s = result.summary;
  const level = formatLevel(result.params.confidence ?? 0.95);
  const base = s.work.find((w) => w.factor === 1 && w.tasks > 0);
  const work = s.work.filter((w) => w.tasks > 0).map((w) =>
    `${w.label} ${w.tasks} tasks (${base ? `${formatNumber(w.tasks / base.tasks, 4)}× the base` : ""}), median ${formatNumber(w.medianMs)} ms`).join("; ");
  return [
    `Measured on ${s.cores} cores, ${result.runtime.name} ${result.runtime.version}, one worker thread of the lab's pool; ${trialsPerCondition(result)}; ` +
      `each task counts the primes in [${result.params.from}, ${result.params.from + result.params.width}).`,
    `Work done, counted per trial (tasks answered and primes found, every trial checked): ${work}.`,
    ...s.resolutions.map((r) => resolutionFinding(r, level)),
    ...(s.sequential ? [sequentialFinding(s.sequential, level)] : []),
    mdeSentence(s.resolutions),
    ...stoppingNote(result), ...failureNote(s.failures),
  ];
}
