/**
 * The scaling experiment's findings: plain-language sentences, each figure with its interval at the
 * level it attains, and every comparison's verdict with the family it was decided in and its
 * within-round check. Pure: read off a Result's summary.
 * @module
 */
import { formatCi, formatLevel } from "../../format.ts";
import { formatPValue } from "../../stats/mod.ts";
import { failureNote, stoppingNote, trialsPerCondition, formatNumber, verdictRules } from "../_shared/analysis.ts";
import { checkedVerdict } from "../_shared/decided.ts";
import { familyLine } from "../_shared/family.ts";
import { runDisturbance } from "../_shared/rounds.ts";
import type { AmdahlRow, ScalingResult, ScalingSummary } from "./types.ts";

/** The speedup at k = cores of each kind, the figure the run reports as its scaling. */
export function speedupAtCoresSentence(s: ScalingSummary): string | null {
  if (s.atCores.length === 0) return null;
  const parts = s.atCores.map((x) => {
    const short = x.speedup.reachesTarget ? "" : ", too few trials for the level asked for";
    return `${x.label} ran ${formatNumber(x.speedup.ratio)}× as fast as the main thread (${formatCi(x.speedup.ci, 1, "×")}${short}), a parallel efficiency of ${formatNumber(x.efficiency.value * 100)}% (${formatCi(x.efficiency.ci, 100, "%")})`;
  });
  const ks = [...new Set(s.atCores.map((x) => x.workers))];
  const where = ks.length === 1 && ks[0] === s.cores
    ? `At k = ${s.cores}, the machine's cores`
    : `At the largest pool within the ${s.cores} cores that ran (k = ${ks.join(", ")})`;
  return `${where} — the point fixed before the run, not the largest of the estimates: ${parts.join("; ")}. The table gives every k.`;
}

/** What Amdahl's law says of one kind of pool, or why it cannot be fitted here. */
function amdahlSentence(a: AmdahlRow, s: ScalingSummary, alpha: number): string {
  const { fit } = a;
  const cores = s.cores;
  const excluded = fit.excludedWorkers.length > 0 ? `; k = ${fit.excludedWorkers.join(", ")} left out, as beyond the cores the law does not model oversubscription` : "";
  if (!fit.estimable) {
    const within = s.rows.filter((r) => r.kind === a.kind && r.workers <= cores).map((r) => r.workers);
    const measured = within.length > 0 ? `k = ${within.join(", ")}` : "none";
    return `Amdahl's law for ${a.kind}: the serial fraction is not estimable on this machine: it needs at least three worker counts within the cores (measured within ${cores} cores: ${measured}${excluded}).`;
  }
  const ks = fit.medians.map((m) => m.workers).join(", ");
  const set = fit.serialFractionSet;
  const level = formatLevel(set.level);
  const bound = fit.serialFractionCi
    ? `${formatCi(fit.serialFractionCi, 100, "%")}, Fieller's interval`
    : set.kind === "unbounded"
      ? `its ${level} confidence set (Fieller) is unbounded: these medians do not bound it`
      : set.kind === "exclusive"
        ? `its ${level} confidence set (Fieller) is not an interval but everything outside ${formatNumber(set.below * 100)}–${formatNumber(set.above * 100)}%: these medians do not bound it`
        : `its ${level} confidence set lies outside 0–100%: the law does not describe these times`;
  const lof = fit.lackOfFit.estimable
    ? `lack-of-fit F test ${formatPValue(fit.lackOfFit.pValue)}: ${fit.lackOfFit.pValue < alpha ? "the law does not describe these times" : "no departure from the law detected"}`
    : `the lack of fit could not be tested (${fit.lackOfFit.reason})`;
  return `Amdahl's law fitted to the median compute times of ${a.kind} over k = ${ks} (within ${cores} cores${excluded}): serial fraction ${formatNumber(fit.serialFraction * 100)}% (${bound}); ${lof}. No speedup is extrapolated beyond the counts measured.`;
}

/** The findings of a scaling Result, one sentence each. */
export function scalingFindings(result: ScalingResult): string[] {
  const s = result.summary;
  const lines: string[] = [];
  const r = result.runtime;
  const rules = verdictRules(result.params);
  const alpha = 1 - rules.confidence;
  lines.push(`Measured on ${s.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version}; ${trialsPerCondition(result)}, prime count below ${result.params.n} in ${result.params.chunks} tasks.`);
  if (Number.isFinite(s.noiseFloor)) {
    lines.push(`Noise floor: identical main-thread trials spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median); differences smaller than that are not resolved.`);
  }
  const atCores = speedupAtCoresSentence(s);
  if (atCores) lines.push(atCores);
  for (const a of s.amdahl) lines.push(amdahlSentence(a, s, alpha));
  const over = s.rows.filter((x) => x.kind !== "main" && x.workers > s.cores && x.efficiency);
  if (over.length > 0) {
    lines.push(`Beyond ${s.cores} workers the cores are oversubscribed: efficiency at ${over.map((x) => `${x.label} ${formatNumber(x.efficiency!.value * 100)}%`).join(", ")} (intervals in the table).`);
  }
  const family = [...s.comparisons, ...(s.startupComparison ? [s.startupComparison] : [])];
  if (family.length > 0) {
    lines.push(`${familyLine(family.map((c) => c.outcome), "threads against processes (compute time at each k, and start-up)", rules)} Each verdict gives the Hodges–Lehmann ratio with its distribution-free interval at the level it attains, and the exact rank-sum p adjusted within the family.`);
    const disturbance = runDisturbance(family.map((c) => c.within));
    if (disturbance) lines.push(`Each comparison is also made within rounds, as a check beside its pooled verdict. ${disturbance}`);
  }
  for (const c of s.comparisons) lines.push(checkedVerdict(c));
  const startups = s.rows.filter((x) => x.startupMs && x.workers === 1);
  if (startups.length > 0) {
    lines.push(`Start-up of one worker (median): ${startups.map((x) => `${x.kind} ${formatNumber(x.startupMs!.median)} ms (${formatCi(x.startupMs!.medianCi, 1, " ms")})`).join("; ")}; it is excluded from the compute time above.`);
  }
  if (s.startupComparison) lines.push(`Start-up: ${checkedVerdict(s.startupComparison)}`);
  return [...lines, ...stoppingNote(result), ...failureNote(s.failures)];
}
