/**
 * How many trials the faults experiment runs per profile, as parameter specs. Kept apart from the
 * experiment object so that its claims can say how many trials a longer profile runs.
 * @module
 */
import type { Profile } from "../../types.ts";
import { trialParamSpecs } from "../_shared/params.ts";

/** Trials per fault in each profile. */
export const FAULTS_PROFILE_TRIALS: Readonly<Record<Profile, number>> = { tiny: 2, quick: 3, full: 10 };

/** The specs of the parameters every experiment's trials share, with the faults experiment's defaults. */
export const FAULTS_TRIAL_SPECS = trialParamSpecs({ trials: FAULTS_PROFILE_TRIALS, warmups: { tiny: 0, quick: 0, full: 1 }, minTimeoutMs: 5000 });
