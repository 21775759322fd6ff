/**
 * The footprint experiment's findings in plain language: the set-up, the noise floor, the marginal
 * memory of each kind per graph, processes against threads, and start-up. Pure: read off a
 * Result's summary.
 * @module
 */
import { failureNote, formatInterval, formatNumber } from "../_shared/analysis.ts";
import type { FootprintResult } from "./types.ts";
import { mib, mibInterval } from "./units.ts";

/** The findings: set-up, noise floor, slopes per graph, the comparisons, start-up beyond the cores, and failed trials. */
export function footprintFindings(result: FootprintResult): string[] {
  const s = result.summary;
  const p = result.params;
  const r = result.runtime;
  const lines: string[] = [];
  const hosts = s.hostRuntimes.length > 0 ? s.hostRuntimes.join(", ") : "no host (no trial succeeded)";
  lines.push(
    `Measured on ${s.cores} cores (${result.machine.cpu.model}), ${r.name} ${r.version} running the experiment; hosts and their workers ran on ${hosts}. ` +
      `${p.trials} trials per condition, n = ${[...new Set(p.workers)].sort((a, b) => a - b).join(", ")} workers, module graphs ${p.graphs.join(", ")}; ` +
      `memory read ${s.collected ? "after a full garbage collection in the host and every worker" : "without forcing garbage collection"}, ${p.settleMs} ms after the last worker was ready.`,
  );
  if (Number.isFinite(s.noiseFloor)) lines.push(`Noise floor: the bare hosts' RSS spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median) over identical starts.`);
  if (!s.pssAvailable) lines.push("PSS was not read (no /proc/<pid>/smaps_rollup here), so shared pages are counted once per process in every figure.");
  for (const graph of p.graphs) {
    for (const memory of ["pss", "rss"] as const) {
      const fits = s.slopes.filter((l) => l.graph === graph && l.memory === memory);
      if (fits.length === 0) continue;
      lines.push(
        `${graph} graph, ${memory.toUpperCase()} per extra worker (slope, 95% CI): ` +
          fits.map((l) => `${l.kind} ${formatNumber(mib(l.slopeBytes))} MiB (${mibInterval(l.slopeCi)} MiB; R² ${formatNumber(l.r2)})`).join("; ") + ".",
      );
    }
  }
  for (const c of s.slopeComparisons) lines.push(c.verdict);
  for (const c of s.startupComparisons) lines.push(`Start-up: ${c.verdict}`);
  const over = s.rows.filter((x) => x.workers > s.cores);
  if (over.length > 0) {
    const worst = [...over].sort((a, b) => b.workerStartupMs.median - a.workerStartupMs.median)[0]!;
    lines.push(`Beyond ${s.cores} workers they start on shared cores: the slowest, ${worst.label}, took a median ${formatNumber(worst.workerStartupMs.median)} ms per worker (95% CI ${formatInterval(worst.workerStartupMs.medianCi)} ms).`);
  }
  return [...lines, ...failureNote(s.failures)];
}
