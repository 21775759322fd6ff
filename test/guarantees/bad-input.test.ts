/**
 * Guarantee: bad input gets exit code 2 or a typed error naming the input and what would be valid —
 * on the command line, in experiment parameters, Result files, the image corpus, the environment —
 * with nothing already measured lost.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, describe, it } from "node:test";
import { InputError, UnsupportedError, distribution, notebookParams, resolveParams, runOrLoad, saveResult, scaling } from "parlab";
import { reusePortSupported, startCluster } from "parlab/drivers";
import { ensureCorpus, makeThumbnail } from "parlab/workloads";
import { runCli, tempDir } from "../helpers.ts";
import { NOTEBOOKS, TINY, assertNoOrphans, jsonFiles, scalingResult } from "./shared.ts";

/** Every file in a folder with its bytes, to check that a failed command changed nothing. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, fs.readFileSync(path.join(dir, f), "base64")]));
}
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
    { name: "unknown command", cli: ["frobnicate"], message: /command: unknown command "frobnicate"; valid commands: list, run, report, reanalyse, findings, notebooks/ },
    { name: "equivalence band outside (0, 1)", cli: run("--set", "equivalence=1.5"), message: /--set equivalence=1\.5: "1\.5" is not valid for equivalence; expected numbers between 0 and 1 \(exclusive\)/ },
    { name: "equivalence band of 0", cli: run("--set", "equivalence=0"), message: /--set equivalence=0: "0" is not valid for equivalence; expected numbers between 0 and 1 \(exclusive\)/ },
    { name: "unknown family procedure", cli: run("--set", "family=sidak-ish"), message: /"sidak-ish" is not valid for family; expected one of holm, bonferroni, none/ },
    { name: "confidence level outside (0.5, 1)", cli: run("--set", "confidence=0.4"), message: /--set confidence=0\.4: "0\.4" is not valid for confidence; expected numbers between 0\.5 and 1 \(exclusive\)/ },
    { name: "confidence level of 1", cli: run("--set", "confidence=1"), message: /"1" is not valid for confidence; expected numbers between 0\.5 and 1 \(exclusive\)/ },
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
