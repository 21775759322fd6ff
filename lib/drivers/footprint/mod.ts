/**
 * What n workers weigh and how long they take to start: one fresh host process per measurement
 * (entry-host) starts n threads inside itself or forks n processes, each loading a module
 * graph from a fixed table, and reads its process tree's RSS and PSS before and after. The host
 * runs on Node from the compiled entry in lib/dist with --expose-gc, never on the caller's own
 * flags, so a trial's baseline is a bare runtime whatever runs the notebook; under Deno, which has
 * no node:worker_threads fork of its own to measure here, that Node is the one on PATH.
 * @module
 */
import type { ChildProcess } from "node:child_process";
import process from "node:process";
import { AbortedError, WorkerError } from "../../errors.ts";
import { processTree } from "../../machine.ts";
import { MODULE_GRAPHS, type ModuleGraph } from "../../workloads/graphs.ts";
import { liveChildCount, trackChild } from "../_host/children.ts";
import { serverHost, type ServerHost } from "../_host/node-host.ts";
import { oneOf, wholeNumber } from "../_host/options.ts";
import { describeExit, settlesWithin } from "../_host/process.ts";
import { POOL_KINDS, type PoolKind } from "../pool/mod.ts";
import type { FootprintConfig, FootprintReport, FromFootprintHost, ToFootprintHost } from "./protocol.ts";

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

/** Checks the options; throws an InputError naming the field and what would be valid. */
export function footprintConfig(options: FootprintOptions): FootprintConfig {
  return {
    kind: oneOf("kind", options.kind, POOL_KINDS),
    graph: oneOf("graph", options.graph, MODULE_GRAPHS, "the module graphs"),
    workers: wholeNumber("workers", options.workers, 1, 64, "workers"),
    settleMs: wholeNumber("settleMs", options.settleMs ?? 200, 0, 10_000, "milliseconds"),
    sampleMs: wholeNumber("sampleMs", options.sampleMs ?? 50, 10, 1000, "milliseconds"),
  };
}

/**
 * The Node binary and compiled entry that hosts run on (`node`, `entry`, `runtime`), and how to
 * start one; throws an UnsupportedError when there is no Node.js or no compiled entry.
 */
export function footprintHost(): ServerHost {
  return serverHost(import.meta.url, "entry-host", { what: "a footprint host", why: "it measures a bare Node.js", launch: "spawn", execArgv: ["--expose-gc"] });
}

/** Number of footprint hosts alive in this process right now (for tests and leak checks). */
export function liveFootprintHostCount(): number {
  return liveChildCount("footprint");
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
  const child = host.start({ stdout: "ignore" });
  // Its workers are its own children: if this process exits first, the whole tree goes.
  trackChild("footprint", child, () => killTree(child));
  const exited = new Promise<string>((resolve) => {
    child.once("exit", (code, sig) => resolve(describeExit({ code, signal: sig })));
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
    if (!(await settlesWithin(exited, EXIT_WAIT_MS))) killTree(child);
    await exited;
  }
}
