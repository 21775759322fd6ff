/**
 * Entry module of a footprint host: a fresh process per trial, so that the baseline is a bare
 * runtime and no earlier trial's heap is in the reading. On "measure" it reads its own process
 * tree's memory, starts n workers of one kind (threads inside itself, or forked processes), times
 * each from spawn to "ready", has every worker collect its garbage, waits, reads the tree again,
 * reports, ends the workers and exits. It exits with its parent too.
 * @module
 */
import { fork, type ChildProcess } from "node:child_process";
import process from "node:process";
import { Worker } from "node:worker_threads";
import { errorMessage } from "../../errors.ts";
import { startTreeSampler, treeMemory } from "../../machine.ts";
import { entryPath, entryUrl } from "../_host/entry.ts";
import { exitWithParent } from "../_host/orphan.ts";
import { describeExit } from "../_host/process.ts";
import type { FootprintConfig, FootprintReport, FromFootprintHost, FromFootprintWorker, ToFootprintHost, ToFootprintWorker, TreeReading } from "./protocol.ts";

if (typeof process.send !== "function") throw new Error("footprint entry-host must be started with an IPC channel");
/** Resolves once the message is handed to the channel, so that exiting right after cannot drop it. */
const send = (message: FromFootprintHost) => new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));

exitWithParent();

const gc = (globalThis as { gc?: () => void }).gc;
const WORKER = "entry-worker";

/** One started worker, however it runs. */
interface Started {
  pid: number;
  send(message: ToFootprintWorker): void;
  on(listener: (message: FromFootprintWorker) => void): void;
  /** Resolves with a description when the worker exits. */
  exited: Promise<string>;
  end(): void;
}

function startThread(config: FootprintConfig): Started {
  const worker = new Worker(entryUrl(import.meta.url, WORKER), { workerData: { graph: config.graph } });
  return {
    pid: process.pid,
    send: (m) => worker.postMessage(m),
    on: (listener) => worker.on("message", listener),
    exited: new Promise((resolve) => {
      worker.once("exit", (code) => resolve(`exited with code ${code}`));
      worker.once("error", (error) => resolve(`threw ${error.message}`));
    }),
    end: () => void worker.terminate(),
  };
}

function startProcess(config: FootprintConfig): Started {
  // Workers get the host's own garbage-collection flag and nothing else, so both kinds run the same V8 flags.
  const child: ChildProcess = fork(entryPath(import.meta.url, WORKER), [config.graph], {
    execArgv: gc ? ["--expose-gc"] : [],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return {
    pid: child.pid ?? -1,
    send: (m) => child.connected && child.send(m),
    on: (listener) => child.on("message", listener),
    exited: new Promise((resolve) => {
      child.once("exit", (code, signal) => resolve(describeExit({ code, signal })));
      child.once("error", (error) => resolve(`failed to start: ${error.message}`));
    }),
    end: () => void child.kill("SIGKILL"),
  };
}

function reading(): TreeReading {
  gc?.();
  const m = treeMemory(process.pid);
  return { rssBytes: m.rssBytes, pssBytes: m.pssBytes, pids: m.pids };
}

/** Resolves when every worker has sent `type`; rejects when one fails or exits first. */
function allSent(workers: Started[], type: "ready" | "collected", onEach?: (i: number, m: FromFootprintWorker) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let left = workers.length;
    workers.forEach((w, i) => {
      w.on((m) => {
        if (m.type === "error") reject(new Error(`worker ${i} failed to load its modules: ${m.message}`));
        else if (m.type === type) {
          onEach?.(i, m);
          if (--left === 0) resolve();
        }
      });
      void w.exited.then((how) => reject(new Error(`worker ${i} (pid ${w.pid}) ${how} before it was ${type}`)));
    });
  });
}

async function measure(config: FootprintConfig): Promise<{ report: FootprintReport; workers: Started[] }> {
  const before = reading();
  const sampler = startTreeSampler(process.pid, config.sampleMs);
  const workers: Started[] = [];
  const spawnedAt: number[] = [];
  const workerStartupMs: number[] = [];
  const loadMs: number[] = [];
  try {
    for (let i = 0; i < config.workers; i++) {
      spawnedAt.push(performance.now());
      workers.push(config.kind === "threads" ? startThread(config) : startProcess(config));
    }
    await allSent(workers, "ready", (i, m) => {
      workerStartupMs[i] = performance.now() - spawnedAt[i]!;
      loadMs[i] = (m as { loadMs: number }).loadMs;
    });
    const allReadyMs = Math.max(...workerStartupMs.map((ms, i) => spawnedAt[i]! + ms)) - spawnedAt[0]!;
    const collected = allSent(workers, "collected");
    for (const w of workers) w.send({ type: "collect" });
    await collected;
    const peak = sampler.stop();
    await new Promise((resolve) => setTimeout(resolve, config.settleMs));
    const after = reading();
    return {
      workers,
      report: {
        runtime: `node ${process.versions.node}`,
        collected: gc !== undefined,
        hostPid: process.pid,
        workerPids: workers.map((w) => w.pid),
        before,
        after,
        peakRssBytes: peak.peakRssBytes,
        peakPssBytes: peak.peakPssBytes,
        workerStartupMs,
        loadMs,
        allReadyMs,
      },
    };
  } catch (error) {
    sampler.stop();
    await endAll(workers);
    throw error;
  }
}

async function endAll(workers: Started[]): Promise<void> {
  for (const w of workers) w.end();
  await Promise.all(workers.map((w) => w.exited));
}

process.on("message", async (message: ToFootprintHost) => {
  if (message.type !== "measure") return;
  try {
    const { report, workers } = await measure(message.config);
    // Workers end before the report goes out, so a caller that has the report has no worker left to reap.
    await endAll(workers);
    await send({ type: "report", report });
  } catch (error) {
    await send({ type: "error", message: errorMessage(error) });
  }
  process.disconnect();
  process.exit(0);
});

void send({ type: "hello", runtime: `node ${process.versions.node}`, collected: gc !== undefined });
