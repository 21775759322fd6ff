/**
 * The thumbnails experiment's analysis of a saved Result: time, throughput, latency, memory and CPU
 * per condition, speedup and efficiency against the single-thread rate, and threads against
 * processes as the article ran them and with thread counts matched. Pure: re-analysing a Result
 * starts no host and loads no sharp. Charts, findings and claims, which read the summary, are
 * re-exported from here so that this file is the analysing side's one door.
 * @module
 */
import { compareRatio, speedup, summarize } from "../../stats/mod.ts";
// A name derived from the corpus parameters; sharp loads lazily there, only to draw images (the architecture test allows it).
import { corpusId } from "../../workloads/corpus.ts";
import { trialsOf } from "../_shared/analysis.ts";
import { ARTICLE, MATCHED, corpusOf, thumbnailsConditions } from "./conditions.ts";
import type { PairComparisons, ThumbnailsResult, ThumbnailsRow, ThumbnailsSummary } from "./types.ts";

export { thumbnailsCharts } from "./charts.ts";
export { thumbnailsClaims } from "./claims.ts";
export { efficiencyFinding, thumbnailsFindings } from "./findings.ts";

const summary = (values: number[], seed: number) => summarize(values);

function compareBoth(result: Omit<ThumbnailsResult, "summary">, a: string, b: string): PairComparisons | null {
  const seed = result.params.seed;
  const [ta, tb] = [trialsOf(result, a, "timeMs"), trialsOf(result, b, "timeMs")];
  const [ma, mb] = [trialsOf(result, a, "peakRssBytes"), trialsOf(result, b, "peakRssBytes")];
  const [pa, pb] = [trialsOf(result, a, "peakPssBytes"), trialsOf(result, b, "peakPssBytes")];
  if (ta.length === 0 || tb.length === 0 || ma.length === 0 || mb.length === 0) return null;
  return {
    time: compareRatio(ta, tb, { labelA: a, labelB: b, seed, quantity: "time" }),
    memory: compareRatio(ma, mb, { labelA: a, labelB: b, seed, quantity: "peak RSS of the whole tree" }),
    memoryPss: pa.length > 0 && pb.length > 0 ? compareRatio(pa, pb, { labelA: a, labelB: b, seed, quantity: "peak PSS of the whole tree" }) : null,
  };
}

/** The summary of a thumbnails Result, recomputed from its trials. */
export function summarizeThumbnails(result: Omit<ThumbnailsResult, "summary">): ThumbnailsSummary {
  const { params } = result;
  const seed = params.seed;
  const cores = result.machine.cpu.cores;
  const conditions = thumbnailsConditions(params);
  const rows: ThumbnailsRow[] = [];
  for (const c of conditions) {
    const time = trialsOf(result, c.label, "timeMs");
    if (time.length === 0) continue;
    const of = (metric: string) => summary(trialsOf(result, c.label, metric), seed);
    const pss = trialsOf(result, c.label, "peakPssBytes");
    const startup = trialsOf(result, c.label, "startupMs");
    rows.push({
      ...c,
      timeMs: summary(time, seed),
      computeMs: of("computeMs"),
      ...(c.mode === "threads" || c.mode === "processes" ? { startupMs: summary(startup, seed) } : {}),
      imagesPerS: of("imagesPerS"),
      latencyP50Ms: of("latencyP50Ms"),
      latencyP99Ms: of("latencyP99Ms"),
      peakRssBytes: of("peakRssBytes"),
      peakPssBytes: pss.length === time.length ? summary(pss, seed) : null,
      cpuCores: of("cpuCores"),
      effectiveConcurrency: of("concurrency").median,
    });
  }
  const single = rows
    .filter((r) => r.mode === "sequential" && r.effectiveConcurrency === 1)
    .sort((a, b) => a.timeMs.median - b.timeMs.median)[0];
  const base = single ? trialsOf(result, single.label, "timeMs") : [];
  for (const r of rows) {
    if (base.length === 0) break;
    const s = speedup(base, trialsOf(result, r.label, "timeMs"));
    r.speedup = { ratio: s.ratio, ci: s.ci };
    r.efficiency = { value: s.ratio / cores, ci: { lo: s.ci.lo / cores, hi: s.ci.hi / cores, level: s.ci.level } };
  }
  const top = rows.filter((r) => r.speedup).sort((a, b) => b.speedup!.ratio - a.speedup!.ratio)[0];
  return {
    cores,
    corpusId: corpusId(corpusOf(params)),
    versions: (result.trials.find((t) => t.detail?.versions)?.detail?.versions as ThumbnailsSummary["versions"] | undefined) ?? { sharp: "unknown", libvips: "unknown" },
    singleThread: single?.label ?? null,
    rows,
    best: top ? { label: top.label, speedup: top.speedup!.ratio, speedupCi: top.speedup!.ci, efficiency: top.efficiency!.value, efficiencyCi: top.efficiency!.ci } : null,
    article: compareBoth(result, ARTICLE.threads, ARTICLE.processes),
    matched: compareBoth(result, MATCHED.threads, MATCHED.processes),
    noiseFloor: base.length > 0 ? summary(base, seed).relativeIqr : NaN,
    imageFailures: result.trials.reduce((n, t) => n + (t.ok ? t.metrics.failedImages ?? 0 : 0), 0),
    failures: result.failures.length,
  };
}
