/**
 * Entry module of a worker thread of the thread server (entry-server): burns the request's
 * CPU time and says so (or answers with the user's handler module the server was given), or
 * suffers a fault chosen by name from a fixed table.
 * @module
 */
import process from "node:process";
import { parentPort, workerData } from "node:worker_threads";
import { loadUserFunction, type UserFunction, type UserModuleRef } from "../pool/user-module.ts";
import type { FromFaultThread, ThreadFault, ToFaultThread } from "./protocol.ts";

if (!parentPort) throw new Error("thread-server entry-thread must run in a worker thread");
const port = parentPort;

/** Burns CPU on this thread for `ms` milliseconds, as a request handler doing real work would. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

/** Leaked objects of the "oom-small" fault, held so that the garbage collector cannot free them. */
const leaked: number[][] = [];

/**
 * The faults, by name. "throw": an exception nothing in the thread catches. "oom-small": many small
 * allocations, all kept, until the thread passes its `resourceLimits`. "oom-huge": one array far
 * larger than those limits, filled at once. "abort": `process.abort()`, which a thread may not call.
 * "segv": the process gets SIGSEGV, as when native code (an addon) in the thread dereferences a bad
 * pointer; sent with kill(2) because a real segfault needs native code the lab does not ship.
 */
const FAULTS: Record<ThreadFault, () => void> = {
  throw: () => {
    throw new Error("injected fault: uncaught exception in a worker thread");
  },
  "oom-small": () => {
    for (let i = 0; ; i++) leaked.push(new Array(64).fill(i));
  },
  "oom-huge": () => {
    // 2^28 elements of 8 bytes: 2 GiB in one backing store, past any heap limit this lab sets.
    leaked.push(new Array(2 ** 28).fill(0));
  },
  abort: () => process.abort(),
  segv: () => process.kill(process.pid, "SIGSEGV"),
};

// A user's handler, when the server was given one: loaded once, on the first request.
const handlerRef = (workerData as { handler?: UserModuleRef | null } | undefined)?.handler ?? null;
let handler: Promise<UserFunction> | null = null;

async function answerRequest(id: number, request: unknown): Promise<void> {
  try {
    handler ??= loadUserFunction(handlerRef!);
    const value = await (await handler)(request);
    port.postMessage({ type: "response", id, ok: true, value } satisfies FromFaultThread);
  } catch (error) {
    port.postMessage({ type: "response", id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies FromFaultThread);
  }
}

port.on("message", (message: ToFaultThread) => {
  if (message.type === "request") {
    void answerRequest(message.id, message.request);
  } else if (message.type === "task") {
    spin(message.costMs);
    port.postMessage({ type: "done", id: message.id } satisfies FromFaultThread);
  } else if (message.type === "fault") {
    FAULTS[message.fault]();
  }
});
