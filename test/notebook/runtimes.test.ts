/**
 * A notebook's `runtimes` parameter: which specs it takes and refuses, one notebook run measuring on
 * the current Node and on Node 24 from the lab's runtime cache with the comparison shown, and a
 * stopped notebook stopping the run on the other runtime with its trials kept and no process left.
 * The runs on Node 24 are skipped, with the reason, when the cache holds none; required under CI=true.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { notebookRuntimes, runOnRuntimes, scaling, notebookParams, type Result } from "parlab";
import { cachedNode, markOwnProcesses, needTool, ROOT, tempDir } from "../helpers.ts";

const ownLeftovers = markOwnProcesses("PARLAB_NB_RUNTIMES_TEST");
const OFFLINE = { npm_config_registry: "http://127.0.0.1:9/" };

let version: string | undefined;
const skip = needTool("Node.js 24 in the lab's runtime cache", () => (version = cachedNode(24)) !== undefined, "node lib/bin/parlab.js runtimes install node@24");

/** This environment without the test runner's mark, so that the notebook runs as a script does (its Ctrl-C handling included). */
function scriptEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

const jsonFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f));

describe("the runtimes parameter", () => {
  it("takes a list of specs, current by default, and a PARLAB_SET override", () => {
    assert.deepEqual(notebookRuntimes({}), ["current"]);
    assert.deepEqual(notebookRuntimes({ runtimes: undefined }), ["current"]);
    assert.deepEqual(notebookRuntimes({ runtimes: ["current", "node@24", "deno"] }), ["current", "node@24", "deno"]);
    process.env.PARLAB_SET = "runtimes=node@22, node@24";
    try {
      assert.deepEqual(notebookRuntimes({ runtimes: ["current"] }), ["node@22", "node@24"], "PARLAB_SET wins over the cell");
      // …and is not an experiment parameter: notebookParams leaves it to notebookRuntimes.
      assert.equal("runtimes" in notebookParams(scaling, { profile: "tiny" }), false);
    } finally {
      delete process.env.PARLAB_SET;
    }
  });

  it("refuses, naming runtimes, an unknown or too old spec, a spec given twice, an empty list and a non-list", () => {
    const cases: Array<[unknown, RegExp]> = [
      [["node@19"], /older than the lab supports/],
      [["node@banana"], /"banana" is not a Node\.js version/],
      [["bun"], /unknown runtime "bun"/],
      [["node@24", "node@24"], /node@24 is listed twice/],
      [[], /the list of runtimes is empty/],
      [42, /give a list of runtimes/],
    ];
    for (const [runtimes, message] of cases) {
      assert.throws(() => notebookRuntimes({ runtimes }), (error: Error) => {
        assert.equal(error.name, "InputError");
        assert.match(error.message, /parameters cell: runtimes/);
        assert.match(error.message, message);
        return true;
      }, JSON.stringify(runtimes));
    }
  });

  it("with current alone is runOrLoad: one run, this runtime, saved in the results folder", async () => {
    const dir = tempDir();
    process.env.PARLAB_RESULTS_DIR = dir;
    try {
      const params = notebookParams(scaling, { profile: "tiny", workers: [1], n: 20_000, chunks: 2, trials: 1 } as never);
      const { runs } = await runOnRuntimes(scaling, params, ["current"]);
      assert.equal(runs.length, 1);
      assert.equal(runs[0]!.runtime, "current");
      assert.equal(runs[0]!.result.runtime.version, process.versions.node);
      assert.deepEqual(jsonFiles(dir).map((f) => path.basename(f)), [path.basename(runs[0]!.path)]);
    } finally {
      delete process.env.PARLAB_RESULTS_DIR;
    }
  });
});

describe("a notebook measuring on two runtimes", { skip }, () => {
  const SMALL = ["--set", "workers=1", "--set", "n=20000", "--set", "chunks=2", "--set", "trials=2"];

  it("runs on the current Node and on node@24, saves a Result of each, and shows the comparison across them", async () => {
    const results = tempDir();
    const r = spawnSync(process.execPath, ["--import", "tsx", "notebooks/01-scaling.ts", "--profile", "tiny", "--set", "runtimes=current,node@24", ...SMALL], {
      cwd: ROOT, encoding: "utf8", timeout: 240_000, env: { ...scriptEnv(), ...OFFLINE, PARLAB_RESULTS_DIR: results },
    });
    assert.equal(r.status, 0, r.stderr);
    const saved = jsonFiles(results).map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as Result);
    assert.deepEqual(saved.map((s) => s.runtime.version).sort(), [process.versions.node, version!].sort());
    for (const s of saved) assert.deepEqual(s.params.workers, [1], "the notebook's parameters reached the run on each runtime");
    // The Across runtimes section: the table of ratios to the first runtime.
    assert.match(r.stdout, new RegExp(`Ratio to node ${process.versions.node.replace(/\./g, "\\.")}`));
    assert.match(r.stdout, new RegExp(`node ${version!.replace(/\./g, "\\.")}`), "the comparison names Node 24");
    assert.match(r.stdout, /compute time/);
    assert.doesNotMatch(r.stdout, /measured on one runtime/);
  });

  it("Ctrl-C while the run on node@24 measures stops it: exit 130, its trials kept, no process left", async () => {
    const results = tempDir();
    const child = spawn(process.execPath, [
      "--import", "tsx", "notebooks/01-scaling.ts", "--profile", "tiny", "--set", "runtimes=node@24",
      "--set", "kinds=processes", "--set", "workers=2", "--set", "n=5000000", "--set", "trials=4",
    ], { cwd: ROOT, env: { ...scriptEnv(), ...OFFLINE, PARLAB_RESULTS_DIR: results }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.stdout.resume();
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Once the run on Node 24 has checkpointed a trial, it is measuring with its pool.
    const until = Date.now() + 90_000;
    while (jsonFiles(results).length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    assert.ok(jsonFiles(results).length > 0, `the run on node@24 saved a checkpoint (${stderr})`);
    child.kill("SIGINT");
    assert.equal(await exited, 130, stderr);
    assert.match(stderr, /interrupted; stopping the run on node 24/);
    assert.match(stderr, /\d+ completed trials? kept/);
    const kept = JSON.parse(fs.readFileSync(jsonFiles(results)[0]!, "utf8")) as Result;
    assert.equal(kept.complete, false);
    assert.equal(kept.runtime.version, version);
    assert.ok(kept.trials.length >= 1);
    assert.deepEqual(await ownLeftovers("pool/entry-process", 5000), [], "no pool process outlived the notebook");
    assert.deepEqual(await ownLeftovers("bin/parlab.js", 5000), [], "the run on node@24 ended with the notebook");
  });
});
