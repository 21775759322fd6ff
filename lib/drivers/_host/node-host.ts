/**
 * Where a server that must run on Node.js runs: forked on the caller's runtime when that is Node,
 * else (Deno: its node:cluster cannot fork, and the lab measures Node's behaviour) spawned on Node
 * from PATH, from the compiled entry in lib/dist. Each Result records the runtime that served.
 * @module
 */
import { execFileSync, fork, spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import fs from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { UnsupportedError } from "../../errors.ts";
import { nodeHasReusePort, runtimeInfo } from "../../runtime.ts";
import { childExecArgv } from "../pool/mod.ts";
import { compiledEntryPath, entryPath } from "./entry.ts";
import { labEnv } from "../../env.ts";

export { UnsupportedError };

/** How a server's entry process is started, and on what. */
export interface ServerHost {
  /** Runtime the server runs on, e.g. "node 20.20.2". */
  runtime: string;
  reusePort: boolean;
  /** Starts the entry with an IPC channel; stderr is piped when asked (to keep what a crash printed). */
  start(options?: { pipeStderr?: boolean }): ChildProcess;
}

let nodeFromPath: { path: string; version: string } | null | undefined;

/** The Node.js binary a runtime without cluster (Deno) can hand the server to: PARLAB_NODE, else `node` on PATH. */
export function findNode(): { path: string; version: string } | null {
  if (nodeFromPath !== undefined) return nodeFromPath;
  const candidate = labEnv().node ?? "node";
  try {
    const version = execFileSync(candidate, ["--version"], { encoding: "utf8", timeout: 10_000, stdio: ["ignore", "pipe", "ignore"] }).trim().replace(/^v/, "");
    nodeFromPath = { path: candidate, version };
  } catch {
    nodeFromPath = null;
  }
  return nodeFromPath;
}


/**
 * Where the server started from the fixed entry module `name` (e.g. "entry-cluster-primary") runs.
 * Throws {@link UnsupportedError} when the caller's runtime has no cluster and no Node.js (or no
 * compiled entry) is there to run it on; `reason` says in that message why the caller's runtime cannot serve.
 */
export function serverHost(besideUrl: string, name: string, reason: string): ServerHost {
  const info = runtimeInfo();
  const own = entryPath(besideUrl, name);
  const stdio = (pipeStderr?: boolean): StdioOptions => ["ignore", "inherit", pipeStderr ? "pipe" : "inherit", "ipc"];
  if (info.features.cluster) {
    return {
      runtime: `${info.name} ${info.version}`,
      reusePort: info.features.reusePort,
      start: (options = {}) => fork(own, [], { execArgv: childExecArgv(), stdio: stdio(options.pipeStderr) }),
    };
  }
  const node = findNode();
  const compiled = compiledEntryPath(besideUrl, name);
  if (!node || !fs.existsSync(compiled)) {
    throw new UnsupportedError(
      "runtime",
      `${reason} under ${info.name} ${info.version}, and ${!node ? "no Node.js was found on PATH (or in PARLAB_NODE)" : `the compiled ${compiled} is missing (run npm run build)`} to run the server on`,
    );
  }
  return {
    runtime: `node ${node.version}`,
    reusePort: process.platform === "linux" && nodeHasReusePort(node.version),
    start: (options = {}) => spawn(node.path, [compiled], { stdio: stdio(options.pipeStderr) }),
  };
}

/** True while `pid` runs. An exited child waiting to be reaped by init counts as gone. */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX]/s.test(stat);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" && fs.existsSync("/proc/self/stat")) return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** True if `promise` settles within `ms`; the timer is cleared so it never holds the process open. */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false)));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Child processes alive in this process, killed with SIGKILL when it exits, as a last line of defence. */
export class LiveChildren {
  #live = new Set<ChildProcess>();
  #hooked = false;

  /** Tracks `child` until it exits. */
  add(child: ChildProcess): void {
    this.#live.add(child);
    child.once("exit", () => this.#live.delete(child));
    if (this.#hooked) return;
    this.#hooked = true;
    process.once("exit", () => {
      for (const c of this.#live) c.kill("SIGKILL");
    });
  }

  get size(): number {
    return this.#live.size;
  }
}
