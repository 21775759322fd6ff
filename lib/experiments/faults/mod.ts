/**
 * Experiment "faults": what users of a server see when one of its workers crashes. Under steady
 * closed-loop HTTP load, one fault per trial is injected into a cluster worker, the cluster's
 * primary, or a worker thread of a one-process thread server, at a fixed time after the load
 * starts; the load's throughput timeline shows the dip and the recovery, and a probe after the
 * load says whether the server survived at all. Tests the claims that a crashed cluster worker is
 * replaced while the others keep serving, and that a thread that "crashes badly can take down the
 * entire process".
 *
 * This module holds the experiment's parameters and rules and wires the parts together: the fault
 * table (table.ts), measuring (measure.ts, with the server adapters in servers.ts), and the pure
 * analysis (analyse.ts, charts.ts, findings.ts, claims.ts).
 * @module
 */
import { InputError } from "../../errors.ts";
import type { CheckedExperiment } from "../../types.ts";
import { faultsCharts, faultsClaims, faultsFindings, summarizeFaults } from "./analyse.ts";
import { FAULTS_TRIAL_SPECS } from "./params.ts";
import { VERDICT_PARAM_SPECS } from "../_shared/params.ts";
import { TAIL_BUCKETS } from "./recovery.ts";
import { FAULT_LABELS } from "./table.ts";
import type { FaultsCharts, FaultsParams, FaultsSummary } from "./types.ts";
import type { ComparesAcrossRuntimes } from "../../compare/runtime-metric.ts";

export type { FaultsChartId, FaultsCharts, FaultsParams, FaultsResult, FaultsSummary, FaultRow } from "./types.ts";
export { FAULTS_CHART_IDS } from "./types.ts";
export { FAULT_CONDITIONS, FAULT_LABELS, type FaultCondition } from "./table.ts";
export { recoveryOf, RECOVERY_THRESHOLD, TAIL_BUCKETS, type Recovery } from "./recovery.ts";
export { MIN_FAULT_TRIALS } from "./claims.ts";

/** The faults experiment, with its charts typed by id and its claims always present. */
export type FaultsExperiment = CheckedExperiment<FaultsParams, FaultsSummary, FaultsCharts> & ComparesAcrossRuntimes;

/** The faults experiment. */
export const faults: FaultsExperiment = {
  id: "faults",
  version: 1,
  title: "What survives a crash: cluster workers vs worker threads",
  description:
    "Under steady keep-alive HTTP load on 127.0.0.1 (one fault also under a new connection per request), after an unmeasured warm-up, one fault per trial — an uncaught exception, SIGKILL, running out of memory, a native crash — " +
    "in a cluster worker, the cluster's primary, or a worker thread of a one-process thread server (a sacrificial child process); " +
    "requests failed, throughput timeline, recovery time, what each cluster worker (and its replacement) served after the fault, and whether the server survived (a Wilson interval of the rate at the run's confidence level); " +
    "the noise floor is the spread of pre-fault throughput over the trials of one server kind.",
  params: {
    faults: { type: "string[]", description: "faults to inject, from the fixed table", choices: FAULT_LABELS, default: { tiny: ["cluster-sigkill+respawn", "threads-throw"], quick: FAULT_LABELS, full: FAULT_LABELS } },
    workers: { type: "integer", description: "cluster workers, or worker threads of the thread server", unit: "workers", min: 1, max: 16, default: 2 },
    concurrency: { type: "integer", description: "concurrent keep-alive clients", unit: "clients", min: 1, max: 256, default: 8 },
    handlerCostMs: { type: "number", description: "CPU time each request burns in its worker", unit: "ms", min: 0, max: 100, default: 1 },
    heapMb: { type: "integer", description: "heap limit of each worker (--max-old-space-size, resourceLimits.maxOldGenerationSizeMb)", unit: "MiB", min: 16, max: 4096, default: 48 },
    warmupMs: { type: "integer", description: "load before the baseline window, unmeasured, so the pre-fault rate is a warm server's", unit: "ms", min: 0, max: 60_000, default: { tiny: 200, quick: 300, full: 500 } },
    preFaultMs: { type: "integer", description: "steady load before the fault, after the warm-up: the baseline window", unit: "ms", min: 300, max: 60_000, default: { tiny: 600, quick: 700, full: 2000 } },
    postFaultMs: { type: "integer", description: "load measured after the fault", unit: "ms", min: 500, max: 120_000, default: { tiny: 900, quick: 2000, full: 5000 } },
    bucketMs: { type: "integer", description: "width of a throughput-timeline bucket", unit: "ms", min: 10, max: 1000, default: 100 },
    ...FAULTS_TRIAL_SPECS,
    ...VERDICT_PARAM_SPECS,
  },
  check(params) {
    // The baseline is read off the second half of the window before the fault, the recovery off the last buckets.
    if (params.preFaultMs < 3 * params.bucketMs) throw new InputError("preFaultMs", `must span at least 3 buckets of bucketMs = ${params.bucketMs} ms (the first is a ramp-up), got ${params.preFaultMs}`);
    if (params.postFaultMs < TAIL_BUCKETS * params.bucketMs) throw new InputError("postFaultMs", `must span at least ${TAIL_BUCKETS} buckets of bucketMs = ${params.bucketMs} ms, got ${params.postFaultMs}`);
  },
  run: async (params, options = {}) => (await import("./measure.ts")).runFaults(faults, params, options),
  summarize: summarizeFaults,
  charts: faultsCharts,
  findings: faultsFindings,
  claims: faultsClaims,
  // What the analysis compares (new-connection against keep-alive load): the rate still served after the fault.
  acrossRuntimes: [{ metric: "servedShare", name: "share of the pre-fault rate served after the fault", unit: "share", better: "higher" }],
};
