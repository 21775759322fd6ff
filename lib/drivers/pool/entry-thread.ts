/**
 * Entry module of every pool thread: answers tasks from the fixed workload table, or with the
 * function of the user module the pool passed in its workerData.
 * @module
 */
import process from "node:process";
import { parentPort, threadId, workerData } from "node:worker_threads";
import { runWorkload } from "../../workloads/index.ts";
import type { ToWorker } from "./protocol.ts";
import { errorMessage } from "../../errors.ts";
import { USER_TASK, type UserModuleRef, userFunctionOrError } from "./user-module.ts";

if (!parentPort) throw new Error("entry-thread must be started as a worker thread");
const port = parentPort;
const ref = (workerData as { module?: UserModuleRef } | undefined)?.module;
const { user, loadError } = await userFunctionOrError(ref);

port.on("message", async (message: ToWorker) => {
  if (message.type === "close") {
    // Closing the port lets the thread end once idle; Deno's parentPort has no close(), and there
    // process.exit() ends this thread only.
    if (typeof port.close === "function") port.close();
    else process.exit(0);
    return;
  }
  try {
    const value = message.workload === USER_TASK && user ? await user(message.input) : await runWorkload(message.workload, message.input);
    port.postMessage({ type: "result", id: message.id, ok: true, value });
  } catch (error) {
    port.postMessage({ type: "result", id: message.id, ok: false, error: errorMessage(error) });
  }
});
if (loadError !== null) port.postMessage({ type: "failed", error: loadError });
else port.postMessage({ type: "ready", pid: process.pid, threadId });
