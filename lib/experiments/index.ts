/**
 * Every experiment of the lab, by id. To add one, make a folder lib/experiments/<id>/ whose mod.ts
 * exports the `Experiment` (measure.ts measures, analyse.ts analyses a saved Result without loading
 * any driver) and list it here.
 * @module
 */
import { InputError } from "../errors.ts";
import type { Experiment } from "../types.ts";
import { calibration } from "./calibration/mod.ts";
import { distribution } from "./distribution/mod.ts";
import { faults } from "./faults/mod.ts";
import { footprint } from "./footprint/mod.ts";
import { messaging } from "./messaging/mod.ts";
import { scaling } from "./scaling/mod.ts";
import { thumbnails } from "./thumbnails/mod.ts";
import { EXPLORE_EXPERIMENTS } from "../explore/analyses.ts";

/** All experiments, in the order `parlab list` shows them (the order of the notebooks). */
export const EXPERIMENTS: readonly Experiment[] = [scaling, distribution, thumbnails, messaging, footprint, faults, calibration];

/**
 * The experiment with this id, including those of the user's own code ("explore-kinds", "custom"),
 * whose Results re-analyse like any other; an InputError listing the valid ids otherwise.
 */
export function getExperiment(id: string, input = "experiment"): Experiment {
  const found = EXPERIMENTS.find((e) => e.id === id) ?? EXPLORE_EXPERIMENTS.find((e) => e.id === id);
  if (!found) throw new InputError(input, `unknown experiment "${id}"; available: ${EXPERIMENTS.map((e) => e.id).join(", ")}`);
  return found;
}

// A run against the committed reference of its experiment, and the calibration of this machine (lib/compare/).
export { versusReference, calibrationNote, type VersusReference } from "../compare/reference.ts";
export { versus, versusMarkdown, comparisonsOf, type Versus, type PairedComparison, type Side } from "../compare/versus.ts";
export { calibration, mdeSentence, rateText, type CalibrationSummary, type CalibrationResult, type CalibrationParams, type Resolution, type Rate } from "./calibration/mod.ts";
export { compareRuntimes, type RuntimeComparison, type RuntimeRow, type RuntimeSide, type PartialCondition } from "../compare/runtimes.ts";
export { acrossRuntimesOf, type RuntimeMetric } from "../compare/runtime-metric.ts";
