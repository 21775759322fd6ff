/**
 * From a `--runtime` spec to a binary the lab can run on: the runtime running it, the project's
 * Deno, or a Node.js release — the newest one the registry has for the spec when it can be asked,
 * fetched into the cache on first use, and the newest sound one in the cache when it cannot.
 * @module
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { InputError, errorMessage } from "../errors.ts";
import { runtimeInfo } from "../runtime.ts";
import { cachedRuntimes, runtimesDir } from "./cache.ts";
import { installNode, platformPackage, registryVersions, RegistryUnreachable } from "./fetch.ts";
import { newestMatching, nodeMatches, type RuntimeSpec } from "./spec.ts";

/** A runtime the lab can run on. */
export interface ResolvedRuntime {
  name: "node" | "deno";
  version: string;
  /** Its executable. */
  binary: string;
  /** Where it came from: the process running now, the lab's cache, just fetched, or the project's (Deno). */
  source: "current" | "cache" | "registry" | "project";
}

/** How to resolve: the cache folder, whether to ask the registry, and where to tell what is fetched. */
export interface ResolveOptions {
  dir?: string;
  /** Use only what is installed; never ask the registry. */
  offline?: boolean;
  /** Ask the registry even when it was asked a few minutes ago. */
  fresh?: boolean;
  say?: (line: string) => void;
}

/** The project's Deno (installed by npm from the `deno` package), else `deno` on PATH; null when neither runs. */
export function findDeno(): { binary: string; version: string } | null {
  const candidates: string[] = [];
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, "node_modules", ".bin", process.platform === "win32" ? "deno.cmd" : "deno"));
    if (path.dirname(dir) === dir) break;
  }
  candidates.push("deno");
  for (const binary of candidates) {
    if (binary !== "deno" && !fs.existsSync(binary)) continue;
    try {
      const out = execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "ignore"] });
      const version = /^deno (\S+)/m.exec(out)?.[1];
      if (version) return { binary, version };
    } catch {
      // Not this one.
    }
  }
  return null;
}

/**
 * Resolves `spec`, fetching a Node.js release when the cache lacks it.
 * @throws InputError naming the spec when the runtime cannot be had: no such release, nothing
 * cached while the registry is unreachable, or a fetch that fails.
 */
export async function resolveRuntime(spec: RuntimeSpec, options: ResolveOptions = {}): Promise<ResolvedRuntime> {
  const info = runtimeInfo();
  const here = { binary: process.execPath, source: "current" as const };
  if (spec.kind === "current") {
    if (info.name !== "node" && info.name !== "deno") throw new InputError(spec.text, `the lab runs on ${info.name}, which it cannot re-run on`);
    return { name: info.name, version: info.version, ...here };
  }
  if (spec.kind === "deno") {
    if (info.name === "deno") return { name: "deno", version: info.version, ...here };
    const deno = findDeno();
    if (!deno) throw new InputError(spec.text, "Deno is not installed: npm ci installs it from the deno package (node_modules/.bin/deno), or put deno on PATH");
    return { name: "deno", version: deno.version, binary: deno.binary, source: "project" };
  }
  const dir = options.dir ?? runtimesDir();
  const cached = cachedRuntimes(dir, (version) => nodeMatches(spec, version));
  const onNode = info.name === "node" ? info.version : null;
  let target: string | undefined;
  let offlineWhy: string | null = options.offline ? "offline" : null;
  if (!options.offline) {
    try {
      const versions = await registryVersions(platformPackage(), dir, options.fresh ? 0 : undefined);
      if (versions.length === 0) throw new InputError(spec.text, `the registry has no Node.js package for this platform (${platformPackage()})`);
      target = newestMatching(spec, versions);
      if (!target) throw new InputError(spec.text, `no Node.js release on the registry matches it (${platformPackage()} has ${versions.length} versions, none ${spec.text.slice(5)}.x at or above the lab's minimum)`);
    } catch (error) {
      if (!(error instanceof RegistryUnreachable)) throw error;
      offlineWhy = error.message;
    }
  }
  if (target === undefined) {
    // Offline: the newest sound runtime at hand.
    const sound = cached.filter((c) => c.problem === null).map((c) => c.version);
    target = newestMatching(spec, onNode ? [...sound, onNode] : sound);
    if (target === undefined) {
      const broken = cached.filter((c) => c.problem !== null).map((c) => `; node ${c.version} in the cache is unusable: ${c.problem}`).join("");
      throw new InputError(spec.text, `no Node.js matching it is in the cache (${dir})${broken}, and it cannot be fetched: ${offlineWhy}`);
    }
  }
  if (onNode === target) return { name: "node", version: target, ...here };
  const entry = cached.find((c) => c.version === target);
  if (entry && entry.problem === null) return { name: "node", version: target, binary: entry.binary, source: "cache" };
  if (offlineWhy !== null) throw new InputError(spec.text, `node ${target} in the cache (${dir}) is unusable: ${entry?.problem}; it cannot be fetched again: ${offlineWhy}`);
  options.say?.(entry ? `node ${target} in the cache is unusable (${entry.problem}); fetching it again…` : `fetching node ${target} from the npm registry (${platformPackage()}) into ${dir}…`);
  try {
    const installed = await installNode(target, dir);
    if (installed.problem !== null) throw new Error(installed.problem);
    return { name: "node", version: target, binary: installed.binary, source: "registry" };
  } catch (error) {
    throw new InputError(spec.text, `node ${target} could not be fetched into ${dir}: ${errorMessage(error)}`);
  }
}
