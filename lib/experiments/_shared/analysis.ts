/**
 * What every experiment's analysing side shares: reading one metric off a Result's trials and the
 * closing note on failed trials. Pure: it reads a Result and loads no driver.
 * @module
 */
import type { Result } from "../../types.ts";
export { formatInterval, formatNumber } from "../../format.ts";

/** Values of one metric over the successful trials of one condition. */
export function trialsOf(result: Pick<Result, "trials">, condition: string, metric: string): number[] {
  return result.trials
    .filter((t) => t.ok && t.condition === condition && Number.isFinite(t.metrics[metric]))
    .map((t) => t.metrics[metric]!);
}

/** The closing line of findings when trials failed. */
export function failureNote(failures: number): string[] {
  return failures > 0 ? [`${failures} trial(s) failed; see the Result's failures for their reasons.`] : [];
}
