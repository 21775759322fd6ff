/**
 * The native-work branch (I/O and native code: sharp's thumbnails), from a thumbnails Result: does a
 * pool of threads or of processes make such work faster, or is sharp's own parallelism (libvips'
 * threads, libuv's pool) in one process enough? The deciding figures are the decided comparisons of
 * threads×2 with processes×2 in time and memory (as the article ran them, and with thread counts
 * matched) and the speedup of the best mode over one thread, with their intervals.
 * @module
 */
import type { ThumbnailsResult } from "../experiments/thumbnails/types.ts";
import { formatCi, formatNumber } from "../format.ts";
import type { Comparison } from "../types.ts";
import { figure } from "./figures.ts";
import type { BranchBody, Figure } from "./types.ts";

export function nativeQuestion(): string {
  return "Native and I/O work (image thumbnails with sharp): a pool, or sharp's own threads?";
}

const words = (c: Comparison) => (c.outcome === "lower" ? "threads lower" : c.outcome === "higher" ? "threads higher" : c.outcome);

export function nativeBranch(result: ThumbnailsResult): BranchBody {
  const s = result.summary;
  const figures: Figure[] = [];
  const add = (name: string, c: Comparison | null | undefined) => {
    if (c) figures.push(figure(name, c.ratio, c.ratioCi, "×", `n = ${c.nA} vs ${c.nB}, ${c.familySize} in the family: ${words(c)}`));
  };
  add("time threads×2 / processes×2, sharp's defaults", s.article?.time);
  add("time threads×2 / processes×2, thread counts matched", s.matched?.time);
  add("peak PSS threads×2 / processes×2", s.article?.memoryPss ?? s.matched?.memoryPss);
  add("peak RSS threads×2 / processes×2", s.article?.memory ?? s.matched?.memory);
  const bestRow = s.best ? s.rows.find((r) => r.label === s.best!.label) : undefined;
  if (s.best) figures.push(figure(`speedup of the best mode (${s.best.label}) over one thread`, s.best.speedup, s.best.speedupCi, "×", `the highest estimate, on ${s.cores} cores`));
  const times = [s.article?.time, s.matched?.time].filter((c): c is NonNullable<typeof c> => !!c);
  const memory = s.article?.memoryPss ?? s.article?.memory ?? s.matched?.memoryPss ?? s.matched?.memory ?? null;
  const faster = times.find((c) => c.conclusive);
  const oneProcess = bestRow && (bestRow.mode === "all-at-once" || bestRow.mode === "sequential")
    ? ` One process letting sharp run its own threads (${s.best!.label}) reached ${formatNumber(s.best!.speedup)}× one thread (${formatCi(s.best!.speedupCi, 1, "×")}), so a pool is not what makes it fast.`
    : "";
  let body: Pick<BranchBody, "status" | "choice" | "answer">;
  if (times.length === 0) {
    body = { status: "inconclusive", choice: null, answer: `This Result does not compare threads with processes.${oneProcess}` };
  } else if (faster) {
    const threadsWin = faster.outcome === "lower";
    body = { status: "answered", choice: threadsWin ? "thread pool" : "process pool", answer: `${threadsWin ? "Threads" : "Processes"} were faster: ${faster.verdict}${oneProcess}` };
  } else if (memory?.outcome === "lower") {
    body = { status: "answered", choice: "thread pool", answer: `Time did not separate threads from processes (${times.map((c) => `${formatNumber(c.ratio)}×, ${formatCi(c.ratioCi, 1, "×")}, ${c.outcome}`).join("; ")}), but threads took less memory: ${formatNumber(memory.ratio)}× (${formatCi(memory.ratioCi, 1, "×")}).${oneProcess}` };
  } else {
    body = { status: "inconclusive", choice: null, answer: `Neither time nor memory separated threads from processes (${times.map((c) => `${formatNumber(c.ratio)}×, ${formatCi(c.ratioCi, 1, "×")}`).join("; ")}).${oneProcess}` };
  }
  const flips = `Time flips to a side only where its interval leaves 1: ${times.map((c) => `${formatNumber(c.ratioCi.lo)}–${formatNumber(c.ratioCi.hi)}×`).join(" and ") || "not measured"}; ` +
    `sharp's concurrency and UV_THREADPOOL_SIZE are set per process, so more processes also mean more libvips threads — compare with thread counts matched before crediting threads or processes. ` +
    `Where memory is no constraint, the choice between the pools is free.`;
  return { ...body, figures, flips };
}
