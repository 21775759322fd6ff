/**
 * Entry module of the thread server: one process whose HTTP server on 127.0.0.1 hands each request
 * to a small pool of worker threads (entry-thread) and answers when the task is done. The fault
 * experiment injects faults into its threads; since some of them take the whole process down, it
 * runs as a sacrificial child of its own (started by this family's mod.ts) and exits when its
 * parent is gone.
 * @module
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import process from "node:process";
import { Worker } from "node:worker_threads";
import { entryUrl } from "../_host/entry.ts";
import { exitWithParent } from "../_host/orphan.ts";
import { readRequest, writeResponse, type UserRequest } from "../pool/user-handler.ts";
import type { FromFaultThread, FromThreadServer, ThreadServerConfig, ToFaultThread, ToThreadServer } from "./protocol.ts";

if (typeof process.send !== "function") throw new Error("thread-server entry-server must be started with an IPC channel");
const send = (message: FromThreadServer) => {
  if (process.connected) process.send?.(message);
};

const threadEntry = entryUrl(import.meta.url, "entry-thread");

interface Slot {
  index: number;
  worker: Worker;
  threadId: number;
  /** The request it works on, if any. */
  current: Pending | null;
  lastError: string | null;
}

/** A request waiting for, or worked on by, a thread; `request` is read only for a user's handler. */
interface Pending {
  id: number;
  response: http.ServerResponse;
  request?: UserRequest;
}

let config: ThreadServerConfig | null = null;
const slots: Slot[] = [];
const queue: Pending[] = [];
let nextId = 1;
let closing = false;

function startThread(index: number): Slot {
  const worker = new Worker(threadEntry, { resourceLimits: { maxOldGenerationSizeMb: config!.heapMb }, workerData: { handler: config!.handler ?? null } });
  const slot: Slot = { index, worker, threadId: worker.threadId, current: null, lastError: null };
  worker.on("message", (message: FromFaultThread) => {
    if (slot.current?.id !== message.id) return;
    if (message.type === "response") writeResponse(slot.current.response, message, index);
    else answer(slot.current.response, 200, index);
    slot.current = null;
    dispatch();
  });
  if (config!.errorListener) {
    worker.on("error", (error) => {
      slot.lastError = `${(error as NodeJS.ErrnoException).code ?? error.name}: ${error.message}`;
    });
  }
  worker.on("exit", (code) => {
    if (closing) return;
    send({ type: "thread-exit", index, threadId: slot.threadId, code, error: slot.lastError, atEpochMs: Date.now() });
    // The request the thread was working on is lost with it; its client hears so.
    if (slot.current) answer(slot.current.response, 500, index);
    slot.current = null;
    if (config!.errorListener) {
      const next = startThread(index);
      slots[index] = next;
      send({ type: "replaced", index, threadId: next.threadId, atEpochMs: Date.now() });
      dispatch();
    }
  });
  return slot;
}

/** Answers a request with which thread served it (200) or died under it (500). */
function answer(response: http.ServerResponse, status: 200 | 500, thread: number): void {
  if (response.writableEnded || response.destroyed) return;
  const body = status === 200 ? `{"thread":${thread}}` : `{"error":"thread ${thread} died"}`;
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "x-worker": String(thread) });
  response.end(body);
}

/** Hands queued requests to idle threads. */
function dispatch(): void {
  for (const slot of slots) {
    if (slot.current) continue;
    // Requests whose clients hung up while queued are dropped, not worked on.
    let next = queue.shift();
    while (next?.response.destroyed) next = queue.shift();
    if (!next) return;
    slot.current = next;
    if (next.request) slot.worker.postMessage({ type: "request", id: next.id, request: next.request } satisfies ToFaultThread);
    else slot.worker.postMessage({ type: "task", id: next.id, costMs: config!.handlerCostMs } satisfies ToFaultThread);
  }
}

const server = http.createServer((request, response) => {
  if (config?.handler) {
    const id = nextId++;
    readRequest(request).then((body) => {
      queue.push({ id, response, request: body });
      dispatch();
    }, () => response.destroy());
    return;
  }
  request.resume();
  queue.push({ id: nextId++, response });
  dispatch();
});

function start(received: ThreadServerConfig): void {
  config = received;
  for (let i = 0; i < config.threads; i++) slots.push(startThread(i));
  let online = 0;
  for (const slot of slots) {
    slot.worker.once("online", () => {
      if (++online === config!.threads) {
        server.listen(0, "127.0.0.1", () => {
          send({ type: "ready", port: (server.address() as AddressInfo).port, threadIds: slots.map((s) => s.threadId) });
        });
      }
    });
  }
}

function shutdown(): void {
  closing = true;
  server.closeAllConnections?.();
  server.close();
  void Promise.allSettled(slots.map((slot) => slot.worker.terminate())).then(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
}

exitWithParent(() => process.exit(0));
process.on("SIGTERM", shutdown);
process.on("message", (message: ToThreadServer) => {
  if (message.type === "start") {
    if (!config) start(message.config);
  } else if (message.type === "fault") {
    const slot = slots[message.index];
    if (slot && !closing) slot.worker.postMessage({ type: "fault", fault: message.fault } satisfies ToFaultThread);
  } else if (message.type === "close") {
    shutdown();
  }
});
