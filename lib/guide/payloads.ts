/**
 * The large-payload branch, from a messaging Result: at the reader's message size, is a thread
 * cheaper to talk to than a process, and does transferring a buffer or shared memory add to it? The
 * deciding figures are the decided p50 round-trip comparisons at the measured size nearest the
 * reader's, and each pair's crossover size where the verdicts name a side.
 * @module
 */
import { formatBytes } from "../experiments/messaging/conditions.ts";
import type { MessagingResult, PairComparison, SizePoint } from "../experiments/messaging/types.ts";
import { formatCi, formatNumber } from "../format.ts";
import { figure } from "./figures.ts";
import type { BranchBody, Figure, GuideQuestion } from "./types.ts";

export function payloadsQuestion(q: GuideQuestion): string {
  return `Messages of ${formatBytes(q.payloadBytes)} between the main thread and a worker`;
}

/** The measured point nearest `bytes` on a log scale. */
function nearest(pair: PairComparison, bytes: number): SizePoint | null {
  let best: SizePoint | null = null;
  for (const p of pair.points) if (!best || Math.abs(Math.log(p.sizeBytes / bytes)) < Math.abs(Math.log(best.sizeBytes / bytes))) best = p;
  return best;
}

/** The pair with this id for buffers, else for any kind. */
const pairOf = (s: MessagingResult["summary"], id: string) =>
  s.comparisons.find((c) => c.id === id && c.kind === "buffer") ?? s.comparisons.find((c) => c.id === id) ?? null;

function pointFigure(pair: PairComparison, p: SizePoint): Figure {
  const c = p.comparison;
  const side = p.side === "a" ? `${pair.a} faster` : p.side === "b" ? `${pair.b} faster` : c.outcome === "equivalent" ? "equivalent" : "inconclusive";
  return figure(`p50 round trip ${pair.a} / ${pair.b} (${pair.kind}, ${formatBytes(p.sizeBytes)})`, c.ratio, c.ratioCi, "×", `n = ${c.nA} vs ${c.nB}, ${c.familySize} in the family: ${side}`);
}

/** Where a pair's verdicts name a side, in words. */
function crossover(pair: PairComparison): string {
  return pair.crossoverBytes !== null
    ? `${pair.a} is faster than ${pair.b} from ${formatBytes(pair.crossoverBytes)} up (${pair.kind})`
    : `no size where the verdicts settle ${pair.a} against ${pair.b} (${pair.kind}): ${pair.verdict.replace(/^[^:]*:\s*/, "").replace(/\.$/, "")}`;
}

export function payloadsBranch(result: MessagingResult, q: GuideQuestion): BranchBody {
  const s = result.summary;
  const process = pairOf(s, "thread-vs-ipc-advanced") ?? pairOf(s, "thread-vs-ipc-json");
  const transfer = pairOf(s, "transfer-vs-clone");
  const shared = pairOf(s, "sab-vs-postmessage");
  const figures: Figure[] = [];
  const at = (pair: PairComparison | null) => {
    const p = pair ? nearest(pair, q.payloadBytes) : null;
    if (pair && p) figures.push(pointFigure(pair, p));
    return p;
  };
  const pp = at(process);
  const tp = at(transfer);
  const sp = at(shared);
  if (!process || !pp) {
    return { status: "inconclusive", choice: null, answer: "This Result has no comparison of a thread's postMessage with process IPC.", figures, flips: "Run the messaging experiment with thread-clone and ipc-advanced." };
  }
  const sizes = process.points.map((p) => p.sizeBytes);
  const nearestNote = pp.sizeBytes === q.payloadBytes ? "" : ` (the measured size nearest ${formatBytes(q.payloadBytes)})`;
  const outside = (q.payloadBytes < Math.min(...sizes) || q.payloadBytes > Math.max(...sizes)
    ? ` ${formatBytes(q.payloadBytes)} lies outside the sizes measured (${formatBytes(Math.min(...sizes))}–${formatBytes(Math.max(...sizes))}); the nearest is used.`
    : "");
  const atSize = `At ${formatBytes(pp.sizeBytes)}${nearestNote}`;
  const extras = [
    tp?.side === "a" ? `transfer the buffer rather than clone it (${formatNumber(tp.comparison.ratio)}×, ${formatCi(tp.comparison.ratioCi, 1, "×")})` : null,
    sp?.side === "a" ? `shared memory beat postMessage (${formatNumber(sp.comparison.ratio)}×, ${formatCi(sp.comparison.ratioCi, 1, "×")})` : null,
  ].filter((x): x is string => x !== null);
  let body: Pick<BranchBody, "status" | "choice" | "answer">;
  const c = pp.comparison;
  if (pp.side === "a") {
    body = { status: "answered", choice: "thread pool", answer: `${atSize} a thread answered in ${formatNumber(c.ratio)}× the p50 round trip of a process (${formatCi(c.ratioCi, 1, "×")}).${extras.length ? ` And: ${extras.join("; ")}.` : ""}${outside}` };
  } else if (pp.side === "b") {
    body = { status: "answered", choice: "process pool", answer: `${atSize} a process answered faster than a thread: ${formatNumber(c.ratio)}× (${formatCi(c.ratioCi, 1, "×")}).${outside}` };
  } else {
    body = { status: "inconclusive", choice: null, answer: `${atSize} the round trips of a thread and a process were not told apart: ${formatNumber(c.ratio)}× (${formatCi(c.ratioCi, 1, "×")}), ${c.outcome === "equivalent" ? "equivalent within the band" : "inconclusive"}; message cost does not decide here.${outside}` };
  }
  const flips = [process, transfer, shared].filter((p): p is PairComparison => p !== null).map(crossover).join("; ") + ".";
  return { ...body, figures, flips };
}
