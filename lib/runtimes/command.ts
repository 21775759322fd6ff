/**
 * `parlab runtimes`: which runtimes the lab can run on — the one running it, the project's Deno,
 * the Node.js releases in its cache (each checked) and those the registry offers — and
 * `parlab runtimes install SPEC…`, which fetches Node.js releases ahead of a run (or of going offline).
 * @module
 */
import { parseArgs } from "node:util";
import process from "node:process";
import { InputError, errorMessage } from "../errors.ts";
import { runtimeInfo } from "../runtime.ts";
import { cachedRuntimes, runtimesDir } from "./cache.ts";
import { platformPackage, registryVersions, RegistryUnreachable } from "./fetch.ts";
import { findDeno, resolveRuntime } from "./resolve.ts";
import { MIN_NODE, compareVersions, parseRuntimeSpec } from "./spec.ts";

export const RUNTIMES_USAGE = `  parlab runtimes [list] [--offline] [--json]   runtimes installed (running, project's Deno, cached
                                                Node.js releases, each checked) and on the registry
  parlab runtimes install SPEC ...              fetch Node.js releases into the cache (e.g. node@24)
`;

const say = (text: string) => process.stderr.write(`${text}\n`);

/** Newest release of each Node.js major the lab can run on, as the registry lists them. */
function newestPerMajor(versions: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of versions.filter((v) => /^\d+\.\d+\.\d+$/.test(v) && compareVersions(v, MIN_NODE) >= 0).sort(compareVersions)) out[v.split(".")[0]!] = v;
  return out;
}

async function list(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { offline: { type: "boolean", default: false }, json: { type: "boolean", default: false } }, strict: true });
  const dir = runtimesDir();
  const info = runtimeInfo();
  const deno = findDeno();
  const cached = cachedRuntimes(dir);
  let available: Record<string, string> | null = null;
  let registry = "not asked (--offline)";
  if (!values.offline) {
    try {
      available = newestPerMajor(await registryVersions());
      registry = `reachable (${platformPackage()})`;
    } catch (error) {
      if (!(error instanceof RegistryUnreachable)) throw error;
      registry = error.message;
    }
  }
  const report = {
    dir,
    current: { name: info.name, version: info.version, binary: process.execPath },
    deno: deno ? { name: "deno", version: deno.version, binary: deno.binary } : null,
    cached: cached.map((c) => ({ name: "node", version: c.version, binary: c.binary, problem: c.problem })),
    registry,
    available,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
    return 0;
  }
  const row = (spec: string, version: string, status: string) => process.stdout.write(`${spec.padEnd(16)} ${version.padEnd(12)} ${status}\n`);
  row("current", `${info.name} ${info.version}`, `runs the lab now (${process.execPath})`);
  row("deno", deno ? `deno ${deno.version}` : "-", deno ? `installed (${deno.binary})` : "not installed: npm ci installs it from the deno package");
  for (const c of cached) row(`node@${c.version}`, c.version, c.problem === null ? `cached (${c.binary})` : `UNUSABLE: ${c.problem}; \`parlab runtimes install node@${c.version}\` fetches it again`);
  if (available) {
    for (const [major, version] of Object.entries(available)) {
      const have = cached.some((c) => c.version === version && c.problem === null) || (info.name === "node" && info.version === version);
      row(`node@${major}`, version, have ? "newest release, installed" : "newest release, fetched from the registry on first use");
    }
  }
  process.stdout.write(`cache: ${dir}\nregistry: ${registry}\n`);
  return 0;
}

async function install(specs: string[]): Promise<number> {
  if (specs.length === 0) throw new InputError("runtimes install", "name the runtimes to install, e.g. node@24 node@22");
  const parsed = specs.map((s) => parseRuntimeSpec(s, s));
  const nodes = parsed.filter((s) => s.kind === "node");
  if (nodes.length !== parsed.length) say("current and deno need no install; only node@… releases are fetched");
  for (const spec of nodes) {
    const got = await resolveRuntime(spec, { say, fresh: true });
    process.stdout.write(`${spec.text}: node ${got.version} ${got.source === "current" ? "runs the lab now" : got.source === "registry" ? "fetched" : "already cached"} (${got.binary})\n`);
  }
  return 0;
}

/** Runs `parlab runtimes …` with `args` (after "runtimes"); returns the exit code. */
export async function runtimesCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === undefined || sub === "list" || sub.startsWith("--")) return await list(sub === "list" ? rest : args);
    if (sub === "install") return await install(rest);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) throw new InputError("runtimes", `${errorMessage(error)}\n\n${RUNTIMES_USAGE}`);
    throw error;
  }
  throw new InputError("runtimes", `unknown subcommand "${sub}"; valid: list, install\n\n${RUNTIMES_USAGE}`);
}
