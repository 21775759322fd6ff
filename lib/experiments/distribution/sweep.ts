/**
 * The distribution experiment's sweep of offered load, analysed: how far each open loop's generator
 * fell behind its schedule, round-robin's capacity as the run measured it, and the comparisons that
 * answer "does socket sharing's imbalance grow with load" — each policy against round-robin at each
 * level, and each policy's top-2 share at its highest level against its lowest. The comparisons are
 * returned undecided, for the experiment's one family. Pure.
 * @module
 */
import { compareRatio, summarize } from "../../stats/mod.ts";
import type { Comparison } from "../../types.ts";
import { trialsOf, verdictRules } from "../_shared/analysis.ts";
import type { CheckedComparison } from "../_shared/decided.ts";
import { withinRounds } from "../_shared/rounds.ts";
import { conditionLabel } from "./conditions.ts";
import { type Behind, FELL_BEHIND_SHARE, type DistributionResult, type DistributionRow, type DistributionSummary } from "./types.ts";

type Trials = Pick<DistributionResult, "trials">;

/** The schedule's account of one open-loop condition, summed over its successful trials. */
export function behindOf(result: Trials, label: string): Behind {
  const sum = (metric: string) => trialsOf(result, label, metric).reduce((a, b) => a + b, 0);
  const scheduled = sum("scheduled");
  const late = sum("late");
  const dropped = sum("dropped");
  const share = scheduled > 0 ? (late + dropped) / scheduled : 0;
  return { scheduled, late, waitedForSlot: sum("waitedForSlot"), dropped, share, fellBehind: share > FELL_BEHIND_SHARE };
}

/** Round-robin's capacity by keep-alive, from the calibration rates every open-loop trial carries. */
function capacityOf(result: Trials, level: number): NonNullable<DistributionSummary["sweep"]>["capacity"] {
  const byShape = new Map<boolean, number[]>();
  for (const t of result.trials) {
    const samples = t.detail?.capacitySamplesRps;
    if (!Array.isArray(samples) || typeof t.detail?.keepAlive !== "boolean" || byShape.has(t.detail.keepAlive)) continue;
    byShape.set(t.detail.keepAlive, samples as number[]);
  }
  return [...byShape].sort(([a], [b]) => Number(a) - Number(b)).map(([keepAlive, xs]) => ({ keepAlive, rps: summarize(xs, { level }) }));
}

type Pending = { kind: "vs-rr"; row: DistributionRow; rr: string } | { kind: "growth"; low: DistributionRow; high: DistributionRow };

/**
 * The sweep's comparisons, undecided (`comparisons`), and `assemble`, which takes them back decided
 * in the experiment's family and adds each one's within-round check.
 */
export function sweepComparisons(result: Omit<DistributionResult, "summary">, rows: readonly DistributionRow[]): {
  comparisons: Comparison[];
  assemble(decided: readonly Comparison[]): NonNullable<DistributionSummary["sweep"]>;
} {
  const rules = verdictRules(result.params);
  const open = rows.filter((r) => r.loadPercent !== undefined);
  const usable = open.filter((r) => !r.behind!.fellBehind);
  const pending: Pending[] = [];
  for (const row of usable) {
    if (row.policy === "rr") continue;
    const rr = conditionLabel("rr", row.concurrency, row.keepAlive, row.loadPercent);
    if (usable.some((r) => r.label === rr)) pending.push({ kind: "vs-rr", row, rr });
  }
  for (const policy of new Set(usable.map((r) => r.policy))) {
    if (policy === "rr") continue;
    for (const keepAlive of [false, true]) {
      const levels = usable.filter((r) => r.policy === policy && r.keepAlive === keepAlive).sort((a, b) => a.loadPercent! - b.loadPercent!);
      if (levels.length >= 2) pending.push({ kind: "growth", low: levels[0]!, high: levels[levels.length - 1]! });
    }
  }
  const top2 = (a: string, b: string) =>
    compareRatio(trialsOf(result, a, "top2Share"), trialsOf(result, b, "top2Share"), { ...rules, labelA: a, labelB: b, quantity: "top-2 share", lowerIsBetter: true });
  const comparisons = pending.map((p) => (p.kind === "vs-rr" ? top2(p.row.label, p.rr) : top2(p.high.label, p.low.label)));
  return {
    comparisons,
    assemble(decided) {
      const sweep: NonNullable<DistributionSummary["sweep"]> = { capacity: capacityOf(result, rules.confidence), vsRoundRobin: [], growth: [], fellBehind: open.filter((r) => r.behind!.fellBehind).map((r) => r.label) };
      pending.forEach((p, i) => {
        const c = decided[i]!;
        const [a, b] = p.kind === "vs-rr" ? [p.row.label, p.rr] : [p.high.label, p.low.label];
        const checked: CheckedComparison = { ...c, within: withinRounds(result, a, b, "top2Share", { confidence: rules.confidence, pooledCi: c.ratioCi }) };
        if (p.kind === "vs-rr") sweep.vsRoundRobin.push({ policy: p.row.policy, keepAlive: p.row.keepAlive, loadPercent: p.row.loadPercent!, top2: checked });
        else sweep.growth.push({ policy: p.high.policy, keepAlive: p.high.keepAlive, low: p.low.loadPercent!, high: p.high.loadPercent!, top2: checked });
      });
      return sweep;
    },
  };
}
