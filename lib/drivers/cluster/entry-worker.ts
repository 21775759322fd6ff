/**
 * Entry module of a cluster worker: a tiny HTTP server that says which worker answered, burns a
 * fixed amount of CPU per request, and counts what reached it, so that the experiment can see how
 * the connections were spread — or, given a user's handler module, answers with that handler. It answers the primary's questions over IPC and exits when the
 * primary is gone.
 * @module
 */
import cluster from "node:cluster";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo, ListenOptions } from "node:net";
import process from "node:process";
import { exitWithParent } from "../_host/orphan.ts";
import { loadUserFunction, type UserFunction } from "../pool/user-module.ts";
import { readRequest, writeResponse } from "../pool/user-handler.ts";
import { WORKER_CONFIG_ENV, WORKER_INDEX_ENV, type FromWorker, type ToWorker, type WorkerConfig, type WorkerCounters } from "./protocol.ts";

if (typeof process.send !== "function") throw new Error("cluster entry-worker must be started by the cluster primary");
const send = (message: FromWorker) => {
  if (process.connected) process.send?.(message);
};

// Set per worker by the primary.
const index = Number(process.env[WORKER_INDEX_ENV]);
const config = JSON.parse(process.env[WORKER_CONFIG_ENV] ?? "null") as WorkerConfig;
const slow = config.slowWorker && config.slowWorker.index === index ? config.slowWorker : null;

// node:cluster already exits a worker whose primary disconnects; the ppid check covers a primary
// killed before its IPC channel reports it.
exitWithParent();
// A failed IPC write means the primary is gone (node:cluster re-emits it on the worker object).
cluster.worker?.on("error", () => process.exit(0));

/** Burns CPU on this thread for `ms` milliseconds, as a request handler doing real work would. */
function spin(ms: number): void {
  if (ms <= 0) return;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

let connections = 0;
let requests = 0;

// A user's handler, when the cluster was given one: loaded before listening; a failure to load is reported as a start failure.
let handler: UserFunction | null = null;
let handlerFailed = false;
if (config.handler) {
  try {
    handler = await loadUserFunction(config.handler);
  } catch (error) {
    send({ type: "listen-error", index, message: `the handler ${config.handler.url} could not be loaded: ${error instanceof Error ? error.message : String(error)}` });
    // Not listening: the primary fails the start and stops every worker.
    handlerFailed = true;
  }
}

async function serveUser(fn: UserFunction, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  try {
    writeResponse(response, { ok: true, value: await fn(await readRequest(request)) }, index);
  } catch (error) {
    writeResponse(response, { ok: false, error: error instanceof Error ? error.message : String(error) }, index);
  }
}

const server = http.createServer((request, response) => {
  requests++;
  if (handler) return void serveUser(handler, request, response);
  spin(config.handlerCostMs + (slow && requests % slow.everyN === 0 ? slow.extraMs : 0));
  const body = JSON.stringify({ worker: index, pid: process.pid });
  response.writeHead(200, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-worker": String(index),
  });
  response.end(body);
  request.resume();
});
server.on("connection", () => connections++);

/**
 * The listening socket as this process sees it. Under SCHED_RR the primary accepts and the worker
 * only gets a stand-in handle with no fd; under SCHED_NONE and reuseport it holds a real socket.
 */
function listeningSocket(): { listenFd: number | null; socketInode: string | null } {
  const fd = (server as unknown as { _handle?: { fd?: unknown } | null })._handle?.fd;
  if (typeof fd !== "number" || fd < 0) return { listenFd: null, socketInode: null };
  try {
    const inode = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/self/fd/${fd}`))?.[1] ?? null;
    return { listenFd: fd, socketInode: inode };
  } catch {
    return { listenFd: fd, socketInode: null };
  }
}

process.on("message", (message: ToWorker) => {
  if (message.type === "stats") {
    const counters: WorkerCounters = { index, pid: process.pid, connections, requests, ...listeningSocket() };
    send({ type: "stats", id: message.id, counters });
  } else if (message.type === "reset") {
    connections = 0;
    requests = 0;
    send({ type: "reset", id: message.id });
  } else if (message.type === "fault") {
    injectFault(message.fault);
  }
});

/** Leaked objects of the "oom" fault, held so that the garbage collector cannot free them. */
const leaked: number[][] = [];

/**
 * The faults the fault experiment injects. "throw": an exception nothing catches, thrown outside
 * any request, as a bug in a timer callback would. "oom": many small allocations, all kept, until V8
 * reaches the worker's `--max-old-space-size` and aborts the process, as a memory leak would.
 */
function injectFault(fault: "throw" | "oom"): void {
  if (fault === "throw") {
    setImmediate(() => {
      throw new Error(`injected fault: uncaught exception in cluster worker ${index}`);
    });
  } else if (fault === "oom") {
    setImmediate(() => {
      for (let i = 0; ; i++) leaked.push(new Array(64).fill(i));
    });
  }
}

server.once("error", (error: NodeJS.ErrnoException) => {
  send({ type: "listen-error", index, message: error.message, code: error.code });
  process.exitCode = 1;
});

// Deferred so that node:cluster's own "listening" message goes out first: once the parent hears that
// every worker listens it may kill the primary at once, and that message would then hit a closed pipe.
const onListening = () => setImmediate(() => send({ type: "listening", index, pid: process.pid, port: (server.address() as AddressInfo).port }));
if (handlerFailed) {
  process.exitCode = 1;
} else if (config.policy === "reuseport") {
  // Each worker binds its own socket (exclusive: not through the primary) with SO_REUSEPORT, so
  // the kernel spreads connections over the workers' accept queues. Node < 22.12 lacks the option.
  const options: ListenOptions & { reusePort: boolean } = { port: config.port, host: "127.0.0.1", exclusive: true, reusePort: true };
  server.listen(options, onListening);
} else {
  server.listen(config.port, "127.0.0.1", onListening);
}
