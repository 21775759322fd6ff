/**
 * Makes a child process end with the process that started it, so that nothing outlives a run —
 * not even when the parent was killed with SIGKILL (as when a Jupyter kernel is killed).
 * @module
 */
import process from "node:process";

/**
 * Calls `exit` once the parent is gone: when the IPC channel closes, or — for runtimes whose IPC
 * does not report the disconnect, and parents killed before it could — when the process is
 * re-parented (its ppid changes), checked every `pollMs`.
 */
export function exitWithParent(exit: () => void = () => process.exit(0), pollMs = 500): void {
  const parentPid = process.ppid;
  process.on("disconnect", exit);
  setInterval(() => {
    if (process.ppid !== parentPid) exit();
  }, pollMs).unref();
}
