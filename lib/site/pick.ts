/**
 * The order in which the lab prefers one saved Result of an experiment over another, apart from how
 * each one's profile is known: a complete run at a profile's defaults first, on Node.js before other
 * runtimes, on the newer Node.js release, then the newer run. By runtime, not by the order runs
 * happened to be made in, so that the same folder always gives the same pick. Pure: it reads the
 * Results it is given.
 * @module
 */
import type { Result } from "../types.ts";

/** A Result to rank, and whether its parameters are exactly a profile's defaults. */
export interface Ranked {
  result: Pick<Result, "runtime" | "startedAt" | "complete">;
  atProfile: boolean;
}

/**
 * Orders runs by runtime: Node.js before other runtimes, other runtimes by name, and the releases of
 * one runtime by their version numbers, the newest first unless `releases` is "oldest first". 0 for
 * two runs on one runtime release.
 */
export function byRuntime(a: Pick<Result, "runtime">, b: Pick<Result, "runtime">, releases: "newest first" | "oldest first" = "newest first"): number {
  const node = (r: Pick<Result, "runtime">) => (r.runtime.name === "node" ? 0 : 1);
  if (node(a) !== node(b)) return node(a) - node(b);
  if (a.runtime.name !== b.runtime.name) return a.runtime.name < b.runtime.name ? -1 : 1;
  const version = (r: Pick<Result, "runtime">) => r.runtime.version.split(".").map((n) => Number.parseInt(n, 10) || 0);
  const [x, y] = releases === "newest first" ? [version(b), version(a)] : [version(a), version(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}

/**
 * The preferred of `entries`: the complete runs at a profile's defaults ranked by runtime, then the
 * newest; failing those, the newest complete run; failing that, the newest. Undefined when empty.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pickPreferred } from "./pick.ts";
 * const run = (name: string, version: string, startedAt: string) => ({ result: { runtime: { name, version } as never, startedAt, complete: true }, atProfile: true });
 * const picked = pickPreferred([run("node", "20.20.2", "2026-12-04T10:00:00Z"), run("deno", "2.9.6", "2026-12-04T12:00:00Z"), run("node", "24.22.3", "2026-12-04T09:00:00Z")]);
 * assert.equal(picked?.result.runtime.version, "24.22.3");
 * ```
 */
export function pickPreferred<E extends Ranked>(entries: readonly E[]): E | undefined {
  const newestFirst = [...entries].sort((a, b) => b.result.startedAt.localeCompare(a.result.startedAt));
  const atProfile = newestFirst.filter((e) => e.result.complete && e.atProfile).sort((a, b) => byRuntime(a.result, b.result, "newest first"));
  return atProfile[0] ?? newestFirst.find((e) => e.result.complete) ?? newestFirst[0];
}
