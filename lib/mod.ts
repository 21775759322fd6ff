/**
 * parlab: repeated-trial experiments that show when Node.js should scale with processes and when
 * with threads, with statistics, vega-lite charts and self-contained HTML reports.
 *
 * The root holds what a notebook uses: the experiments with their parameter and summary types, the
 * notebook's own calls (parameters, run or re-load, show), Results and reports, formatting, the
 * error classes and the runtime. The building blocks have entry points of their own:
 * `parlab/stats`, `parlab/charts`, `parlab/drivers`, `parlab/workloads`, `parlab/machine` and
 * `parlab/experiments`; `parlab/testing` holds hooks for the lab's own tests, and `parlab/internal`
 * the internals those tests check (not an API). Importing any of them starts nothing and patches
 * nothing.
 *
 * @example
 * ```ts
 * import { scaling, notebookParams, runOrLoad, show } from "parlab";
 * const params = notebookParams(scaling, { profile: "tiny" });
 * const { result } = await runOrLoad(scaling, params);
 * for (const chart of Object.values(scaling.charts(result))) await show(chart);
 * ```
 * @module
 */

// A notebook's own calls.
export { notebookParams, runOrLoad, resultsDir, type NotebookRunResult } from "./notebook/context.ts";
export { notebookRuntimes, runOnRuntimes, type RuntimeRun } from "./notebook/runtimes.ts";
export { showAcrossRuntimes } from "./notebook/across-runtimes.ts";
export { show, table, markdown, type Displayable, type Table, type Markdown } from "./show.ts";
export { claimsMarkdown } from "./experiments/_shared/claims.ts";
export { formatCi, formatInterval, formatLevel, formatNumber } from "./format.ts";

// Results: saved after every trial, loaded, re-analysed, rendered.
export { loadResult, saveResult, trialsToCsv, ResultWriter, type SavedResult } from "./results.ts";
export { reanalyse, reportHtml, writeReport } from "./report.ts";
export { renderSvg } from "./render.ts";
// Whether the source that measured a Result has changed since (a page built from it is then stale).
export { staleness } from "./provenance.ts";

// Running an experiment, or trials of one's own, outside a notebook.
export { resolveParams, type Override } from "./params.ts";
export { runTrials, type TrialPlan, type Measurement, type TrialContext } from "./trials.ts";
export { lookCounts, lookConfidence, preciseEnough, relativeHalfWidth, stoppingRuleOf, type StoppingParams, type StoppingRule } from "./stopping.ts";

// The lab's questions for one's own code: a function of one's own in threads vs processes, and experiments of one's own.
export { compareKinds, compareServing, experiment, runExperiment, type CompareKindsOptions, type CompareServingOptions, type KindsRun, type ConditionFn, type CustomRun, type ExperimentDefinition, type RunExperimentOptions } from "./explore/mod.ts";

// The experiments, with their parameters, summaries and the helpers their notebooks use.
export { EXPERIMENTS, getExperiment } from "./experiments/index.ts";
export { scaling, scalingConditions, SCALING_CHART_IDS, type ScalingParams, type ScalingSummary, type ScalingResult, type ScalingCharts, type ScalingExperiment } from "./experiments/scaling/mod.ts";
export { distributionConditions } from "./experiments/distribution/measure.ts";
export { distribution, DISTRIBUTION_CHART_IDS, type DistributionParams, type DistributionSummary, type DistributionResult, type DistributionCharts, type DistributionExperiment } from "./experiments/distribution/mod.ts";
export { thumbnails, thumbnailsConditions, efficiencyFinding, THUMBNAILS_CHART_IDS, type ThumbnailsParams, type ThumbnailsSummary, type ThumbnailsResult, type ThumbnailsCondition, type ThumbnailsCharts, type ThumbnailsExperiment } from "./experiments/thumbnails/mod.ts";
export { messagingConditions } from "./experiments/messaging/measure.ts";
export { messaging, overlayMessaging, loadComparisons, formatBytes, CHANNEL_COLORS, MESSAGING_CHART_IDS, type MessagingParams, type MessagingSummary, type MessagingResult, type MessagingRow, type PairComparison, type MessagingCharts, type MessagingChartId, type MessagingExperiment } from "./experiments/messaging/mod.ts";
export { footprint, footprintConditions, FOOTPRINT_CHART_IDS, type FootprintParams, type FootprintSummary, type FootprintResult, type FootprintCharts, type FootprintChartId, type FootprintExperiment } from "./experiments/footprint/mod.ts";
export { faultConditions } from "./experiments/faults/measure.ts";
export { faults, recoveryOf, FAULT_CONDITIONS, MIN_FAULT_TRIALS, FAULTS_CHART_IDS, type FaultsParams, type FaultsSummary, type FaultsResult, type FaultRow, type FaultCondition, type FaultsCharts, type FaultsChartId, type FaultsExperiment } from "./experiments/faults/mod.ts";
// What the experiments' parameters are made of, and what the messaging notebook says of each channel.
export { CHANNEL_DESCRIPTIONS, type ChannelId } from "./drivers/channels/mod.ts";
export type { PoolKind } from "./drivers/pool/mod.ts";
export type { SchedulingPolicy } from "./drivers/cluster/mod.ts";
export type { PayloadKind } from "./workloads/payloads.ts";
export type { ImageFormat } from "./workloads/corpus.ts";
export type { ModuleGraph } from "./workloads/graphs.ts";

// What changed across runtimes: Results of one experiment on several runtimes, compared condition by condition.
export { compareRuntimes, runtimeLabel, type RuntimeComparison, type RuntimeRow, type RuntimeSide, type PartialCondition, type CompareRuntimesOptions } from "./compare/runtimes.ts";
export { acrossRuntimesOf, type RuntimeMetric, type ComparesAcrossRuntimes } from "./compare/runtime-metric.ts";

// Types, errors and the runtime.
export type * from "./types.ts";
export { RESULT_SCHEMA, PROFILES } from "./types.ts";
export { InputError, ResultFileError, UnsupportedError, WrongAnswerError, WorkerError, TrialTimeoutError, AbortedError } from "./errors.ts";
export { runtimeInfo } from "./runtime.ts";
