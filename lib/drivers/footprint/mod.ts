/**
 * What n workers weigh and how long they take to start: one fresh host process per measurement
 * (entry-footprint-host) starts n threads inside itself or forks n processes, each loading a module
 * graph from a fixed table, and reads its process tree's RSS and PSS before and after. The host
 * runs on Node from the compiled entry in lib/dist with --expose-gc, never on the caller's own
 * flags, so a trial's baseline is a bare runtime whatever runs the notebook; under Deno, which has
 * no node:worker_threads fork of its own to measure here, that Node is the one on PATH.
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { AbortedError, InputError, WorkerError } from "../../errors.ts";
import { processTree } from "../../machine.ts";
import { runtimeInfo } from "../../runtime.ts";
import { isModuleGraph, MODULE_GRAPHS, type ModuleGraph } from "../../workloads/graphs.ts";
import { UnsupportedError } from "../cluster/mod.ts";
import { findNode } from "../_host/node-host.ts";
import type { FootprintConfig, FootprintReport, FromFootprintHost, ToFootprintHost } from "./protocol.ts";
import { POOL_KINDS, type PoolKind } from "../pool/mod.ts";
import { compiledEntryPath } from "../_host/entry.ts";

export type { FootprintReport, TreeReading } from "./protocol.ts";

/** Options of {@link measureFootprint}. */
export interface FootprintOptions {
  kind: PoolKind;
  graph: ModuleGraph;
  /** Workers to start, 1 to 64. */
  workers: number;
  /** Wait between the last worker's garbage collection and the memory reading, in milliseconds (0 to 10000; default 200). */
  settleMs?: number;
  /** Interval of the peak sampler during start-up, in milliseconds (10 to 1000; default 50). */
  sampleMs?: number;
  /** Aborting kills the host and its workers; the measurement rejects with an AbortedError. */
  signal?: AbortSignal;
}

const HELLO_TIMEOUT_MS = 30_000;
const EXIT_WAIT_MS = 3000;

function wholeNumber(value: unknown, name: string, min: number, max: number, unit: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(name, `must be a whole number of ${unit} from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Checks the options; throws an InputError naming the field and what would be valid. */
export function footprintConfig(options: FootprintOptions): FootprintConfig {
  if (!POOL_KINDS.includes(options.kind)) throw new InputError("kind", `must be one of ${POOL_KINDS.join(", ")}, got ${String(options.kind)}`);
  if (!isModuleGraph(options.graph)) throw new InputError("graph", `must be one of the module graphs ${MODULE_GRAPHS.join(", ")}, got ${String(options.graph)}`);
  return {
    kind: options.kind,
    graph: options.graph,
    workers: wholeNumber(options.workers, "workers", 1, 64, "workers"),
    settleMs: wholeNumber(options.settleMs ?? 200, "settleMs", 0, 10_000, "milliseconds"),
    sampleMs: wholeNumber(options.sampleMs ?? 50, "sampleMs", 10, 1000, "milliseconds"),
  };
}

const compiledHost = () =>
  compiledEntryPath(import.meta.url, "entry-host");

/** The Node binary and compiled entry that hosts run on, or why there is none. */
export function footprintHost(): { node: string; entry: string; runtime: string } {
  const info = runtimeInfo();
  const node = info.name === "node" ? { path: process.execPath, version: info.version } : findNode();
  const entry = compiledHost();
  if (!node) throw new UnsupportedError("runtime", `footprint hosts run on Node.js, and none was found on PATH (or in PARLAB_NODE) to run them from ${info.name} ${info.version}`);
  if (!fs.existsSync(entry)) throw new UnsupportedError("runtime", `the compiled ${entry} is missing; run npm run build`);
  return { node: node.path, entry, runtime: `node ${node.version}` };
}

/** Hosts alive in this process, killed on exit as a last line of defence (their workers follow). */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Number of footprint hosts alive in this process right now (for tests and leak checks). */
export function liveFootprintHostCount(): number {
  return live.size;
}

/** Kills the host and every process below it, so that a failed measurement leaves nothing running. */
function killTree(child: ChildProcess): void {
  const pids = child.pid === undefined ? [] : processTree(child.pid).reverse();
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // It exited meanwhile.
    }
  }
  child.kill("SIGKILL");
}

/**
 * Measures one host with `workers` workers of `kind`, each loading `graph`. Every process it
 * started has exited when it resolves or rejects.
 *
 * @throws {InputError} On a bad kind, graph, worker count or time.
 * @throws {UnsupportedError} When no Node.js or no compiled host entry is available.
 * @throws {WorkerError} When the host or a worker fails; {AbortedError} when `signal` aborts.
 * @example
 * const r = await measureFootprint({ kind: "processes", graph: "empty", workers: 2 });
 * (r.after.rssBytes - r.before.rssBytes) / 2; // resident bytes per extra process
 */
export async function measureFootprint(options: FootprintOptions): Promise<FootprintReport> {
  const config = footprintConfig(options);
  const host = footprintHost();
  const { signal } = options;
  if (signal?.aborted) throw new AbortedError(signal.reason);
  const child = spawn(host.node, ["--expose-gc", host.entry], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  live.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once("exit", () => {
      for (const c of live) killTree(c);
    });
  }
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, sig) => {
      live.delete(child);
      resolve(sig ? `was killed by ${sig}` : `exited with code ${code}`);
    });
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await new Promise<FootprintReport>((resolve, reject) => {
      const what = `footprint host (${config.kind}×${config.workers}, ${config.graph})`;
      timer = setTimeout(() => reject(new WorkerError(`${what} did not start within ${HELLO_TIMEOUT_MS} ms`)), HELLO_TIMEOUT_MS);
      onAbort = () => reject(new AbortedError(signal?.reason));
      signal?.addEventListener("abort", onAbort, { once: true });
      child.once("error", (error) => reject(new WorkerError(`${what} failed to start: ${error.message}`)));
      void exited.then((how) => reject(new WorkerError(`${what} ${how} before it reported`)));
      child.on("message", (message: FromFootprintHost) => {
        if (message.type === "hello") {
          clearTimeout(timer);
          child.send({ type: "measure", config } satisfies ToFootprintHost);
        } else if (message.type === "report") resolve(message.report);
        else if (message.type === "error") reject(new WorkerError(`${what}: ${message.message}`));
      });
    });
  } catch (error) {
    killTree(child);
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    // The host ends its workers before it reports and exits right after; a host that does not is killed.
    let grace: ReturnType<typeof setTimeout> | undefined;
    const done = await Promise.race([exited.then(() => true), new Promise<false>((r) => (grace = setTimeout(r, EXIT_WAIT_MS, false)))]);
    clearTimeout(grace);
    if (!done) killTree(child);
    await exited;
  }
}
