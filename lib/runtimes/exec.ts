/**
 * Running the `parlab` command again on another runtime: the whole run — the caller, its pools and
 * the servers it starts — then happens on that runtime's binary, and the Result it saves records
 * it. The child shares this terminal; Ctrl-C reaches it with the rest of the process group, a
 * SIGTERM sent to this process is passed on, and it never outlives this process.
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
  const child = spawn(command, argv, { stdio: "inherit", env });
  const kill = () => child.kill("SIGKILL");
  // The terminal sends SIGINT to the whole group; the child stops itself and this process waits.
  const onInt = () => {};
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
