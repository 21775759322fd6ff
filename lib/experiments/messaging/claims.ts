/**
 * The article's claims about talking to workers, each with the verdict a messaging Result supports:
 * a thread is faster to talk to than a process, and shared memory makes it faster still. A claim
 * is read off the decided comparisons — each decided with every other comparison of the run as one
 * family — payload kind by kind and size by size: it holds where every pair it rests on was decided
 * faster, does not hold where one was decided slower or equivalent, and where the verdicts are
 * inconclusive it is not decided, with the verdict that says why. Pure.
 * @module
 */
import type { Claim, ClaimVerdict, Comparison } from "../../types.ts";
import type { PayloadKind } from "../../workloads/payloads.ts";
import { formatNumber } from "../_shared/analysis.ts";
import { adjustmentWords } from "../_shared/family.ts";
import { orList } from "../_shared/claims.ts";
import { formatBytes } from "./conditions.ts";
import { pointVerdict } from "./findings.ts";
import { SHARED_MEMORY_CLAIM_PAIRS, THREAD_CLAIM_PAIRS } from "./pairs.ts";
import type { MessagingResult, PairComparison, SizePoint } from "./types.ts";

/** The smallest and the largest payload a pair was compared at (one point when there is one size). */
const ends = (pair: PairComparison): SizePoint[] => [pair.points[0]!, pair.points[pair.points.length - 1]!].filter((p, i, all) => all.indexOf(p) === i);

/** A pair's verdicts at its smallest and largest payload, as a markdown list item with one sub-item per size. */
function pairLines(pair: PairComparison): string {
  return [`- ${pair.kind}, ${pair.a} vs ${pair.b}:`, ...ends(pair).map((p) => `  - at ${formatBytes(p.sizeBytes)}: ${pointVerdict(p)}`)].join("\n");
}

/** "a buffer", "an object of at most 512 B", "a string of at least 2 MiB", "a buffer of 64 B or 4 KiB". */
function payloadPhrase(kind: PayloadKind, sizes: readonly number[], all: readonly number[]): string {
  const what = `${kind === "object" ? "an" : "a"} ${kind}`;
  if (sizes.length === all.length) return what;
  if (sizes.every((s, i) => s === all[i])) return `${what} of at most ${formatBytes(sizes[sizes.length - 1]!)}`;
  if (sizes.every((s, i) => s === all[all.length - sizes.length + i])) return `${what} of at least ${formatBytes(sizes[0]!)}`;
  return `${what} of ${orList(sizes.map(formatBytes))}`;
}

/** What the decided comparisons say at one payload kind and size. */
type Cell = "faster" | "not-faster" | "open";

/**
 * The verdict of "the first channel of these pairs is faster". At one kind and size it is faster
 * when every pair compared there was decided lower; not faster when one was decided higher or
 * equivalent; open otherwise.
 */
function verdictOf(pairs: readonly PairComparison[]): { verdict: ClaimVerdict; when?: string; cells: Record<Cell, string[]> } {
  const cells: Record<Cell, string[]> = { "faster": [], "not-faster": [], "open": [] };
  const fasterPhrases: string[] = [];
  for (const kind of [...new Set(pairs.map((p) => p.kind))]) {
    const ofKind = pairs.filter((p) => p.kind === kind);
    const all = [...new Set(ofKind.flatMap((p) => p.points.map((x) => x.sizeBytes)))].sort((a, b) => a - b);
    const faster: number[] = [];
    for (const size of all) {
      const here = ofKind.flatMap((p) => p.points.filter((x) => x.sizeBytes === size).map((x) => x.comparison.outcome));
      const cell: Cell = here.every((o) => o === "lower") ? "faster" : here.some((o) => o === "higher" || o === "equivalent") ? "not-faster" : "open";
      cells[cell].push(`${kind} ${formatBytes(size)}`);
      if (cell === "faster") faster.push(size);
    }
    if (faster.length > 0) fasterPhrases.push(payloadPhrase(kind, faster, all));
  }
  const total = cells.faster.length + cells["not-faster"].length + cells.open.length;
  if (cells.faster.length === total) return { verdict: "holds", cells };
  if (cells.faster.length > 0) return { verdict: "holds-only-when", when: `the payload is ${orList(fasterPhrases)}`, cells };
  if (cells["not-faster"].length > 0) return { verdict: "does-not-hold", cells };
  return { verdict: "undecided", cells };
}

/** The line that says where the verdicts name the first channel faster, not faster, or neither. */
function cellsLine(cells: Record<Cell, string[]>): string {
  const parts = [
    cells.faster.length > 0 ? `decided faster at ${cells.faster.join(", ")}` : "decided faster at no payload",
    ...(cells["not-faster"].length > 0 ? [`decided slower or equivalent at ${cells["not-faster"].join(", ")}`] : []),
    ...(cells.open.length > 0 ? [`not decided at ${cells.open.join(", ")}`] : []),
  ];
  return `Over every size and kind: ${parts.join("; ")}.`;
}

/** The verdict with the smallest p of an undecided claim's comparisons: it says why not even the strongest was decided. */
function strongest(pairs: readonly PairComparison[]): Comparison {
  return pairs.flatMap((p) => p.points.map((x) => x.comparison)).sort((a, b) => a.pValue - b.pValue)[0]!;
}

/** The pairs of these ids, in the order of the run's payload kinds, then of `ids`. */
function pairsOf(result: MessagingResult, ids: readonly string[]): PairComparison[] {
  return result.params.kinds.flatMap((kind) => ids.flatMap((id) => result.summary.comparisons.filter((c) => c.id === id && c.kind === kind && c.points.length > 0)));
}

/** The evidence of a claim: its opening, each pair at its ends, where it was decided, and why not where it was not. */
function evidenceOf(result: MessagingResult, opening: string, pairs: readonly PairComparison[], decided: ReturnType<typeof verdictOf>, closing: string[] = []): string {
  const f = result.summary.family;
  const head = `${opening} Every comparison was decided with all ${f.size} of the run (${adjustmentWords(f.rules.family)}); at the smallest and the largest payload:`;
  return [
    head,
    pairs.map(pairLines).join("\n"),
    cellsLine(decided.cells),
    decided.verdict === "undecided" ? `Not decided: the strongest of these comparisons reads "${strongest(pairs).verdict}"` : "",
    ...closing,
  ].filter(Boolean).join("\n\n");
}

/** "Faster communication between threads": a thread's postMessage against a process's IPC. */
function threadsFaster(result: MessagingResult): Claim {
  const s = result.summary;
  const base = { id: "threads-communicate-faster", claim: "A thread is faster to talk to than a process (\"faster communication between threads\").", chart: "crossover" };
  const pairs = pairsOf(result, THREAD_CLAIM_PAIRS);
  if (pairs.length === 0) return { ...base, verdict: "undecided", evidence: "Nothing to compare: run both thread and process channels." };
  const decided = verdictOf(pairs);
  const evidence = evidenceOf(
    result,
    `On ${s.runtime} with ${s.cores} cores (noise floor ${formatNumber(s.noiseFloor * 100)}%), a thread's postMessage against each IPC serialisation.`,
    pairs,
    decided,
    ["The answer is specific to this machine and runtime: the IPC cost moves with the Node release and the kernel, the copy cost with memory bandwidth."],
  );
  return { ...base, verdict: decided.verdict, ...(decided.when ? { when: decided.when } : {}), evidence };
}

/** "Shared memory means faster communication": a SharedArrayBuffer ping-pong against postMessage. */
function sharedMemoryFaster(result: MessagingResult): Claim {
  const base = { id: "shared-memory-faster", claim: "\"Shared memory means faster communication\": a SharedArrayBuffer beats a thread's postMessage.", chart: "crossover" };
  const pairs = pairsOf(result, SHARED_MEMORY_CLAIM_PAIRS);
  if (pairs.length === 0) return { ...base, verdict: "undecided", evidence: "Nothing to compare: run both sab-wait and thread-clone." };
  const decided = verdictOf(pairs);
  const evidence = evidenceOf(result, "What shared memory (Atomics.wait) saves on top of postMessage.", pairs, decided);
  return { ...base, verdict: decided.verdict, ...(decided.when ? { when: decided.when } : {}), evidence };
}

/** The article's claims about messaging, each with the verdict this Result supports and its evidence. */
export function messagingClaims(result: MessagingResult): Claim[] {
  return [threadsFaster(result), sharedMemoryFaster(result)];
}
