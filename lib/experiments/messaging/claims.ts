/**
 * The article's claims about talking to workers, each with the verdict a messaging Result supports:
 * a thread is faster to talk to than a process, and shared memory makes it faster still. A claim
 * holds where the ratio's 95% CI lies wholly on its side, size by size and payload kind by kind;
 * where it does so only for some payloads, the verdict names them. Fewer than the usual minimum of
 * trials per condition leaves a claim undecided. Pure.
 * @module
 */
import { MIN_TRIALS_FOR_VERDICT } from "../../stats/mod.ts";
import type { Claim, ClaimVerdict } from "../../types.ts";
import type { PayloadKind } from "../../workloads/payloads.ts";
import { formatInterval, formatNumber } from "../_shared/analysis.ts";
import { formatBytes } from "./conditions.ts";
import { MESSAGING_PROFILE_TRIALS } from "./params.ts";
import type { MessagingResult, PairComparison, SizePoint } from "./types.ts";
import { orList } from "../_shared/claims.ts";

/** The smallest and the largest payload a pair was compared at (one point when there is one size). */
const ends = (pair: PairComparison): SizePoint[] => [pair.points[0]!, pair.points[pair.points.length - 1]!].filter((p, i, all) => all.indexOf(p) === i);

/** One list line of a pair at its smallest and largest payload: "- buffer, thread-clone vs ipc-json: at 64 B **2.84× as fast** (…)". */
function pairLine(pair: PairComparison): string {
  const say = ends(pair).map((p) => {
    const c = p.comparison;
    const speed = p.side === "a" ? `**${formatNumber(1 / c.ratio)}× as fast**` : p.side === "b" ? `**slower** (${formatNumber(c.ratio)}× the time)` : "no difference detected";
    return `at ${formatBytes(p.sizeBytes)} ${speed} (ratio ${formatNumber(c.ratio)}×, 95% CI ${formatInterval(c.ratioCi)}×, n = ${c.nA} vs ${c.nB})`;
  });
  return `- ${pair.kind}, ${pair.a} vs ${pair.b}: ${say.join("; ")}.`;
}

/** "a buffer", "an object of at most 512 B", "a string of at least 2 MiB", "a buffer of 64 B or 4 KiB". */
function payloadPhrase(kind: PayloadKind, sizes: readonly number[], all: readonly number[]): string {
  const what = `${kind === "object" ? "an" : "a"} ${kind}`;
  if (sizes.length === all.length) return what;
  if (sizes.every((s, i) => s === all[i])) return `${what} of at most ${formatBytes(sizes[sizes.length - 1]!)}`;
  if (sizes.every((s, i) => s === all[all.length - sizes.length + i])) return `${what} of at least ${formatBytes(sizes[0]!)}`;
  return `${what} of ${orList(sizes.map(formatBytes))}`;
}

/**
 * The verdict of "the first channel of these pairs is faster": at each kind and size, it is faster
 * when every pair compared there puts its whole interval below 1.
 */
function verdictOf(pairs: readonly PairComparison[]): { verdict: ClaimVerdict; when?: string; minTrials: number } {
  const minTrials = Math.min(...pairs.flatMap((p) => p.points.map((x) => Math.min(x.comparison.nA, x.comparison.nB))));
  if (minTrials < MIN_TRIALS_FOR_VERDICT) return { verdict: "undecided", minTrials };
  const phrases: string[] = [];
  let fasterAll = true;
  for (const kind of [...new Set(pairs.map((p) => p.kind))]) {
    const ofKind = pairs.filter((p) => p.kind === kind);
    const all = [...new Set(ofKind.flatMap((p) => p.points.map((x) => x.sizeBytes)))].sort((a, b) => a - b);
    const faster = all.filter((size) => ofKind.every((p) => p.points.every((x) => x.sizeBytes !== size || x.side === "a")));
    if (faster.length < all.length) fasterAll = false;
    if (faster.length > 0) phrases.push(payloadPhrase(kind, faster, all));
  }
  if (fasterAll) return { verdict: "holds", minTrials };
  if (phrases.length === 0) return { verdict: "does-not-hold", minTrials };
  return { verdict: "holds-only-when", when: `the payload is ${orList(phrases)}`, minTrials };
}

/** The pairs of these ids, in the order of the run's payload kinds, then of `ids`. */
function pairsOf(result: MessagingResult, ids: readonly string[]): PairComparison[] {
  return result.params.kinds.flatMap((kind) => ids.flatMap((id) => result.summary.comparisons.filter((c) => c.id === id && c.kind === kind && c.points.length > 0)));
}

/** The sentence that says why intervals from this run are not yet a verdict. */
const tooFew = (trials: number) =>
  `With ${trials} trials per condition these intervals are too narrow to trust; the quick profile runs ${MESSAGING_PROFILE_TRIALS.quick}, the full one ${MESSAGING_PROFILE_TRIALS.full}.`;

/** "Faster communication between threads": a thread's postMessage against a process's IPC. */
function threadsFaster(result: MessagingResult): Claim {
  const s = result.summary;
  const base = { id: "threads-communicate-faster", claim: "A thread is faster to talk to than a process (\"faster communication between threads\").", chart: "crossover" };
  const pairs = pairsOf(result, ["thread-vs-ipc-advanced", "thread-vs-ipc-json"]);
  if (pairs.length === 0) return { ...base, verdict: "undecided", evidence: "Nothing to compare: run both thread and process channels." };
  const { verdict, when, minTrials } = verdictOf(pairs);
  const evidence = [
    `On ${s.runtime} with ${s.cores} cores (noise floor ${formatNumber(s.noiseFloor * 100)}%), a thread's postMessage against each IPC serialisation, at the smallest and the largest payload:`,
    pairs.map(pairLine).join("\n"),
    verdict === "undecided" ? tooFew(minTrials) : "",
    "The answer is specific to this machine and runtime: the IPC cost moves with the Node release and the kernel, the copy cost with memory bandwidth.",
  ].filter(Boolean).join("\n\n");
  return { ...base, verdict, ...(when ? { when } : {}), evidence };
}

/** "Shared memory means faster communication": a SharedArrayBuffer ping-pong against postMessage. */
function sharedMemoryFaster(result: MessagingResult): Claim {
  const base = { id: "shared-memory-faster", claim: "\"Shared memory means faster communication\": a SharedArrayBuffer beats a thread's postMessage.", chart: "crossover" };
  const pairs = pairsOf(result, ["sab-vs-postmessage"]);
  if (pairs.length === 0) return { ...base, verdict: "undecided", evidence: "Nothing to compare: run both sab-wait and thread-clone." };
  const { verdict, when, minTrials } = verdictOf(pairs);
  const evidence = [
    "What shared memory (Atomics.wait) saves on top of postMessage, at the smallest and the largest payload:",
    pairs.map(pairLine).join("\n"),
    verdict === "undecided" ? tooFew(minTrials) : "",
  ].filter(Boolean).join("\n\n");
  return { ...base, verdict, ...(when ? { when } : {}), evidence };
}

/** The article's claims about messaging, each with the verdict this Result supports and its evidence. */
export function messagingClaims(result: MessagingResult): Claim[] {
  return [threadsFaster(result), sharedMemoryFaster(result)];
}
