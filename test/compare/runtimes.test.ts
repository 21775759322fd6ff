import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { compareRuntimes, distribution, InputError, loadResult, scaling, type Result, type TrialRecord } from "parlab";
import { calibration, compareRuntimes as fromExperiments } from "parlab/experiments";
import { ROOT, runCli, tempDir } from "../helpers.ts";

const REF = path.join(ROOT, "test", "fixtures", "results");
const NODE20 = path.join(REF, "distribution-2026-12-04T11-41-01-130Z.json");
const NODE24 = path.join(REF, "distribution-2026-12-04T11-42-46-906Z.json");
const SCALING = path.join(REF, "scaling-2026-11-29T06-33-25-942Z.json");
const OLD_DISTRIBUTION = path.join(ROOT, "test", "fixtures", "results", "distribution-2026-11-29T07-01-20-193Z.json");

/** Trials of the given conditions, with `computeMs` (and the wall time) set to the values given. */
function trialsOf(conditions: Record<string, number[]>): TrialRecord[] {
  let seq = 0;
  return Object.entries(conditions).flatMap(([condition, values]) => values.map((ms, index): TrialRecord => ({
    condition, index, seq: seq++, startedAt: "2026-12-01T00:00:00.000Z", durationMs: ms, ok: true, metrics: { computeMs: ms },
  })));
}

/** A scaling Result on node `version` whose trials are the values given (the reference's parameters and machine). */
function scalingOn(version: string, conditions: Record<string, number[]>): Result {
  const ref = loadResult(SCALING);
  return { ...ref, runtime: { ...ref.runtime, version, parts: undefined }, trials: trialsOf(conditions), failures: [] };
}

/** n values around `center`, ±0.5% apart: low noise. */
const around = (center: number, n = 8) => Array.from({ length: n }, (_, i) => center * (1 + (i - (n - 1) / 2) * 0.001));

describe("what changed across runtimes (compareRuntimes)", () => {
  it("a constructed 40% slowdown with low noise is detected on the right side, its interval holding 1.4", () => {
    const c = compareRuntimes(scaling, [scalingOn("20.20.2", { "threads×2": around(100) }), scalingOn("24.0.0", { "threads×2": around(140) })]);
    assert.equal(c.baseline, "node 20.20.2");
    assert.deepEqual(c.runtimes.map((r) => r.label), ["node 20.20.2", "node 24.0.0"]);
    assert.equal(c.rows.length, 1);
    const { comparison } = c.rows[0]!;
    // The ratio is the other runtime over the baseline: 140 / 100.
    assert.equal(comparison.a, "node 24.0.0");
    assert.equal(comparison.b, "node 20.20.2");
    assert.ok(comparison.ratioCi.lo <= 1.4 && 1.4 <= comparison.ratioCi.hi, JSON.stringify(comparison.ratioCi));
    assert.equal(comparison.outcome, "higher");
    assert.match(comparison.verdict, /node 24\.0\.0 took 1\.4\d*× the compute time of node 20\.20\.2 .*node 24\.0\.0 is slower\.$/);
    assert.ok(c.findings.some((f) => f.startsWith("scaling threads×2: node 24.0.0 took 1.4")), c.findings.join("\n"));
    assert.match(c.markdown, /\| threads×2 \| compute time \| node 24\.0\.0 \| 1\.4\d*× \(9\d(\.\d)?% CI /);
    assert.ok(c.chart, "a chart of the ratio");
    assert.equal((c.chart!.spec.data as { values: unknown[] }).values.length, 1);
  });

  it("identical distributions name no side", () => {
    const values = [100, 103, 97, 101, 99, 102];
    const c = compareRuntimes(scaling, [scalingOn("20.20.2", { main: values }), scalingOn("22.0.0", { main: values })]);
    const outcome = c.rows[0]!.comparison.outcome;
    assert.ok(outcome === "equivalent" || outcome === "inconclusive", outcome);
  });

  it("a condition measured on one runtime only is listed as such, not dropped", () => {
    const c = compareRuntimes(scaling, [
      scalingOn("20.20.2", { main: around(100) }),
      scalingOn("24.0.0", { main: around(90), "threads×8": around(30) }),
    ]);
    assert.deepEqual(c.rows.map((r) => r.condition), ["main"]);
    assert.deepEqual(c.partial, [{ condition: "threads×8", metric: null, measuredOn: ["node 24.0.0"], missingOn: ["node 20.20.2"], reason: "not measured on node 20.20.2" }]);
    assert.ok(c.findings.some((f) => /^threads×8: measured on node 24\.0\.0 only/.test(f)), c.findings.join("\n"));
    assert.match(c.markdown, /- threads×8: measured on node 24\.0\.0 only/);
  });

  it("every comparison is one family, Holm-adjusted: a p just under 0.05 among several is no winner", () => {
    const same = [100, 103, 97, 101, 99];
    const conditions = ["main", "threads×1", "threads×2", "processes×1"];
    const c = compareRuntimes(scaling, [
      scalingOn("20.20.2", { ...Object.fromEntries(conditions.map((k) => [k, same])), "processes×2": [104, 106, 107, 108, 109] }),
      scalingOn("24.0.0", { ...Object.fromEntries(conditions.map((k) => [k, same])), "processes×2": [100, 101, 102, 103, 105] }),
      scalingOn("22.0.0", { main: same }),
    ]);
    assert.equal(c.familySize, c.rows.length);
    assert.equal(c.rows.length, 6, "five conditions on node 24, one on node 22");
    assert.ok(c.rows.every((r) => r.comparison.familySize === c.rows.length && r.comparison.procedure === "holm"));
    const near = c.rows.find((r) => r.condition === "processes×2")!.comparison;
    assert.ok(near.pValue < 0.05, `raw p ${near.pValue}`);
    assert.equal(near.pAdjusted, Math.min(1, c.rows.length * near.pValue), "Holm's first step");
    assert.equal(near.outcome, "inconclusive");
    assert.match(near.verdict, /Holm-adjusted p = .* in a family of 6/);
    // The partially measured node 22 is listed for the conditions it lacks.
    assert.ok(c.partial.some((p) => p.condition === "processes×2" && p.missingOn.includes("node 22.0.0")));
  });

  it("the distribution references on Node 20 and Node 24: reusePort listed as Node 24's only, throughput at a load level not compared", () => {
    const c = compareRuntimes(distribution, [loadResult(NODE20), loadResult(NODE24)]);
    assert.deepEqual(c.runtimes.map((r) => r.label), ["node 20.20.2", "node 24.22.3"]);
    const reuse = c.partial.filter((p) => p.metric === null);
    assert.deepEqual(reuse.map((p) => p.condition), ["reuseport 25% load new conn", "reuseport 75% load new conn", "reuseport c=64 new conn"]);
    assert.ok(reuse.every((p) => p.measuredOn.join() === "node 24.22.3" && p.missingOn.join() === "node 20.20.2"));
    assert.ok(c.findings.some((f) => /no reusePort option/.test(f)), "the runtime's reason is given");
    assert.ok(c.rows.every((r) => r.metric.metric !== "throughputRps" || r.condition.includes("c=64")), "throughput only where the load is not set by the run");
    assert.equal(c.familySize, c.rows.length);
    assert.deepEqual(c.differences, [], "one machine, the same parameters");
    assert.ok(c.chart);
  });

  it("names different machines", () => {
    const a = scalingOn("20.20.2", { main: around(100) });
    const b = scalingOn("24.0.0", { main: around(100) });
    const other = { ...b, machine: { ...b.machine, hostname: "laptop", cpu: { ...b.machine.cpu, cores: 8 } } };
    const c = compareRuntimes(scaling, [a, other]);
    assert.ok(c.differences.some((d) => /^different machines: node 20\.20\.2 on .*; node 24\.0\.0 on .*8 cores.*\(laptop\)/.test(d)), c.differences.join("; "));
    assert.match(c.findings[0]!, /on different machines/);
  });

  it("an experiment that declares no quantity compares nothing, and says so", () => {
    const cal = loadResult(path.join(REF, "calibration-2026-12-04T11-49-32-763Z.json"));
    const c = compareRuntimes(calibration, [cal, { ...cal, runtime: { ...cal.runtime, version: "24.0.0" } }]);
    assert.equal(c.rows.length, 0);
    assert.equal(c.chart, null);
    assert.ok(c.findings.some((f) => /declares no quantity to compare across runtimes/.test(f)));
  });

  it("refuses, naming the input: fewer than two Results, another experiment, one runtime twice, other parameters", () => {
    const a = scalingOn("20.20.2", { main: around(100) });
    const b = scalingOn("24.0.0", { main: around(100) });
    assert.throws(() => compareRuntimes(scaling, [a]), (e: unknown) => e instanceof InputError && e.input === "results" && /two or more Results of "scaling"/.test(e.message));
    assert.throws(() => compareRuntimes(scaling, [a, loadResult(NODE24)], { names: ["a.json", "b.json"] }),
      (e: unknown) => e instanceof InputError && e.input === "b.json" && /a "distribution" Result; give Results of "scaling" only/.test(e.message));
    assert.throws(() => compareRuntimes(scaling, [a, b, scalingOn("24.0.0", { main: around(100) })], { names: ["a.json", "b.json", "c.json"] }),
      (e: unknown) => e instanceof InputError && e.input === "c.json" && /measured on node 24\.0\.0, as b\.json was; give each runtime once/.test(e.message));
    const old = loadResult(OLD_DISTRIBUTION);
    assert.throws(() => compareRuntimes(distribution, [loadResult(NODE24), old], { names: ["node24.json", "old.json"] }),
      (e: unknown) => e instanceof InputError && e.input === "old.json" && /other parameters than node24\.json \(concurrency \[8,64\] against \[64\]/.test(e.message));
  });

  it("is the same function from parlab/experiments", () => {
    assert.equal(fromExperiments, compareRuntimes);
  });
});

describe("parlab compare --across-runtimes", () => {
  it("prints the table and the findings, exit 0", async () => {
    const r = await runCli(["compare", "--across-runtimes", NODE20, NODE24]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\| Condition \| Quantity \| Runtime \| Ratio to node 20\.20\.2 \|/);
    assert.match(r.stdout, /- reuseport c=64 new conn: measured on node 24\.22\.3 only/);
    assert.ok(!r.stdout.includes(ROOT), "no machine path in the output");
  });

  it("exit 2 naming the file: truncated JSON, another experiment, one runtime twice, one file", async () => {
    const dir = tempDir();
    const truncated = path.join(dir, "truncated.json");
    fs.writeFileSync(truncated, fs.readFileSync(NODE24, "utf8").slice(0, 2000));
    const cut = await runCli(["compare", "--across-runtimes", NODE20, truncated]);
    assert.equal(cut.code, 2);
    assert.match(cut.stderr, /truncated\.json: .*truncated/);
    const mixed = await runCli(["compare", "--across-runtimes", NODE20, SCALING]);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /scaling-2026-11-29T06-33-25-942Z\.json: is a "scaling" Result/);
    const twice = await runCli(["compare", "--across-runtimes", NODE20, OLD_DISTRIBUTION]);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /distribution-2026-11-29T07-01-20-193Z\.json: was measured on node 20\.20\.2, as distribution-2026-12-04T11-41-01-130Z\.json was/);
    const one = await runCli(["compare", "--across-runtimes", NODE20]);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /two or more Result files/);
  });
});

describe("the README's section on what differs across runtimes", () => {
  it("is generated from the references, and the check fails when the block is edited by hand", async () => {
    const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const begin = text.indexOf("<!-- runtimes:begin");
    const end = text.indexOf("<!-- runtimes:end -->");
    assert.ok(begin > text.indexOf("<!-- measured:end -->") && end > begin, "the block follows the measured section");
    const block = text.slice(begin, end);
    // Every experiment with references on several runtimes has its comparison, against the oldest Node.js.
    assert.match(block, /### CPU-bound scaling: processes vs threads\n\n- \*\*node 22\.[\d.]+\*\* against node 20\.[\d.]+: \d+ comparisons/);
    assert.match(block, /\*\*deno [\d.]+\*\* against node 20\./, "Deno is compared with Node, not made the baseline");
    assert.match(block, /Calibration: what differences this machine resolves\*\*: measured on .*but the experiment declares no quantity/);
    const figure = block.search(/\d\.\d+×/);
    assert.ok(figure > 0, "the block holds ratios");
    const dir = tempDir();
    const copy = path.join(dir, "README.md");
    const edited = text.slice(0, begin + figure) + "9" + text.slice(begin + figure + 1);
    fs.writeFileSync(copy, edited);
    const check = await runCli(["findings", "--readme", copy, "--check", "--root", ROOT]);
    assert.equal(check.code, 1, check.stderr);
    assert.equal(fs.readFileSync(copy, "utf8"), edited, "--check writes nothing");
    const fix = await runCli(["findings", "--readme", copy, "--root", ROOT]);
    assert.equal(fix.code, 0, fix.stderr);
    assert.equal(fs.readFileSync(copy, "utf8"), text, "the rewrite restores it");
  });
});
