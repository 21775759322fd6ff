/**
 * Entry module of every pool process: answers tasks from the fixed workload table (or with the
 * function of the user module named in its argument), and exits as
 * soon as its parent is gone, so that no process outlives the run that started it — not even
 * when that run was killed with SIGKILL (as when a Jupyter kernel is killed).
 * @module
 */
import process from "node:process";
import { runWorkload } from "../../workloads/index.ts";
import type { ToWorker } from "./protocol.ts";
import { errorMessage } from "../../errors.ts";
import { exitWithParent } from "../_host/orphan.ts";
import { USER_TASK, type UserModuleRef, userFunctionOrError } from "./user-module.ts";

if (typeof process.send !== "function") throw new Error("entry-process must be started with child_process.fork");
// A task can finish after the owner died; sending then would crash with an unhandled IPC error instead of exiting quietly.
const send = (message: unknown) => {
  if (process.connected) process.send?.(message);
};

exitWithParent();

// The user module, when the pool was given one, comes as the one argument: a JSON {url, exportName}.
const ref = process.argv[2] ? (JSON.parse(process.argv[2]) as UserModuleRef) : null;
const { user, loadError } = await userFunctionOrError(ref);

process.on("message", async (message: ToWorker) => {
  if (message.type === "close") {
    process.disconnect?.();
    process.exit(0);
  }
  try {
    const value = message.workload === USER_TASK && user ? await user(message.input) : await runWorkload(message.workload, message.input);
    send({ type: "result", id: message.id, ok: true, value });
  } catch (error) {
    send({ type: "result", id: message.id, ok: false, error: errorMessage(error) });
  }
});
if (loadError !== null) send({ type: "failed", error: loadError });
else send({ type: "ready", pid: process.pid, threadId: 0 });
