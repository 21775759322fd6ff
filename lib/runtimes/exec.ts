/**
 * Running the `parlab` command again on another runtime: the whole run — the caller, its pools and
 * the servers it starts — then happens on that runtime's binary, and the Result it saves records
 * it. The child runs in a process group of its own and shares this terminal's output: Ctrl-C (the
 * terminal's SIGINT to this group) and a SIGTERM sent to this process are passed on once, and the
 * child, started with `--watch-parent`, watches this process's pid and stops as on SIGTERM if this
 * process dies without a word (SIGKILL, a killed kernel).
 * @module
 */
import { spawn } from "node:child_process";
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

/** Runs `parlab args…` on `runtime` in this terminal and resolves with its exit code (128 + n when a signal ended it). */
export function runOn(runtime: Pick<ResolvedRuntime, "name" | "binary">, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { command, args: argv } = commandOn(runtime, args);
  // Its own group: a terminal's Ctrl-C reaches this process alone, which passes it on once (a second
  // SIGINT to the run means "exit at once").
  const child = spawn(command, argv, { stdio: "inherit", env, detached: true });
  const kill = () => child.kill("SIGKILL");
  const onInt = () => child.kill("SIGINT");
  const onTerm = () => child.kill("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  process.once("exit", kill);
  return new Promise((resolve, reject) => {
    const done = () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      process.off("exit", kill);
    };
    child.once("error", (error) => {
      done();
      reject(error);
    });
    child.once("exit", (code, signal) => {
      done();
      const numbers: Record<string, number> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
      resolve(code ?? 128 + (numbers[signal ?? ""] ?? 1));
    });
  });
}
