/**
 * `parlab run --runtime` on runtimes at hand, with no download: Deno (the project's), and the
 * running Node named by its exact version, which resolves to the running process itself (offline,
 * from the cache's point of view) and measures in-process. Each Result records the runtime of
 * every part.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import type { Result } from "parlab";
import { runCli, skipWithoutDeno, tempDir } from "../helpers.ts";

const SMALL = ["--profile", "tiny", "--quiet", "--set", "workers=1", "--set", "n=20000", "--set", "chunks=2", "--set", "trials=1"];
const OFFLINE = { npm_config_registry: "http://127.0.0.1:9/", PARLAB_RUNTIMES_DIR: path.join(tempDir(), "cache") };

async function runScaling(spec: string): Promise<{ result: Result; stderr: string }> {
  const out = tempDir();
  const r = await runCli(["run", "scaling", "--runtime", spec, "--out", out, ...SMALL], { env: OFFLINE, timeoutMs: 60_000 });
  assert.equal(r.code, 0, r.stderr);
  const file = fs.readdirSync(out).find((f) => f.endsWith(".json"))!;
  return { result: JSON.parse(fs.readFileSync(path.join(out, file), "utf8")) as Result, stderr: r.stderr };
}

describe("parlab run --runtime, on runtimes at hand", () => {
  it("deno measures scaling on Deno: threads and processes both run there, and the Result says so", { skip: skipWithoutDeno() }, async () => {
    const { result, stderr } = await runScaling("deno");
    assert.match(stderr, /running scaling on deno \d+\.\d+\.\d+/);
    assert.equal(result.runtime.name, "deno");
    const deno = `deno ${result.runtime.version}`;
    assert.deepEqual(result.runtime.parts, { caller: deno, pool: deno, server: [] });
    assert.deepEqual(result.trials.map((t) => [t.condition, t.ok]).sort(), [["main", true], ["processes×1", true], ["threads×1", true]]);
  });

  it(`node@<the running version> measures in this process, with no cache and no registry`, async () => {
    const { result, stderr } = await runScaling(`node@${process.versions.node}`);
    assert.doesNotMatch(stderr, /running scaling on/, "nothing was re-run");
    assert.equal(result.runtime.version, process.versions.node);
    const node = `node ${process.versions.node}`;
    assert.deepEqual(result.runtime.parts, { caller: node, pool: node, server: [] });
    assert.equal(fs.existsSync(OFFLINE.PARLAB_RUNTIMES_DIR), false, "the cache was not touched");
  });
});
