/**
 * Stratified resampling, shared by the line and Amdahl fits: a bootstrap that resamples within
 * each design point (worker count, x) keeps the design in every resample, so the fit is always
 * defined and its interval reflects the noise at each point, not the luck of which points were
 * drawn. Private to `lib/stats/`.
 * @module
 */
import * as ss from "simple-statistics";

/** The items grouped by `key`, groups in the order their keys first appear. */
export function stratify<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** One stratified resample: as many items from each group as it holds, drawn with replacement, groups in order. */
export function resampleStrata<T>(strata: readonly T[][], rng: () => number): T[] {
  const out: T[] = [];
  for (const group of strata) out.push(...ss.sampleWithReplacement(group, group.length, rng));
  return out;
}
