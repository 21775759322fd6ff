/**
 * The lab's own guarantees, end to end through the `parlab` command and the library:
 * - no orphans: however a run ends (normally, with failed or timed-out trials, SIGINT, SIGTERM, or
 *   its owner SIGKILLed) no process or server of it is left;
 * - nothing lost: an interrupted run keeps every completed trial, loadable and plottable; files are
 *   written atomically; runs sharing a folder never clobber each other;
 * - bad input: exit code 2 or a typed error naming the input and what would be valid, with nothing
 *   already measured lost;
 * - security: servers listen on loopback only, workers start from fixed modules and run only named
 *   workloads, and text that reaches HTML is escaped on every path.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import {
  InputError, RESULT_SCHEMA, UnsupportedError, distribution, loadResult, notebookParams, resolveParams, runOrLoad, saveResult, scaling, type Result,
} from "parlab";
import { childExecArgv, reusePortSupported, runLoad, startCluster, withPool } from "parlab/drivers";
import { ensureCorpus, makeThumbnail } from "parlab/workloads";
import { CLI, ROOT, leftovers, processesMatching, runCli, skipWithoutChromium, skipWithoutJupyter, tempDir } from "../helpers.ts";

const FIXTURES = path.join(ROOT, "test", "fixtures");
const OWNER = path.join(FIXTURES, "owner.mjs");
const NOTEBOOKS = path.join(FIXTURES, "notebooks");
/**
 * Command-line marks of every process a run can start: pool workers, cluster primaries and workers,
 * load generators — of this checkout only, so that other checkouts' runs on the machine do not count.
 */
const DRIVERS = path.join(ROOT, "lib", "dist", "drivers");
const RUN_PROCESSES = ["pool/entry-process", "cluster/entry-", "loadgen/entry-generator"].map((name) => path.join(DRIVERS, name));
const [POOL_PROCESS, , LOADGEN_PROCESS] = RUN_PROCESSES as [string, string, string];
/** A tiny scaling run on process pools only, so that there are worker processes to leave behind. */
const TINY = ["run", "scaling", "--profile", "tiny", "--set", "kinds=processes", "--quiet"];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Fails with the command lines of any run process still alive after `timeoutMs`. */
async function assertNoOrphans(timeoutMs = 5000): Promise<void> {
  for (const needle of RUN_PROCESSES) assert.deepEqual(await leftovers(needle, timeoutMs), [], `no ${needle} left`);
}

interface Started {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>;
  stdout(): string;
}

/** Processes the tests started; any still running when the tests end (after a failure) is killed. */
const startedProcesses: ChildProcess[] = [];
after(() => {
  for (const child of startedProcesses) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

/** Starts a process with its output collected; `exited` resolves when it ends. */
function start(command: string, args: string[], env: Record<string, string> = {}): Started {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  startedProcesses.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited, stdout: () => stdout };
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await sleep(50);
  }
}

const jsonFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f));

/** Waits until a run's checkpoint in `dir` holds at least `trials` trials; every read must load (atomic writes). */
function checkpointWith(dir: string, trials: number): Promise<Result> {
  return until(`a checkpoint with ${trials} trials`, () => {
    const [file] = jsonFiles(dir);
    if (!file) return undefined;
    const result = loadResult(file); // throws if a reader ever sees a partial file
    return result.trials.length >= trials ? result : undefined;
  });
}

/** Every file in a folder with its bytes, to check that a failed command changed nothing. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), "base64")]));
}

/** Vega charts with marks drawn in a page (inline SVG). */
const drawnCharts = (html: string) =>
  (html.match(/<svg[^>]*class="marks"[\s\S]*?<\/svg>/g) ?? []).filter((svg) => /<g class="mark-(symbol|rect|line|area)[^"]*"[^>]*>\s*<path/.test(svg)).length;

/** A plausible scaling Result with two trials of main and threads×1, saved by the library itself. */
function scalingResult(overrides: Partial<Result> = {}): Result {
  const params = resolveParams(scaling.params, "tiny", [{ key: "kinds", value: ["threads"], input: "test" }, { key: "workers", value: [1], input: "test" }]);
  const at = "2026-01-01T00:00:00.000Z";
  const trial = (condition: string, index: number, computeMs: number) =>
    ({ condition, index, seq: index, startedAt: at, durationMs: computeMs, ok: true, metrics: { computeMs, ...(condition === "main" ? {} : { startupMs: 50 + index }) } });
  return {
    schema: RESULT_SCHEMA,
    experiment: { id: "scaling", version: 1, title: scaling.title },
    params,
    runtime: { name: "node", version: "20.0.0", v8: "11", mode: "test", features: { cluster: true, reusePort: false, sharedArrayBuffer: true, atomicsWaitAsync: true, requireEsm: true } },
    machine: { hostname: "h", os: { platform: "linux", release: "6", arch: "x64" }, cpu: { model: "cpu", cores: 2, speedMHz: 1 }, memory: { totalBytes: 2 ** 30, freeBytes: 1 }, loadAverage: [0, 0, 0], uvThreadpoolSize: null, git: null, takenAt: at },
    startedAt: at,
    finishedAt: at,
    complete: true,
    order: { kind: "random", seed: 1, warmupsPerCondition: 0, sequence: ["main", "threads×1", "main", "threads×1"] },
    trials: [trial("main", 0, 100), trial("threads×1", 0, 110), trial("main", 1, 104), trial("threads×1", 1, 108)],
    failures: [],
    samples: [],
    summary: null,
    ...overrides,
  } as Result;
}

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
    owner.child.kill("SIGKILL");
    await owner.exited;
    await assertNoOrphans();
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

// ---------------------------------------------------------------------------------------------
describe("guarantee: nothing lost", () => {
  after(() => assertNoOrphans());

  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`${signal} to the CLI keeps every completed trial, marked incomplete, loadable and plottable (exit ${code})`, async () => {
      const out = tempDir();
      const cli = start(process.execPath, [CLI, ...TINY, "--trials", "50", "--out", out]);
      const seen = await checkpointWith(out, 2);
      cli.child.kill(signal);
      const r = await cli.exited;
      assert.equal(r.code, code, r.stderr);
      assert.match(r.stderr, new RegExp(`interrupted: \\d+ completed trials kept in .*\\.json \\(marked incomplete\\)`));
      await assertNoOrphans();

      const files = jsonFiles(out);
      assert.equal(files.length, 1, "one Result file");
      const kept = loadResult(files[0]!);
      assert.equal(kept.complete, false);
      assert.ok(kept.trials.length < 50 * 3, "the run did stop early");
      const key = (t: Result["trials"][number]) => `${t.condition}#${t.index}`;
      assert.deepEqual(kept.trials.slice(0, seen.trials.length).map(key), seen.trials.map(key), "every trial seen on disk before the signal is kept");
      const csvRows = fs.readFileSync(files[0]!.replace(/\.json$/, ".csv"), "utf8").trim().split("\n").length - 1;
      assert.equal(csvRows, kept.trials.length, "the CSV holds the same trials");

      const rep = tempDir();
      const report = await runCli(["report", files[0]!, "--out", rep]);
      assert.equal(report.code, 0, report.stderr);
      const html = fs.readFileSync(path.join(rep, path.basename(files[0]!, ".json") + ".html"), "utf8");
      assert.ok(/This run was interrupted: \d+ trials were kept/.test(html), "the page says the run was interrupted");
      assert.ok(drawnCharts(html) >= 2, `charts drawn from the partial Result (${drawnCharts(html)})`);
    });
  }

  it("two runs writing into the same folder at once keep two distinct, valid Results", async () => {
    const out = tempDir();
    const [a, b] = await Promise.all([runCli([...TINY, "--set", "workers=1", "--out", out]), runCli([...TINY, "--set", "workers=1", "--out", out])]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const fileA = a.stdout.trim().split("\n").at(-2)!;
    const fileB = b.stdout.trim().split("\n").at(-2)!;
    assert.notEqual(fileA, fileB);
    assert.deepEqual(jsonFiles(out).sort(), [fileA, fileB].sort(), "exactly the two Results, no temp file");
    for (const f of [fileA, fileB]) {
      const r = loadResult(f);
      assert.equal(r.complete, true);
      assert.equal(r.trials.length, 2 * 2, "2 trials × (main + processes×1)");
    }
    assert.deepEqual(fs.readdirSync(out).filter((f) => f.endsWith(".tmp")), []);
  });

  it("two writers with the same name in one folder claim different files", () => {
    const dir = tempDir();
    const result = scalingResult();
    const first = saveResult(result, dir);
    const second = saveResult({ ...result, params: { ...result.params, seed: 2 } }, dir);
    assert.notEqual(first.json, second.json);
    assert.equal(loadResult(first.json).params.seed, 1, "the first Result is not overwritten");
    assert.equal(loadResult(second.json).params.seed, 2);
  });

  it("a writer that dies halfway through a write leaves the old file whole, and nothing that looks like a Result", async () => {
    const dir = tempDir();
    const writer = start(process.execPath, [OWNER, "crash-write", dir]);
    const r = await writer.exited;
    assert.equal(r.signal, "SIGKILL", `it died mid-write (${r.stderr})`);
    const file = r.stdout.trim();
    assert.equal(loadResult(file).trials.length, 2, "the last complete version is what a reader sees");
    assert.deepEqual(jsonFiles(dir), [file], "no other .json appeared");
    const partial = fs.readdirSync(dir).filter((f) => f !== path.basename(file) && !f.endsWith(".csv"));
    assert.ok(partial.length > 0 && partial.every((f) => f.startsWith(".") && f.endsWith(".tmp")), `the half-written data is in a hidden temp file (${partial.join(", ")})`);
  });
});

// ---------------------------------------------------------------------------------------------
describe("guarantee: bad input gets exit code 2 or a typed error naming the input and what is valid", () => {
  after(() => assertNoOrphans());

  // A folder holding a saved Result: no failing command may change or add to it.
  const measured = tempDir();
  saveResult(scalingResult(), measured);
  const resultFile = jsonFiles(measured)[0]!;
  const files = tempDir();
  const notADir = path.join(files, "a-file");
  fs.writeFileSync(notADir, "");
  const unwritable = path.join(notADir, "sub");
  const write = (name: string, text: string) => {
    const file = path.join(files, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const good = JSON.parse(fs.readFileSync(resultFile, "utf8")) as Record<string, unknown>;
  const { params: _p, machine: _m, ...missingFields } = good;
  const run = (...args: string[]) => [...TINY, "--out", measured, ...args];
  const danglingImage = path.join(files, "dangling.jpg");
  fs.symlinkSync(path.join(files, "gone.jpg"), danglingImage);
  const thumbSpec = { width: 32, height: 24, outDir: files, input: "path" } as const;
  const withEnv = async <T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
      return await body();
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  };

  type Case = { name: string; message: RegExp } & (
    | { cli: string[] }
    | { call: () => unknown; error: new (...args: never[]) => Error }
    | { works: () => Promise<void> }
  );
  const cases: Case[] = [
    // The command line.
    { name: "unknown command", cli: ["frobnicate"], message: /command: unknown command "frobnicate"; valid commands: list, run, report, notebooks/ },
    { name: "unknown experiment", cli: ["run", "nope", "--out", measured], message: /experiment: unknown experiment "nope"; available: .*scaling/ },
    { name: "unknown option", cli: run("--colour"), message: /command line: Unknown option '--colour'[\s\S]*Usage:/ },
    { name: "--set without =", cli: run("--set", "trials"), message: /--set trials: expected key=value, e\.g\. --set trials=10/ },
    { name: "unknown parameter", cli: run("--set", "colour=red"), message: /--set colour=red: unknown parameter "colour"; valid parameters are workers, kinds, n, chunks, trials/ },
    { name: "value out of range", cli: run("--set", "workers=0,65"), message: /--set workers=0,65: "0,65" is not valid for workers; expected a comma-separated list of whole numbers from 1 to 64 \(workers\)/ },
    { name: "wrong type (number)", cli: run("--trials", "abc"), message: /--trials: "abc" is not valid for trials; expected whole numbers from 1 to 10000 \(trials\)/ },
    { name: "wrong type (boolean)", cli: run("--set", "prewarm=maybe"), message: /--set prewarm=maybe: "maybe" is not valid for prewarm; expected true or false/ },
    { name: "not one of the choices", cli: run("--set", "kinds=fibers"), message: /"fibers" is not valid for kinds; expected a comma-separated list of one of threads, processes/ },
    { name: "unknown profile", cli: run("--profile", "huge"), message: /--profile: unknown profile "huge"; valid profiles are tiny, quick, full/ },
    { name: "bad --timeout-ms of notebooks", cli: ["notebooks", "--dir", NOTEBOOKS, "--timeout-ms", "0"], message: /--timeout-ms: expected a whole number of milliseconds ≥ 1/ },
    // Experiment parameters given to the library.
    { name: "parameter of the wrong type", call: () => resolveParams(scaling.params, "tiny", [{ key: "prewarm", value: 3, input: "parameters cell: prewarm" }]), error: InputError, message: /^parameters cell: prewarm: 3 is not valid for prewarm; expected true or false$/ },
    { name: "list with an element of the wrong type", call: () => resolveParams(scaling.params, "tiny", [{ key: "workers", value: [1, "2"], input: "parameters cell: workers" }]), error: InputError, message: /parameters cell: workers: "2" is not valid for workers; expected a comma-separated list of whole numbers from 1 to 64/ },
    { name: "profile in the parameters cell", call: () => notebookParams(scaling, { profile: "huge" }), error: InputError, message: /parameters cell: profile: unknown profile "huge"; valid profiles are tiny, quick, full/ },
    // Result files.
    { name: "missing Result file", cli: ["report", path.join(files, "nope.json"), "--out", measured], message: /nope\.json: cannot read the Result file \(ENOENT/ },
    { name: "corrupt JSON", cli: ["report", write("corrupt.json", '{"schema": 1, "trials": [{"cond'), "--out", measured], message: /corrupt\.json: not valid JSON, the file is corrupt or truncated/ },
    { name: "wrong schema version", cli: ["report", write("schema.json", JSON.stringify({ ...good, schema: 99 })), "--out", measured], message: /schema\.json: Result schema 99 is not supported; this version of parlab reads schema 1/ },
    { name: "missing fields", cli: ["report", write("fields.json", JSON.stringify(missingFields)), "--out", measured], message: /fields\.json: not a complete Result: missing params, machine/ },
    { name: "not an object", cli: ["report", write("array.json", "[1, 2]"), "--out", measured], message: /array\.json: not a Result: expected a JSON object/ },
    { name: "unknown experiment in a Result", cli: ["report", write("other.json", JSON.stringify({ ...good, experiment: { id: "nope", version: 1, title: "x" } })), "--out", measured], message: /Result experiment id: unknown experiment "nope"; available: .*scaling/ },
    { name: "Result content its experiment cannot analyse", cli: ["report", write("content.json", JSON.stringify({ ...good, params: { ...(good.params as object), kinds: 5 } })), "--out", measured], message: /content\.json: cannot be analysed as a "scaling" Result \(.*\); give a Result file saved by parlab/ },
    { name: "PARLAB_RESULT of another experiment", call: () => withEnv({ PARLAB_RESULT: resultFile }, () => runOrLoad(distribution, resolveParams(distribution.params, "tiny"))), error: InputError, message: /^PARLAB_RESULT: .*\.json holds a "scaling" Result; give a saved Result of "distribution", or unset it to measure$/ },
    // The environment.
    { name: "unwritable --out of run", cli: [...TINY, "--out", unwritable], message: /--out: cannot write to .*a-file\/sub \(.*\); give a folder you can create and write/ },
    { name: "unwritable --out of report", cli: ["report", resultFile, "--out", unwritable], message: /--out: cannot write to .*a-file\/sub/ },
    { name: "unwritable --out of notebooks", cli: ["notebooks", "01", "--dir", NOTEBOOKS, "--out", unwritable], message: /--out: cannot write to .*a-file\/sub/ },
    { name: "unwritable results folder of a notebook", call: () => withEnv({ PARLAB_RESULTS_DIR: unwritable }, () => runOrLoad(scaling, resolveParams(scaling.params, "tiny"))), error: InputError, message: /^results folder \(PARLAB_RESULTS_DIR\): cannot write to .*a-file\/sub/ },
    { name: "port out of range", call: () => startCluster({ policy: "rr", workers: 1, port: 70_000 }), error: InputError, message: /^port: must be a whole number from 0 to 65535, got 70000$/ },
    {
      name: "port in use",
      call: async () => {
        const blocker = net.createServer();
        await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
        const port = (blocker.address() as net.AddressInfo).port;
        try {
          const server = await startCluster({ policy: "rr", workers: 1, port });
          await server.close();
        } finally {
          blocker.close();
        }
      },
      error: InputError,
      message: /^port: 127\.0\.0\.1:\d+ is already in use \(.*EADDRINUSE.*\); give a free port from 1 to 65535, or 0 to let the OS pick one$/,
    },
    reusePortSupported()
      ? {
        name: "the reusePort feature (supported by this Node: it must work)",
        works: async () => {
          const server = await startCluster({ policy: "reuseport", workers: 2 });
          try {
            assert.equal(await server.observedPolicy(), "reuseport");
          } finally {
            await server.close();
          }
        },
        message: /reuseport/,
      }
      : { name: "the reusePort feature on a Node without it", call: () => startCluster({ policy: "reuseport", workers: 2 }), error: UnsupportedError, message: /^policy: "reuseport" needs Node\.js ≥ 22\.12 \(or ≥ 23\.1\) on Linux for listen\(\{ reusePort \}\); the server would run on node \d+/ },
    // The image corpus.
    { name: "corpus folder that cannot be created", call: () => ensureCorpus(unwritable, { count: 1, width: 64, height: 48, format: "jpeg", seed: 1 }), error: InputError, message: /cannot create or write the corpus folder .*a-file\/sub.*; give a writable folder$/ },
    { name: "corpus folder that cannot be created (CLI)", cli: ["run", "thumbnails", "--profile", "tiny", "--set", `imagesDir=${unwritable}`, "--out", measured], message: /imagesDir: cannot create or write the corpus folder .*a-file\/sub.*; give a writable folder/ },
    { name: "unknown image format", cli: ["run", "thumbnails", "--profile", "tiny", "--set", "format=gif", "--out", measured], message: /--set format=gif: "gif" is not valid for format; expected one of jpeg, png, webp/ },
    { name: "unreadable image (a dangling link)", call: () => makeThumbnail(danglingImage, thumbSpec), error: InputError, message: /dangling\.jpg: cannot make a thumbnail: not a readable image \(.+\); give a JPEG, PNG or WebP file$/ },
    { name: "a file that is not an image", call: () => makeThumbnail(write("notes.jpg", "these are notes, not pixels"), thumbSpec), error: InputError, message: /notes\.jpg: cannot make a thumbnail: not a readable image \(.+\); give a JPEG, PNG or WebP file$/ },
  ];

  it("the table has at least 20 cases", () => assert.ok(cases.length >= 20, `${cases.length} cases`));

  for (const c of cases) {
    it(c.name, async () => {
      const before = snapshot(measured);
      if ("cli" in c) {
        const r = await runCli(c.cli);
        assert.equal(r.code, 2, `exit code 2 (stderr: ${r.stderr})`);
        assert.match(r.stderr, c.message);
        assert.doesNotMatch(r.stderr, /^\s+at /m, "a message, not a stack trace");
      } else if ("call" in c) {
        await assert.rejects(async () => c.call(), (e: Error) => {
          assert.ok(e instanceof c.error, `${e.name} is a ${c.error.name}: ${e.message}`);
          assert.match(e.message, c.message);
          return true;
        });
      } else {
        await c.works();
      }
      assert.deepEqual(snapshot(measured), before, "what was measured before is unchanged, and nothing was added");
      await assertNoOrphans(2000);
    });
  }
});

// ---------------------------------------------------------------------------------------------
/** Listening TCP sockets by inode from /proc/net/tcp and tcp6: local address and port. */
function listeningSockets(): Map<string, { address: string; port: number }> {
  const found = new Map<string, { address: string; port: number }>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.trim().split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== "0A") continue; // LISTEN
      const [hexAddress, hexPort] = cols[1]!.split(":");
      const address = hexAddress!.length === 8
        ? hexAddress!.match(/../g)!.reverse().map((h) => parseInt(h, 16)).join(".")
        : hexAddress!; // IPv6: kept as hex, any is off loopback for our purposes unless ::1
      found.set(cols[9]!, { address, port: parseInt(hexPort!, 16) });
    }
  }
  return found;
}

/** Socket inodes a process holds open. */
function socketInodes(pid: number): string[] {
  const inodes: string[] = [];
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.push(m[1]!);
    } catch {
      // closed while we looked
    }
  }
  return inodes;
}

/** Listening sockets held by `pids`. */
function listenersOf(pids: number[]): Array<{ pid: number; address: string; port: number }> {
  const all = listeningSockets();
  return pids.flatMap((pid) => socketInodes(pid).flatMap((inode) => (all.has(inode) ? [{ pid, ...all.get(inode)! }] : [])));
}

/** An IPv4 address of this machine off the loopback interface, if it has one. */
const outsideAddress = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal)?.address;

const PAYLOAD = `<script>alert(1)</script>"><img src=x onerror=alert(1)>`;
/** The start of the payload, escaped (vega may shorten long labels after it). */
const ESCAPED = "&lt;script&gt;alert(1)";

// A start tag with its attributes, quoted values included, so that text inside a value is never taken for markup.
const START_TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>\/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

/** Elements and attributes of a page that could run code: script elements, event handlers, javascript: URLs. */
function activeMarkup(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(START_TAG)) {
    if (tag[1]!.toLowerCase() === "script") found.push(tag[0]);
    for (const attribute of tag[2]!.matchAll(ATTRIBUTE)) {
      const name = attribute[1]!.toLowerCase();
      const value = (attribute[2] ?? "").replace(/^["']|["']$/g, "");
      if (name.startsWith("on") || (/(^|:)(href|src|action)$/.test(name) && /^\s*javascript:/i.test(value))) found.push(tag[0].slice(0, 200));
    }
  }
  // Raw text never holds "<script": escaped, it reads "&lt;script".
  if (/<script\b/i.test(html) && found.length === 0) found.push("<script");
  return found;
}

/** Fails if a page holds a script element, an event-handler attribute or a javascript: URL. */
function assertInert(html: string, label: string): void {
  assert.ok([...html.matchAll(START_TAG)].length > 3, `${label}: markup was parsed`);
  assert.deepEqual(activeMarkup(html), [], `${label}: nothing that runs code`);
}

/** Pages written by the escaping tests, opened in a browser at the end. */
const pages: string[] = [];

describe("guarantee: security", () => {
  after(() => assertNoOrphans());

  for (const policy of ["rr", "none", ...(reusePortSupported() ? ["reuseport" as const] : [])] as const) {
    it(`a ${policy} cluster listens on 127.0.0.1 only`, async () => {
      const server = await startCluster({ policy, workers: 2 });
      try {
        assert.equal(server.host, "127.0.0.1");
        const listeners = listenersOf([server.primaryPid, ...server.workerPids]);
        assert.ok(listeners.some((l) => l.port === server.port), `the server's socket is found (${JSON.stringify(listeners)})`);
        for (const l of listeners) assert.equal(l.address, "127.0.0.1", `pid ${l.pid} listens on ${l.address}:${l.port}`);
        const reply = await fetch(`http://127.0.0.1:${server.port}/`);
        assert.equal(reply.status, 200);
        if (outsideAddress) {
          const outcome = await new Promise<string>((resolve) => {
            const socket = net.connect({ host: outsideAddress, port: server.port });
            socket.setTimeout(2000, () => (socket.destroy(), resolve("timeout")));
            socket.once("connect", () => (socket.destroy(), resolve("connected")));
            socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
          });
          assert.notEqual(outcome, "connected", `${outsideAddress}:${server.port} must not be reachable`);
        }
      } finally {
        await server.close();
      }
    });
  }

  it("the load generator opens no listening socket and sends load to loopback only", async () => {
    await assert.rejects(
      runLoad({ url: `http://${outsideAddress ?? "192.0.2.1"}:80/`, concurrency: 1, requests: 1, keepAlive: true, timeLimitMs: 1000 }),
      (e: Error) => e instanceof InputError && e.input === "url",
    );
    const server = await startCluster({ policy: "rr", workers: 1, handlerCostMs: 1 });
    try {
      let seen = 0;
      let polling = true;
      const listeners: unknown[] = [];
      const poll = (async () => {
        while (polling) {
          const pids = processesMatching(LOADGEN_PROCESS).map((l) => Number(l.split(" ")[0]));
          if (pids.length > 0) seen++;
          listeners.push(...listenersOf(pids));
          await sleep(20);
        }
      })();
      const report = await runLoad({ url: `http://127.0.0.1:${server.port}/`, concurrency: 2, requests: 150, keepAlive: false, timeLimitMs: 30_000 });
      polling = false;
      await poll;
      assert.ok(report.completed > 0);
      assert.ok(seen > 0, "the generator process was observed while it ran");
      assert.deepEqual(listeners, []);
    } finally {
      await server.close();
    }
  });

  it("workers run only named workloads: anything else is rejected, naming the known ones", async () => {
    await withPool({ kind: "processes", size: 1 }, async (pool) => {
      for (const name of ["__proto__", "constructor", "toString", "process.exit", "require('child_process')"]) {
        await assert.rejects(pool.run(name), (e: Error) => new RegExp(`unknown workload "${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"; known: (\\w+, )*\\w+$`).test(e.message) && /known: .*\bprimes\b/.test(e.message), name);
      }
      assert.equal(await pool.run("primes", [0, 100]), 25, "the worker still serves");
    });
  });

  it("workers start from fixed entry modules, never with the owner's eval code or test runner", async () => {
    assert.deepEqual(
      childExecArgv(["-e", "code", "--eval", "code", "-p", "1", "--print", "1", "--test", "--test-only", "--test-name-pattern=x", "--inspect", "--inspect-brk=0", "--input-type=module", "--import", "tsx", "--require=./x.cjs", "--max-old-space-size=256"], true),
      ["--import", "tsx", "--require=./x.cjs", "--max-old-space-size=256"],
    );
    // An owner started from eval code: its pool, cluster and load generator must not re-run that code.
    const code = `await import(${JSON.stringify(new URL(`file://${OWNER}`).href)})`;
    const owner = start(process.execPath, ["--max-old-space-size=256", "--input-type=module", "-e", code, "serve"]);
    try {
      await until("the owner's pids", () => owner.stdout().includes("\n"));
      await until("the load generator", () => processesMatching(LOADGEN_PROCESS).length > 0);
      const children = RUN_PROCESSES.flatMap((needle) => processesMatching(needle));
      assert.ok(children.length >= 2 + 1 + 2 + 1, `pool, primary, cluster workers and generator (${children.length})`);
      for (const line of children) {
        const cmd = line.slice(line.indexOf(" ") + 1);
        assert.ok(/^\S+ (--max-old-space-size=256 )?\S+\/(pool\/entry-process|cluster\/entry-primary|cluster\/entry-worker|loadgen\/entry-generator)\.js$/.test(cmd) && cmd.includes(DRIVERS), cmd);
      }
    } finally {
      owner.child.kill("SIGKILL");
      await owner.exited;
    }
    await assertNoOrphans();
  });

  it("the report escapes the title, parameter values, machine text, chart labels and failure reasons", async () => {
    const base = scalingResult();
    const hostile = scalingResult({
      experiment: { id: "scaling", version: 1, title: `title ${PAYLOAD}` },
      params: { ...base.params, order: `param ${PAYLOAD}` },
      // The model reaches the findings, which are markdown: a link there must not become a javascript: URL.
      machine: { ...base.machine, cpu: { model: `cpu ${PAYLOAD} [link](javascript:alert(1)) <javascript:alert(1)>`, cores: 2, speedMHz: 1 } },
      trials: [
        ...base.trials,
        { condition: `label ${PAYLOAD}`, index: 0, seq: 4, startedAt: base.startedAt, durationMs: 99, ok: true, metrics: { computeMs: 99 } },
        { condition: "threads×1", index: 2, seq: 5, startedAt: base.startedAt, durationMs: NaN, ok: false, error: `reason ${PAYLOAD}`, metrics: {} },
      ],
      failures: [{ condition: "threads×1", index: 2, reason: `reason ${PAYLOAD}`, at: base.startedAt }],
    });
    const dir = tempDir();
    const saved = saveResult(hostile, dir);
    const r = await runCli(["report", saved.json, "--out", dir]);
    assert.equal(r.code, 0, r.stderr);
    const page = path.join(dir, path.basename(saved.json, ".json") + ".html");
    const html = fs.readFileSync(page, "utf8");
    assertInert(html, "report");
    for (const where of ["title", "param", "cpu", "label", "reason"]) {
      assert.ok(html.includes(`${where} ${ESCAPED}`), `${where} is in the page, escaped`);
    }
    assert.ok(html.includes(`<title>title ${ESCAPED}`), "the page title is escaped");
    for (const svg of fs.readdirSync(dir).filter((f) => f.endsWith(".svg"))) assertInert(fs.readFileSync(path.join(dir, svg), "utf8"), svg);
    pages.push(page);
  });

  it("the headless notebook export escapes prose, code, console output, tables, markdown, charts, worker errors and uncaught errors", async () => {
    const out = tempDir();
    const r = await runCli(["notebooks", "01", "--dir", NOTEBOOKS, "--profile", "tiny", "--out", out], { env: { PARLAB_RESULTS_DIR: tempDir() } });
    assert.equal(r.code, 1, `the notebook ends with an uncaught error on purpose (${r.stderr})`);
    const html = fs.readFileSync(path.join(out, "01-hostile.html"), "utf8");
    const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
    assertInert(html, "notebook page");
    assertInert(index, "index page");
    for (const where of ["Hostile", "Raw HTML in prose:", "stdout", "stderr", "caption", "cell", "heading", "text", "chart", "worker", "uncaught"]) {
      assert.ok(html.includes(`${where} ${ESCAPED}`), `${where}: the text is in the page, escaped`);
    }
    assert.ok(html.includes(`const P = \`${ESCAPED}`), "code cells are escaped");
    assert.ok(html.includes(`<th>${ESCAPED}`), "table headers are escaped");
    assert.ok(html.includes(`<title>Hostile ${ESCAPED}`), "the page title is escaped");
    assert.ok(index.includes(`Hostile ${ESCAPED}`), "the index escapes the title");
    pages.push(path.join(out, "01-hostile.html"), path.join(out, "index.html"));
  });

  it("the Jupyter export (nbconvert, offline template, tslab) leaves no markup from prose or outputs active", { skip: skipWithoutJupyter() }, async () => {
    const sync = await runCli(["notebooks", "sync", "--check", "--dir", NOTEBOOKS]);
    assert.equal(sync.code, 0, `the fixture .ipynb is up to date (${sync.stderr})`);
    // A kernelspec of this checkout's tslab, so the test needs no kernel registered system-wide.
    const jupyterPath = tempDir();
    fs.mkdirSync(path.join(jupyterPath, "kernels", "tslab"), { recursive: true });
    fs.writeFileSync(path.join(jupyterPath, "kernels", "tslab", "kernel.json"), JSON.stringify({
      argv: [path.join(ROOT, "node_modules", ".bin", "tslab"), "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript",
    }));
    const out = tempDir();
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn("bash", [path.join(ROOT, "notebooks", "jupyter-html.sh"), "tslab", path.join(NOTEBOOKS, "01-hostile.ipynb")], {
        cwd: ROOT, env: { ...process.env, JUPYTER_PATH: jupyterPath, OUT: out, PARLAB_PROFILE: "tiny", PARLAB_RESULTS_DIR: tempDir() }, stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
      child.once("exit", (code) => (clearTimeout(timer), resolve({ code, stderr })));
    });
    assert.equal(r.code, 0, r.stderr.slice(-3000));
    const page = path.join(out, "01-hostile.html");
    const html = fs.readFileSync(page, "utf8");
    assertInert(html, "nbconvert page");
    for (const where of ["stdout", "stderr", "caption", "cell", "heading", "text", "worker"]) {
      assert.ok(html.includes(`${where} ${ESCAPED}`), `${where}: the text is in the page, escaped`);
    }
    const svgs = [...html.matchAll(/<img class="chart"[^>]*src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1]!, "base64").toString("utf8"));
    assert.equal(svgs.length, 1, "the chart is embedded as an image");
    assert.ok(svgs[0]!.includes(`chart ${ESCAPED}`), "its title is escaped in the SVG");
    assertInert(svgs[0]!, "nbconvert chart");
    pages.push(page);
  });

  it("no exported page runs script in a browser", { skip: skipWithoutChromium() }, async () => {
    assert.ok(pages.length >= 3, `earlier tests wrote pages (${pages.length})`);
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
    try {
      for (const file of pages) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const dialogs: string[] = [];
        page.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
        const url = `file://${file}`;
        await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
        await page.goto(url, { waitUntil: "load" });
        await page.waitForTimeout(200);
        const active: number = await page.evaluate(`document.querySelectorAll("script, [onerror], [onload], [onclick]").length`);
        assert.equal(active, 0, `${path.basename(file)}: no script elements or handlers in the DOM`);
        assert.deepEqual(dialogs, [], `${path.basename(file)}: no dialog opened`);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
