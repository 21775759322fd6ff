/**
 * Messaging Results of several runtimes on one chart: the saved Results to overlay (files named by a
 * notebook or by PARLAB_COMPARE), each re-analysed, and the chart of their p50 latencies. Loading
 * reads files, so it lives here rather than in the pure analysis.
 * @module
 */
import process from "node:process";
import * as charts from "../../charts/mod.ts";
import { labEnv } from "../../env.ts";
import { InputError } from "../../errors.ts";
import { loadResult } from "../../results.ts";
import type { Chart, Result } from "../../types.ts";
import { summarizeMessaging } from "./analyse.ts";
import { channelColors, metricRows } from "./charts.ts";
import { MESSAGING_ID } from "./conditions.ts";
import type { MessagingParams, MessagingResult, MessagingSummary } from "./types.ts";

/**
 * One chart of p50 round-trip latency against payload size for several messaging Results, with a
 * series per (runtime, channel): colour by channel, dash pattern by runtime. IPC costs differ a lot
 * between Node releases (the advanced serialiser changed), which this makes visible side by side.
 *
 * @throws {InputError} When a Result is not a messaging Result, or none is given.
 */
export function overlayMessaging(results: ReadonlyArray<Result>): Chart {
  if (results.length === 0) throw new InputError("results", "give at least one messaging Result to overlay");
  const rows: charts.SizeSeriesRow[] = [];
  const seen = new Map<string, number>();
  for (const r of results) {
    if (r.experiment.id !== MESSAGING_ID) throw new InputError("results", `a "${r.experiment.id}" Result cannot be overlaid on messaging Results`);
    const summary = summarizeMessaging(r as unknown as Omit<MessagingResult, "summary">);
    // Two Results of one runtime stay apart: the second is "node 20.20.2 (2)".
    const base = summary.runtime;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    rows.push(...metricRows(summary.rows, "p50Ms", count > 1 ? `${base} (${count})` : base));
  }
  const runtimes = [...new Set(rows.map((r) => r.style))];
  return charts.sizeSeries(rows, {
    id: "overlay-runtimes", title: `p50 round-trip latency by runtime: ${runtimes.join(" vs ")} (median over trials with its CI at the level its trials attain)`,
    yTitle: "p50 round trip (ms)", colors: channelColors, styleTitle: "runtime",
  });
}

/**
 * The saved messaging Results to overlay: the paths given (a notebook's `compare` parameter) and those
 * in PARLAB_COMPARE (separated by commas or semicolons), each loaded and re-analysed.
 *
 * @throws {InputError} When a file is missing, unreadable, or not a messaging Result.
 */
export function loadComparisons(paths: readonly string[] = [], env: Record<string, string | undefined> = process.env): MessagingResult[] {
  const fromEnv = (labEnv(env).compare ?? "").split(/[;,]/).map((p) => p.trim()).filter(Boolean);
  return [...paths, ...fromEnv].map((file) => {
    const r = loadResult<MessagingParams, MessagingSummary>(file);
    if (r.experiment.id !== MESSAGING_ID) throw new InputError(file, `holds a "${r.experiment.id}" Result; only messaging Results can be overlaid`);
    return { ...r, summary: summarizeMessaging(r) };
  });
}
