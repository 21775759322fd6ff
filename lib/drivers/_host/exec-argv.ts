/**
 * Which of the parent's Node.js flags a child process or worker thread inherits. Every family
 * starts its children with these, so that a child runs the same V8 limits (and, from source, the
 * same module loader) as the caller, and never re-runs the caller's eval or test runner.
 * @module
 */
import process from "node:process";
import { FROM_SOURCE } from "./entry.ts";

// Only the parent's flags that change how modules load or how V8 runs reach a worker. Anything else
// could turn it into something else: `-e code` would re-run the caller, `--test` a test runner.
const INHERITED_FLAG = /^(--(import|require|loader|experimental-loader|conditions|enable-source-maps|no-warnings|disable-warning|max-old-space-size|max-semi-space-size|stack-size|expose-gc|(no-)?experimental-[\w-]+)|-r|-C)$/;
const TAKES_VALUE = /^(--(import|require|loader|experimental-loader|conditions|disable-warning|max-old-space-size|max-semi-space-size|stack-size)|-r|-C)$/;

// Module loaders (tsx and the like) only matter when the lab runs from its TypeScript source. Its
// compiled entries need none, and a loader in every worker would add its own memory and start-up to
// what the lab measures (about 30 MB of RSS per process under tsx).
const LOADER_FLAG = /^(--(import|require|loader|experimental-loader)|-r)$/;

/**
 * The parent's flags a worker inherits, as a new array: V8 limits, and module loaders when the
 * workers run from source (`fromSource`, true when this module is TypeScript); never an eval or a
 * test runner.
 */
export function childExecArgv(execArgv: readonly string[] = process.execArgv, fromSource = FROM_SOURCE): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    const name = arg.split("=")[0]!;
    const separateValue = !arg.includes("=") && TAKES_VALUE.test(name);
    if (INHERITED_FLAG.test(name) && (fromSource || !LOADER_FLAG.test(name))) {
      kept.push(arg);
      if (separateValue && i + 1 < execArgv.length) kept.push(execArgv[i + 1]!);
    }
    if (separateValue) i++;
  }
  return kept;
}
