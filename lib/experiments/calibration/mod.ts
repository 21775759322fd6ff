/**
 * Experiment "calibration": what this machine resolves. The same work under two labels (an A/A
 * pair) and the same work made 2%, 5% and 10% larger, counted, run through the lab's trial runner
 * and pool; the trials are cut into many virtual runs at the quick and the full profile's trial
 * count, and each is decided like any experiment's family. Reports false-positive rates, power,
 * coverage and the minimum detectable effect, with Wilson intervals.
 *
 * This file wires the experiment together: measuring is in measure.ts (the only file that starts a
 * worker), analysing a saved Result in analyse.ts and the files it re-exports.
 * @module
 */
import { InputError } from "../../errors.ts";
import type { CheckedExperiment } from "../../types.ts";
import { calibrationCharts, calibrationFindings, summarizeCalibration } from "./analyse.ts";
import { CALIBRATION_PARAMS } from "./params.ts";
import type { CalibrationCharts, CalibrationParams, CalibrationSummary } from "./types.ts";
import type { ComparesAcrossRuntimes } from "../../compare/runtime-metric.ts";

export type { CalibrationCharts, CalibrationCondition, CalibrationParams, CalibrationResult, CalibrationSummary, Rate, Resolution } from "./types.ts";
export { CALIBRATION_CHART_IDS } from "./types.ts";
export { calibrationConditions, BASE, BASE_AGAIN } from "./conditions.ts";
export { mdeSentence, rateText } from "./findings.ts";

/** The calibration experiment, with its charts typed by id. */
export type CalibrationExperiment = CheckedExperiment<CalibrationParams, CalibrationSummary, CalibrationCharts> & ComparesAcrossRuntimes;

/** The calibration experiment. */
export const calibration: CalibrationExperiment = {
  id: "calibration",
  version: 1,
  title: "Calibration: what differences this machine resolves",
  description:
    "Runs identical prime-count tasks on one worker thread: the base work under two labels (an A/A pair) and the same work with 2%, 5% and 10% more tasks, " +
    "every trial's work counted. The trials are cut into virtual runs of the quick and the full profile's trial count, each decided as one family, " +
    "giving the false-positive rate, the power for each effect, the coverage of the intervals and the minimum detectable effect, with Wilson intervals.",
  params: CALIBRATION_PARAMS,
  check(params) {
    const tiny = params.effects.find((e) => Math.round(params.tasks * (1 + e / 100)) === params.tasks);
    if (tiny !== undefined) throw new InputError("effects", `${tiny}% adds no whole task to ${params.tasks} tasks; give larger effects or more tasks`);
    if (params.trials < params.quickTrials) {
      throw new InputError("trials", `${params.trials} trials per condition make no virtual run of ${params.quickTrials}; give trials ≥ quickTrials`);
    }
  },
  run: async (params, options = {}) => (await import("./measure.ts")).runCalibration(calibration, params, options),
  summarize: summarizeCalibration,
  charts: calibrationCharts,
  findings: calibrationFindings,
  claims: () => [],
  // None: its conditions are slow-downs injected on purpose to find what the machine can resolve, a
  // property of the machine's noise; the runtime's speed at the same work is scaling's compute time.
  acrossRuntimes: [],
};
