/**
 * Where a driver's fixed entry modules are. Each family keeps its entries beside its `mod.ts`; the
 * lab runs either from source (`.ts`, under Deno or a TypeScript loader) or compiled (`.js` in
 * `lib/dist`), and an entry is always taken from the same tree as the code that starts it.
 * @module
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** True when this copy of the lab runs from its TypeScript source rather than from `lib/dist`. */
export const FROM_SOURCE: boolean = import.meta.url.endsWith(".ts");

const EXTENSION = FROM_SOURCE ? ".ts" : ".js";
// lib/ when from source, lib/dist/ when compiled: this file is <root>/drivers/_host/entry.{ts,js}.
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DIST_ROOT = FROM_SOURCE ? path.join(ROOT, "dist") : ROOT;

/**
 * URL of the entry module `name` (without extension) beside the module whose `import.meta.url` is
 * `besideUrl`, in the tree this code runs from.
 */
export function entryUrl(besideUrl: string, name: string): URL {
  return new URL(`./${name}${EXTENSION}`, besideUrl);
}

/** File path of {@link entryUrl}, for `fork()` and `spawn()`. */
export function entryPath(besideUrl: string, name: string): string {
  return fileURLToPath(entryUrl(besideUrl, name));
}

/**
 * Path of the compiled (`lib/dist`) copy of that entry: what Node from PATH runs when the caller's
 * runtime cannot host it (Deno). It may not exist before `npm run build`.
 */
export function compiledEntryPath(besideUrl: string, name: string): string {
  const relative = path.relative(ROOT, path.dirname(fileURLToPath(besideUrl)));
  return path.join(DIST_ROOT, relative, `${name}.js`);
}
