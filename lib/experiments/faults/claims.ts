/**
 * The article's two claims about crashes, each with the verdict a faults Result supports: a crashed
 * cluster worker is replaced while the others keep serving, and a thread that crashes badly can take
 * down its whole process. They are claims about what a fault does, read off the survival and death
 * counts (no two faults are compared, so no p-value is involved); a fault run fewer than
 * {@link MIN_FAULT_TRIALS} times leaves its claim undecided. Every count comes with its Wilson
 * interval at the Result's confidence level and what that rules out: 3 of 3 only says the rate is
 * above 43.9%. Pure.
 * @module
 */
import { wilsonInterval } from "../../stats/mod.ts";
import type { Claim } from "../../types.ts";
import { verdictRules } from "../_shared/analysis.ts";
import { pct, rateReading, wilson } from "./findings.ts";
import { FAULTS_PROFILE_TRIALS } from "./params.ts";
import { FAULT_CONDITIONS } from "./table.ts";
import type { FaultRow, FaultsResult } from "./types.ts";
import { orList } from "../_shared/claims.ts";

/**
 * Fewest trials of a fault from which its outcome counts as a rule rather than a fluke. A fault's
 * outcome is close to all-or-nothing (every trial of it dies the same way), so three trials — the
 * quick profile's — show whether it repeats; with fewer a single odd trial would decide.
 */
export const MIN_FAULT_TRIALS = 3;

/** The sentence that says too few trials were run, or null when every row has enough. */
function tooFew(rows: readonly FaultRow[]): string | null {
  const short = rows.filter((r) => r.n < MIN_FAULT_TRIALS);
  if (short.length === 0) return null;
  return `Too few trials to tell a rule from a fluke: ${short.map((r) => `${r.label} ran ${r.n}`).join(", ")}; ${MIN_FAULT_TRIALS} or more per fault decide; the quick profile runs ${FAULTS_PROFILE_TRIALS.quick}, the full one ${FAULTS_PROFILE_TRIALS.full}.`;
}

/** "If one worker crashes, others continue serving requests", and the primary replaces it. */
function workerReplaced(rows: readonly FaultRow[]): Claim {
  const base = {
    id: "crashed-worker-replaced",
    claim: "If one worker crashes, others continue serving requests. The primary process can even spawn a new worker to replace it.",
    chart: "survival",
  };
  const respawned = rows.filter((r) => r.model === "cluster" && r.label.endsWith("+respawn"));
  if (respawned.length === 0) {
    const choices = FAULT_CONDITIONS.filter((c) => c.model === "cluster" && c.label.endsWith("+respawn")).map((c) => c.label);
    return { ...base, verdict: "undecided", evidence: `No cluster fault with respawn was measured in this run; choose ${orList(choices)}.` };
  }
  const replaced = (r: FaultRow) => r.replacementMs?.n ?? 0;
  const evidence =
    respawned.map((r) => `${r.label}: survived ${r.survived}/${r.n} (${wilson(r.survival)}: ${rateReading(r.survived, r.n, r.survival)}), replaced in ${replaced(r)}/${r.n}, ${pct(r.servedShare.median)} of the pre-fault rate served after the fault`).join("; ") + ".";
  const few = tooFew(respawned);
  if (few) return { ...base, verdict: "undecided", evidence: `${few} ${evidence}` };
  const held = respawned.filter((r) => r.survived === r.n && replaced(r) === r.n);
  if (held.length === respawned.length) return { ...base, verdict: "holds", evidence };
  if (held.length === 0) return { ...base, verdict: "does-not-hold", evidence };
  return { ...base, verdict: "holds-only-when", when: `the fault is ${orList(held.map((r) => r.label))}`, evidence };
}

/** "If one thread crashes badly, it can take down the entire process." */
function threadTakesProcess(result: FaultsResult): Claim {
  const base = { id: "thread-crash-takes-process", claim: "If one thread crashes badly, it can take down the entire process.", chart: "survival" };
  const threadRows = result.summary.rows.filter((r) => r.model === "threads");
  if (threadRows.length === 0) return { ...base, verdict: "undecided", evidence: "No thread fault was measured in this run." };
  const fatal = threadRows.filter((r) => r.processDied > 0);
  const { confidence } = verdictRules(result.params);
  // The rate at which the fault took the process down, with what its count rules out.
  const death = (r: FaultRow) => {
    const i = wilsonInterval(r.processDied, r.n, confidence);
    return `${wilson(i)}: ${rateReading(r.processDied, r.n, i).replace("the rate", "the death rate")}`;
  };
  const serverRuntime = String(result.trials.find((t) => t.detail?.serverRuntime)?.detail?.serverRuntime ?? `${result.runtime.name} ${result.runtime.version}`);
  const evidence = [
    fatal.length > 0
      ? `The whole process died for: ${fatal.map((r) => `**${r.label}** (${r.processDied}/${r.n} trials, ${death(r)}; ${r.outcomes.join(" | ")})`).join(", ")}.`
      : `No thread fault took the process down in this run (${threadRows.length} thread faults measured).`,
    `The process survived: ${threadRows.filter((r) => r.processDied === 0).map((r) => `${r.label} (${r.survived}/${r.n}; ${death(r)})`).join(", ") || "—"}.`,
    `These servers ran on ${serverRuntime}; ` +
      `how V8 handles a thread's heap limit and what a thread may call differ between versions, so the answer holds for that runtime.`,
  ].join("\n\n");
  const few = tooFew(threadRows);
  if (few) return { ...base, verdict: "undecided", evidence: `${few}\n\n${evidence}` };
  if (fatal.length === 0) return { ...base, verdict: "does-not-hold", evidence };
  if (fatal.length === threadRows.length) return { ...base, verdict: "holds", evidence };
  return { ...base, verdict: "holds-only-when", when: `the fault is ${orList(fatal.map((r) => r.label))}`, evidence };
}

/** The article's claims about crashes, each with the verdict this Result supports and its evidence. */
export function faultsClaims(result: FaultsResult): Claim[] {
  return [workerReplaced(result.summary.rows), threadTakesProcess(result)];
}
