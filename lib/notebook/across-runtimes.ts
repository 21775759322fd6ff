/**
 * The "Across runtimes" cell every measuring notebook ends with: what differs between the runtimes
 * its experiment ran on ({@link compareRuntimes}: the table, the chart and the findings), or, after a
 * run on one runtime, how to ask for more.
 * @module
 */
import { compareRuntimes } from "../compare/runtimes.ts";
import { markdown, show } from "../show.ts";
import type { Experiment, Result } from "../types.ts";

/**
 * Shows how the runtimes of `runs` differ on `experiment`'s quantities, each compared with the first
 * run's runtime; with one run, prints the runtime it ran on and the `runtimes` setting that compares.
 *
 * @param experiment The experiment every run is of.
 * @param runs The runs of {@link runOnRuntimes}, first the baseline.
 */
export async function showAcrossRuntimes(experiment: Experiment, runs: ReadonlyArray<{ result: Result }>): Promise<void> {
  if (runs.length > 1) {
    const across = compareRuntimes(experiment, runs.map((r) => r.result));
    await show(markdown(across.markdown));
    if (across.chart) await show(across.chart);
    await show(markdown(across.findings.map((f) => `- ${f}`).join("\n")));
    return;
  }
  const only = runs[0]?.result.runtime;
  const which = only ? `${only.name} ${only.version}` : "no run";
  console.log(`measured on one runtime (${which}); to compare, set runtimes: ["current", "node@24"] (--set runtimes=current,node@24)`);
}
