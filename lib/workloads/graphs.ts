/**
 * The fixed table of module graphs a footprint worker loads before it says it is ready. A worker
 * looks its graph up here by name; no specifier is ever built from parameters.
 * @module
 */

/** Names of the module graphs, lightest first. */
export const MODULE_GRAPHS = ["empty", "lab"] as const;
export type ModuleGraph = (typeof MODULE_GRAPHS)[number];

/**
 * What each graph imports. `empty`: nothing beyond the runtime and the entry module, so a worker
 * weighs what the runtime itself costs. `lab`: sharp (a native addon with libvips, as an image
 * service would load) and the lab's whole public module (statistics, vega and vega-lite for the
 * charts, the drivers): a realistic application of a few hundred modules.
 */
const LOADERS: Readonly<Record<ModuleGraph, () => Promise<unknown>>> = {
  empty: async () => undefined,
  lab: async () => Promise.all([import("sharp"), import("../mod.ts")]),
};

/** True when `name` is a known module graph. */
export function isModuleGraph(name: unknown): name is ModuleGraph {
  return typeof name === "string" && (MODULE_GRAPHS as readonly string[]).includes(name);
}

/** Imports the named graph; an unknown name is an error, never a lookup of arbitrary modules. */
export async function loadGraph(name: string): Promise<void> {
  if (!isModuleGraph(name)) throw new Error(`unknown module graph "${name}"; known: ${MODULE_GRAPHS.join(", ")}`);
  await LOADERS[name]();
}
