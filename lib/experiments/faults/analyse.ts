/**
 * Analysing a faults Result: the statistics of each fault across its trials (survival as a Wilson
 * interval at the Result's confidence level, medians with their order-statistic intervals), the
 * noise floor of each server kind, and (re-exported from their own files) the charts, the findings
 * and the article's claims. No two faults are compared with each other, so there is no family of
 * p-values to adjust. Pure: it reads a Result and never loads a server or a driver, so a saved
 * Result can be re-analysed anywhere.
 * @module
 */
import { summarize, wilsonInterval } from "../../stats/mod.ts";
import type { Summary } from "../../types.ts";
import { trialsOf, verdictRules } from "../_shared/analysis.ts";
import { chosenFaults } from "./table.ts";
import type { FaultRow, FaultsNoiseFloor, FaultsResult, FaultsSummary } from "./types.ts";

export { faultsCharts } from "./charts.ts";
export { faultsClaims } from "./claims.ts";
export { faultsFindings } from "./findings.ts";

const summaryOf = (values: number[], level: number): Summary | null => (values.length > 0 ? summarize(values, { level }) : null);

/**
 * The noise floor of each server kind: IQR / median of the pre-fault throughput over every trial of
 * that kind. Before the fault every trial of a kind runs the same server under the same load (respawn
 * and error listeners only matter once something dies), so their spread is that of identical trials.
 */
function noiseFloors(result: Omit<FaultsResult, "summary">, rows: readonly FaultRow[]): FaultsNoiseFloor[] {
  return (["cluster", "threads"] as const).flatMap((model) => {
    const rps = rows.filter((r) => r.model === model).flatMap((r) => trialsOf(result, r.label, "preFaultRps"));
    if (rps.length === 0) return [];
    const s = summarize(rps);
    return [{ model, relativeIqr: s.relativeIqr, trials: s.n, medianRps: s.median }];
  });
}

/** The statistics of every fault the run asked for; faults with no successful trial are listed as unavailable. */
export function summarizeFaults(result: Omit<FaultsResult, "summary">): FaultsSummary {
  const { params } = result;
  const { confidence } = verdictRules(params);
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
      survived, survival: wilsonInterval(survived, trials.length, confidence),
      failedRequests: summarize(of("failedRequests"), { level: confidence }),
      servedShare: summarize(of("servedShare"), { level: confidence }),
      recovered: of("recovered").filter((x) => x === 1).length,
      recoveryMs: summaryOf(of("recoveryMs"), confidence),
      faultToExitMs: summaryOf(of("faultToExitMs"), confidence),
      replacementMs: summaryOf(of("replacementMs"), confidence),
      orphanExitMs: summaryOf(of("orphanExitMs"), confidence),
      orphansLeft: of("orphansLeft").reduce((a, b) => a + b, 0),
      processDied: of("processDied").filter((x) => x === 1).length,
      acted: of("acted").filter((x) => x === 1).length,
      outcomes,
    });
  }
  return { rows, noiseFloor: noiseFloors(result, rows), unavailable, failures: result.failures.length };
}
