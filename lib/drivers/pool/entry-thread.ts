/**
 * Entry module of every pool thread: answers tasks from the fixed workload table.
 * @module
 */
import process from "node:process";
import { parentPort, threadId } from "node:worker_threads";
import { runWorkload } from "../../workloads/index.ts";
import type { ToWorker } from "./protocol.ts";
import { errorMessage } from "../../errors.ts";

if (!parentPort) throw new Error("entry-thread must be started as a worker thread");
const port = parentPort;

port.on("message", async (message: ToWorker) => {
  if (message.type === "close") {
    // Closing the port lets the thread end once idle; Deno's parentPort has no close(), and there
    // process.exit() ends this thread only.
    if (typeof port.close === "function") port.close();
    else process.exit(0);
    return;
  }
  try {
    const value = await runWorkload(message.workload, message.input);
    port.postMessage({ type: "result", id: message.id, ok: true, value });
  } catch (error) {
    port.postMessage({ type: "result", id: message.id, ok: false, error: errorMessage(error) });
  }
});
port.postMessage({ type: "ready", pid: process.pid, threadId });
