/**
 * `parlab site` and the front page: pages built from saved Results without measuring, Results that
 * know the source that measured them, stale ones re-measured by `--refresh` and only those, claims
 * whose verdicts follow the Result's data, no absolute path of this machine in any page, and bad
 * input exiting 2.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { claimsMarkdown, getExperiment, loadResult, reanalyse, staleness, type Result } from "parlab";
import { ROOT, runCli, tempDir } from "../helpers.ts";

const REFERENCE = path.join(ROOT, "data", "results", "reference");
const NOTEBOOKS = fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => /^\d+-[\w-]+\.ts$/.test(f)).sort();

/** The reference Result files of experiment `id`. */

/** The verdict words of each claim, as the experiment's analysis computes them from `result`. */
function verdictWords(result: Result): string[] {
  const claims = getExperiment(result.experiment.id).claims!(reanalyse(result));
  return claims.map((c) => /— \*(.+?)\.\*/.exec(claimsMarkdown([c]))![1]!);
}

/** Fails when a page holds an absolute path of this machine: the project, the temporary or the home folder. */
function assertNoMachinePaths(dir: string): void {
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith(".html"))) {
    const html = fs.readFileSync(path.join(dir, name), "utf8");
    for (const prefix of [ROOT, os.tmpdir() + path.sep, os.homedir() + path.sep]) {
      assert.ok(!html.includes(prefix), `${name} holds the absolute path ${prefix}`);
    }
  }
}

/** Every `page.html#anchor` link of the front page points at an element with that id. */
function assertLinksResolve(out: string): number {
  const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
  const links = [...index.matchAll(/href="([\w-]+\.html)#([\w-]+)"/g)];
  for (const [, page, anchor] of links) {
    const html = fs.readFileSync(path.join(out, page!), "utf8");
    assert.ok(html.includes(`id="${anchor}"`), `${page}#${anchor} names no cell`);
  }
  return links.length;
}

const jsonFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();

describe("parlab site", () => {
  it("builds every notebook page and the claims front page from the references, measuring nothing", async () => {
    const out = tempDir();
    const results = tempDir();
    const t0 = performance.now();
    const r = await runCli(["site", "--out", out], { env: { PARLAB_RESULTS_DIR: results }, timeoutMs: 300_000 });
    // How long it takes is a bench matter on shared cores; it is printed, not asserted.
    process.stdout.write(`# parlab site from the references: ${((performance.now() - t0) / 1000).toFixed(1)} s for ${NOTEBOOKS.length} notebooks\n`);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(jsonFiles(results), [], "no Result was written: nothing was measured");
    assert.doesNotMatch(r.stderr, /re-measuring/);
    for (const nb of NOTEBOOKS) {
      const html = fs.readFileSync(path.join(out, nb.replace(/\.ts$/, ".html")), "utf8");
      const source = fs.readFileSync(path.join(ROOT, "notebooks", nb), "utf8");
      if (!/\b(runOrLoad|runOnRuntimes)\(/.test(source)) {
        // The decision guide runs (it measures nothing); the your-workload notebook is shown unexecuted (it would measure).
        if (/\bcompareKinds\(/.test(source)) assert.match(html, /Not executed by the site/, `${nb} is shown unexecuted`);
        else assert.match(html, /Built by running the notebook, which measures nothing/, `${nb} ran without a Result`);
        continue;
      }
      assert.match(html, /Built from the saved Result data\/results\/reference\/[\w-]+\.json, measured on \d{4}-\d\d-\d\d on \d+ cores \([^)]*\), \w+ \w+, node [\d.]+, profile \w+/, `${nb} says where its Result was measured`);
      assert.match(html, /Provenance unknown: saved before Results recorded the source|Current: measured by the source this library holds/, `${nb}: a committed reference is current, or older than source hashes`);
      assert.match(html, /status-ok/, `${nb} ran to completion`);
      if (source.includes(".claims(")) assert.match(html, /id="claims"/, `${nb} has the claims cell's anchor`);
    }
    const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
    for (const topic of ["Round-robin vs socket sharing", "Fault tolerance", "Isolation vs shared memory", "Memory overhead", "The 100-thumbnail timing", "The lab's own questions"]) {
      assert.ok(index.includes(topic), `the claims table has the topic ${topic}`);
    }
    // The verdicts on the page are those the analysis computes from the Result each row names.
    for (const [file] of [...index.matchAll(/Result (data\/results\/reference\/[\w-]+\.json)/g)].map((m) => [m[1]!])) {
      for (const words of verdictWords(loadResult(path.join(ROOT, file!)))) {
        assert.ok(index.includes(`<strong>${words}</strong>`), `${file}: the verdict "${words}" is on the front page`);
      }
    }
    assert.ok(assertLinksResolve(out) >= 9, "each claim links to the cell that shows it");
    assertNoMachinePaths(out);
  });

  let tiny: { file: string; result: Result } | undefined;

  it("npm start's front page rests on the Result each notebook run measured, which records the source that measured it", async () => {
    const out = tempDir();
    const results = tempDir();
    const r = await runCli(["notebooks", "01", "--profile", "tiny", "--out", out], { env: { PARLAB_RESULTS_DIR: results }, timeoutMs: 300_000 });
    assert.equal(r.code, 0, r.stderr);
    const [name] = jsonFiles(results);
    assert.ok(name, "the notebook saved a Result");
    const file = path.join(results, name);
    const result = loadResult(file);
    const provenance = result.provenance!;
    assert.match(provenance.sourceHash ?? "", /^[0-9a-f]{64}$/);
    assert.equal(provenance.profile, "tiny");
    const sources = Object.keys(provenance.sources ?? {});
    for (const f of ["experiments/scaling/measure.ts", "drivers/pool/mod.ts", "drivers/pool/entry-thread.ts", "drivers/pool/entry-process.ts", "trials.ts"]) {
      assert.ok(sources.includes(f), `the hash covers ${f}, which measures`);
    }
    for (const f of ["experiments/scaling/analyse.ts", "experiments/scaling/claims.ts", "stats/compare.ts"]) {
      assert.ok(!sources.includes(f), `the hash leaves out ${f}, the analysis`);
    }
    const now = staleness(result);
    assert.equal(now.stale, false, now.reason);
    assert.match(now.reason, /^current/);
    const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
    assert.match(index, /the Results this run measured/);
    assert.ok(index.includes(`measured ${name}`), "the front page names the Result the run measured");
    for (const words of verdictWords(result)) assert.ok(index.includes(`<strong>${words}</strong>`), `the verdict "${words}" is on the front page`);
    const page = fs.readFileSync(path.join(out, "01-scaling.html"), "utf8");
    assert.ok(page.includes(`Result in ${name}`), "the notebook prints where its Result is, without the folder's absolute path");
    assert.ok(page.includes(`Measured ${name}: measured on ${result.startedAt.slice(0, 10)} on ${result.machine.cpu.cores} cores`), "the page says where and when its Result was measured");
    assert.match(page, /, profile tiny\./);
    assertNoMachinePaths(out);
    tiny = { file, result };
  });

  it("a Result whose measuring source has changed is stale, naming the file; one that records none is 'provenance unknown'", () => {
    assert.ok(tiny, "the previous test saved a Result");
    const { result } = tiny;
    const changed = { ...result, provenance: { ...result.provenance!, sourceHash: "0".repeat(64), sources: { ...result.provenance!.sources, "trials.ts": "0".repeat(16) } } };
    const stale = staleness(changed);
    assert.equal(stale.stale, true);
    assert.match(stale.reason, /lib\/trials\.ts/);
    const { provenance: _, ...bare } = result;
    const unknown = staleness(bare as Result);
    assert.equal(unknown.stale, false);
    assert.match(unknown.reason, /^provenance unknown/);
  });

  it("marks a page built from a stale Result, and --refresh re-measures that notebook only", async () => {
    assert.ok(tiny, "an earlier test saved a Result");
    const { result } = tiny;
    const from = tempDir();
    const crafted = { ...result, provenance: { ...result.provenance!, sourceHash: "f".repeat(64) } };
    fs.writeFileSync(path.join(from, "scaling-stale.json"), JSON.stringify(crafted));
    // A Result saved before Results recorded their source: of unknown provenance, never re-measured.
    const distribution = path.join(ROOT, "test", "fixtures", "results", "distribution-2026-11-29T07-01-20-193Z.json");
    fs.copyFileSync(distribution, path.join(from, path.basename(distribution)));
    const results = tempDir();

    const out = tempDir();
    const plain = await runCli(["site", "01", "--from", from, "--out", out], { env: { PARLAB_RESULTS_DIR: results }, timeoutMs: 300_000 });
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(fs.readFileSync(path.join(out, "01-scaling.html"), "utf8"), /Stale: the source that measures &quot;scaling&quot; has changed/);
    assert.match(fs.readFileSync(path.join(out, "index.html"), "utf8"), /<strong class="status-failed">stale<\/strong>/);
    assert.deepEqual(jsonFiles(from), [path.basename(distribution), "scaling-stale.json"].sort(), "without --refresh nothing is measured");

    const refreshed = tempDir();
    const r = await runCli(["site", "01", "02", "--from", from, "--out", refreshed, "--refresh"], { env: { PARLAB_RESULTS_DIR: results }, timeoutMs: 300_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /re-measuring 01-scaling/);
    assert.doesNotMatch(r.stderr, /re-measuring 02/, "a Result of unknown provenance is not re-measured");
    const fresh = jsonFiles(from).filter((f) => f.startsWith("scaling-") && f !== "scaling-stale.json");
    assert.equal(fresh.length, 1, "one new scaling Result, in the folder the site is built from");
    assert.equal(jsonFiles(from).filter((f) => f.startsWith("distribution-")).length, 1);
    assert.equal(staleness(loadResult(path.join(from, fresh[0]!))).stale, false);
    assert.deepEqual(jsonFiles(results), [], "re-measuring writes into the site's folder only");
    const page = fs.readFileSync(path.join(refreshed, "01-scaling.html"), "utf8");
    assert.ok(page.includes(`Built from the saved Result ${fresh[0]}`), "the page rests on the new Result");
    assert.match(page, /Current: measured by the source this library holds/);
    assert.match(fs.readFileSync(path.join(refreshed, "02-distribution.html"), "utf8"), /Provenance unknown/);
    assertNoMachinePaths(refreshed);
  });

  it("the claims table's verdicts follow the Result's data (none is typed)", async () => {
    // A Result whose claim is undecided as measured (a fixture, so that new references do not move it).
    const base = loadResult(path.join(ROOT, "test/fixtures/results/scaling-2026-11-29T06-33-25-942Z.json"));
    const verdictFor = async (factor: number) => {
      const dir = tempDir();
      const file = path.join(dir, "scaling-crafted.json");
      fs.writeFileSync(file, JSON.stringify({
        ...base,
        trials: base.trials.map((t) => (t.condition.startsWith("threads×") ? { ...t, metrics: { ...t.metrics, computeMs: t.metrics.computeMs! * factor } } : t)),
      }));
      const readme = path.join(dir, "README.md");
      fs.writeFileSync(readme, "<!-- claims:begin (generated by `npx parlab findings --readme README.md` from the Results; edit them, not this text) -->\n<!-- claims:end -->\n" +
        "<!-- measured:begin (generated by `npx parlab findings --readme README.md`; edit the Results, not this text) -->\n<!-- measured:end -->\n");
      const r = await runCli(["findings", file, "--readme", readme, "--root", ROOT]);
      assert.equal(r.code, 0, r.stderr);
      const row = fs.readFileSync(readme, "utf8").split("\n").find((l) => l.startsWith("| Pure CPU work |"));
      assert.ok(row, "the table has the pure-CPU claim");
      return /\| \*\*(.+?)\*\* \|/.exec(row)![1];
    };
    assert.equal(await verdictFor(1), "not decided by this run");
    assert.equal(await verdictFor(0.5), "holds", "threads at half the compute time edge out processes");
    assert.equal(await verdictFor(2), "does not hold here", "threads at twice the compute time do not");
  });

  it("bad input exits 2 naming it: a --from folder that does not exist, an unknown notebook", async () => {
    const missing = path.join(tempDir(), "no-such-results");
    const noFolder = await runCli(["site", "--from", missing, "--out", tempDir()]);
    assert.equal(noFolder.code, 2);
    assert.match(noFolder.stderr, /--from: no such folder: .*no-such-results/);
    const unknown = await runCli(["site", "99-nothing", "--out", tempDir()]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /99-nothing: no such notebook; available: 00-calibration, 01-scaling/);
  });
});
