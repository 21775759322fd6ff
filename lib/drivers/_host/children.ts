/**
 * One registry of the children — processes and worker threads — that the drivers start in this
 * process. Each child is tracked from its start until it exits, and whatever is still alive when
 * this process exits is ended (SIGKILL for a process), a last line of defence for a run that did
 * not close what it started. The registry counts children per family, for tests and leak checks.
 * @module
 */
import type { ChildProcess } from "node:child_process";
import process from "node:process";
import type { Worker } from "node:worker_threads";

/** The driver families that start children. */
export type ChildFamily = "pool" | "cluster" | "thread-server" | "loadgen" | "apachebench" | "footprint" | "channels" | "thumbnails";

/** Ends of the live children, by family: each ends its child when this process exits. */
const live = new Map<ChildFamily, Set<() => void>>();
const started = new Map<ChildFamily, number>();
let exitHookInstalled = false;

function isProcess(child: ChildProcess | Worker): child is ChildProcess {
  return typeof (child as ChildProcess).kill === "function";
}

/**
 * Tracks `child` of `family` until it exits. `end` is how to end it if this process exits first
 * (default: SIGKILL for a process, terminate for a thread); a family whose child has children of
 * its own may end the whole tree there.
 */
export function trackChild(family: ChildFamily, child: ChildProcess | Worker, end?: () => void): void {
  started.set(family, (started.get(family) ?? 0) + 1);
  // A process that failed to spawn has no pid and may never emit "exit": there is nothing to end.
  if (isProcess(child) && child.pid === undefined) return;
  const ending = end ?? (isProcess(child) ? () => child.kill("SIGKILL") : () => void child.terminate());
  let children = live.get(family);
  if (!children) live.set(family, (children = new Set()));
  const entry = () => ending();
  children.add(entry);
  const tracked = children;
  child.once("exit", () => tracked.delete(entry));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const ends of live.values()) for (const e of ends) e();
  });
}

/** Number of children of `family` (of every family when omitted) alive in this process right now. */
export function liveChildCount(family?: ChildFamily): number {
  if (family) return live.get(family)?.size ?? 0;
  let count = 0;
  for (const children of live.values()) count += children.size;
  return count;
}

/** Number of children of `family` this process has started so far, alive or not. */
export function startedChildCount(family: ChildFamily): number {
  return started.get(family) ?? 0;
}
