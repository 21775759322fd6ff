/**
 * Measuring on Node.js 24 fetched into the lab's runtime cache (`parlab runtimes install node@24`):
 * the reusePort policy, which Node 20 lacks, runs and serves requests, and every experiment runs at
 * the tiny profile's smallest settings, each Result recording Node 24 as the runtime of every part.
 * Skipped, with the reason, when the cache holds no Node 24; required under CI=true, where .ci/run
 * installs it. The runs ask no registry (it is made unreachable): a cached runtime works offline.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import type { Result } from "parlab";
import { spawn } from "node:child_process";
import { cachedNode, CLI, markOwnProcesses, needTool, runCli, tempDir } from "../helpers.ts";

const ownLeftovers = markOwnProcesses("PARLAB_RUNTIMES_TEST");

let version: string | undefined;
const skip = needTool("Node.js 24 in the lab's runtime cache", () => (version = cachedNode(24)) !== undefined, "node lib/bin/parlab.js runtimes install node@24");
const OFFLINE = { npm_config_registry: "http://127.0.0.1:9/" };

/** Runs `experiment` on node@24 with `sets`; returns its saved Result and what it printed. */
async function runOn24(experiment: string, sets: string[]): Promise<{ result: Result; stdout: string; stderr: string }> {
  const out = tempDir();
  const r = await runCli(["run", experiment, "--profile", "tiny", "--runtime", "node@24", "--quiet", "--out", out, ...sets.flatMap((s) => ["--set", s])], { env: OFFLINE, timeoutMs: 80_000 });
  assert.equal(r.code, 0, `${experiment}: ${r.stderr}`);
  assert.match(r.stderr, new RegExp(`running ${experiment} on node ${version!.replace(/\./g, "\\.")} `));
  const file = fs.readdirSync(out).find((f) => f.endsWith(".json"));
  assert.ok(file, `${experiment} saved a Result`);
  return { result: JSON.parse(fs.readFileSync(path.join(out, file), "utf8")) as Result, stdout: r.stdout, stderr: r.stderr };
}

/** Every part of the run was served by the cached Node 24. */
function assertAllOn24(result: Result, expectServers: boolean): void {
  const node = `node ${version}`;
  assert.equal(result.runtime.name, "node");
  assert.equal(result.runtime.version, version, "the Result records the exact version of the runtime it ran on");
  assert.equal(result.runtime.parts?.caller, node);
  assert.equal(result.runtime.parts?.pool, node);
  assert.deepEqual(result.runtime.parts?.server, expectServers ? [node] : []);
  assert.deepEqual(result.failures, [], `${result.experiment.id} had failed trials`);
  assert.ok(result.complete);
}

describe("measuring on Node.js 24 from the runtime cache", { skip }, () => {
  it("the reusePort policy runs on node@24 and its clusters serve requests", async () => {
    const { result, stdout } = await runOn24("distribution", ["policies=rr,reuseport", "workers=2", "concurrency=2", "requests=100", "trials=1", "loadLevels=0"]);
    assertAllOn24(result, true);
    assert.equal(result.runtime.features.reusePort, true);
    const reuse = result.trials.filter((t) => t.condition.startsWith("reuseport"));
    assert.equal(reuse.length, 1, "the reusePort trial ran");
    for (const t of reuse) {
      assert.ok(t.ok, t.error);
      assert.equal(t.metrics.completed, 100);
      assert.equal(t.metrics.errors, 0);
      const byWorker = t.detail?.requestsByWorker as number[];
      assert.equal(byWorker.reduce((a, b) => a + b, 0), 100, "the workers' own counts add up to the requests sent");
      assert.equal(t.detail?.serverRuntime, `node ${version}`);
    }
    assert.deepEqual((result.summary as { unavailable: unknown[] }).unavailable, [], "no policy was set aside");
    assert.match(stdout, /reuseport c=2 new conn: busiest two workers took/);
  });

  // The smallest settings of each experiment that still run both processes and threads.
  const runs: Array<[string, string[], boolean]> = [
    ["scaling", ["workers=1", "n=20000", "chunks=2", "trials=1"], false],
    ["messaging", ["channels=ipc-json,thread-clone,sab-wait", "kinds=buffer", "sizes=64", "roundTrips=10", "warmupRoundTrips=0", "budgetMs=20", "trials=1"], false],
    ["footprint", ["workers=1", "graphs=empty", "trials=1", "settleMs=0"], true],
    ["thumbnails", ["images=2", "width=64", "height=48", "thumbWidth=32", "thumbHeight=24", "workers=1", "sets=article", "trials=1"], false],
    ["faults", ["faults=cluster-sigkill+respawn,threads-throw", "preFaultMs=300", "postFaultMs=500", "trials=1"], true],
    ["calibration", ["tasks=10", "effects=50", "trials=2"], false],
  ];
  for (const [experiment, sets, servers] of runs) {
    it(`${experiment} runs on node@24 at the tiny profile`, async () => {
      const extra = experiment === "thumbnails" ? [`imagesDir=${tempDir()}`] : [];
      const { result } = await runOn24(experiment, [...sets, ...extra]);
      assertAllOn24(result, servers);
      assert.ok(result.trials.length > 0 && result.trials.every((t) => t.ok));
    });
  }

  it("SIGTERM to the command reaches the run on node@24: it stops, keeps its trials, and leaves no process behind", async () => {
    const out = tempDir();
    const child = spawn(process.execPath, [CLI, "run", "scaling", "--profile", "tiny", "--runtime", "node@24", "--quiet", "--out", out, "--set", "kinds=processes", "--set", "workers=2", "--set", "n=5000000", "--set", "trials=4"], {
      env: { ...process.env, ...OFFLINE }, stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Once the first trial is saved, the run on Node 24 is under way with its pool.
    const until = Date.now() + 40_000;
    while (!fs.readdirSync(out).some((f) => f.endsWith(".json")) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGTERM");
    assert.equal(await exited, 143, stderr);
    assert.match(stderr, /interrupted: \d+ completed trials kept/);
    const file = fs.readdirSync(out).find((f) => f.endsWith(".json"))!;
    const result = JSON.parse(fs.readFileSync(path.join(out, file), "utf8")) as Result;
    assert.equal(result.complete, false);
    assert.equal(result.runtime.version, version);
    assert.deepEqual(await ownLeftovers("pool/entry-process", 3000), [], "no pool process outlived the run");
    assert.deepEqual(await ownLeftovers("bin/parlab.js", 3000), [], "the run on node@24 ended with the command");
  });

  it("a command killed outright (SIGKILL, as a killed kernel) takes its run on node@24 with it: trials kept, no process left", async () => {
    const out = tempDir();
    const child = spawn(process.execPath, [CLI, "run", "scaling", "--profile", "tiny", "--runtime", "node@24", "--quiet", "--out", out, "--set", "kinds=processes", "--set", "workers=2", "--set", "n=5000000", "--set", "trials=4"], {
      env: { ...process.env, ...OFFLINE }, stdio: ["ignore", "ignore", "ignore"],
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const until = Date.now() + 40_000;
    while (!fs.readdirSync(out).some((f) => f.endsWith(".json")) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    child.kill("SIGKILL");
    await exited;
    assert.deepEqual(await ownLeftovers("bin/parlab.js", 5000), [], "the run on node@24 stopped when its command died");
    assert.deepEqual(await ownLeftovers("pool/entry-process", 3000), [], "no pool process outlived the run");
    const file = fs.readdirSync(out).find((f) => f.endsWith(".json"))!;
    const result = JSON.parse(fs.readFileSync(path.join(out, file), "utf8")) as Result;
    assert.equal(result.complete, false, "stopped before its last trial, and saved as incomplete");
    assert.ok(result.trials.length >= 1);
  });
});
