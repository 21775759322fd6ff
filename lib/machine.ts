/**
 * The machine a run happens on: a snapshot for the Result, and a sampler of CPU and memory during the run.
 * @module
 */
import { execFileSync } from "node:child_process";
import os from "node:os";
import process from "node:process";
import { OSUtils } from "node-os-utils";
import type { MachineSample, MachineSnapshot } from "./types.ts";

/** The git commit of the folder the lab runs from, or null outside a checkout. */
export function gitState(cwd: string = process.cwd()): MachineSnapshot["git"] {
  try {
    const run = (args: string[]) =>
      execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim();
    const commit = run(["rev-parse", "HEAD"]);
    const dirty = run(["status", "--porcelain", "--untracked-files=no"]) !== "";
    return { commit, dirty };
  } catch {
    return null;
  }
}

/** What this machine is right now: OS, CPU, memory, load average, libuv pool size and git commit. */
export function machineSnapshot(): MachineSnapshot {
  const cpus = os.cpus();
  const uv = process.env.UV_THREADPOOL_SIZE;
  return {
    hostname: os.hostname(),
    os: { platform: process.platform, release: os.release(), arch: process.arch },
    cpu: {
      model: cpus[0]?.model.trim() ?? "unknown",
      // availableParallelism respects CPU affinity (containers, taskset); cpus().length does not.
      cores: typeof os.availableParallelism === "function" ? os.availableParallelism() : cpus.length,
      speedMHz: cpus[0]?.speed ?? 0,
    },
    memory: { totalBytes: os.totalmem(), freeBytes: os.freemem() },
    loadAverage: os.loadavg(),
    uvThreadpoolSize: uv === undefined ? null : Number.parseInt(uv, 10),
    git: gitState(),
    takenAt: new Date().toISOString(),
  };
}

/** A running sampler; `stop()` ends it and returns every sample taken. */
export interface Sampler {
  stop(): Promise<MachineSample[]>;
}

/**
 * Samples whole-machine CPU use and used memory every `intervalMs` until stopped.
 * Uses node-os-utils, which reads /proc on Linux; a failed reading is skipped, not invented.
 * Samples are taken on the event loop, so none are taken while the calling thread computes.
 */
export function startSampler(intervalMs = 500): Sampler {
  const utils = new OSUtils({ cacheEnabled: false });
  const samples: MachineSample[] = [];
  const t0 = performance.now();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: Promise<void> = Promise.resolve();

  const take = async () => {
    const [cpu, mem] = await Promise.all([utils.cpu.usage(), utils.memory.info()]);
    if (stopped) return;
    if (cpu.success && mem.success) {
      samples.push({ tMs: performance.now() - t0, cpuPercent: cpu.data, usedMemoryBytes: mem.data.used.bytes });
    }
  };
  const loop = () => {
    if (stopped) return;
    pending = take().catch(() => undefined).then(() => {
      if (!stopped) {
        timer = setTimeout(loop, intervalMs);
        // A sampler must never keep a finished run alive.
        (timer as { unref?: () => void }).unref?.();
      }
    });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await pending;
      return samples;
    },
  };
}
