/**
 * The two servers a fault trial runs, seen through one interface: a cluster (primary and worker
 * processes) and a one-process thread server. Each adapter takes a started server, injects the
 * fault, says when the fault has acted, and reads what it did (exit, replacement, process death).
 * Part of the measuring side, used by measure.ts, which starts the servers and hands in how to look
 * at a process; this file itself loads no driver.
 * @module
 */
import process from "node:process";
import type { ClusterFault, ClusterServer } from "../../drivers/cluster/mod.ts";
import type { ThreadFault, ThreadServer } from "../../drivers/thread-server/mod.ts";
import type { FaultCondition } from "./table.ts";
import { ORPHAN_WAIT_MS, pause, REPLACEMENT_WAIT_MS } from "./waits.ts";

/** A running server of either model, seen through what a fault trial needs. */
export interface FaultTarget {
  url: string;
  serverRuntime: string;
  inject(): void;
  /** True once the fault has visibly acted: a worker, thread or process died. */
  acted(): boolean;
  /**
   * Requests and connections each live worker has served since it started listening, by pid, from the
   * server's own counters; null where the server keeps none per worker (the thread server) or did not
   * answer within a second (a primary that is gone, a worker dying slowly).
   */
  served(): Promise<WorkerServed[] | null>;
  /** After the load: exit and replacement times, process death, and how it ended. */
  outcome(faultEpochMs: number): Promise<{ metrics: Record<string, number>; detail: Record<string, unknown> }>;
  close(): Promise<void>;
}

/** One worker's counters as the server reports them. */
export interface WorkerServed {
  index: number;
  pid: number;
  requests: number;
  connections: number;
}

/** How long a fault trial waits for the server's counters, in milliseconds. */
const SERVED_TIMEOUT_MS = 1000;

/** How to look at a process, from the drivers: handed in by measure.ts. */
export interface ProcessProbe {
  /** True while `pid` runs (a zombie counts as gone). */
  isRunning(pid: number): boolean;
  /** The line of a dead process's stderr that says why it died, or "". */
  crashReason(stderr: string): string;
  /** How a process ended: "exited with code 1" or "was killed by SIGABRT". */
  describeExit(exit: { code: number | null; signal: string | null }): string;
}

/** ": <the line of a dead process's stderr that says why>", or "". */
function reasonOf(stderr: string, probe: ProcessProbe): string {
  const reason = probe.crashReason(stderr);
  return reason ? `: ${reason}` : "";
}

/** Milliseconds until none of `pids` runs, polled; `ORPHAN_WAIT_MS` and the ones left if some still run then. */
async function timeUntilGone(pids: number[], fromMs: number, probe: ProcessProbe): Promise<{ ms: number; left: number }> {
  while (pids.some(probe.isRunning) && performance.now() - fromMs < ORPHAN_WAIT_MS) await pause(10);
  return { ms: performance.now() - fromMs, left: pids.filter(probe.isRunning).length };
}

/** A cluster started for condition `c` (respawning or not) as a fault target. */
export function clusterTarget(server: ClusterServer, c: FaultCondition, probe: ProcessProbe): FaultTarget {
  let orphans: Promise<{ ms: number; left: number }> | null = null;
  return {
    url: `http://${server.host}:${server.port}/`,
    serverRuntime: server.serverRuntime,
    inject() {
      if (c.fault === "primary-sigkill") {
        const workers = [...server.workerPids];
        const t0 = performance.now();
        process.kill(server.primaryPid, "SIGKILL");
        orphans = timeUntilGone(workers, t0, probe);
      } else {
        server.injectFault(c.fault as ClusterFault, 0);
      }
    },
    acted: () => server.events().length > 0 || orphans !== null,
    async served() {
      if (orphans) return null;
      // A replacement being forked answers no question until it listens: wait for it (the counters
      // of the others no longer move once the load has ended).
      const until = performance.now() + REPLACEMENT_WAIT_MS;
      const starting = () => c.respawn && server.events().filter((e) => e.type === "worker-exit").length > server.events().filter((e) => e.type === "respawned").length;
      while (starting() && performance.now() < until) await pause(20);
      if (starting()) return null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), SERVED_TIMEOUT_MS)));
      const counts = server.stats().then((s) => s.workers.map((w) => ({ index: w.index, pid: w.pid, requests: w.requests, connections: w.connections })), () => null);
      return await Promise.race([counts, late]).finally(() => clearTimeout(timer));
    },
    async outcome(faultEpochMs) {
      const until = performance.now() + REPLACEMENT_WAIT_MS;
      const waiting = () => c.respawn && !orphans && server.events().some((e) => e.type === "worker-exit") && !server.events().some((e) => e.type === "respawned");
      while (waiting() && performance.now() < until) await pause(20);
      const events = server.events();
      const exit = events.find((e) => e.type === "worker-exit");
      const respawn = events.find((e) => e.type === "respawned");
      const gone = orphans ? await orphans : null;
      const primaryDied = c.fault === "primary-sigkill" ? 1 : server.failure() && !probe.isRunning(server.primaryPid) ? 1 : 0;
      const metrics: Record<string, number> = {
        processDied: primaryDied,
        workersAfter: primaryDied ? 0 : server.workerPids.filter(probe.isRunning).length,
        ...(exit ? { faultToExitMs: exit.atEpochMs - faultEpochMs } : {}),
        ...(exit && respawn ? { replacementMs: respawn.atEpochMs - exit.atEpochMs } : {}),
        ...(gone ? { orphanExitMs: gone.ms, orphansLeft: gone.left } : {}),
      };
      const outcome = exit?.type === "worker-exit" ? `worker ${probe.describeExit(exit)}${reasonOf(exit.stderrTail, probe)}` : gone ? `primary was killed by SIGKILL` : null;
      return { metrics, detail: { outcome, events: events.map((e) => ({ ...e, atMs: e.atEpochMs - faultEpochMs, stderrTail: undefined })) } };
    },
    close: () => server.close(),
  };
}

/** A thread server of `threads` threads started for condition `c` (with an error listener or not) as a fault target. */
export function threadTarget(server: ThreadServer, c: FaultCondition, threads: number, probe: ProcessProbe): FaultTarget {
  return {
    url: `http://${server.host}:${server.port}/`,
    serverRuntime: server.serverRuntime,
    inject: () => server.injectFault(c.fault as ThreadFault, 0),
    acted: () => server.events().length > 0 || server.exit() !== null,
    served: () => Promise.resolve(null),
    async outcome(faultEpochMs) {
      const events = server.events();
      const exit = events.find((e) => e.type === "thread-exit");
      const replaced = events.find((e) => e.type === "replaced");
      const died = server.exit();
      const diedAt = exit?.atEpochMs ?? died?.atEpochMs;
      const metrics: Record<string, number> = {
        processDied: died ? 1 : 0,
        workersAfter: died ? 0 : threads,
        ...(diedAt !== undefined ? { faultToExitMs: diedAt - faultEpochMs } : {}),
        ...(exit && replaced ? { replacementMs: replaced.atEpochMs - exit.atEpochMs } : {}),
      };
      const outcome = died
        ? `process ${probe.describeExit(died)}${died.reason ? `: ${died.reason}` : ""}`
        : exit?.type === "thread-exit" ? `thread exited with code ${exit.code}${exit.error ? `: ${exit.error}` : ""}` : null;
      return {
        metrics,
        detail: { outcome, exitCode: died?.code ?? null, exitSignal: died?.signal ?? null, events: events.map((e) => ({ ...e, atMs: e.atEpochMs - faultEpochMs })) },
      };
    },
    close: () => server.close(),
  };
}
