/**
 * How many trials the messaging experiment runs per profile, as parameter specs. Kept apart from the
 * experiment object so that its claims can say how many trials the longer profiles run.
 * @module
 */
import type { Profile } from "../../types.ts";
import { trialParamSpecs } from "../_shared/params.ts";

/** Trials per condition in each profile (the fewest at full, which stops each condition once precise enough). */
export const MESSAGING_PROFILE_TRIALS: Readonly<Record<Profile, number>> = { tiny: 2, quick: 6, full: 6 };

/** The specs of the parameters every experiment's trials share, with the messaging experiment's defaults. */
export const MESSAGING_TRIAL_SPECS = trialParamSpecs({ trials: MESSAGING_PROFILE_TRIALS, warmups: { tiny: 0, quick: 0, full: 1 }, minTimeoutMs: 1000,
  stopping: { precision: { tiny: 0, quick: 0, full: 0.02 }, maxTrials: { tiny: 2, quick: 6, full: 12 } },
});
