/**
 * The machine a run happens on: a snapshot for the Result, and a sampler of CPU and memory during the run.
 * @module
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
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

/** Cores this process may run on: availableParallelism respects CPU affinity (containers, taskset); cpus().length does not. */
function machineCores(): number {
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
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
      cores: machineCores(),
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

  const cores = machineCores();
  const take = async () => {
    // The machine's CPU is measured over a window; the lab's own tree is read at both ends of it, so
    // what the rest of the machine used in the same window is the difference.
    const windowStart = performance.now();
    const ownStart = ownCpuMs();
    const [cpu, mem] = await Promise.all([utils.cpu.usage(), utils.memory.info()]);
    const windowEnd = performance.now();
    const ownEnd = ownCpuMs();
    if (stopped) return;
    if (cpu.success && mem.success) {
      const windowMs = windowEnd - windowStart;
      const sample: MachineSample = { tMs: windowEnd - t0, windowMs, cpuPercent: cpu.data, usedMemoryBytes: mem.data.used.bytes };
      if (ownStart !== null && ownEnd !== null && windowMs > 0) {
        const ownPercent = (100 * (ownEnd - ownStart)) / (windowMs * cores);
        sample.otherCpuPercent = Math.max(0, cpu.data - ownPercent);
      }
      samples.push(sample);
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

/** Memory of a process tree at one moment, read from /proc (Linux only). */
export interface TreeMemory {
  /** The root and every live descendant, root first. */
  pids: number[];
  /** Sum of the resident set sizes of every process of the tree, in bytes (shared pages counted once per process). */
  rssBytes: number;
  /**
   * Sum of the proportional set sizes, in bytes: each shared page split between the processes that
   * map it, so shared code is not double-counted. Null where /proc/<pid>/smaps_rollup is missing.
   */
  pssBytes: number | null;
}

const PAGE_BYTES = 4096;

function readProc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, "utf8");
  } catch {
    return null; // The process ended while we looked, or this is not Linux.
  }
}

/** The parent pid in /proc/<pid>/stat (the command name may hold spaces and parentheses). */
function parentOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[1]);
}

/** True where the lab can read process trees (/proc). */
export function canReadProcessTree(): boolean {
  return readProc(process.pid, "stat") !== null;
}

/** Whether this kernel lists each thread's children in /proc/<pid>/task/<tid>/children. */
let childrenFiles: boolean | undefined;

/** Children of `pid`, one read per thread of it; [] when it has ended. */
function childrenOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const tid of tasks) {
    for (const child of (readProc(pid, `task/${tid}/children`) ?? "").split(" ")) if (child.trim() !== "") found.push(Number(child));
  }
  return found;
}

/** Children of every process, from each one's parent pid: a scan of all of /proc, for kernels without children files. */
function childrenByScan(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return children;
  }
  for (const entry of entries) {
    const stat = readProc(Number(entry), "stat");
    if (stat === null) continue;
    const ppid = parentOf(stat);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  return children;
}

/**
 * The pid `root` and all its live descendants, root first. Walks the tree down through
 * /proc/<pid>/task/<tid>/children, which costs a few reads per process of the tree; where the kernel
 * lacks those files, scans every process's parent pid, which costs a read per process of the machine.
 * Samplers call this every few tens of milliseconds beside the work they measure, so the cost matters.
 */
export function processTree(root: number): number[] {
  if (readProc(root, "stat") === null) return [];
  childrenFiles ??= readProc(process.pid, `task/${process.pid}/children`) !== null;
  const scanned = childrenFiles ? null : childrenByScan();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(scanned ? (scanned.get(tree[i]!) ?? []) : childrenOf(tree[i]!)));
  return tree;
}

/**
 * RSS and, when `pss` is true and the kernel offers it, PSS of one process in bytes; null when it
 * has ended. RSS comes from /proc/<pid>/statm (cheap); PSS from /proc/<pid>/smaps_rollup, for which
 * the kernel walks every mapping — milliseconds for a process of a few hundred MB.
 */
export function processMemory(pid: number, pss = true): { rssBytes: number; pssBytes: number | null } | null {
  const statm = readProc(pid, "statm");
  if (statm === null) return null;
  const rssBytes = Number(statm.split(" ")[1]) * PAGE_BYTES;
  if (!pss) return { rssBytes, pssBytes: null };
  const rollup = readProc(pid, "smaps_rollup");
  const found = rollup?.match(/^Pss:\s+(\d+) kB/m);
  return { rssBytes, pssBytes: found ? Number(found[1]) * 1024 : null };
}

/**
 * Memory of the tree rooted at `root` (default: this process), summed over every live process in it.
 * With `pss` false only RSS is read (pssBytes null), which is far cheaper.
 */
export function treeMemory(root: number = process.pid, pss = true): TreeMemory {
  const pids: number[] = [];
  let rssBytes = 0;
  let pssBytes: number | null = 0;
  for (const pid of processTree(root)) {
    const m = processMemory(pid, pss);
    if (!m) continue;
    pids.push(pid);
    rssBytes += m.rssBytes;
    pssBytes = m.pssBytes === null || pssBytes === null ? null : pssBytes + m.pssBytes;
  }
  return { pids, rssBytes, pssBytes: pids.length > 0 ? pssBytes : null };
}

/** A running sampler of a process tree's memory; `stop()` returns the peaks and every sample. */
export interface TreeSampler {
  stop(): {
    peakRssBytes: number;
    /** Highest PSS among the readings that took it (every `pssIntervalMs`, and at start and stop); null when none could. */
    peakPssBytes: number | null;
    maxProcesses: number;
    /**
     * Every reading; pssBytes is null in those that read RSS only, and in those where a process being
     * forked or reaped had no smaps_rollup for an instant (the PSS peak skips them).
     */
    samples: Array<{ tMs: number } & TreeMemory>;
  };
}

/**
 * Samples the memory of the tree rooted at `root`: RSS every `intervalMs`, PSS every
 * `pssIntervalMs` (PSS costs the sampling process milliseconds of kernel time per process, which a
 * 2-core machine takes from the work being measured), and both at start and stop, so even a short
 * trial has two full readings.
 */
export function startTreeSampler(root: number = process.pid, intervalMs = 50, pssIntervalMs = 500): TreeSampler {
  const t0 = performance.now();
  const samples: Array<{ tMs: number } & TreeMemory> = [];
  let lastPss = -Infinity;
  const take = (forcePss: boolean) => {
    const tMs = performance.now() - t0;
    const pss = forcePss || tMs - lastPss >= pssIntervalMs;
    if (pss) lastPss = tMs;
    samples.push({ tMs, ...treeMemory(root, pss) });
  };
  take(true);
  const timer = setInterval(() => take(false), intervalMs);
  (timer as { unref?: () => void }).unref?.();
  return {
    stop() {
      clearInterval(timer);
      take(true);
      const pss = samples.map((s) => s.pssBytes).filter((p): p is number => p !== null);
      return {
        peakRssBytes: Math.max(...samples.map((s) => s.rssBytes)),
        peakPssBytes: pss.length > 0 ? Math.max(...pss) : null,
        maxProcesses: Math.max(...samples.map((s) => s.pids.length)),
        samples,
      };
    },
  };
}

// Clock ticks per second of /proc/<pid>/stat times: USER_HZ, 100 on every Linux architecture Node runs on.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system, all threads) process `pid` has used so far, in milliseconds; null when it has ended. */
export function processCpuMs(pid: number): number | null {
  const stat = readProc(pid, "stat");
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the state field.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** CPU time used so far by the tree rooted at `root`, summed over its live processes, in milliseconds. */
export function treeCpuMs(root: number = process.pid): number {
  let total = 0;
  for (const pid of processTree(root)) total += processCpuMs(pid) ?? 0;
  return total;
}

/** User + system CPU of process `pid` and of its children it has reaped, in milliseconds; null when it has ended. */
function cpuWithReapedMs(pid: number): number | null {
  const stat = readProc(pid, "stat");
  if (stat === null) return null;
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime, stime, cutime, cstime are fields 14–17 of stat, i.e. 11–14 after the state field.
  const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  return (ticks * 1000) / TICKS_PER_SECOND;
}

/**
 * CPU time used so far by this process and everything it started, in milliseconds, including
 * children that have already exited (the kernel adds a reaped child's time to its parent's), so
 * that pools torn down between two readings still count. Null where /proc cannot be read.
 */
export function ownCpuMs(root: number = process.pid): number | null {
  const tree = processTree(root);
  if (tree.length === 0) return null;
  let total = 0;
  for (const pid of tree) total += cpuWithReapedMs(pid) ?? 0;
  return total;
}
