/**
 * Experiment "thumbnails": a corpus of large images resized to thumbnails with sharp, sequentially,
 * all at once in one process, by a thread pool and by a process pool — with libvips' own threads
 * (`sharp.concurrency`) and libuv's pool (`UV_THREADPOOL_SIZE`) set per condition, so that the
 * article's "2 processes 3.2 s vs 2 threads 2.8 s, faster due to shared memory" can be separated
 * into its three kinds of parallelism. Every trial runs in a fresh host process with the
 * condition's environment (see drivers/thumbnails).
 *
 * This file wires the experiment together: measuring is in measure.ts (the only file that starts
 * hosts or loads sharp), analysing a saved Result in analyse.ts and the files it re-exports.
 * @module
 */
import type { CheckedExperiment } from "../../types.ts";
import { summarizeThumbnails, thumbnailsCharts, thumbnailsClaims, thumbnailsFindings } from "./analyse.ts";
import { THUMBNAILS_PARAMS, checkThumbnailsParams } from "./params.ts";
import type { ThumbnailsCharts, ThumbnailsParams, ThumbnailsSummary } from "./types.ts";
import type { ComparesAcrossRuntimes } from "../../compare/runtime-metric.ts";

export type { ConditionSet, PairComparisons, ThumbnailsCharts, ThumbnailsCondition, ThumbnailsParams, ThumbnailsResult, ThumbnailsRow, ThumbnailsSummary } from "./types.ts";
export { THUMBNAILS_CHART_IDS } from "./types.ts";
export { ARTICLE, CONDITION_SETS, MATCHED, conditionLabel, corpusOf, thumbnailsConditions } from "./conditions.ts";
export { checkThumbnailsParams } from "./params.ts";
export { EFFICIENCY_GOAL, efficiencyFinding } from "./findings.ts";

/** The thumbnails experiment, with its charts typed by id. */
export type ThumbnailsExperiment = CheckedExperiment<ThumbnailsParams, ThumbnailsSummary, ThumbnailsCharts> & ComparesAcrossRuntimes;

/** The thumbnails experiment. */
export const thumbnails: ThumbnailsExperiment = {
  id: "thumbnails",
  version: 1,
  title: "Thumbnails: processes vs threads, with sharp's own threads accounted for",
  description:
    "Resizes a generated corpus of photo-like images to fixed-size JPEG thumbnails with sharp: one image at a time (sequential), " +
    "all images in flight at once in one process (libuv and libvips parallelism only), and with a pool of k threads or k processes, each worker " +
    "resizing its share one image at a time. Each trial runs in a fresh host process started with the condition's UV_THREADPOOL_SIZE, " +
    "sharp.concurrency and sharp.cache (all process-wide), whose pool processes inherit them. \"Single-thread\" is the sequential condition " +
    "with sharp.concurrency 1: one image in flight, libvips on one worker thread, the JavaScript thread waiting. Before its clock, each host (and each " +
    "pool worker) resizes warmupImages images unmeasured and empties libvips' cache, so every rate, the single-thread limit included, is warm; each trial " +
    "records its warm-up. Time runs from every worker being ready (sharp loaded, warmed up) to the last thumbnail written; pool start-up is measured " +
    "separately. Every thumbnail's size and format is checked.",
  params: THUMBNAILS_PARAMS,
  check: checkThumbnailsParams,
  run: async (params, options = {}) => (await import("./measure.ts")).runThumbnails(thumbnails, params, options),
  summarize: summarizeThumbnails,
  charts: thumbnailsCharts,
  findings: thumbnailsFindings,
  claims: thumbnailsClaims,
  // The batch's time, as the article timed it (start-up included when the run says so).
  acrossRuntimes: [{ metric: "timeMs", name: "batch time", unit: "ms", better: "lower" }],
};
