/**
 * The examples in the doc comments of lib/stats/, lib/charts/ and lib/stopping.ts are tests: Deno's doc-test runner
 * extracts every fenced ```ts block and runs it, and each block asserts what it shows. Without this
 * suite an example could drift from the code it documents. Skipped with the reason when Deno is
 * missing, except under CI=true, where that fails.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { promisify } from "node:util";
import { DENO, ROOT, skipWithoutDeno } from "../helpers.ts";

// Source folders, not the package: the examples live in the doc comments of the TypeScript source.
const DOCUMENTED = ["lib/stats/", "lib/charts/", "lib/stopping.ts"];

test(
  "every example in the stats and charts doc comments runs and its assertions hold",
  { skip: skipWithoutDeno(), timeout: 600_000 },
  async () => {
    // Type-checked too (deno.json holds Deno's compiler options), so an example that no longer
    // matches its function's signature fails here even before it runs.
    const { stdout, stderr } = await promisify(execFile)(DENO, ["test", "--doc", ...DOCUMENTED], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      assert.fail(`deno test --doc failed:\n${error.stdout ?? ""}\n${error.stderr ?? error.message}`);
    });
    const summary = /ok \| (\d+) passed \| (\d+) failed/.exec(stdout + stderr);
    assert.ok(summary, `no summary line in deno's output:\n${stdout}\n${stderr}`);
    assert.equal(Number(summary[2]), 0);
    // One per documented export at least; a runner that found no examples would pass vacuously.
    assert.ok(Number(summary[1]) >= 40, `only ${summary[1]} examples ran`);
  },
);
