/**
 * Guarantee: no orphans. However a run ends (normally, with failed or timed-out trials, SIGTERM, or
 * its owner SIGKILLed, as when a Jupyter kernel is killed) no process or server of it is left; a
 * notebook stopped by the exporter keeps its outputs so far.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadResult } from "parlab";
import { abInstalled } from "parlab/drivers";
import { CLI, leftovers, processesMatching, runCli, tempDir } from "../helpers.ts";
import {
  LOADGEN_PROCESS, NOTEBOOKS, OWNER, POOL_PROCESS, RUN_PROCESSES, TINY, assertNoOrphans, checkpointWith, jsonFiles, start, until,
} from "./shared.ts";
// ---------------------------------------------------------------------------------------------
describe("guarantee: no orphans", () => {
  after(() => assertNoOrphans());

  it("a normal CLI run leaves no process", async () => {
    const out = tempDir();
    const r = await runCli([...TINY, "--out", out]);
    assert.equal(r.code, 0, r.stderr);
    const result = loadResult(jsonFiles(out)[0]!);
    assert.equal(result.complete, true);
    assert.ok(result.trials.every((t) => t.ok));
    await assertNoOrphans();
  });

  it("a trial over its time limit is torn down, recorded with its reason, and leaves no process", async () => {
    // Counting the primes below 2 000 000 in a fresh process takes far longer than 100 ms anywhere.
    const out = tempDir();
    const r = await runCli([...TINY, "--set", "workers=1", "--set", "n=2000000", "--set", "timeoutMs=100", "--trials", "1", "--out", out]);
    assert.equal(r.code, 1, `failed trials exit 1 (${r.stderr})`);
    const result = loadResult(jsonFiles(out)[0]!);
    assert.equal(result.complete, true, "the run went on after the failure");
    assert.deepEqual(result.failures.map((f) => [f.condition, f.reason]), [["processes×1", "trial timed out after 100 ms"]]);
    assert.ok(result.trials.some((t) => t.condition === "main" && t.ok), "the other condition still ran");
    await assertNoOrphans();
  });

  it("failing, hung and dying workers fail their trials only, and leave no process", async () => {
    const owner = start(process.execPath, [OWNER, "faults"]);
    const r = await owner.exited;
    assert.equal(r.code, 0, r.stderr);
    const trials = JSON.parse(r.stdout) as Array<{ condition: string; ok: boolean; error: string | null }>;
    const reasons = Object.fromEntries(trials.map((t) => [t.condition, t.error]));
    assert.match(reasons.fail!, /task fail failed in a process: failed on purpose/);
    assert.match(reasons.hang!, /trial timed out after 2000 ms/);
    assert.match(reasons.exit!, /exited with code 7 while running task exit/);
    assert.equal(reasons.ok, null, "a healthy trial after the faults still succeeds");
    await assertNoOrphans();
  });

  it("SIGKILL of the CLI mid-run: its workers exit, and its last checkpoint loads", async () => {
    const out = tempDir();
    const cli = start(process.execPath, [CLI, ...TINY, "--trials", "50", "--out", out]);
    await checkpointWith(out, 2);
    await until("a pool process", () => processesMatching(POOL_PROCESS).length > 0);
    cli.child.kill("SIGKILL");
    assert.equal((await cli.exited).signal, "SIGKILL");
    await assertNoOrphans();
    const kept = loadResult(jsonFiles(out)[0]!);
    assert.equal(kept.complete, false);
    assert.ok(kept.trials.length >= 2);
  });

  it("SIGKILL of a process owning a pool, a cluster and a load generator (as a killed kernel) leaves none of them", async () => {
    const owner = start(process.execPath, [OWNER, "serve"]);
    const pids = await until("the owner's pids", () => owner.stdout().includes("\n") && JSON.parse(owner.stdout()));
    await until("the load generator", () => processesMatching(LOADGEN_PROCESS).length > 0);
    for (const needle of RUN_PROCESSES) assert.ok(processesMatching(needle).length > 0, `${needle} runs`);
    assert.equal(pids.workers.length, 2);
    // Where ApacheBench is installed, the owner also runs a load of new connections, which goes to ab.
    const abMark = `127.0.0.1:${pids.port}/ab-load`;
    const withAb = abInstalled();
    if (withAb) await until("ab", () => processesMatching(abMark).length > 0);
    owner.child.kill("SIGKILL");
    await owner.exited;
    await assertNoOrphans();
    if (withAb) assert.deepEqual(await leftovers(abMark, 5000), [], "ab died with the process that started it");
  });

  it("SIGTERM to the notebook exporter stops the notebook and its pool, keeping its outputs so far", async () => {
    const out = tempDir();
    const cli = start(process.execPath, [CLI, "notebooks", "02", "--dir", NOTEBOOKS, "--profile", "tiny", "--out", out]);
    await until("the notebook's pool", () => processesMatching(POOL_PROCESS).length >= 2);
    cli.child.kill("SIGTERM");
    const r = await cli.exited;
    assert.equal(r.code, 143, r.stderr);
    assert.deepEqual(await leftovers("fixtures/notebooks/02-hang.ts", 5000), [], "the notebook script ended");
    await assertNoOrphans();
    const page = fs.readFileSync(path.join(out, "02-hang.html"), "utf8");
    assert.ok(page.includes("before the pool"), "outputs before the signal are kept");
    assert.ok(page.includes("stopped by SIGTERM"), "and the signal is noted");
  });
});
