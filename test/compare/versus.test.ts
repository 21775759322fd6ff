import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { loadResult, reanalyse, type Result } from "parlab";
import { calibrationNote, versus, versusReference, comparisonsOf } from "parlab/experiments";
import { scaling } from "parlab";
import { ROOT, runCli, tempDir } from "../helpers.ts";

const REF = path.join(ROOT, "test", "fixtures", "results");
const SCALING = path.join(REF, "scaling-2026-11-29T06-33-25-942Z.json");
const FAULTS = path.join(ROOT, "test", "fixtures", "results", "faults-2026-11-29T10-29-04-171Z.json");

/** A copy of the scaling reference whose threads×1 trials took 30% longer, re-analysed. */
function slowedCopy(): Result {
  const ref = loadResult(SCALING);
  const trials = ref.trials.map((t) => t.condition !== "threads×1" ? t : {
    ...t, durationMs: t.durationMs * 1.3, metrics: { ...t.metrics, computeMs: t.metrics.computeMs! * 1.3 },
  });
  return reanalyse({ ...ref, trials, startedAt: "2026-12-01T00:00:00.000Z" });
}

describe("a run against another of the same experiment", () => {
  it("the same Result against itself: every comparison agrees", () => {
    const ref = reanalyse(loadResult(SCALING));
    const v = versus(ref, ref);
    assert.equal(v.pairs.length, 5, "four compute-time comparisons and start-up");
    assert.ok(v.pairs.every((p) => p.status === "agrees"), JSON.stringify(v.pairs.map((p) => p.status)));
    assert.deepEqual(v.differences, []);
  });

  it("a condition made 30% slower: its comparison differs, with both intervals, and the others agree", () => {
    const ref = reanalyse(loadResult(SCALING));
    const slowed = slowedCopy();
    const v = versus(slowed, ref, ["slowed", "reference"]);
    const status = Object.fromEntries(v.pairs.map((p) => [p.key, p.status]));
    assert.equal(status["compute time: threads×1 vs processes×1"], "differs");
    for (const [key, s] of Object.entries(status)) if (!key.includes("threads×1")) assert.equal(s, "agrees", key);
    const moved = v.pairs.find((p) => p.status === "differs")!;
    assert.ok(moved.a!.ratio > moved.b!.ratio * 1.2, "the slowed side's ratio grew by about 30%");
    assert.ok(moved.a!.ratioCi.lo > moved.b!.ratioCi.hi, "the intervals do not overlap");
  });

  it("names what differs between the two sides: machine, runtime, profile", () => {
    const ref = reanalyse(loadResult(SCALING));
    const other: Result = { ...ref, runtime: { ...ref.runtime, name: "deno", version: "2.1.0" }, params: { ...(ref.params as object), profile: "full" } };
    const v = versus(other, ref);
    assert.ok(v.differences.some((d) => /different runtimes: deno 2\.1\.0 vs node/.test(d)), v.differences.join("; "));
    assert.ok(v.differences.some((d) => /different profiles: full vs not recorded/.test(d)));
  });

  it("finds comparisons wherever a summary keeps them (nested in thumbnails' and messaging's)", () => {
    const messaging = loadResult(path.join(REF, "messaging-2026-11-29T10-24-24-439Z.json"));
    assert.ok(comparisonsOf(messaging.summary).length > 50);
    assert.equal(comparisonsOf(loadResult(FAULTS).summary).length, 0);
  });

  it("versusReference picks the reference on the run's own runtime release, says no calibration exists, and charts both runs' intervals", () => {
    // The run is on node 20; beside its reference, a newer one on node 24 and one on Deno.
    const dir = tempDir();
    const ref = JSON.parse(fs.readFileSync(SCALING, "utf8")) as Result;
    fs.copyFileSync(SCALING, path.join(dir, path.basename(SCALING)));
    for (const [name, version, at] of [["node", "24.22.3", "2026-12-01T00-00-00-000Z"], ["deno", "2.9.6", "2026-12-02T00-00-00-000Z"]] as const) {
      const other = { ...ref, runtime: { ...ref.runtime, name, version }, startedAt: at.replace(/T(\d\d)-(\d\d)-(\d\d)-(\d+)Z/, "T$1:$2:$3.$4Z") };
      fs.writeFileSync(path.join(dir, `scaling-${at}.json`), JSON.stringify(other));
    }
    const vs = versusReference(scaling, slowedCopy() as never, { dir, calibrationDirs: [tempDir()] });
    assert.equal(path.basename(vs.reference!), path.basename(SCALING), "the node 20 reference, not the newer node 24 or Deno one");
    assert.match(vs.markdown, /node 20\.20\.2; the same runtime release as this run/);
    // A run on a runtime no reference has meets the site's pick: the newest Node.js release.
    const on22 = { ...slowedCopy(), runtime: { ...ref.runtime, version: "22.23.5" } };
    const vs22 = versusReference(scaling, on22 as never, { dir, calibrationDirs: [tempDir()] });
    assert.equal(path.basename(vs22.reference!), "scaling-2026-12-01T00-00-00-000Z.json");
    assert.match(vs22.markdown, /no reference on this run's runtime release \(node 22\.23\.5\) exists/);
    assert.match(vs.markdown, /no calibration Result of this machine/);
    assert.match(vs.markdown, /compute time: threads×1 vs processes×1: \*\*differs\*\*/);
    const data = (vs.chart!.spec.data as { values: Array<{ series: string }> }).values;
    assert.deepEqual([...new Set(data.map((d) => d.series))], ["this run", "reference"]);
    assert.equal(data.length, 10, "five comparisons, two intervals each");
  });

  it("versusReference says so when an experiment has no reference", () => {
    const vs = versusReference(scaling, reanalyse(loadResult(SCALING)) as never, { dir: tempDir(), calibrationDirs: [] });
    assert.equal(vs.reference, null);
    assert.match(vs.markdown, /No committed reference Result of "scaling" exists/);
  });
});

describe("the calibration beside a notebook's verdicts", () => {
  /** A calibration Result file of `machine`'s, started at `at`, whose quick and full MDEs are given. */
  function calibrationFile(dir: string, at: string, mde: [number, number], hostname = "vm"): void {
    const ref = loadResult(SCALING);
    const summary = { resolutions: [
      { profile: "quick", trialsPerSide: 6, runs: 26, mde: mde[0] },
      { profile: "full", trialsPerSide: 20, runs: 8, mde: mde[1] },
    ] };
    const result = { ...ref, experiment: { id: "calibration", version: 1, title: "Calibration" }, machine: { ...ref.machine, hostname }, startedAt: at, summary };
    fs.writeFileSync(path.join(dir, `calibration-${at.replace(/[:.]/g, "-")}.json`), JSON.stringify(result));
  }

  it("quotes the newest calibration of this machine, and only of this machine", () => {
    const dir = tempDir();
    const machine = loadResult(SCALING).machine;
    assert.match(calibrationNote(machine, [dir]), /no calibration Result of this machine/);
    calibrationFile(dir, "2026-12-01T00:00:00.000Z", [0.2, 0.1]);
    calibrationFile(dir, "2026-12-02T00:00:00.000Z", [0.081, 0.031]);
    calibrationFile(dir, "2026-12-03T00:00:00.000Z", [0.5, 0.4], "another-host");
    const note = calibrationNote(machine, [dir]);
    assert.match(note, /on this machine the quick profile \(6 trials per side\) resolves differences of about 8\.1%, the full profile \(20 trials per side\) resolves differences of about 3\.1%/);
    assert.match(note, /calibration-2026-12-02T00-00-00-000Z\.json/);
  });
});

describe("parlab compare", () => {
  it("the same file twice: all agree, exit 0", async () => {
    const r = await runCli(["compare", SCALING, SCALING]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Of 5 comparisons made in both, 5 agree/);
    assert.match(r.stdout, /AMD EPYC × 2 cores, linux x64 \(vm\); node 20\.20\.2; started 2026-11-29; quick profile, 6 trials per condition/, "the profile is recognised from the parameters");
  });

  it("a slowed copy: exit 1 and the differing comparison with both intervals", async () => {
    const dir = tempDir();
    const file = path.join(dir, "scaling-2026-12-01T00-00-00-000Z.json");
    fs.writeFileSync(file, JSON.stringify(slowedCopy()));
    const r = await runCli(["compare", file, SCALING]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /compute time: threads×1 vs processes×1: \*\*differs\*\* — scaling-2026-12-01T00-00-00-000Z\.json 1\.\d+× \(9\d\.\d% CI [\d.]+–[\d.]+×; \w+; n = 6 vs 6\); scaling-2026-11-29T06-33-25-942Z\.json 0\.952×/);
  });

  it("Results of different experiments, another schema or an unreadable file: exit 2 naming them", async () => {
    const mixed = await runCli(["compare", SCALING, FAULTS]);
    assert.equal(mixed.code, 2);
    assert.match(mixed.stderr, /scaling-.*\.json is a "scaling" Result and faults-.*\.json a "faults" Result/);
    const dir = tempDir();
    const schema = path.join(dir, "other.json");
    fs.writeFileSync(schema, JSON.stringify({ ...loadResult(SCALING), schema: 2 }));
    const s = await runCli(["compare", SCALING, schema]);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /other\.json.*schema 2 is not supported/);
    const missing = await runCli(["compare", SCALING, path.join(dir, "nope.json")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.json: cannot read the Result file/);
  });
});
