/**
 * Analysing a faults Result: the statistics of each fault across its trials, and (re-exported from
 * their own files) the charts, the findings and the article's claims. Pure: it reads a Result and
 * never loads a server or a driver, so a saved Result can be re-analysed anywhere.
 * @module
 */
import { summarize, wilsonInterval } from "../../stats/mod.ts";
import type { Summary } from "../../types.ts";
import { trialsOf } from "../_shared/analysis.ts";
import { chosenFaults } from "./table.ts";
import type { FaultRow, FaultsResult, FaultsSummary } from "./types.ts";

export { faultsCharts } from "./charts.ts";
export { faultsClaims } from "./claims.ts";
export { faultsFindings } from "./findings.ts";

const summaryOf = (values: number[], seed: number): Summary | null => (values.length > 0 ? summarize(values) : null);

/** The statistics of every fault the run asked for; faults with no successful trial are listed as unavailable. */
export function summarizeFaults(result: Omit<FaultsResult, "summary">): FaultsSummary {
  const { params } = result;
  const seed = params.seed;
  const rows: FaultRow[] = [];
  const unavailable: FaultsSummary["unavailable"] = [];
  for (const c of chosenFaults(params)) {
    const trials = result.trials.filter((t) => t.ok && t.condition === c.label);
    if (trials.length === 0) {
      unavailable.push({ label: c.label, reason: "no trial of it completed in this run (see the Result's failures)" });
      continue;
    }
    const of = (metric: string) => trialsOf(result, c.label, metric);
    const survived = of("survived").filter((x) => x === 1).length;
    const outcomes = [...new Set(trials.map((t) => t.detail?.outcome).filter((x): x is string => typeof x === "string"))];
    rows.push({
      label: c.label, model: c.model, description: c.description, n: trials.length,
      survived, survival: wilsonInterval(survived, trials.length),
      failedRequests: summarize(of("failedRequests")),
      servedShare: summarize(of("servedShare")),
      recovered: of("recovered").filter((x) => x === 1).length,
      recoveryMs: summaryOf(of("recoveryMs"), seed),
      faultToExitMs: summaryOf(of("faultToExitMs"), seed),
      replacementMs: summaryOf(of("replacementMs"), seed),
      orphanExitMs: summaryOf(of("orphanExitMs"), seed),
      orphansLeft: of("orphansLeft").reduce((a, b) => a + b, 0),
      processDied: of("processDied").filter((x) => x === 1).length,
      acted: of("acted").filter((x) => x === 1).length,
      outcomes,
    });
  }
  return { rows, unavailable, failures: result.failures.length };
}
