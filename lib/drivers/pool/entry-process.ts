/**
 * Entry module of every pool process: answers tasks from the fixed workload table, and exits as
 * soon as its parent is gone, so that no process outlives the run that started it — not even
 * when that run was killed with SIGKILL (as when a Jupyter kernel is killed).
 * @module
 */
import process from "node:process";
import { runWorkload } from "../../workloads/index.ts";
import type { ToWorker } from "./protocol.ts";
import { errorMessage } from "../../errors.ts";
import { exitWithParent } from "../_host/orphan.ts";

if (typeof process.send !== "function") throw new Error("entry-process must be started with child_process.fork");
// A task can finish after the owner died; sending then would crash with an unhandled IPC error instead of exiting quietly.
const send = (message: unknown) => {
  if (process.connected) process.send?.(message);
};

exitWithParent();

process.on("message", async (message: ToWorker) => {
  if (message.type === "close") {
    process.disconnect?.();
    process.exit(0);
  }
  try {
    const value = await runWorkload(message.workload, message.input);
    send({ type: "result", id: message.id, ok: true, value });
  } catch (error) {
    send({ type: "result", id: message.id, ok: false, error: errorMessage(error) });
  }
});
send({ type: "ready", pid: process.pid, threadId: 0 });
