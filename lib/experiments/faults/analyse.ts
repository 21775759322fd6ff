/**
 * Analysing a faults Result: the statistics of each fault across its trials (survival as a Wilson
 * interval at the Result's confidence level, medians with their order-statistic intervals), the
 * noise floor of each server kind, and (re-exported from their own files) the charts, the findings
 * and the article's claims. Besides what each worker (and its replacement) served after the fault,
 * one comparison is made: the same fault under new-connection against keep-alive load, decided alone
 * by the verdict rule; no two different faults are compared, so there is no family of p-values to
 * adjust. Pure: it reads a Result and never loads a server or a driver, so a saved
 * Result can be re-analysed anywhere.
 * @module
 */
import { compareRatio, decideFamily, summarize, wilsonInterval } from "../../stats/mod.ts";
import type { Summary } from "../../types.ts";
import { trialsOf, verdictRules } from "../_shared/analysis.ts";
import { chosenFaults, loadOf } from "./table.ts";
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
    // Identical servers under identical load: a new connection per request runs at another rate.
    const rps = rows.filter((r) => r.model === model && (r.load ?? "keep-alive") === "keep-alive").flatMap((r) => trialsOf(result, r.label, "preFaultRps"));
    if (rps.length === 0) return [];
    const s = summarize(rps);
    return [{ model, relativeIqr: s.relativeIqr, trials: s.n, medianRps: s.median }];
  });
}

/**
 * The first fault measured under both loads (the same fault, server and respawn, keep-alive and a new
 * connection per request): its served share after the fault, new-connection over keep-alive, decided
 * alone by the verdict rule.
 */
function loadModes(result: Omit<FaultsResult, "summary">, rows: readonly FaultRow[], rules: ReturnType<typeof verdictRules>): FaultsSummary["loadModes"] {
  const conditions = chosenFaults(result.params);
  for (const nc of rows.filter((r) => r.load === "new-connection")) {
    const c = conditions.find((x) => x.label === nc.label)!;
    const twin = conditions.find((x) => loadOf(x) === "keep-alive" && x.model === c.model && x.fault === c.fault && x.respawn === c.respawn && x.errorListener === c.errorListener);
    const ka = twin && rows.find((r) => r.label === twin.label);
    if (!ka) continue;
    const comparison = compareRatio(trialsOf(result, nc.label, "servedShare"), trialsOf(result, ka.label, "servedShare"), {
      ...rules, labelA: nc.label, labelB: ka.label, quantity: "share of the pre-fault rate served after the fault", lowerIsBetter: false, timeLike: false,
    });
    return { keepAlive: ka.label, newConnection: nc.label, servedShare: decideFamily([comparison], rules)[0]! };
  }
  return null;
}

/** The statistics of every fault the run asked for; faults with no successful trial are listed as unavailable. */
export function summarizeFaults(result: Omit<FaultsResult, "summary">): FaultsSummary {
  const { params } = result;
  const rules = verdictRules(params);
  const { confidence } = rules;
  // What a Result saved before the warm-up could not have measured is left out, so its saved summary stays what it was.
  const current = params.warmupMs !== undefined;
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
    // Trials whose replacement was up for at least a bucket of the window: only then could it take traffic.
    const counted = trials.filter((t) => (t.metrics.replacements ?? 0) > 0 && (t.metrics.replacementUpMs ?? 0) >= params.bucketMs);
    const servedByReplacement = counted.filter((t) => t.metrics.replacementRequests! > 0).length;
    const shares = counted.flatMap((t) => (t.metrics.replacementShare !== undefined ? [t.metrics.replacementShare] : []));
    const outcomes = [...new Set(trials.map((t) => t.detail?.outcome).filter((x): x is string => typeof x === "string"))];
    rows.push({
      label: c.label, model: c.model, description: c.description, ...(current ? { load: loadOf(c) } : {}), n: trials.length,
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
      ...(current ? { replacementTraffic: counted.length > 0 && shares.length > 0
        ? {
          trials: counted.length,
          served: servedByReplacement,
          servedRate: wilsonInterval(servedByReplacement, counted.length, confidence),
          share: summarize(shares, { level: confidence }),
          connections: summarize(counted.map((t) => t.metrics.replacementConnections!), { level: confidence }),
          upMs: summarize(counted.map((t) => t.metrics.replacementUpMs!), { level: confidence }),
          notUp: trials.filter((t) => (t.metrics.replacements ?? 0) > 0).length - counted.length,
        }
        : null } : {}),
      outcomes,
    });
  }
  return { rows, noiseFloor: noiseFloors(result, rows), unavailable, ...(current ? { loadModes: loadModes(result, rows, rules) } : {}), failures: result.failures.length };
}
