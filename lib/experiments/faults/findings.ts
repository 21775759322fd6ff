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
import { failureNote, stoppingNote, formatNumber } from "../_shared/analysis.ts";
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
export function noiseFloorLine(floors: FaultsSummary["noiseFloor"], warmupMs = 0): string | null {
  if (floors.length === 0) return null;
  const each = floors.map((f) => `${f.model} ${formatNumber(f.relativeIqr * 100)}% (${f.trials} trials, median ${formatNumber(f.medianRps)} requests/s)`);
  const window = warmupMs > 0 ? `the median bucket of the window between the ${warmupMs} ms warm-up and the fault` : "the median bucket of the second half of the window before the fault";
  const kind = warmupMs > 0 ? "one server kind under keep-alive load" : "one server kind";
  return `Noise floor: the pre-fault throughput of identical servers spread by ${each.join(", ")} — IQR / median of each trial's pre-fault rate (${window}) over every trial of ${kind}, before any fault could act; served shares within that spread of 100% are no loss.`;
}

/** What the replacement served after the fault, from the server's per-worker counters: "" without them. */
function trafficClause(r: FaultRow): string {
  const t = r.replacementTraffic;
  if (!t) return "";
  return `; the replacement served requests after the fault in ${t.served} of ${t.trials} trials (${wilson(t.servedRate)}), ` +
    `${pct(t.share.median)} of the requests served after it (median; ${formatLevel(t.share.medianCi.level)} CI ${pctInterval(t.share.medianCi)}) over ${formatNumber(t.connections.median)} connection(s) (median), up ${formatNumber(t.upMs.median)} ms before the load ended (median)` +
    (t.notUp > 0 ? `; in ${t.notUp} more trial(s) it came up too late to take traffic` : "");
}

/** An even share of the requests for one of `workers` workers. */
const evenShare = (workers: number) => 1 / workers;

/**
 * What the data say of the open hypothesis that, after a respawn, keep-alive clients reconnect to the
 * survivors and leave the replacement idle: the replacement's traffic under each load, and the served
 * share under new-connection load against keep-alive, with the verdict rule's reading. Null when the
 * run has no replacement's counts under keep-alive load.
 */
export function hypothesisFinding(s: FaultsSummary, workers: number): string | null {
  const ka = s.rows.find((r) => r.load === "keep-alive" && r.replacementTraffic && r.label === (s.loadModes?.keepAlive ?? r.label));
  if (!ka?.replacementTraffic) return null;
  const nc = s.loadModes ? s.rows.find((r) => r.label === s.loadModes!.newConnection) : undefined;
  const even = evenShare(workers);
  const traffic = (r: FaultRow) => {
    const t = r.replacementTraffic!;
    return `${r.label}: the replacement, up ${formatNumber(t.upMs.median)} ms before the load ended (median), served in ${t.served} of ${t.trials} trials (${wilson(t.servedRate)}), ${pct(t.share.median)} of the requests after the fault (median, ${formatLevel(t.share.medianCi.level)} CI ${pctInterval(t.share.medianCi)}; an even share would be ${pct(even)})`;
  };
  const parts = [traffic(ka)];
  if (nc?.replacementTraffic) parts.push(traffic(nc));
  let reading: string;
  const kaShare = ka.replacementTraffic.share.medianCi;
  if (kaShare.hi < even / 2) {
    reading = `under keep-alive load the replacement took less than half an even share (the whole interval is below ${pct(even / 2)}): the survivors kept the clients, as the hypothesis says`;
    if (nc?.replacementTraffic) {
      reading += nc.replacementTraffic.share.medianCi.lo >= even / 2
        ? `; with a new connection per request the replacement took at least half an even share, so it is the kept connections, not the replacement, that hold it back`
        : `; with a new connection per request the interval of its share (${pctInterval(nc.replacementTraffic.share.medianCi)}) reaches below half an even share, so this run cannot say whether a new connection per request lets it take its share`;
    }
  } else if (kaShare.lo >= even / 2) {
    reading = `under keep-alive load the replacement took at least half an even share (the whole interval is at or above ${pct(even / 2)}): the clients did not all stay with the survivors, so the hypothesis does not explain the lost throughput`;
  } else {
    reading = `the interval of the replacement's share under keep-alive load straddles half an even share (${pct(even / 2)}), so these trials do not settle the hypothesis`;
  }
  const compared = s.loadModes ? ` Served share of the pre-fault rate after the fault: ${s.loadModes.servedShare.verdict}` : "";
  return `Hypothesis "after a respawn, keep-alive clients reconnect to the survivors and leave the replacement idle" (per-worker counts from the cluster's own counters, read just before the fault and at the end of the load): ${parts.join("; ")}. Reading: ${reading}.${compared}`;
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
    trafficClause(r) +
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
      `handler cost ${p.handlerCostMs} ms, heap limit ${p.heapMb} MiB; ` +
      ((p.warmupMs ?? 0) > 0
        ? `an unmeasured warm-up of ${p.warmupMs} ms, then a ${p.preFaultMs} ms baseline window, the fault, and ${p.postFaultMs} ms measured after it; ${p.trials} trials per fault.`
        : `fault ${p.preFaultMs} ms into the load, ${p.postFaultMs} ms measured after it; ${p.trials} trials per fault.`),
  ];
  const floor = noiseFloorLine(s.noiseFloor, p.warmupMs ?? 0);
  if (floor) lines.push(floor);
  for (const u of s.unavailable) lines.push(`${u.label} was not measured: ${u.reason}.`);
  if (s.rows.length > 0) {
    lines.push(s.loadModes
      ? `Apart from ${s.loadModes.newConnection} against ${s.loadModes.keepAlive} (the same fault under two loads, decided alone by the verdict rule), no two faults are compared with each other, so no other p-value is computed and none needs adjusting for a family; each fault's survival is a Wilson interval of its own rate, its medians order-statistic intervals at the level its trials attain.`
      : "No two faults are compared with each other, so no p-value is computed and none needs adjusting for a family; each fault's survival is a Wilson interval of its own rate, its medians order-statistic intervals at the level its trials attain.");
  }
  lines.push(...claimFindings(s.rows));
  const hypothesis = hypothesisFinding(s, p.workers);
  if (hypothesis) lines.push(hypothesis);
  for (const row of s.rows) lines.push(rowFinding(row));
  return [...lines, ...stoppingNote(result), ...failureNote(s.failures)];
}
