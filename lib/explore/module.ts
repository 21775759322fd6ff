/**
 * The user's module, resolved and checked in the host before any worker starts: the file exists,
 * it loads, and the export named is a function. A relative path is looked for in the notebook's
 * folder when the lab knows it (PARLAB_NOTEBOOK, set by the headless exporter, or the script a
 * notebook runs as), then in the working folder (which Jupyter sets to the notebook's folder under
 * tslab and Deno's kernel); the error names the folders it looked in.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { errorMessage, InputError } from "../errors.ts";
import { labEnv } from "../env.ts";
import { runMode } from "../runtime.ts";
import { describeValue, importUserModule, type UserFunction, type UserModuleRef } from "../drivers/pool/user-module.ts";

/** A function of the user's: the module file and the name it is exported under. */
export interface UserFunctionSpec {
  /** The module's file: absolute, a file URL, or relative to the notebook's folder (else the working folder). */
  module: string | URL;
  /** Name of the exported function; "default" for the default export (the default). */
  export?: string;
}

/** A checked user module: where it is, and its function loaded in the host. */
export interface CheckedUserModule extends UserModuleRef {
  file: string;
  fn: UserFunction;
}

/** The folders relative module paths are looked for in, in order, each with how it was chosen (for error messages). */
export function moduleBases(): Array<{ dir: string; what: string }> {
  const bases: Array<{ dir: string; what: string }> = [];
  const notebook = labEnv().notebook;
  // A kernel's argv[1] is the kernel's; a script's is the notebook (or script) being run.
  const script = runMode() === "script" && process.argv[1] && /\.(c|m)?[jt]s$/.test(process.argv[1]) ? process.argv[1] : undefined;
  const source = notebook ?? script;
  if (source) bases.push({ dir: path.dirname(path.resolve(source)), what: "the notebook's folder" });
  const cwd = process.cwd();
  if (!bases.some((b) => b.dir === cwd)) bases.push({ dir: cwd, what: "the working folder" });
  return bases;
}

/** The absolute path of `module`, or an InputError naming it and where it was looked for. */
export function resolveModuleFile(module: string | URL, input = "module"): string {
  if (module instanceof URL || (typeof module === "string" && module.startsWith("file:"))) return fileURLToPath(module);
  if (typeof module !== "string" || module.trim() === "") {
    throw new InputError(input, `give the module's file as a path (absolute, or relative to the notebook's folder) or a file URL; got ${describeValue(module)}`);
  }
  if (path.isAbsolute(module)) return module;
  const candidates = moduleBases().map((b) => path.resolve(b.dir, module));
  return candidates.find((f) => fs.existsSync(f)) ?? candidates[candidates.length - 1]!;
}

/**
 * Resolves and checks `spec` in the host: the file exists, it loads, and its export is a function.
 * Throws an InputError naming the file and the export otherwise; starts no worker.
 */
export async function checkUserModule(spec: UserFunctionSpec, input = "module"): Promise<CheckedUserModule> {
  const exportName = spec.export ?? "default";
  if (typeof exportName !== "string" || exportName === "") throw new InputError("export", `give the name of an exported function; got ${describeValue(exportName)}`);
  const file = resolveModuleFile(spec.module, input);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    const relative = typeof spec.module === "string" && !spec.module.startsWith("file:") && !path.isAbsolute(spec.module);
    const against = relative ? `, looked for in ${moduleBases().map((b) => `${b.what} (${b.dir})`).join(" and ")}` : "";
    throw new InputError(input, `${file} does not exist${against}; give the path of a .ts or .js module`);
  }
  const url = pathToFileURL(file).href;
  let module: Record<string, unknown>;
  try {
    module = await importUserModule(url);
  } catch (error) {
    throw new InputError(input, `${file} failed to load: ${errorMessage(error)}`);
  }
  const fn = module[exportName];
  if (typeof fn !== "function") {
    const names = Object.keys(module).filter((k) => typeof module[k] === "function");
    throw new InputError(`export "${exportName}" of ${file}`, `is ${describeValue(fn)}, not a function; the module's exported functions: ${names.join(", ") || "none"}`);
  }
  return { file, url, exportName, fn: fn as UserFunction };
}
