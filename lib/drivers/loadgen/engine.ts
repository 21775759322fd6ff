/**
 * Which client sends a load: ApacheBench for a closed loop with a new connection per request when
 * it is installed (a Node client opens connections at about half its rate), this lab's Node
 * generator otherwise. Whether ab is installed is asked once per process (`ab -V`).
 * @module
 */
import { spawnSync } from "node:child_process";
import { UnsupportedError } from "../../errors.ts";
import type { LoadEngine, LoadSettings } from "./options.ts";

/** How to get ab, for the messages that need it. */
export const AB_INSTALL_HINT = "ApacheBench (ab) comes with Debian's apache2-utils: apt-get install apache2-utils";

let installed: boolean | undefined;
let deathSignal: boolean | undefined;

/** True when `ab -V` runs; asked once per process. */
export function abInstalled(): boolean {
  installed ??= spawnSync("ab", ["-V"], { stdio: "ignore", timeout: 10_000 }).status === 0;
  return installed;
}

/**
 * True when util-linux's `setpriv` can start a program that the kernel kills when its parent dies
 * (`--pdeathsig`); asked once per process. ab has no way of its own to notice that the process that
 * started it is gone, and a Node child's watch of its parent (the generator's) does not apply to it.
 */
export function deathSignalAvailable(): boolean {
  deathSignal ??= spawnSync("setpriv", ["--pdeathsig", "KILL", "--", "true"], { stdio: "ignore", timeout: 10_000 }).status === 0;
  return deathSignal;
}

/**
 * The engine for checked settings: `"auto"` picks ab for a closed loop without keep-alive when ab is
 * installed, node otherwise. Throws an {@link UnsupportedError} when `"ab"` is asked for and not installed.
 */
export function chooseEngine(s: LoadSettings): LoadEngine {
  if (s.engine === "node") return "node";
  const fits = s.rate === null && !s.keepAlive;
  if (s.engine === "ab") {
    if (!abInstalled()) throw new UnsupportedError("engine", `"ab" needs ApacheBench, which is not installed here (${AB_INSTALL_HINT}); give engine "auto" or "node" to use the Node generator`);
    return "ab";
  }
  return fits && abInstalled() ? "ab" : "node";
}
