/**
 * Running the `parlab` command again on another runtime: the whole run — the caller, its pools and
 * the servers it starts — then happens on that runtime's binary, and the Result it saves records
 * it. The child runs in a process group of its own and shares this terminal's output (a notebook's
 * run collects it instead, {@link startOn}): Ctrl-C (the terminal's SIGINT to this group) and a
 * SIGTERM sent to this process are passed on once, and the child, started with `--watch-parent`,
 * watches this process's pid and stops as on SIGTERM if this process dies without a word (SIGKILL,
 * a killed kernel).
 * @module
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import type { ResolvedRuntime } from "./resolve.ts";

/** The `parlab` command's script (lib/bin/parlab.js), found from this module in lib/ or lib/dist/. */
export function cliScript(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const up of ["..", path.join("..", "..")]) {
    const script = path.join(here, up, "bin", "parlab.js");
    if (fs.existsSync(script)) return path.resolve(script);
  }
  throw new Error(`the parlab script (bin/parlab.js) was not found above ${here}`);
}

/** The command line that runs `parlab args…` on `runtime`. */
export function commandOn(runtime: Pick<ResolvedRuntime, "name" | "binary">, args: readonly string[]): { command: string; args: string[] } {
  const script = cliScript();
  return runtime.name === "deno"
    ? { command: runtime.binary, args: ["run", "--allow-all", "--quiet", script, ...args] }
    : { command: runtime.binary, args: [script, ...args] };
}

/** How {@link startOn} starts the child. */
export interface StartOptions {
  /** The child's environment; this process's when omitted. */
  env?: NodeJS.ProcessEnv;
  /** Collect what the child prints (its stdin ignored) instead of sharing this terminal's output. */
  capture?: boolean;
  /** Pass each SIGINT and SIGTERM this process receives on to the child while it runs. */
  forwardSignals?: boolean;
}

/** A child started by {@link startOn}. */
export interface Started {
  child: ChildProcess;
  /**
   * Settles once the child has exited and its output is closed: its exit code, 128 + n when a
   * signal ended it. Rejects when the child could not be started.
   */
  exited: Promise<number>;
  /** What the child printed on stdout so far; empty unless `capture`. */
  readonly stdout: string;
  /** What the child printed on stderr so far; empty unless `capture`. */
  readonly stderr: string;
}

/**
 * The exit code of a child: its own, else 128 + the number of the signal that ended it for the
 * signals a run is stopped with (SIGINT, SIGKILL, SIGTERM), 129 for any other.
 */
function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): number {
  const numbers: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return code ?? 128 + (numbers[signal ?? ""] ?? 1);
}

/**
 * Starts `parlab args…` on `runtime` in a process group of its own, so that an interrupt sent to
 * this process's group (a terminal's Ctrl-C, Jupyter's interrupt of a kernel) reaches this process
 * alone, which passes it on once (a second SIGINT to the run means "exit at once"): with
 * `forwardSignals`, each SIGINT and SIGTERM it receives; otherwise the caller passes on what it
 * chooses. The child is killed if this process exits while it runs.
 */
export function startOn(runtime: Pick<ResolvedRuntime, "name" | "binary">, args: readonly string[], options: StartOptions = {}): Started {
  const { command, args: argv } = commandOn(runtime, args);
  const child = spawn(command, argv, {
    stdio: options.capture ? ["ignore", "pipe", "pipe"] : "inherit",
    env: options.env ?? process.env,
    detached: true,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const kill = () => child.kill("SIGKILL");
  const onInt = () => child.kill("SIGINT");
  const onTerm = () => child.kill("SIGTERM");
  if (options.forwardSignals) {
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  }
  process.once("exit", kill);
  const exited = new Promise<number>((resolve, reject) => {
    const done = () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      process.off("exit", kill);
    };
    child.once("error", (error) => {
      done();
      reject(error);
    });
    // "close", not "exit": captured output is complete only once the child's pipes are closed.
    child.once("close", (code, signal) => {
      done();
      resolve(exitCodeOf(code, signal));
    });
  });
  return {
    child,
    exited,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

/** Runs `parlab args…` on `runtime` in this terminal and resolves with its exit code (128 + n when a signal ended it). */
export function runOn(runtime: Pick<ResolvedRuntime, "name" | "binary">, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return startOn(runtime, args, { env, forwardSignals: true }).exited;
}
