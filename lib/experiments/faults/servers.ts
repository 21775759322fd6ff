/**
 * The two servers a fault trial runs, seen through one interface: a cluster (primary and worker
 * processes) and a one-process thread server. Each adapter starts its server, injects the fault,
 * says when the fault has acted, and reads what it did (exit, replacement, process death). Part of
 * the measuring side: only measure.ts imports it.
 * @module
 */
import process from "node:process";
import { startCluster, type ClusterFault } from "../../drivers/cluster/mod.ts";
import { isRunning, sleep } from "../../drivers/_host/node-host.ts";
import { crashReason, describeExit, startThreadServer, type ThreadFault } from "../../drivers/thread-server/mod.ts";
import type { FaultCondition } from "./table.ts";
import type { FaultsParams } from "./types.ts";
import { ORPHAN_WAIT_MS, REPLACEMENT_WAIT_MS } from "./waits.ts";

/** A running server of either model, seen through what a fault trial needs. */
export interface FaultTarget {
  url: string;
  serverRuntime: string;
  inject(): void;
  /** True once the fault has visibly acted: a worker, thread or process died. */
  acted(): boolean;
  /** After the load: exit and replacement times, process death, and how it ended. */
  outcome(faultEpochMs: number): Promise<{ metrics: Record<string, number>; detail: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** ": <the line of a dead process's stderr that says why>", or "". */
function reasonOf(stderr: string): string {
  const reason = crashReason(stderr);
  return reason ? `: ${reason}` : "";
}

/** Milliseconds until none of `pids` runs, polled; `ORPHAN_WAIT_MS` and the ones left if some still run then. */
async function timeUntilGone(pids: number[], fromMs: number): Promise<{ ms: number; left: number }> {
  while (pids.some(isRunning) && performance.now() - fromMs < ORPHAN_WAIT_MS) await sleep(10);
  return { ms: performance.now() - fromMs, left: pids.filter(isRunning).length };
}

/** Starts a cluster set up for condition `c` (respawning or not) and returns it as a fault target. */
export async function clusterTarget(c: FaultCondition, params: FaultsParams, signal: AbortSignal): Promise<FaultTarget> {
  const server = await startCluster({
    policy: "rr", workers: params.workers, handlerCostMs: params.handlerCostMs, signal,
    onWorkerExit: c.respawn ? "respawn" : "continue",
    workerHeapMb: params.heapMb,
  });
  let orphans: Promise<{ ms: number; left: number }> | null = null;
  return {
    url: `http://${server.host}:${server.port}/`,
    serverRuntime: server.serverRuntime,
    inject() {
      if (c.fault === "primary-sigkill") {
        const workers = [...server.workerPids];
        const t0 = performance.now();
        process.kill(server.primaryPid, "SIGKILL");
        orphans = timeUntilGone(workers, t0);
      } else {
        server.injectFault(c.fault as ClusterFault, 0);
      }
    },
    acted: () => server.events().length > 0 || orphans !== null,
    async outcome(faultEpochMs) {
      const until = performance.now() + REPLACEMENT_WAIT_MS;
      const waiting = () => c.respawn && !orphans && server.events().some((e) => e.type === "worker-exit") && !server.events().some((e) => e.type === "respawned");
      while (waiting() && performance.now() < until) await sleep(20);
      const events = server.events();
      const exit = events.find((e) => e.type === "worker-exit");
      const respawn = events.find((e) => e.type === "respawned");
      const gone = orphans ? await orphans : null;
      const primaryDied = c.fault === "primary-sigkill" ? 1 : server.failure() && !isRunning(server.primaryPid) ? 1 : 0;
      const metrics: Record<string, number> = {
        processDied: primaryDied,
        workersAfter: primaryDied ? 0 : server.workerPids.filter(isRunning).length,
        ...(exit ? { faultToExitMs: exit.atEpochMs - faultEpochMs } : {}),
        ...(exit && respawn ? { replacementMs: respawn.atEpochMs - exit.atEpochMs } : {}),
        ...(gone ? { orphanExitMs: gone.ms, orphansLeft: gone.left } : {}),
      };
      const outcome = exit?.type === "worker-exit" ? `worker ${describeExit(exit)}${reasonOf(exit.stderrTail)}` : gone ? `primary was killed by SIGKILL` : null;
      return { metrics, detail: { outcome, events: events.map((e) => ({ ...e, atMs: e.atEpochMs - faultEpochMs, stderrTail: undefined })) } };
    },
    close: () => server.close(),
  };
}

/** Starts a thread server set up for condition `c` (with an error listener or not) and returns it as a fault target. */
export async function threadTarget(c: FaultCondition, params: FaultsParams, signal: AbortSignal): Promise<FaultTarget> {
  const server = await startThreadServer({ threads: params.workers, handlerCostMs: params.handlerCostMs, errorListener: c.errorListener, heapMb: params.heapMb, signal });
  return {
    url: `http://${server.host}:${server.port}/`,
    serverRuntime: server.serverRuntime,
    inject: () => server.injectFault(c.fault as ThreadFault, 0),
    acted: () => server.events().length > 0 || server.exit() !== null,
    async outcome(faultEpochMs) {
      const events = server.events();
      const exit = events.find((e) => e.type === "thread-exit");
      const replaced = events.find((e) => e.type === "replaced");
      const died = server.exit();
      const diedAt = exit?.atEpochMs ?? died?.atEpochMs;
      const metrics: Record<string, number> = {
        processDied: died ? 1 : 0,
        workersAfter: died ? 0 : params.workers,
        ...(diedAt !== undefined ? { faultToExitMs: diedAt - faultEpochMs } : {}),
        ...(exit && replaced ? { replacementMs: replaced.atEpochMs - exit.atEpochMs } : {}),
      };
      const outcome = died
        ? `process ${describeExit(died)}${died.reason ? `: ${died.reason}` : ""}`
        : exit?.type === "thread-exit" ? `thread exited with code ${exit.code}${exit.error ? `: ${exit.error}` : ""}` : null;
      return {
        metrics,
        detail: { outcome, exitCode: died?.code ?? null, exitSignal: died?.signal ?? null, events: events.map((e) => ({ ...e, atMs: e.atEpochMs - faultEpochMs })) },
      };
    },
    close: () => server.close(),
  };
}

/** Starts the server of condition `c`'s model and returns it as a fault target. */
export function startTarget(c: FaultCondition, params: FaultsParams, signal: AbortSignal): Promise<FaultTarget> {
  return c.model === "cluster" ? clusterTarget(c, params, signal) : threadTarget(c, params, signal);
}
