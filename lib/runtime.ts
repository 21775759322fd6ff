/**
 * Which runtime and kernel the lab runs in, and what that runtime can do.
 * @module
 */
import process from "node:process";
import type { RuntimeInfo } from "./types.ts";

interface DenoLike {
  version: { deno: string; v8: string };
  jupyter?: { display?: unknown; broadcast?: unknown };
}

/** The global `Deno` object when running under Deno, else undefined. */
export function denoGlobal(): DenoLike | undefined {
  return (globalThis as { Deno?: DenoLike }).Deno;
}

/** Deno's Jupyter API when running in `deno jupyter`; reading it anywhere else throws, hence the guard. */
export function denoJupyter(): { display?: unknown; broadcast?: unknown } | undefined {
  const deno = denoGlobal();
  if (!deno) return undefined;
  try {
    const jupyter = deno.jupyter;
    return jupyter && typeof jupyter.broadcast === "function" ? jupyter : undefined;
  } catch {
    return undefined;
  }
}

/** Parses "v22.12.0" or "22.12.0" into [major, minor, patch]. */
export function parseVersion(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version.replace(/^v/, "").split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  return [major, minor, patch];
}

/** True when `version` is at least `min` (both "x.y.z"). */
export function atLeast(version: string, min: string): boolean {
  const a = parseVersion(version);
  const b = parseVersion(min);
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return true;
}

/** How the code is being run. tslab sets `__tslab__` on the global object before each cell. */
export function runMode(): RuntimeInfo["mode"] {
  const g = globalThis as { __tslab__?: unknown };
  if (g.__tslab__ !== undefined) return "tslab";
  if (denoJupyter()) return "deno-jupyter";
  if (process.env.NODE_TEST_CONTEXT !== undefined) return "test";
  return "script";
}

/** True for Node versions whose `net.Server.listen` accepts `reusePort` (22.12+ in 22.x, 23.1+). */
export function nodeHasReusePort(nodeVersion: string): boolean {
  const [major] = parseVersion(nodeVersion);
  if (major >= 23) return atLeast(nodeVersion, "23.1.0");
  return major === 22 && atLeast(nodeVersion, "22.12.0");
}

/** Describes the current runtime: name, version, V8, mode, and the features experiments depend on. */
export function runtimeInfo(): RuntimeInfo {
  const deno = denoGlobal();
  const nodeVersion = process.versions.node ?? "0.0.0";
  const name: RuntimeInfo["name"] = deno ? "deno" : (process.versions as Record<string, string>).bun ? "bun" : "node";
  const linux = process.platform === "linux";
  return {
    name,
    version: deno ? deno.version.deno : name === "bun" ? (process.versions as Record<string, string>).bun! : nodeVersion,
    v8: deno ? deno.version.v8 : process.versions.v8 ?? "",
    mode: runMode(),
    features: {
      // Deno's node:cluster is a stub that cannot fork workers.
      cluster: name === "node",
      reusePort: name === "node" && linux && nodeHasReusePort(nodeVersion),
      sharedArrayBuffer: typeof SharedArrayBuffer === "function",
      atomicsWaitAsync: typeof (Atomics as { waitAsync?: unknown }).waitAsync === "function",
      requireEsm: name === "node" && (atLeast(nodeVersion, "22.12.0") || (parseVersion(nodeVersion)[0] === 20 && atLeast(nodeVersion, "20.19.0"))),
    },
  };
}
