/**
 * parlab: repeated-trial experiments that show when Node.js should scale with processes and when
 * with threads, with statistics, vega-lite charts and self-contained HTML reports.
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
export type * from "./types.ts";
export { RESULT_SCHEMA, PROFILES } from "./types.ts";
export * from "./errors.ts";
export { runtimeInfo, runMode } from "./runtime.ts";
export { machineSnapshot, startSampler, processTree, processMemory, processCpuMs, treeCpuMs, treeMemory, startTreeSampler, canReadProcessTree, type Sampler, type TreeMemory, type TreeSampler } from "./machine.ts";
export * from "./stats/mod.ts";
export { formatInterval, formatNumber } from "./format.ts";
export { runTrials, trialOrder, plannedOrder, type TrialPlan, type Measurement, type TrialContext } from "./trials.ts";
export { loadResult, saveResult, trialsToCsv, ResultWriter, type SavedResult } from "./results.ts";
export { resolveParams, parseSetArg, externalParams, type Override } from "./params.ts";
export * as charts from "./charts/mod.ts";
export { renderSvg } from "./render.ts";
export { show, table, markdown, toBundle, type Displayable, type Table, type Markdown } from "./show.ts";
export { reportHtml, writeReport, reanalyse } from "./report.ts";
export { Pool, startPool, withPool, liveWorkerCount, type PoolKind, type PoolOptions } from "./drivers/pool/mod.ts";
export { EXPERIMENTS, getExperiment } from "./experiments/index.ts";
export { scaling, type ScalingParams, type ScalingSummary, type ScalingResult } from "./experiments/scaling/mod.ts";
export { distribution, distributionConditions, type DistributionParams, type DistributionSummary, type DistributionResult } from "./experiments/distribution/mod.ts";
export { thumbnails, thumbnailsConditions, efficiencyFinding, type ThumbnailsParams, type ThumbnailsSummary, type ThumbnailsResult, type ThumbnailsCondition } from "./experiments/thumbnails/mod.ts";
export { makeThumbnail } from "./workloads/thumbnail.ts";
export { runHostTrial, prepareCorpus, checkThumbnailFile, type HostTrial, type HostReport, type ThumbnailMode } from "./drivers/thumbnails/mod.ts";
export { corpusId, ensureCorpus, generateCorpus, verifyCorpus, checkCorpusParams, type CorpusParams, type CorpusManifest, type Corpus, type ImageFormat } from "./workloads/corpus.ts";
export { footprint, footprintConditions, FOOTPRINT_CHART_IDS, type FootprintParams, type FootprintSummary, type FootprintResult, type FootprintCharts, type FootprintChartId, type FootprintExperiment } from "./experiments/footprint/mod.ts";
export { measureFootprint, footprintConfig, liveFootprintHostCount, type FootprintOptions, type FootprintReport, type TreeReading } from "./drivers/footprint/mod.ts";
export { MODULE_GRAPHS, type ModuleGraph } from "./workloads/graphs.ts";
export { messaging, messagingConditions, overlayMessaging, loadComparisons, formatBytes, CHANNEL_COLORS, MESSAGING_CHART_IDS, type MessagingParams, type MessagingSummary, type MessagingResult, type MessagingRow, type PairComparison, type MessagingCharts, type MessagingChartId, type MessagingExperiment } from "./experiments/messaging/mod.ts";
export { openChannel, runRoundTrips, channelSupport, CHANNELS, CHANNEL_DESCRIPTIONS, type Channel, type ChannelId, type ChannelOptions, type RoundTrips } from "./drivers/channels/mod.ts";
export { makePayload, echoMismatch, payloadBytes, PAYLOAD_KINDS, MAX_PAYLOAD_BYTES, type Payload, type PayloadKind } from "./workloads/payloads.ts";
export { faults, faultConditions, recoveryOf, FAULT_CONDITIONS, MIN_FAULT_TRIALS, FAULTS_CHART_IDS, type FaultsParams, type FaultsSummary, type FaultsResult, type FaultRow, type FaultCondition, type FaultsCharts, type FaultsChartId, type FaultsExperiment } from "./experiments/faults/mod.ts";
export { startCluster, reusePortSupported, UnsupportedError, type ClusterServer, type ClusterOptions, type SchedulingPolicy, type ClusterFault, type ClusterEvent } from "./drivers/cluster/mod.ts";
export { startThreadServer, type ThreadServer, type ThreadServerOptions, type ThreadFault } from "./drivers/thread-server/mod.ts";
export { runLoad, type LoadOptions, type LoadReport } from "./drivers/loadgen/mod.ts";
export { notebookParams, runOrLoad, resultsDir } from "./notebook/context.ts";
export { claimsMarkdown, verdictPhrase } from "./experiments/_shared/claims.ts";
export { labEnv, ENV, type LabEnv } from "./env.ts";
