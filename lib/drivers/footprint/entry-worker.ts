/**
 * Entry module of a footprint worker, the same file as a worker thread and as a forked process:
 * it loads its module graph (from the fixed table), says "ready", and on "collect" runs a full
 * garbage collection (when the runtime exposes one) so that memory is read after start-up garbage
 * is gone. It then idles until it is ended; a process exits with its parent.
 * @module
 */
import process from "node:process";
import { isMainThread, parentPort, workerData } from "node:worker_threads";
import { errorMessage } from "../../errors.ts";
import { loadGraph } from "../../workloads/graphs.ts";
import { exitWithParent } from "../_host/orphan.ts";
import type { FromFootprintWorker, ToFootprintWorker } from "./protocol.ts";

const asThread = !isMainThread && parentPort !== null;
if (!asThread && typeof process.send !== "function") throw new Error("footprint entry-worker must run as a worker thread or be forked");

const send = (message: FromFootprintWorker) => (asThread ? parentPort!.postMessage(message) : process.send!(message));
const onMessage = (listener: (message: ToFootprintWorker) => void) => (asThread ? parentPort!.on("message", listener) : process.on("message", listener));

if (!asThread) exitWithParent();

// A thread gets its graph as workerData, a process as its first argument.
const graph = String(asThread ? (workerData as { graph?: unknown })?.graph : process.argv[2]);

onMessage((message) => {
  if (message.type === "collect") {
    (globalThis as { gc?: () => void }).gc?.();
    send({ type: "collected" });
  }
});

const t0 = performance.now();
loadGraph(graph).then(
  () => send({ type: "ready", loadMs: performance.now() - t0 }),
  (error) => send({ type: "error", message: errorMessage(error) }),
);
