/**
 * What the guarantee suites share: the fixtures, the command-line marks of every process a run can
 * start, a tiny scaling run, starting and waiting on processes, reading Results as a run writes them,
 * and a plausible scaling Result. Importing this module registers a hook that kills, when the suite
 * ends, any process it started that is still running.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after } from "node:test";
import { RESULT_SCHEMA, loadResult, resolveParams, scaling, type Result } from "parlab";
import { ROOT, leftovers } from "../helpers.ts";

export const FIXTURES = path.join(ROOT, "test", "fixtures");
export const OWNER = path.join(FIXTURES, "owner.mjs");
export const NOTEBOOKS = path.join(FIXTURES, "notebooks");
/**
 * Command-line marks of every process a run can start: pool workers, cluster primaries and workers,
 * load generators — of this checkout only, so that other checkouts' runs on the machine do not count.
 */
export const DRIVERS = path.join(ROOT, "lib", "dist", "drivers");
export const RUN_PROCESSES = ["pool/entry-process", "cluster/entry-", "loadgen/entry-generator"].map((name) => path.join(DRIVERS, name));
export const [POOL_PROCESS, , LOADGEN_PROCESS] = RUN_PROCESSES as [string, string, string];
/** A tiny scaling run on process pools only, so that there are worker processes to leave behind. */
export const TINY = ["run", "scaling", "--profile", "tiny", "--set", "kinds=processes", "--quiet"];

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fails with the command lines of any run process still alive after `timeoutMs`. */
export async function assertNoOrphans(timeoutMs = 5000): Promise<void> {
  for (const needle of RUN_PROCESSES) assert.deepEqual(await leftovers(needle, timeoutMs), [], `no ${needle} left`);
}

export interface Started {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  stdout(): string;
}

/** Processes the tests started; any still running when the tests end (after a failure) is killed. */
const startedProcesses: ChildProcess[] = [];
after(() => {
  for (const child of startedProcesses) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts a process with its output collected; `exited` resolves when it ends. */
export function start(command: string, args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  startedProcesses.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited, stdout: () => stdout };
}

export async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(50);
  }
}

export const jsonFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f));

/** Waits until a run's checkpoint in `dir` holds at least `trials` trials; every read must load (atomic writes). */
export function checkpointWith(dir: string, trials: number): Promise<Result> {
  return until(`a checkpoint with ${trials} trials`, () => {
    const [file] = jsonFiles(dir);
    if (!file) return undefined;
    const result = loadResult(file); // throws if a reader ever sees a partial file
    return result.trials.length >= trials ? result : undefined;
  });
}

/** A plausible scaling Result with two trials of main and threads×1, saved by the library itself. */
export function scalingResult(overrides: Partial<Result> = {}): Result {
  const params = resolveParams(scaling.params, "tiny", [{ key: "kinds", value: ["threads"], input: "test" }, { key: "workers", value: [1], input: "test" }]);
  const at = "2026-01-01T00:00:00.000Z";
  const trial = (condition: string, index: number, computeMs: number) =>
    ({ condition, index, seq: index, startedAt: at, durationMs: computeMs, ok: true, metrics: { computeMs, ...(condition === "main" ? {} : { startupMs: 50 + index }) } });
  return {
    schema: RESULT_SCHEMA,
    experiment: { id: "scaling", version: 1, title: scaling.title },
    params,
    runtime: { name: "node", version: "20.0.0", v8: "11", mode: "test", features: { cluster: true, reusePort: false, sharedArrayBuffer: true, atomicsWaitAsync: true, requireEsm: true } },
    machine: { hostname: "h", os: { platform: "linux", release: "6", arch: "x64" }, cpu: { model: "cpu", cores: 2, speedMHz: 1 }, memory: { totalBytes: 2 ** 30, freeBytes: 1 }, loadAverage: [0, 0, 0], uvThreadpoolSize: null, git: null, takenAt: at },
    startedAt: at,
    finishedAt: at,
    complete: true,
    order: { kind: "random", seed: 1, warmupsPerCondition: 0, sequence: ["main", "threads×1", "main", "threads×1"] },
    trials: [trial("main", 0, 100), trial("threads×1", 0, 110), trial("main", 1, 104), trial("threads×1", 1, 108)],
    failures: [],
    samples: [],
    summary: null,
    ...overrides,
  } as Result;
}
