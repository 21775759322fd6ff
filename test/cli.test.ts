import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { loadResult } from "parlab";
import { CLI, ROOT, leftovers, processesMatching, runCli, tempDir } from "./helpers.ts";

describe("parlab CLI", () => {
  it("lists experiments with parameters, units and defaults", async () => {
    const r = await runCli(["list"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^scaling — CPU-bound scaling/m);
    assert.match(r.stdout, /workers +pool sizes k to measure; a comma-separated list of whole numbers from 1 to 64 \(workers\); default tiny: 1,2; quick: 1,2,3,4; full: 1,2,3,4,6,8/);
    assert.match(r.stdout, /timeoutMs .*\(ms\); default 120000/);
  });

  it("runs an experiment, saves JSON + CSV, and re-renders them without running again", async () => {
    const out = tempDir();
    const r = await runCli(["run", "scaling", "--profile", "tiny", "--out", out, "--set", "workers=1,2", "--trials", "2"]);
    assert.equal(r.code, 0, r.stderr);
    const [json, csv] = r.stdout.trim().split("\n").slice(-2);
    assert.match(path.basename(json!), /^scaling-\d{4}-\d\d-\d\dT[\d-]+Z\.json$/);
    const result = loadResult(json!);
    assert.equal(result.complete, true);
    assert.equal(result.trials.length, 2 * (1 + 2 * 2), "2 trials × (main + threads×1,2 + processes×1,2)");
    assert.ok(result.trials.every((t) => t.ok), "every trial counted the right number of primes");
    assert.equal(fs.readFileSync(csv!, "utf8").trim().split("\n").length, 1 + result.trials.length);
    assert.match(r.stdout, /Noise floor/);
    assert.deepEqual(await leftovers(), []);

    const rep = tempDir();
    const before = fs.statSync(json!).mtimeMs;
    const report = await runCli(["report", json!, "--out", rep]);
    assert.equal(report.code, 0, report.stderr);
    const html = fs.readFileSync(path.join(rep, path.basename(json!, ".json") + ".html"), "utf8");
    assert.equal((html.match(/<svg/g) ?? []).length, 3, "three charts inline");
    assert.ok(!/<script/i.test(html), "no scripts");
    assert.ok(fs.readdirSync(rep).filter((f) => f.endsWith(".svg")).length === 3);
    assert.equal(fs.statSync(json!).mtimeMs, before, "the Result is not rewritten");
  });

  const bad: Array<[string, string[], RegExp]> = [
    ["unknown experiment", ["run", "nope", "--profile", "tiny"], /experiment: unknown experiment "nope"; available: scaling/],
    ["--trials 0", ["run", "scaling", "--trials", "0"], /--trials: "0" is not valid for trials; expected whole numbers from 1/],
    ["--trials abc", ["run", "scaling", "--trials", "abc"], /--trials: "abc" is not valid for trials/],
    ["unknown --set key", ["run", "scaling", "--set", "colour=red"], /--set colour=red: unknown parameter "colour"; valid parameters are workers/],
    ["--set without =", ["run", "scaling", "--set", "trials"], /--set trials: expected key=value/],
    ["unknown profile", ["run", "scaling", "--profile", "huge"], /--profile: unknown profile "huge"; valid profiles are tiny, quick, full/],
    ["unknown flag", ["run", "scaling", "--colour"], /command line: .*'--colour'/],
    ["unknown command", ["frobnicate"], /command: unknown command "frobnicate"; valid commands: list, run, report, reanalyse, findings, notebooks/],
    ["chunks < workers", ["run", "scaling", "--profile", "tiny", "--set", "chunks=1", "--out", "/tmp"], /chunks: 1 tasks cannot keep 2 workers busy/],
    ["missing Result file", ["report", "/nonexistent/x.json"], /\/nonexistent\/x\.json: cannot read the Result file/],
    ["unknown notebook", ["notebooks", "99-nope"], /99-nope: no such notebook; available: 00-calibration, 01-scaling/],
    ["unknown runtime", ["notebooks", "--runtime", "bun"], /--runtime: unknown runtime "bun"; valid: node, deno/],
  ];
  for (const [name, args, message] of bad) {
    it(`exits 2 on ${name} with a message naming the input`, async () => {
      const r = await runCli(args);
      assert.equal(r.code, 2, `exit code (stderr: ${r.stderr})`);
      assert.match(r.stderr, message);
    });
  }

  it("exits 2 on an unwritable --out before measuring anything", async () => {
    const file = path.join(tempDir(), "a-file");
    fs.writeFileSync(file, "");
    const r = await runCli(["run", "scaling", "--profile", "tiny", "--out", path.join(file, "sub")]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--out: cannot write to .*a-file\/sub/);
  });

  it("on Ctrl-C keeps the completed trials in a Result marked incomplete and leaves no worker", async () => {
    const out = tempDir();
    const child = spawn(process.execPath, [CLI, "run", "scaling", "--profile", "tiny", "--trials", "50", "--out", out, "--quiet"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    // Interrupt once a few trials are on disk.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const files = fs.readdirSync(out).filter((f) => f.endsWith(".json"));
      if (files.length > 0 && loadResult(path.join(out, files[0]!)).trials.length >= 3) break;
      assert.ok(Date.now() < deadline, "no checkpoint appeared");
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGINT");
    const code = await new Promise((r) => child.once("exit", (c) => r(c)));
    assert.equal(code, 130, stderr);
    const [file] = fs.readdirSync(out).filter((f) => f.endsWith(".json"));
    const partial = loadResult(path.join(out, file!));
    assert.equal(partial.complete, false);
    assert.ok(partial.trials.length >= 3 && partial.trials.length < 2 * 50 * 5);
    assert.deepEqual(await leftovers(), []);
    // The partial Result still renders.
    const rep = await runCli(["report", path.join(out, file!), "--out", tempDir()]);
    assert.equal(rep.code, 0, rep.stderr);
  });
});

describe("parlab notebooks, killed", () => {
  it("leaves neither the notebook nor its workers running when the exporter is SIGKILLed", async () => {
    const child = spawn(process.execPath, [CLI, "notebooks", "01-scaling", "--profile", "quick", "--out", tempDir()], {
      cwd: ROOT, stdio: ["ignore", "ignore", "ignore"], env: { ...process.env, PARLAB_RESULTS_DIR: tempDir() },
    });
    const deadline = Date.now() + 60_000;
    while (processesMatching("pool/entry-process").length === 0) {
      assert.ok(Date.now() < deadline, "the notebook never started a pool");
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    assert.deepEqual(await leftovers("notebooks/01-scaling.ts", 5000), [], "the notebook script ended with its exporter");
    assert.deepEqual(await leftovers("pool/entry-process", 5000), [], "and so did its pool");
  });
});
