/** The footprint experiment: a fresh host per trial weighs its whole process tree, and nothing outlives it. */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { AbortedError, footprint, InputError, type FootprintParams, type FootprintResult, loadResult, renderSvg, resolveParams } from "parlab";
import * as charts from "parlab/charts";
import { measureFootprint } from "parlab/drivers";
import { canReadProcessTree } from "parlab/machine";
import { liveFootprintHostCount } from "parlab/testing";
import { leftovers, runCli, tempDir } from "./helpers.ts";

const linux = canReadProcessTree() ? false : "no /proc on this system";
const MIB = 1024 * 1024;

describe("footprint host", { skip: linux }, () => {
  it("finds every forked worker in the host's tree and weighs them all", async () => {
    const r = await measureFootprint({ kind: "processes", graph: "empty", workers: 3, settleMs: 0 });
    assert.equal(r.workerPids.length, 3);
    assert.equal(new Set(r.workerPids).size, 3, "three distinct processes");
    assert.ok(!r.workerPids.includes(r.hostPid));
    assert.deepEqual([...r.after.pids].sort(), [r.hostPid, ...r.workerPids].sort(), "the reading holds the host and every worker, nothing else");
    assert.deepEqual(r.before.pids, [r.hostPid], "the baseline is the bare host");
    assert.ok(r.after.rssBytes - r.before.rssBytes > 3 * 10 * MIB, "three Node processes add more than 30 MiB resident");
    if (r.after.pssBytes !== null) assert.ok(r.after.pssBytes > 0 && r.after.pssBytes <= r.after.rssBytes, "PSS never exceeds RSS");
    assert.ok(r.peakRssBytes >= r.before.rssBytes);
    assert.equal(r.workerStartupMs.length, 3);
    assert.ok(r.workerStartupMs.every((ms) => ms > 0) && r.allReadyMs >= Math.max(...r.workerStartupMs) - 1e-6);
    assert.match(r.runtime, /^node \d+\.\d+\.\d+$/);
    assert.equal(r.collected, true, "the host runs with --expose-gc");
    assert.deepEqual(await leftovers("footprint/entry-"), [], "host and workers are gone once the report is in");
  });

  it("keeps threads inside the host, and a loaded module graph weighs more than an empty one", async () => {
    const empty = await measureFootprint({ kind: "threads", graph: "empty", workers: 2, settleMs: 0 });
    assert.deepEqual(empty.workerPids, [empty.hostPid, empty.hostPid], "threads run in the host's process");
    assert.deepEqual(empty.after.pids, [empty.hostPid], "no process besides the host");
    assert.ok(empty.after.rssBytes > empty.before.rssBytes, "two threads add resident memory");
    const lab = await measureFootprint({ kind: "threads", graph: "lab", workers: 2, settleMs: 0 });
    const added = (r: typeof lab) => r.after.rssBytes - r.before.rssBytes;
    assert.ok(added(lab) > added(empty) + 2 * 10 * MIB, "sharp and the lab's modules add more than 10 MiB per thread");
    assert.deepEqual(await leftovers("footprint/entry-"), []);
  });

  it("an abort kills the host and its forked workers mid-start", async () => {
    const controller = new AbortController();
    const pending = measureFootprint({ kind: "processes", graph: "lab", workers: 2, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 150);
    await assert.rejects(pending, AbortedError);
    assert.equal(liveFootprintHostCount(), 0);
    assert.deepEqual(await leftovers("footprint/entry-"), [], "no host or worker outlives an abort");
  });

  const bad: Array<[string, Parameters<typeof measureFootprint>[0], RegExp]> = [
    ["no workers", { kind: "threads", graph: "empty", workers: 0 }, /workers: must be a whole number of workers from 1 to 64, got 0/],
    ["an unknown kind", { kind: "fibers" as "threads", graph: "empty", workers: 1 }, /kind: must be one of threads, processes, got fibers/],
    ["an unknown module graph", { kind: "threads", graph: "huge" as "lab", workers: 1 }, /graph: must be one of the module graphs empty, lab, got huge/],
    ["a negative settle time", { kind: "threads", graph: "empty", workers: 1, settleMs: -1 }, /settleMs: must be a whole number of milliseconds/],
  ];
  for (const [name, options, message] of bad) {
    it(`refuses ${name} with an InputError before starting anything`, async () => {
      await assert.rejects(measureFootprint(options), (e: unknown) => e instanceof InputError && message.test(e.message));
      assert.equal(liveFootprintHostCount(), 0);
    });
  }
});

describe("footprint experiment", { skip: linux }, () => {
  it("fits memory per worker for each kind, compares them, and charts it", async () => {
    const out = tempDir();
    const r = await runCli(["run", "footprint", "--profile", "tiny", "--out", out, "--set", "graphs=empty"]);
    assert.equal(r.code, 0, r.stderr);
    const [json] = r.stdout.trim().split("\n").slice(-2);
    const result = loadResult(json!);
    assert.deepEqual([...new Set(result.trials.map((t) => t.condition))].sort(), ["processes×1 empty", "processes×2 empty", "threads×1 empty", "threads×2 empty"]);
    for (const t of result.trials) {
      assert.ok(t.ok, t.error);
      const kind = t.condition.split("×")[0];
      const workers = Number(t.condition.split("×")[1]!.split(" ")[0]);
      assert.equal(t.metrics.processes, kind === "processes" ? workers + 1 : 1, "the tree holds the host and each forked worker");
      assert.equal((t.detail!.workerStartupMs as number[]).length, workers);
      assert.match(String(t.detail!.hostRuntime), /^node /);
    }
    const s = (result as FootprintResult).summary;
    const rss = s.slopes.filter((l) => l.memory === "rss");
    assert.deepEqual(rss.map((l) => l.kind).sort(), ["processes", "threads"]);
    for (const l of rss) {
      assert.ok(l.slopeBytes > 0 && l.slopeCi.lo <= l.slopeBytes && l.slopeBytes <= l.slopeCi.hi);
      // Two worker counts: one step, and no lack-of-fit test (a line through 2 means always fits).
      assert.equal(l.steps.length, 1);
      assert.equal(l.lackOfFit.estimable, false);
    }
    assert.ok(s.slopeComparisons.length >= 1);
    // One start-up comparison (one graph) and a slope comparison per memory measure read: one family.
    assert.equal(s.startupComparisons.length, 1);
    assert.equal(s.family.size, s.slopeComparisons.length + 1);
    for (const c of [...s.slopeComparisons, ...s.startupComparisons]) assert.equal(c.familySize, s.family.size);
    assert.match(r.stdout, new RegExp(`${s.family.size} comparisons of processes against threads \\(memory per extra worker and start-up\\), Holm-adjusted as one family`));
    // 2 vs 2 start-up trials: the widest interval attains 1 − 2/6, far from a verdict.
    assert.match(s.startupComparisons[0]!.verdict, /\(66\.6% CI .*too few trials for a verdict/);
    assert.match(r.stdout, /Measured on \d+ cores .* hosts and their workers ran on node \d+/);
    assert.match(r.stdout, /empty graph, RSS per extra worker \(least-squares slope, t interval from the replicates' variances at each n\): threads [\d.]+ MiB \(95% CI /);
    assert.deepEqual(await leftovers("footprint/entry-"), []);

    const rep = tempDir();
    const report = await runCli(["report", json!, "--out", rep]);
    assert.equal(report.code, 0, report.stderr);
    const svgs = fs.readdirSync(rep).filter((f) => f.endsWith(".svg"));
    assert.ok(svgs.length >= 3, `at least three charts, got ${svgs.join(", ")}`);
    const html = fs.readFileSync(path.join(rep, path.basename(json!, ".json") + ".html"), "utf8");
    assert.match(html, /Memory of one more worker/);
  });

  it("refuses an empty list or an unknown kind or graph passed to run()", async () => {
    const params = resolveParams<FootprintParams>(footprint.params, "tiny");
    await assert.rejects(footprint.run({ ...params, workers: [] }), /workers must be a non-empty list/);
    await assert.rejects(footprint.run({ ...params, kinds: ["fibers" as "threads"] }), (e: unknown) => e instanceof InputError && /kinds; expected a comma-separated list of one of threads, processes/.test(e.message));
    await assert.rejects(footprint.run({ ...params, graphs: ["huge" as "lab"] }), /not valid for graphs; expected a comma-separated list of one of empty, lab/);
    assert.equal(liveFootprintHostCount(), 0);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ["workers 0", ["--set", "workers=0"], /"0" is not valid for workers; expected a comma-separated list of whole numbers from 1 to 64/],
    ["an unknown graph", ["--set", "graphs=empty,huge"], /not valid for graphs; expected a comma-separated list of one of empty, lab/],
    ["an unknown kind", ["--set", "kinds=fibers"], /not valid for kinds; expected a comma-separated list of one of threads, processes/],
  ];
  for (const [name, args, message] of bad) {
    it(`exits 2 on ${name} before starting any host`, async () => {
      const r = await runCli(["run", "footprint", "--profile", "tiny", "--out", tempDir(), ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }
});

describe("memory against workers chart", () => {
  it("draws every finite trial and one dashed line per fitted series, in the series' colours", async () => {
    const chart = charts.trialsWithLines(
      [
        { series: "threads empty", workers: 1, value: 9 },
        { series: "threads empty", workers: 2, value: 18 },
        { series: "processes empty", workers: 1, value: 45 },
        { series: "processes empty", workers: 2, value: NaN },
      ],
      { id: "rss", title: "RSS added", valueTitle: "RSS added (MiB)", fitted: [{ series: "processes empty", workers: 1, value: 44 }, { series: "processes empty", workers: 2, value: 90 }] },
    );
    const spec = chart.spec as { data: { values: unknown[] }; layer: Array<{ data?: { values: unknown[] }; encoding: { color: { scale: { domain: string[]; range: string[] } } } }> };
    assert.equal(spec.data.values.length, 3, "the NaN trial is left out");
    const [line, points] = spec.layer;
    assert.equal(line!.data!.values.length, 2);
    const scale = points!.encoding.color.scale;
    assert.deepEqual(scale.domain, ["threads empty", "processes empty"]);
    assert.deepEqual(scale.range, [charts.SERIES_COLORS.threads, charts.SERIES_COLORS.processes]);
    assert.match(await renderSvg(chart.spec), /<svg[\s\S]*RSS added \(MiB\)/);
  });
});
