/**
 * What an experiment compares across runtimes: the one or two quantities that matter when the same
 * conditions are measured on, say, Node 20 and Node 24. Each experiment's mod.ts declares them
 * beside its analysis; `compareRuntimes` (runtimes.ts) compares them condition by condition. Kept
 * out of types.ts, whose text is part of every Result's measuring source hash: a declaration about
 * analysis must not make saved Results stale. Each declaring experiment types itself with
 * {@link ComparesAcrossRuntimes} in its mod.ts.
 * @module
 */

/** One quantity compared across runtimes, by the ratio of its values on two runtimes. */
export interface RuntimeMetric {
  /** Key of `trial.metrics` (e.g. "computeMs"), or "durationMs" for the trial's wall time. */
  metric: string;
  /** What it is, for sentences: "compute time", "throughput". */
  name: string;
  /** Unit of the values ("ms", "req/s", "bytes", "share"); "ms" makes the quantity a time. */
  unit: string;
  /** Whether a lower or a higher value is better. */
  better: "lower" | "higher";
  /**
   * Where the run itself sets this quantity, so that comparing it across runtimes would compare
   * settings, not runtimes: a condition whose trials record `metric` > 0 is listed with `reason`
   * and not compared (distribution's throughput at a load level follows the offered rate, a share
   * of each run's own capacity).
   */
  setBy?: { metric: string; reason: string };
}

/** An experiment that declares what it compares across runtimes (empty: nothing, with the reason in its mod.ts). */
export interface ComparesAcrossRuntimes {
  readonly acrossRuntimes: readonly RuntimeMetric[];
}

/** The quantities `experiment` compares across runtimes; empty when it declares none. */
export function acrossRuntimesOf(experiment: object): readonly RuntimeMetric[] {
  const declared = (experiment as Partial<ComparesAcrossRuntimes>).acrossRuntimes;
  return Array.isArray(declared) ? declared : [];
}
