/**
 * The `parlab site` command: build every notebook page and the claims front page from saved
 * Results, without measuring (`--refresh` re-measures only notebooks whose Result is stale). Bad
 * input throws InputError, which the CLI turns into exit code 2 with the message.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import process from "node:process";
import { parseArgs } from "node:util";
import { InputError, errorMessage } from "../errors.ts";
import { listNotebooks, selectNotebooks } from "../notebook/export.ts";
import { ensureWritableDir } from "../results.ts";
import { buildSite } from "./build.ts";

/** The usage lines of the command, for the CLI's help. */
export const SITE_USAGE = `  parlab site [name ...] [--from DIR] [--out DIR] [--refresh] [--runtime node|deno]
                                                build the notebook pages and the claims front page from
                                                saved Results (default --from data/results/reference,
                                                --out reports) without measuring; --refresh first
                                                re-measures the notebooks whose Result is stale
`;

const say = (text: string) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);

/** Runs `parlab site …`; resolves with the exit code (1 when a page failed to build). */
export async function siteCommand(args: string[], signal?: AbortSignal): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        from: { type: "string", default: path.join("data", "results", "reference") },
        out: { type: "string", default: "reports" },
        dir: { type: "string", default: "notebooks" },
        refresh: { type: "boolean", default: false },
        runtime: { type: "string", default: "node" },
        "timeout-ms": { type: "string", default: String(30 * 60_000) },
      },
    });
  } catch (error) {
    throw new InputError("site", `${errorMessage(error)}\n\nUsage:\n${SITE_USAGE}`);
  }
  const { values, positionals } = parsed;
  const runtime = values.runtime;
  if (runtime !== "node" && runtime !== "deno") throw new InputError("--runtime", `unknown runtime "${runtime}"; valid: node, deno`);
  const timeoutMs = Number(values["timeout-ms"]);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new InputError("--timeout-ms", "expected a whole number of milliseconds ≥ 1");
  const notebooks = selectNotebooks(listNotebooks(values.dir), positionals);
  if (!fs.statSync(values.from, { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError("--from", `no such folder: ${values.from}; give a folder of saved Results, such as data/results/reference (the default) or data/results`);
  }
  const out = ensureWritableDir(values.out, "--out");
  const t0 = performance.now();
  const build = await buildSite({ notebooks, from: values.from, out, refresh: values.refresh, runtime, timeoutMs, signal, say });
  say(`built ${build.pages.length} pages and the claims front page in ${((performance.now() - t0) / 1000).toFixed(1)} s${build.refreshed.length ? `; re-measured ${build.refreshed.join(", ")}` : ""}`);
  process.stdout.write(`${path.join(values.out, "index.html")}\n`);
  return build.pages.every((p) => p.ok || (p.evidence === null && !p.measuredUnasked)) ? 0 : 1;
}
