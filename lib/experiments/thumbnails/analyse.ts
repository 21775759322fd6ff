/**
 * The thumbnails experiment's analysis of a saved Result: time, throughput, latency, memory and CPU
 * per condition, speedup and efficiency against the single-thread rate (Hodges–Lehmann ratios with
 * their intervals at the level they attain), and one family of comparisons decided by the lab's
 * verdict rule: threads against processes as the article ran them and with thread counts matched,
 * in time, peak RSS and peak PSS, and the best mode's rate against the efficiency goal — each checked
 * within rounds. Pure: re-analysing a Result starts no host and loads no sharp. Charts, findings and
 * claims, which read the summary, are re-exported from here so that this file is the analysing
 * side's one door.
 * @module
 */
import { analyzeBlocks, type BlockAnalysis, compareRatio, decideFamily, signedRankTest, speedup, summarize } from "../../stats/mod.ts";
import type { Comparison, Interval } from "../../types.ts";
// A name derived from the corpus parameters; sharp loads lazily there, only to draw images (the architecture test allows it).
import { corpusId } from "../../workloads/corpus.ts";
import { trialsOf, verdictRules } from "../_shared/analysis.ts";
import type { CheckedComparison } from "../_shared/decided.ts";
import { notInRounds, type RoundsCheck, roundsCheckOf, withinRounds } from "../_shared/rounds.ts";
import { ARTICLE, MATCHED, corpusOf, thumbnailsConditions } from "./conditions.ts";
import { EFFICIENCY_GOAL } from "./findings.ts";
import type { PairComparisons, ThumbnailsResult, ThumbnailsRow, ThumbnailsSummary } from "./types.ts";

export { thumbnailsCharts } from "./charts.ts";
export { thumbnailsClaims } from "./claims.ts";
export { efficiencyFinding, thumbnailsFindings } from "./findings.ts";

type Rules = ReturnType<typeof verdictRules>;

/** One comparison of the family before it is decided, with what its within-round check pairs. */
interface Planned {
  comparison: Comparison;
  a: string;
  b: string;
  metric: string;
  /** For the efficiency goal: the per-round speedup is divided by goal × cores, and tested against 1 there. */
  divideBy?: number;
}

/** The within-round check of a planned comparison, on the same scale as its pooled ratio. */
function checkOf(result: Omit<ThumbnailsResult, "summary">, p: Planned, confidence: number, pooledCi: Interval): RoundsCheck {
  if (p.divideBy === undefined) return withinRounds(result, p.a, p.b, p.metric, { confidence, pooledCi });
  const skipped = notInRounds(result, p.comparison.a, p.comparison.b, confidence);
  if (skipped) return skipped;
  const blocks = analyzeBlocks(result.trials, { a: p.a, b: p.b, metric: p.metric, level: confidence });
  const k = p.divideBy;
  // Single-thread over mode, round by round, divided by goal × cores: the goal's ratio, tested against 1.
  const scaled: BlockAnalysis = blocks.ci === null ? blocks : {
    ...blocks,
    ratio: blocks.ratio / k,
    ci: { lo: blocks.ci.lo / k, hi: blocks.ci.hi / k, level: blocks.ci.level },
    test: signedRankTest(blocks.rounds.map((r) => r.logRatio - Math.log(k))),
  };
  return roundsCheckOf(result, scaled, p.comparison.a, p.comparison.b, pooledCi);
}

/** Time, RSS and PSS of threads (a) against processes (b), undecided; null when either side lacks trials. */
function planPair(result: Omit<ThumbnailsResult, "summary">, a: string, b: string, rules: Rules): { time: Planned; memory: Planned; memoryPss: Planned | null } | null {
  const [ta, tb] = [trialsOf(result, a, "timeMs"), trialsOf(result, b, "timeMs")];
  const [ma, mb] = [trialsOf(result, a, "peakRssBytes"), trialsOf(result, b, "peakRssBytes")];
  const [pa, pb] = [trialsOf(result, a, "peakPssBytes"), trialsOf(result, b, "peakPssBytes")];
  if (ta.length === 0 || tb.length === 0 || ma.length === 0 || mb.length === 0) return null;
  const opts = { ...rules, labelA: a, labelB: b };
  return {
    time: { a, b, metric: "timeMs", comparison: compareRatio(ta, tb, { ...opts, quantity: "time" }) },
    memory: { a, b, metric: "peakRssBytes", comparison: compareRatio(ma, mb, { ...opts, quantity: "peak RSS of the whole tree" }) },
    memoryPss: pa.length > 0 && pb.length > 0 ? { a, b, metric: "peakPssBytes", comparison: compareRatio(pa, pb, { ...opts, quantity: "peak PSS of the whole tree" }) } : null,
  };
}

/** The summary of a thumbnails Result, recomputed from its trials. */
export function summarizeThumbnails(result: Omit<ThumbnailsResult, "summary">): ThumbnailsSummary {
  const { params } = result;
  const rules = verdictRules(params);
  const level = rules.confidence;
  const summary = (values: number[]) => summarize(values, { level });
  const cores = result.machine.cpu.cores;
  const conditions = thumbnailsConditions(params);
  const rows: ThumbnailsRow[] = [];
  for (const c of conditions) {
    const time = trialsOf(result, c.label, "timeMs");
    if (time.length === 0) continue;
    const of = (metric: string) => summary(trialsOf(result, c.label, metric));
    const pss = trialsOf(result, c.label, "peakPssBytes");
    const startup = trialsOf(result, c.label, "startupMs");
    const warmup = trialsOf(result, c.label, "warmupMs");
    rows.push({
      ...c,
      timeMs: summary(time),
      computeMs: of("computeMs"),
      ...(c.mode === "threads" || c.mode === "processes" ? { startupMs: summary(startup) } : {}),
      ...((params.warmupImages ?? 0) > 0 && warmup.length > 0 ? { warmupMs: summary(warmup) } : {}),
      imagesPerS: of("imagesPerS"),
      latencyP50Ms: of("latencyP50Ms"),
      latencyP99Ms: of("latencyP99Ms"),
      peakRssBytes: of("peakRssBytes"),
      peakPssBytes: pss.length === time.length ? summary(pss) : null,
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
    const s = speedup(base, trialsOf(result, r.label, "timeMs"), { confidence: level });
    r.speedup = { ratio: s.ratio, ci: s.ci, reachesTarget: s.reachesTarget };
    r.efficiency = { value: s.ratio / cores, ci: { lo: s.ci.lo / cores, hi: s.ci.hi / cores, level: s.ci.level } };
  }
  const top = rows.filter((r) => r.speedup).sort((a, b) => b.speedup!.ratio - a.speedup!.ratio)[0];

  // The family: both pairs in time, RSS and PSS, and the best mode against the efficiency goal.
  const article = planPair(result, ARTICLE.threads, ARTICLE.processes, rules);
  const matched = planPair(result, MATCHED.threads, MATCHED.processes, rules);
  // The best mode's rate over goal × cores × the single-thread rate: single-thread times over the
  // mode's times scaled by goal × cores, so that a ratio above 1 means the goal is met.
  const limit = EFFICIENCY_GOAL * cores;
  const goal: Planned | null = top && single && top.label !== single.label
    ? {
      a: single.label, b: top.label, metric: "timeMs", divideBy: limit,
      comparison: compareRatio(base, trialsOf(result, top.label, "timeMs").map((t) => t * limit), {
        ...rules, labelA: top.label, labelB: `the ${EFFICIENCY_GOAL * 100}% goal`, quantity: "image rate", lowerIsBetter: false, timeLike: false,
      }),
    }
    : null;
  const planned = [article?.time, article?.memory, article?.memoryPss, matched?.time, matched?.memory, matched?.memoryPss, goal];
  const present = planned.filter((p): p is Planned => p !== null && p !== undefined);
  const decided = decideFamily(present.map((p) => p.comparison), rules);
  const checked = new Map<Planned, CheckedComparison>(present.map((p, i) => [p, { ...decided[i]!, within: checkOf(result, p, level, decided[i]!.ratioCi) }]));
  const pair = (p: typeof article): PairComparisons | null =>
    p ? { time: checked.get(p.time)!, memory: checked.get(p.memory)!, memoryPss: p.memoryPss ? checked.get(p.memoryPss)! : null } : null;
  return {
    cores,
    corpusId: corpusId(corpusOf(params)),
    versions: (result.trials.find((t) => t.detail?.versions)?.detail?.versions as ThumbnailsSummary["versions"] | undefined) ?? { sharp: "unknown", libvips: "unknown" },
    // Absent for a Result saved before hosts warmed up, so its saved summary stays what it was.
    ...(params.warmupImages !== undefined ? { warmupImages: params.warmupImages } : {}),
    singleThread: single?.label ?? null,
    rows,
    best: top
      ? { label: top.label, speedup: top.speedup!.ratio, speedupCi: top.speedup!.ci, efficiency: top.efficiency!.value, efficiencyCi: top.efficiency!.ci, goal: goal ? checked.get(goal)! : null }
      : null,
    article: pair(article),
    matched: pair(matched),
    familySize: decided.length,
    noiseFloor: base.length > 0 ? summary(base).relativeIqr : NaN,
    imageFailures: result.trials.reduce((n, t) => n + (t.ok ? t.metrics.failedImages ?? 0 : 0), 0),
    failures: result.failures.length,
  };
}
