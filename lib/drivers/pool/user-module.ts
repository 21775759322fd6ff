/**
 * Loading a function from a module the user named by file URL, in a pool worker or in the host's
 * probe: natively where the runtime loads it (JavaScript, Deno, or TypeScript under a loader that is
 * already registered), else, for TypeScript under Node, through tsx's scoped import, so that a `.ts`
 * module runs in threads and processes without the user setting up a loader. Only a URL and an
 * export name travel; no code is ever built from strings.
 * @module
 */
import { errorMessage } from "../../errors.ts";

/** The task name that runs the pool's user function instead of a workload of the fixed table. */
export const USER_TASK = "@user-module";

/** A user module a pool loads in each worker before it says it is ready. */
export interface UserModuleRef {
  /** Absolute file URL of the module. */
  url: string;
  /** Name of the exported function ("default" for the default export). */
  exportName: string;
}

/** A function of the user's: one input in, one result (or a promise of it) out. */
export type UserFunction = (input: unknown) => unknown;

const TYPESCRIPT = /\.(c|m)?tsx?$/;

function unknownExtension(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_UNKNOWN_FILE_EXTENSION" || code === "ERR_UNSUPPORTED_ESM_URL_SCHEME";
}

/** Imports the module at `url`; TypeScript under a Node without a loader goes through tsx. */
export async function importUserModule(url: string): Promise<Record<string, unknown>> {
  try {
    return await import(url);
  } catch (error) {
    if (!TYPESCRIPT.test(new URL(url).pathname) || !unknownExtension(error)) throw error;
    // Named through a variable so that type checkers do not resolve it: only Node without a loader gets here.
    const api = "tsx/esm/api";
    const { tsImport } = (await import(api)) as { tsImport(specifier: string, parent: string): Promise<Record<string, unknown>> };
    return await tsImport(url, import.meta.url);
  }
}

/** What a value is, for an error message: "a number", "undefined", "an object". */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  const type = typeof value;
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}

/** The function `ref.exportName` of the module, or a TypeError saying what the export is instead. */
export async function loadUserFunction(ref: UserModuleRef): Promise<UserFunction> {
  const module = await importUserModule(ref.url);
  const fn = module[ref.exportName];
  if (typeof fn !== "function") {
    const names = Object.keys(module).filter((k) => typeof module[k] === "function");
    throw new TypeError(`export "${ref.exportName}" is ${describeValue(fn)}, not a function; its exported functions: ${names.join(", ") || "none"}`);
  }
  return fn as UserFunction;
}

/**
 * What a pool worker starts with: the user's function when the pool was given a module, or why it
 * could not be loaded (reported to the host instead of the worker's ready message); neither without one.
 */
export async function userFunctionOrError(ref: UserModuleRef | null | undefined): Promise<{ user: UserFunction | null; loadError: string | null }> {
  if (!ref) return { user: null, loadError: null };
  try {
    return { user: await loadUserFunction(ref), loadError: null };
  } catch (error) {
    return { user: null, loadError: errorMessage(error) };
  }
}
