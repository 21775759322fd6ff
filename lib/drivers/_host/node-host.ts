/**
 * Where a process that must run on Node.js runs: the cluster primary, the thread server, the
 * thumbnail and footprint hosts. When the caller's runtime is Node it is started there (forked from
 * the tree this code runs from, or, for a host that must be a bare Node, spawned on the same binary
 * from lib/dist); otherwise (Deno: its node:cluster cannot fork, sharp is a Node-API addon, and the
 * lab measures Node's behaviour) it is spawned on Node from PATH, from the compiled entry in
 * lib/dist. Each Result records the runtime that served. With no Node to run it on, starting one is
 * an {@link UnsupportedError}.
 * @module
 */
import { execFileSync, fork, spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import fs from "node:fs";
import process from "node:process";
import { UnsupportedError } from "../../errors.ts";
import { labEnv } from "../../env.ts";
import { nodeHasReusePort, runtimeInfo } from "../../runtime.ts";
import { compiledEntryPath, entryPath } from "./entry.ts";
import { childExecArgv } from "./exec-argv.ts";

/** How to start a host's entry module, and what it runs on. */
export interface ServerHost {
  /** Runtime the entry runs on, e.g. "node 20.20.2". */
  runtime: string;
  /** True when that Node can listen with `reusePort` (≥ 22.12 or ≥ 23.1, on Linux). */
  reusePort: boolean;
  /** The Node.js binary that runs the entry. */
  node: string;
  /** The entry module it runs. */
  entry: string;
  /**
   * Starts the entry with an IPC channel and returns its process. `env` replaces the caller's
   * environment; stdout is inherited unless ignored, stderr inherited unless piped (to keep what a
   * crash printed).
   */
  start(options?: { env?: NodeJS.ProcessEnv; stdout?: "inherit" | "ignore"; stderr?: "inherit" | "pipe" }): ChildProcess;
}

/** What a host is and how it starts. */
export interface HostOptions {
  /** What runs, for the error when nothing can run it: e.g. "the cluster server". */
  what: string;
  /** Why it needs Node.js when the caller's runtime is another, e.g. "the lab measures Node's cluster". */
  why: string;
  /**
   * "fork" (default): on Node, forked from the tree this code runs from with the flags workers
   * inherit (see childExecArgv). "spawn": always the compiled entry on a bare Node given `execArgv`
   * and none of the caller's flags, so that what runs is the same whatever runs the caller.
   */
  launch?: "fork" | "spawn";
  /** Node flags of a spawned entry (ignored by "fork"). */
  execArgv?: string[];
}

let nodeFromPath: { path: string; version: string } | null | undefined;

/** The Node.js binary a runtime other than Node (Deno) hands Node-only work to: PARLAB_NODE, else `node` on PATH; null when there is none. */
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
 * Where the entry module `name` beside `besideUrl` (e.g. "entry-primary") runs, and how it starts.
 * Throws {@link UnsupportedError} when no Node.js is there to run it on, or its compiled entry is
 * missing where it has to be run from lib/dist.
 */
export function serverHost(besideUrl: string, name: string, options: HostOptions): ServerHost {
  const info = runtimeInfo();
  const onNode = info.name === "node";
  const launch = options.launch ?? "fork";
  const stdio = (o: Parameters<ServerHost["start"]>[0] = {}): StdioOptions => ["ignore", o.stdout ?? "inherit", o.stderr ?? "inherit", "ipc"];
  if (onNode && launch === "fork") {
    const own = entryPath(besideUrl, name);
    return {
      runtime: `${info.name} ${info.version}`,
      reusePort: info.features.reusePort,
      node: process.execPath,
      entry: own,
      start: (o = {}) => fork(own, [], { env: o.env, execArgv: childExecArgv(), stdio: stdio(o) }),
    };
  }
  const node = onNode ? { path: process.execPath, version: info.version } : findNode();
  if (!node) {
    throw new UnsupportedError("runtime", `${options.what} runs on Node.js (${options.why}), and none was found on PATH (or in PARLAB_NODE) to run it under ${info.name} ${info.version}`);
  }
  const compiled = compiledEntryPath(besideUrl, name);
  if (!fs.existsSync(compiled)) {
    throw new UnsupportedError("runtime", `${options.what} runs from the compiled ${compiled}, which is missing (run npm run build)`);
  }
  const execArgv = launch === "spawn" ? (options.execArgv ?? []) : [];
  return {
    runtime: `node ${node.version}`,
    reusePort: process.platform === "linux" && nodeHasReusePort(node.version),
    node: node.path,
    entry: compiled,
    start: (o = {}) => spawn(node.path, [...execArgv, compiled], { env: o.env, stdio: stdio(o) }),
  };
}
