/**
 * How long a fault trial waits for what a fault does, and the pause it waits with. The measuring
 * side waits these times; the findings state them, so a reader knows what "left after 5 s" or
 * "nothing died within 10 s" means.
 * @module
 */

/** How long to wait for a killed primary's workers to exit before counting them as left behind, in milliseconds. */
export const ORPHAN_WAIT_MS = 5000;
/** How long after the load to wait for a fault that has not acted yet, in milliseconds. */
export const EFFECT_WAIT_MS = 10_000;
/** How long the probe after the load waits for an answer, in milliseconds: long enough for a process dying of a fatal OOM to finish. */
export const PROBE_TIMEOUT_MS = 5000;
/** A client's pause after a failed request, in milliseconds, so a dead server does not turn the load into a busy loop. */
export const PAUSE_AFTER_ERROR_MS = 20;
/** How long to wait after the load for a dead worker's replacement, which may come after the window, in milliseconds. */
export const REPLACEMENT_WAIT_MS = 3000;

/** Resolves after `ms` milliseconds: the poll interval of a trial waiting for a fault to act. */
export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
