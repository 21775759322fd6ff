/**
 * The experiments of the user's own kinds that the registry knows so that their saved Results
 * re-analyse, re-plot and re-render through `parlab report`. Pure: each only analyses.
 * @module
 */
import type { Experiment } from "../types.ts";
import { customExperiment } from "./custom-analyse.ts";
import { exploreKinds } from "./kinds-analyse.ts";

/** "explore-kinds" (compareKinds) and "custom" (experiment(…).run()). */
export const EXPLORE_EXPERIMENTS: readonly Experiment[] = [exploreKinds as unknown as Experiment, customExperiment as unknown as Experiment];
