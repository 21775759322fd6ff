/**
 * The footprint experiment's findings in plain language: the set-up, the noise floor, the marginal
 * memory of each kind per graph with its per-step slopes and lack-of-fit test, the family every
 * comparison was decided in, processes against threads (memory, then start-up) each with its
 * within-round check, and start-up beyond the cores. Pure: read off a Result's summary.
 * @module
 */
import { formatCi, formatLevel } from "../../format.ts";
import { formatPValue } from "../../stats/mod.ts";
import { failureNote, stoppingNote, trialsPerCondition, formatNumber } from "../_shared/analysis.ts";
import { familyLine } from "../_shared/family.ts";
import { runDisturbance } from "../_shared/rounds.ts";
import type { FootprintResult, SlopeRow } from "./types.ts";
import { mib, mibInterval } from "./units.ts";

/** Below this p a lack-of-fit test is read as "the line misses the means": the lab's α. */
const LACK_OF_FIT_ALPHA = 0.05;

/** "per step 1→2 11.7, 2→4 10.2, 4→8 9.30 MiB": the slope between consecutive n, from the medians. */
export function stepsPhrase(l: Pick<SlopeRow, "steps">): string {
  return `per step ${l.steps.map((s) => `${s.fromX}→${s.toX} ${formatNumber(mib(s.slope))}`).join(", ")} MiB`;
}

/** The lack-of-fit test in words, unadjusted: it checks the line, it compares nothing. */
export function lackOfFitPhrase(l: Pick<SlopeRow, "lackOfFit">): string {
  const f = l.lackOfFit;
  if (!f.estimable) return `no lack-of-fit test (${f.reason})`;
  const test = `lack of fit F(${f.df1}, ${f.df2}) = ${formatNumber(f.f)}, ${formatPValue(f.pValue)}, not adjusted`;
  return f.pValue < LACK_OF_FIT_ALPHA ? `${test}: the means bend away from a line by more than the trials scatter, so the cost of one more worker depends on n` : test;
}

/** One kind's slope: "processes 9.80 MiB (95% CI 9.70–9.90 MiB; per step …; lack of fit …)". */
export function slopePhrase(l: SlopeRow): string {
  return `${l.kind} ${formatNumber(mib(l.slopeBytes))} MiB (${formatLevel(l.slopeCi.level)} CI ${mibInterval(l.slopeCi)} MiB; ${stepsPhrase(l)}; ${lackOfFitPhrase(l)})`;
}

/** The findings: set-up, noise floor, slopes per graph, the comparisons, start-up beyond the cores, and failed trials. */
export function footprintFindings(result: FootprintResult): string[] {
  const s = result.summary;
  const p = result.params;
  const r = result.runtime;
  const lines: string[] = [];
  const hosts = s.hostRuntimes.length > 0 ? s.hostRuntimes.join(", ") : "no host (no trial succeeded)";
  lines.push(
    `Measured on ${s.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version} running the experiment; hosts and their workers ran on ${hosts}. ` +
      `${trialsPerCondition(result)}, n = ${[...new Set(p.workers)].sort((a, b) => a - b).join(", ")} workers, module graphs ${p.graphs.join(", ")}; ` +
      `memory read ${s.collected ? "after a full garbage collection in the host and every worker" : "without forcing garbage collection"}, ${p.settleMs} ms after the last worker was ready.`,
  );
  if (Number.isFinite(s.noiseFloor)) lines.push(`Noise floor: the bare hosts' RSS spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median over every trial's bare host, identical starts).`);
  if (!s.pssAvailable) lines.push("PSS was not read (no /proc/<pid>/smaps_rollup here), so shared pages are counted once per process in every figure.");
  for (const graph of p.graphs) {
    for (const memory of ["pss", "rss"] as const) {
      const fits = s.slopes.filter((l) => l.graph === graph && l.memory === memory);
      if (fits.length === 0) continue;
      lines.push(`${graph} graph, ${memory.toUpperCase()} per extra worker (least-squares slope, t interval from the replicates' variances at each n): ${fits.map(slopePhrase).join("; ")}.`);
    }
  }
  const outcomes = [...s.slopeComparisons.map((c) => c.outcome), ...s.startupComparisons.map((c) => c.outcome)];
  if (outcomes.length > 0) {
    lines.push(
      `${familyLine(outcomes, "processes against threads (memory per extra worker and start-up)", s.family.rules)} ` +
        "Slopes are compared by Fieller's interval of their ratio and a Welch t test of their difference; start-up by the exact rank-sum test and the Hodges–Lehmann ratio with its interval at the level it attains.",
    );
    const checks = [...s.slopeComparisons.map((c) => c.within), ...s.startupWithin];
    const disturbance = runDisturbance(checks);
    if (disturbance) lines.push(`Each comparison is also made within rounds (memory: the ratio of each round's two slopes), as a check beside the pooled verdict. ${disturbance}`);
  }
  const within = (sentence: string) => ` ${sentence.replace(/^within/, "Within")}.`;
  for (const c of s.slopeComparisons) lines.push(`Memory: ${c.verdict}${within(c.within.sentence)}`);
  s.startupComparisons.forEach((c, i) => lines.push(`Start-up: ${c.verdict}${s.startupWithin[i] ? within(s.startupWithin[i]!.sentence) : ""}`));
  const over = s.rows.filter((x) => x.workers > s.cores);
  if (over.length > 0) {
    const worst = [...over].sort((a, b) => b.workerStartupMs.median - a.workerStartupMs.median)[0]!;
    lines.push(`Beyond ${s.cores} workers they start on shared cores: the slowest, ${worst.label}, took a median ${formatNumber(worst.workerStartupMs.median)} ms per worker (${formatCi(worst.workerStartupMs.medianCi, 1, " ms")}).`);
  }
  return [...lines, ...stoppingNote(result), ...failureNote(s.failures)];
}
