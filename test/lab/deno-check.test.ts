/**
 * Deno's own view of the sources: `deno check` type-checks every notebook and every library module
 * with the project's configuration (deno.json), and `deno lint` passes on lib/ and notebooks/, so a
 * Deno user's editor shows what `npm run typecheck` shows. Skipped with the reason where Deno is
 * not installed, except under CI.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { promisify } from "node:util";
import { DENO, ROOT, skipWithoutDeno } from "../helpers.ts";

const run = promisify(execFile);
// A Deno cache of this run's own: `deno lint` skips files its cache remembers as clean, which would
// let a problem introduced since go unseen on a machine that linted before.
const env = { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", DENO_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "parlab-deno-")) };

async function deno(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(DENO, args, { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024, timeout: 300_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : 1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

/** Every TypeScript source of the library (compiled output aside) and every notebook, as git lists them. */
async function sources(): Promise<string[]> {
  const { stdout } = await run("git", ["ls-files", "lib/*.ts", "notebooks/*.ts"], { cwd: ROOT });
  return stdout.split("\n").filter((f) => f && !f.startsWith("lib/dist/"));
}

describe("Deno's checks", { skip: skipWithoutDeno(), timeout: 600_000 }, () => {
  it("deno check passes on every notebook and library module with the project's deno.json", async () => {
    const files = await sources();
    assert.ok(files.some((f) => f.startsWith("notebooks/")) && files.includes("lib/mod.ts"), "found the sources");
    const { code, output } = await deno(["check", "--quiet", ...files]);
    assert.equal(code, 0, output);
  });

  it("deno lint passes on lib/ and notebooks/", async () => {
    const { code, output } = await deno(["lint", "--quiet"]);
    assert.equal(code, 0, output);
  });

  it("a type error in a notebook fails deno check (the check is live)", async () => {
    // A module that imports the lab the way notebooks do and assigns a string to a number.
    const { code, output } = await deno(["check", "--quiet", "test/fixtures/deno-type-error.ts"]);
    assert.notEqual(code, 0, "a type error must fail");
    assert.match(output, /TS2322/);
  });
});
