/**
 * The faults experiment's findings in plain language: the set-up, the noise floor of each server
 * kind, the article's two claims as the run answered them, what happened when the primary died, and
 * one line per fault with its uncertainty — survival as a Wilson interval with its level and what
 * it rules out, medians with their order-statistic intervals at the level they attain. Pure: read
 * off a Result's summary.
 * @module
 */
import { formatCi, formatLevel } from "../../format.ts";
import type { Interval, Summary } from "../../types.ts";
import { failureNote, formatNumber } from "../_shared/analysis.ts";
import type { FaultRow, FaultsResult, FaultsSummary } from "./types.ts";
import { EFFECT_WAIT_MS, ORPHAN_WAIT_MS } from "./waits.ts";

/** A share in [0, 1] as a percentage: "65.0%". */
export const pct = (x: number): string => `${formatNumber(x * 100)}%`;
/** An interval of shares as percentages: "43.9%–100%". */
export const pctInterval = (i: Interval): string => `${pct(i.lo)}–${pct(i.hi)}`;
const ms = (summary: Summary | null) => (summary ? `${formatNumber(summary.median)} ms (${formatCi(summary.medianCi)}; n = ${summary.n})` : "—");

/** A Wilson interval of a rate in words: "Wilson 95% CI 43.9%–100%". */
export const wilson = (i: Interval): string => `Wilson ${formatLevel(i.level)} CI ${pctInterval(i)}`;

/**
 * What k of n says about a rate, from its Wilson interval: "3 of 3 only says the rate is above 43.9%"
 * — a handful of trials that all went one way rules out little.
 */
export function rateReading(k: number, n: number, i: Interval): string {
  if (k === n) return `${k} of ${n} only says the rate is above ${pct(i.lo)}`;
  if (k === 0) return `0 of ${n} only says the rate is below ${pct(i.hi)}`;
  return `${k} of ${n} puts the rate between ${pct(i.lo)} and ${pct(i.hi)}`;
}

/** The noise floor of each server kind, with its definition. */
export function noiseFloorLine(floors: FaultsSummary["noiseFloor"]): string | null {
  if (floors.length === 0) return null;
  const each = floors.map((f) => `${f.model} ${formatNumber(f.relativeIqr * 100)}% (${f.trials} trials, median ${formatNumber(f.medianRps)} requests/s)`);
  return `Noise floor: the pre-fault throughput of identical servers spread by ${each.join(", ")} — IQR / median of each trial's pre-fault rate (the median bucket of the second half of the window before the fault) over every trial of one server kind, before any fault could act; served shares within that spread of 100% are no loss.`;
}

/** One line per condition: survival with its interval, losses, recovery and how things ended. */
function rowFinding(r: FaultRow): string {
  return (
    `${r.label} (${r.description}): survived ${r.survived} of ${r.n} trials (${wilson(r.survival)}: ${rateReading(r.survived, r.n, r.survival)}); ` +
    `${formatNumber(r.failedRequests.median)} requests failed after the fault (median; ${formatCi(r.failedRequests.medianCi)}); ` +
    `served ${pct(r.servedShare.median)} of the pre-fault rate after it (${formatLevel(r.servedShare.medianCi.level)} CI ${pctInterval(r.servedShare.medianCi)}); ` +
    `throughput came back in ${r.recovered} of ${r.n}${r.recoveryMs ? `, after ${ms(r.recoveryMs)}` : ""}` +
    (r.replacementMs ? `; replacement serving ${ms(r.replacementMs)} after the death` : "") +
    (r.orphanExitMs ? `; its workers were gone ${ms(r.orphanExitMs)} after the primary's death, ${r.orphansLeft} left after ${ORPHAN_WAIT_MS / 1000} s` : "") +
    (r.outcomes.length > 0 ? `; outcome: ${r.outcomes.join(" | ")}` : "") +
    (r.acted < r.n ? `; nothing died within ${EFFECT_WAIT_MS / 1000} s after the window in ${r.n - r.acted} of ${r.n} trials` : "") +
    "."
  );
}

/** The article's two claims, answered from the rows that test them, as lines of the findings. */
function claimFindings(rows: FaultRow[]): string[] {
  const lines: string[] = [];
  const respawned = rows.filter((r) => r.model === "cluster" && r.label.endsWith("+respawn"));
  if (respawned.length > 0) {
    const all = respawned.every((r) => r.survived === r.n && r.replacementMs !== null && r.replacementMs.n === r.n);
    lines.push(
      `Claim "a crashed cluster worker is replaced while the others keep serving": ${all ? "held" : "did not hold in every trial"} here — ` +
        respawned.map((r) => `${r.label}: survived ${r.survived}/${r.n}, replaced in ${r.replacementMs?.n ?? 0}/${r.n}, ${pct(r.servedShare.median)} of the pre-fault rate served after the fault`).join("; ") + ".",
    );
  }
  const threads = rows.filter((r) => r.model === "threads");
  if (threads.length > 0) {
    const fatal = threads.filter((r) => r.processDied > 0);
    const survivedAll = threads.filter((r) => r.processDied === 0);
    lines.push(
      `Claim "a thread that crashes badly can take down the entire process": ` +
        (fatal.length > 0 ? `the whole process died for ${fatal.map((r) => `${r.label} (${r.processDied}/${r.n})`).join(", ")}` : "no thread fault took the process down") +
        (survivedAll.length > 0 ? `; it survived ${survivedAll.map((r) => `${r.label} (${r.survived}/${r.n})`).join(", ")}` : "") + ".",
    );
  }
  const primary = rows.find((r) => r.label === "cluster-primary-sigkill");
  if (primary?.orphanExitMs) {
    lines.push(
      `When the primary died, its workers ${primary.orphansLeft === 0 ? "did not linger" : `lingered (${primary.orphansLeft} still ran after ${ORPHAN_WAIT_MS / 1000} s)`}: ` +
        `all gone within ${formatNumber(primary.orphanExitMs.max)} ms in the slowest of ${primary.orphanExitMs.n} trials, and the server answered after it in ${primary.survived} of ${primary.n}.`,
    );
  }
  return lines;
}

/** The runtimes the servers ran on, as recorded by each trial ("node 20.20.2"), each once. */
export function serverRuntimes(result: Pick<FaultsResult, "trials">): string[] {
  return [...new Set(result.trials.map((t) => t.detail?.serverRuntime).filter((x): x is string => typeof x === "string"))];
}

/** The findings: set-up, the claims, the primary's death, then one line per fault, and failed trials. */
export function faultsFindings(result: FaultsResult): string[] {
  const s = result.summary;
  const r = result.runtime;
  const m = result.machine;
  const p = result.params;
  const servers = serverRuntimes(result);
  const serverNote = servers.length > 0 && servers.some((x) => x !== `${r.name} ${r.version}`) ? ` (the servers ran on ${servers.join(", ")})` : "";
  const lines = [
    `Measured on ${m.cpu.cores} cores (${m.cpu.model}), ${m.os.platform} ${m.os.release}, ${r.name} ${r.version}${serverNote}; ${p.workers} cluster workers or worker threads, ${p.concurrency} keep-alive clients, ` +
      `handler cost ${p.handlerCostMs} ms, heap limit ${p.heapMb} MiB; fault ${p.preFaultMs} ms into the load, ${p.postFaultMs} ms measured after it; ${p.trials} trials per fault.`,
  ];
  const floor = noiseFloorLine(s.noiseFloor);
  if (floor) lines.push(floor);
  for (const u of s.unavailable) lines.push(`${u.label} was not measured: ${u.reason}.`);
  if (s.rows.length > 0) {
    lines.push("No two faults are compared with each other, so no p-value is computed and none needs adjusting for a family; each fault's survival is a Wilson interval of its own rate, its medians order-statistic intervals at the level its trials attain.");
  }
  lines.push(...claimFindings(s.rows));
  for (const row of s.rows) lines.push(rowFinding(row));
  return [...lines, ...failureNote(s.failures)];
}
