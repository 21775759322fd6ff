import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { DISTRIBUTION_CHART_IDS, InputError, claimsMarkdown, distribution, loadResult, type DistributionParams, type DistributionResult, type TrialRecord } from "parlab";
import { reusePortSupported } from "parlab/drivers";
import { ROOT, leftovers, runCli, tempDir } from "../helpers.ts";

describe("distribution experiment", () => {
  it("runs each policy on a fresh cluster, counts every request, and reports fairness with CIs", async () => {
    const out = tempDir();
    const r = await runCli(["run", "distribution", "--profile", "tiny", "--out", out, "--set", "requests=300"]);
    assert.equal(r.code, 0, r.stderr);
    const [json] = r.stdout.trim().split("\n").slice(-2);
    const result = loadResult(json!);
    const policies = new Set(result.trials.map((t) => t.condition.split(" ")[0]));
    assert.deepEqual([...policies].sort(), reusePortSupported() ? ["none", "reuseport", "rr"] : ["none", "rr"]);
    if (!reusePortSupported()) assert.match(r.stdout, /reuseport was not measured: .*22\.12/, "an unavailable policy is reported, not dropped silently");
    for (const t of result.trials) {
      assert.ok(t.ok, t.error);
      const requests = t.detail!.requestsByWorker as number[];
      assert.equal(requests.length, 4, "one count per worker");
      assert.equal(requests.reduce((a, b) => a + b, 0), 300, "workers served every request sent");
      assert.equal((t.detail!.connectionsByWorker as number[]).reduce((a, b) => a + b, 0), 300, "a new connection per request");
      assert.ok(t.metrics.top2Share! >= 0.5 && t.metrics.top2Share! <= 1);
      assert.ok(t.metrics.throughputRps! > 0 && t.metrics.p99Ms! >= t.metrics.p50Ms!);
    }
    assert.match(r.stdout, /rr c=4 new conn: busiest two workers took [\d.]+% of connections \(median; 95% CI/);
    assert.deepEqual(await leftovers("cluster/entry-"), [], "no cluster process left");
    assert.deepEqual(await leftovers("loadgen/entry-generator"), [], "no load generator left");

    const rep = tempDir();
    const report = await runCli(["report", json!, "--out", rep]);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(fs.readdirSync(rep).filter((f) => f.endsWith(".svg")).length, 4, "four charts");
    const html = fs.readFileSync(path.join(rep, path.basename(json!, ".json") + ".html"), "utf8");
    assert.match(html, /Share of connections by worker, busiest first/);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ["workers 0", ["--set", "workers=0"], /"0" is not valid for workers; expected whole numbers from 1 to 64/],
    ["concurrency above requests", ["--set", "requests=10", "--set", "concurrency=64"], /concurrency: 64 clients cannot share 10 requests/],
    ["unknown policy", ["--set", "policies=rr,fifo"], /not valid for policies; expected a comma-separated list of one of rr, none, reuseport/],
    ["keep-alive not a boolean", ["--set", "keepAlive=maybe"], /"maybe" is not valid for keepAlive; expected a comma-separated list of true or false/],
  ];
  for (const [name, args, message] of bad) {
    it(`exits 2 on ${name} before starting any server`, async () => {
      const r = await runCli(["run", "distribution", "--profile", "tiny", "--out", tempDir(), ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }
});

describe("distribution analysis of a saved Result", () => {
  const reference = loadResult<DistributionParams, unknown>(path.join(ROOT, "data/results/reference/distribution-2026-11-29T07-01-20-193Z.json"));

  /** The reference Result with its trials changed (null drops one) and its summary recomputed. */
  const variant = (change: (t: TrialRecord) => TrialRecord | null, params: Partial<DistributionParams> = {}): DistributionResult => {
    const trials = reference.trials.map((t) => change({ ...t, metrics: { ...t.metrics } })).filter((t): t is TrialRecord => t !== null);
    const base = { ...reference, params: { ...reference.params, ...params }, trials, failures: [] };
    return { ...base, summary: distribution.summarize(base) };
  };
  const busiestTwoTake = (share: number, labels: string[]) => (t: TrialRecord) => {
    if (labels.includes(t.condition)) t.metrics.top2Share = share;
    return t;
  };

  it("rejects more clients than requests in check, naming concurrency", () => {
    assert.throws(() => distribution.check({ ...reference.params, requests: 10, concurrency: [8, 64] }), (e: Error) => e instanceof InputError && e.input === "concurrency");
    assert.doesNotThrow(() => distribution.check(reference.params));
  });

  it("keys its charts by id, in display order", () => {
    const charts = distribution.charts(variant((t) => t));
    assert.deepEqual(Object.keys(charts), [...DISTRIBUTION_CHART_IDS]);
    for (const id of DISTRIBUTION_CHART_IDS) assert.equal(charts[id].id, id);
  });

  it("on the reference run: the claim does not hold, with each condition's median and interval", () => {
    const [claim] = distribution.claims(variant((t) => t));
    assert.equal(claim!.verdict, "does-not-hold");
    assert.equal(claim!.chart, "share-by-rank");
    assert.match(claim!.evidence, /^In no condition did the busiest two workers take 70% of connections in most trials \(4 conditions\)\. /);
    assert.match(claim!.evidence, /It did not hold for: rr c=8 new conn \(median 25\.6%, 95% CI 25\.4–26\.3%\), none c=8 new conn \(median 41\.5%/);
    assert.match(claim!.evidence, /This answer holds for 2 cores, linux [^,]+, a cluster of 8 workers on node 20\.20\.2; the kernel's wake-up behaviour/);
    assert.match(claimsMarkdown([claim!]), /^\*\*With socket sharing, "70% of connections \[hit\] just 2 out of 8 workers"\*\* — \*does not hold here\.\*/);
  });

  it("holds when the busiest two took 70% under socket sharing at every load", () => {
    const [claim] = distribution.claims(variant(busiestTwoTake(0.8, ["none c=8 new conn", "none c=64 new conn"])));
    assert.equal(claim!.verdict, "holds");
    assert.match(claim!.evidence, /^The claim held \(in most trials\) for: \*\*none c=8 new conn\*\* \(5\/5 trials\), \*\*none c=64 new conn\*\* \(5\/5 trials\)\./);
  });

  it("holds only under the load shapes where it held", () => {
    const [claim] = distribution.claims(variant(busiestTwoTake(0.8, ["none c=64 new conn"])));
    assert.equal(claim!.verdict, "holds-only-when");
    assert.equal(claim!.when, "the load is c=64 new conn");
  });

  it("is undecided with too few trials, and says how many the profiles run", () => {
    const [claim] = distribution.claims(variant((t) => (t.index < 2 ? t : null), { trials: 2 }));
    assert.equal(claim!.verdict, "undecided");
    assert.match(claim!.evidence, /^With 2 trials per condition this run cannot tell whether the busiest two workers take 70% of connections in most trials; the quick profile runs 5, the full one 15\./);
  });

  it("is undecided when socket sharing did not run", () => {
    const [claim] = distribution.claims(variant((t) => (t.condition.startsWith("none") ? null : t), { policies: ["rr"] }));
    assert.equal(claim!.verdict, "undecided");
    assert.match(claim!.evidence, /^Socket sharing \(policy `none`\) was not measured in this run/);
  });
});
