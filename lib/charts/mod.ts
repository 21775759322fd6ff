/**
 * Pure builders of vega-lite v5 charts for repeated-trial results, one builder per file and all
 * re-exported here. Each returns a {@linkcode Chart} whose spec carries its data inline, so a chart
 * renders offline and can be saved as JSON beside its Result. Series keep their colour from chart
 * to chart (processes blue, threads orange, baseline grey), so a reader learns the legend once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { byId, speedup, timeline } from "./mod.ts";
 *
 * const charts = byId([
 *   speedup([{ series: "threads", workers: 2, speedup: 1.9, lo: 1.8, hi: 2.0 }], { id: "speedup", title: "Speedup" }),
 *   timeline([], { id: "cpu", title: "CPU use", valueTitle: "CPU use (%)" }),
 * ]);
 * assert.deepEqual(Object.keys(charts), ["speedup", "cpu"]);
 * ```
 * @module
 */
export { byId, type ChartOptions, DEFAULT_HEIGHT, DEFAULT_WIDTH, VEGA_LITE_SCHEMA } from "./base.ts";
export { type ColorScale, SERIES_COLORS, seriesColors } from "./palette.ts";
export { distribution, type DistributionOptions, type DistributionRow } from "./distribution.ts";
export { type FittedPoint, speedup, type SpeedupOptions, type SpeedupRow } from "./speedup.ts";
export { efficiency, type EfficiencyOptions, type EfficiencyRow } from "./efficiency.ts";
export { ecdf, type EcdfOptions, type EcdfRow } from "./ecdf.ts";
export { type BarRow, type BarsOptions, barsWithCi } from "./bars.ts";
export { timeline, type TimelineOptions, type TimelineRow } from "./timeline.ts";
export { scatter, type ScatterOptions, type ScatterRow } from "./scatter.ts";
export { trialsWithLines, type TrialsWithLinesOptions, type WorkerValueRow } from "./trials-with-lines.ts";
export { sizeSeries, type SizeSeriesOptions, type SizeSeriesRow } from "./size-series.ts";
export { type AlignedRow, alignedTimeline, type AlignedTimelineOptions } from "./aligned-timeline.ts";
export { versusIntervals, type VersusOptions, type VersusRow } from "./versus.ts";
export { runtimeRatios, type RuntimeRatioRow } from "./runtime-ratios.ts";
