/**
 * The pairs of channels the messaging experiment compares, and which of them its claims rest on.
 * Pure data, read by the analysis and by the claims.
 * @module
 */
import type { ChannelId } from "../../drivers/channels/mod.ts";

/** One question the experiment answers: channel a against channel b on p50 round-trip latency. */
export interface ChannelPair {
  id: string;
  question: string;
  a: ChannelId;
  b: ChannelId;
}

/** The comparisons the experiment answers, a vs b on p50 latency, at every payload kind and size. */
export const PAIRS: readonly ChannelPair[] = [
  { id: "advanced-vs-json", question: "advanced vs JSON serialisation (process IPC)", a: "ipc-advanced", b: "ipc-json" },
  { id: "transfer-vs-clone", question: "transferring vs cloning a buffer (threads)", a: "thread-transfer", b: "thread-clone" },
  { id: "sab-vs-postmessage", question: "shared memory (Atomics.wait) vs postMessage", a: "sab-wait", b: "thread-clone" },
  { id: "sab-async-vs-postmessage", question: "shared memory (Atomics.waitAsync) vs postMessage", a: "sab-async", b: "thread-clone" },
  { id: "thread-vs-ipc-advanced", question: "a thread vs a process (postMessage vs advanced IPC)", a: "thread-clone", b: "ipc-advanced" },
  { id: "thread-vs-ipc-json", question: "a thread vs a process (postMessage vs JSON IPC)", a: "thread-clone", b: "ipc-json" },
];

/** The pairs the claims are decided from: "a thread is faster to talk to", "shared memory beats postMessage". */
export const THREAD_CLAIM_PAIRS: readonly string[] = ["thread-vs-ipc-advanced", "thread-vs-ipc-json"];
export const SHARED_MEMORY_CLAIM_PAIRS: readonly string[] = ["sab-vs-postmessage"];

/**
 * The pairs also compared within rounds: those the claims rest on. Checking all of them would add
 * as many unadjusted checks as there are comparisons, and the claims are what a reader acts on.
 */
export const CLAIM_PAIRS: readonly string[] = [...THREAD_CLAIM_PAIRS, ...SHARED_MEMORY_CLAIM_PAIRS];
