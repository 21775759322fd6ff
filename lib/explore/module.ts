/**
 * The user's module, resolved and checked in the host before any worker starts: the file exists,
 * it loads, and the export named is a function. Relative paths resolve against the notebook's
 * folder when the lab knows it (PARLAB_NOTEBOOK, set by the headless exporter), else against the
 * working folder (which Jupyter sets to the notebook's folder); the error says which.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { errorMessage, InputError } from "../errors.ts";
import { labEnv } from "../env.ts";
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

/** The folder relative module paths resolve against, and how it was chosen (for error messages). */
export function moduleBase(): { dir: string; what: string } {
  const notebook = labEnv().notebook;
  if (notebook) return { dir: path.dirname(path.resolve(notebook)), what: "the notebook's folder" };
  return { dir: process.cwd(), what: "the working folder" };
}

/** The absolute path of `module`, or an InputError naming it and where it was looked for. */
export function resolveModuleFile(module: string | URL, input = "module"): string {
  if (module instanceof URL || (typeof module === "string" && module.startsWith("file:"))) return fileURLToPath(module);
  if (typeof module !== "string" || module.trim() === "") {
    throw new InputError(input, `give the module's file as a path (absolute, or relative to the notebook's folder) or a file URL; got ${describeValue(module)}`);
  }
  if (path.isAbsolute(module)) return module;
  return path.resolve(moduleBase().dir, module);
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
    const against = relative ? `, resolved against ${moduleBase().what} (${moduleBase().dir})` : "";
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
