/**
 * The thumbnails experiment's conditions, their labels and the corpus, derived from its parameters
 * alone: what both the measuring side (what to run) and the analysing side (what ran) need.
 * Loads no driver.
 * @module
 */
import type { ThumbnailMode } from "../../drivers/thumbnails/mod.ts";
import type { CorpusParams } from "../../workloads/corpus.ts";
import type { ConditionSet, ThumbnailsCondition, ThumbnailsParams } from "./types.ts";

/** Every condition set, in the order their conditions run. */
export const CONDITION_SETS: readonly ConditionSet[] = ["baseline", "article", "matched", "scaling", "knobs"];

const DEFAULTS: Pick<ThumbnailsCondition, "concurrency" | "uv" | "cache" | "input"> = { concurrency: 0, uv: 0, cache: true, input: "path" };

/** A label that names the mode and every knob that differs from sharp's and libuv's defaults. */
export function conditionLabel(c: Omit<ThumbnailsCondition, "label">): string {
  const parts = [c.mode === "threads" || c.mode === "processes" ? `${c.mode}×${c.k}` : c.mode];
  if (c.concurrency > 0) parts.push(`c${c.concurrency}`);
  if (c.uv > 0) parts.push(`uv${c.uv}`);
  if (!c.cache) parts.push("no-cache");
  if (c.input === "buffer") parts.push("buffer");
  return parts.join(" ");
}

function condition(mode: ThumbnailMode, k: number, knobs: Partial<typeof DEFAULTS> = {}): ThumbnailsCondition {
  const c = { mode, k, ...DEFAULTS, ...knobs };
  return { label: conditionLabel(c), ...c };
}

/** The labels of the article's comparison: 2 threads vs 2 processes with sharp's defaults. */
export const ARTICLE = { threads: conditionLabel({ mode: "threads", k: 2, ...DEFAULTS }), processes: conditionLabel({ mode: "processes", k: 2, ...DEFAULTS }) };

/** The labels of the deconfounded comparison: 2 vs 2 with two libvips and two libuv threads in all on each side. */
export const MATCHED = {
  threads: conditionLabel({ mode: "threads", k: 2, ...DEFAULTS, concurrency: 1, uv: 2 }),
  processes: conditionLabel({ mode: "processes", k: 2, ...DEFAULTS, concurrency: 1, uv: 1 }),
};

/** The conditions of a run: the union of its sets, without repeats, in a stable order. */
export function thumbnailsConditions(params: Pick<ThumbnailsParams, "sets" | "workers">): ThumbnailsCondition[] {
  const ks = [...new Set(params.workers)].sort((a, b) => a - b);
  const bySet: Record<ConditionSet, () => ThumbnailsCondition[]> = {
    baseline: () => [condition("sequential", 1, { concurrency: 1 }), condition("all-at-once", 1)],
    article: () => [condition("processes", 2), condition("threads", 2)],
    // Two libvips threads and two libuv threads in all, whichever way the workers are made.
    matched: () => [condition("processes", 2, { concurrency: 1, uv: 1 }), condition("threads", 2, { concurrency: 1, uv: 2 })],
    scaling: () => ks.flatMap((k) => [condition("processes", k, { concurrency: 1, uv: 1 }), condition("threads", k, { concurrency: 1, uv: k })]),
    knobs: () => [
      condition("sequential", 1, { concurrency: 2 }),
      ...[1, 2, 8].map((uv) => condition("all-at-once", 1, { uv })),
      condition("all-at-once", 1, { concurrency: 2 }),
      ...(["processes", "threads"] as const).flatMap((mode) => [condition(mode, 2, { cache: false }), condition(mode, 2, { input: "buffer" })]),
    ],
  };
  const seen = new Map<string, ThumbnailsCondition>();
  for (const set of CONDITION_SETS) {
    if (!params.sets.includes(set)) continue;
    for (const c of bySet[set]()) if (!seen.has(c.label)) seen.set(c.label, c);
  }
  return [...seen.values()];
}

/** The corpus parameters of a run. */
export function corpusOf(params: Pick<ThumbnailsParams, "images" | "width" | "height" | "format" | "corpusSeed">): CorpusParams {
  return { count: params.images, width: params.width, height: params.height, format: params.format, seed: params.corpusSeed };
}
