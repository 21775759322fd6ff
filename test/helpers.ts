/**
 * Shared test helpers: optional tools (skipped with a reason, required when CI=true), the project
 * paths, running the CLI, checks that no worker process outlived a test, and waiting on servers.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CLI = path.join(ROOT, "lib", "bin", "parlab.js");
export const DENO = path.join(ROOT, "node_modules", ".bin", "deno");
export const IN_CI = process.env.CI === "true";

/** A fresh temporary folder, removed when the process exits. */
export function tempDir(prefix = "parlab-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * For node:test's `skip` option: false when the tool works, else the reason to skip.
 * Under CI=true a missing tool throws instead, so CI cannot pass by skipping.
 */
export function needTool(name: string, probe: () => boolean, hint: string): false | string {
  let ok = false;
  try {
    ok = probe();
  } catch {
    ok = false;
  }
  if (ok) return false;
  const reason = `${name} is not installed (${hint})`;
  if (IN_CI) throw new Error(`CI=true requires ${reason}`);
  return reason;
}

const works = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: "ignore", timeout: 60_000 }).status === 0;

export const skipWithoutDeno = () => needTool("deno", () => works(DENO, ["--version"]), "npm ci installs it from the deno package");
export const skipWithoutJupyter = () =>
  needTool("jupyter nbconvert", () => works("jupyter", ["nbconvert", "--version"]), "apt-get install jupyter-nbconvert jupyter-notebook python3-ipykernel");
export const skipWithoutChromium = () => needTool("chromium", () => fs.existsSync("/usr/bin/chromium"), "apt-get install chromium");

/** Runs the parlab CLI; resolves with its exit code and output. */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}) {
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? ROOT,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Command lines of live processes whose command line mentions `needle` (default: the pool's worker entry). */
export function processesMatching(needle = "pool/entry-process"): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      if (cmd.includes(needle)) found.push(`${pid} ${cmd}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

/** Waits until no process matches `needle`, up to `timeoutMs`; returns those still alive. */
export async function leftovers(needle = "pool/entry-process", timeoutMs = 3000): Promise<string[]> {
  const until = Date.now() + timeoutMs;
  let alive = processesMatching(needle);
  while (alive.length > 0 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    alive = processesMatching(needle);
  }
  return alive;
}

/**
 * Marks the processes this test file starts from now on: they inherit `variable`, set to this
 * process's pid. Returns the leftover check of this file alone: the marked processes whose command
 * line mentions `needle`, still alive after up to `timeoutMs`. Servers that other suites or notebooks
 * start on the machine from the same entry modules are not the file's business.
 */
export function markOwnProcesses(variable: string): (needle: string, timeoutMs: number) => Promise<string[]> {
  const mark = `${variable}=${process.pid}`;
  process.env[variable] = String(process.pid);
  return async (needle, timeoutMs) => {
    const ours = () => processesMatching(needle).filter((line) => {
      try {
        return fs.readFileSync(`/proc/${line.split(" ")[0]}/environ`, "utf8").split("\0").includes(mark);
      } catch {
        return false; // it exited while we looked
      }
    });
    const until = Date.now() + timeoutMs;
    while (ours().length > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    return ours();
  };
}

/** Status of a GET on a fresh connection, or the error code; "timeout" after `timeoutMs`. */
export function httpStatus(url: string, timeoutMs = 5000): Promise<number | string> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.setTimeout(timeoutMs, () => request.destroy(Object.assign(new Error("timeout"), { code: "timeout" })));
  });
}

/** Polls `condition` every 20 ms until it holds or `timeoutMs` passes; returns whether it held. */
export async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return condition();
}

/** The newest sound release of Node.js `major` in the lab's runtime cache (`parlab runtimes list --offline`), or undefined. */
export function cachedNode(major: number): string | undefined {
  const r = spawnSync(process.execPath, [CLI, "runtimes", "list", "--offline", "--json"], { encoding: "utf8", timeout: 120_000 });
  const listed = JSON.parse(r.stdout) as { cached: Array<{ version: string; problem: string | null }> };
  return listed.cached.filter((c) => c.problem === null && c.version.startsWith(`${major}.`)).map((c) => c.version).at(-1);
}
