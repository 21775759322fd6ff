/**
 * Guarantee: nothing lost. An interrupted run keeps every completed trial in a Result marked
 * incomplete, which loads and plots; files are written atomically, so a crash leaves the old file
 * whole; runs sharing a folder claim distinct files.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadResult, saveResult, type Result } from "parlab";
import { CLI, runCli, tempDir } from "../helpers.ts";
import { OWNER, TINY, assertNoOrphans, checkpointWith, jsonFiles, scalingResult, start } from "./shared.ts";

/** Vega charts with marks drawn in a page (inline SVG). */
const drawnCharts = (html: string) =>
  (html.match(/<svg[^>]*class="marks"[\s\S]*?<\/svg>/g) ?? []).filter((svg) => /<g class="mark-(symbol|rect|line|area)[^"]*"[^>]*>\s*<path/.test(svg)).length;
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
