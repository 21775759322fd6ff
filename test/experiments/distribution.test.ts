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
    assert.ok(result.trials.some((t) => t.condition === "rr 50% load new conn"), "the tiny profile sweeps one load level");
    for (const t of result.trials) {
      assert.ok(t.ok, t.error);
      const requests = t.detail!.requestsByWorker as number[];
      // An open loop at 50% of capacity sends half the requests (minus any it had to drop), so it lasts as long.
      const open = t.detail!.loadPercent === 50;
      const sent = open ? 150 - t.metrics.dropped! : 300;
      assert.equal(requests.length, 4, "one count per worker");
      assert.equal(requests.reduce((a, b) => a + b, 0), sent, "workers served every request sent");
      assert.equal((t.detail!.connectionsByWorker as number[]).reduce((a, b) => a + b, 0), sent, "a new connection per request");
      if (open) {
        assert.equal(t.metrics.scheduled, 150);
        const capacity = t.detail!.capacitySamplesRps as number[];
        assert.equal(capacity.length, 3, "capacity from three closed-loop runs of round-robin");
        const median = [...capacity].sort((a, b) => a - b)[1]!;
        assert.ok(Math.abs(t.metrics.offeredRps! - median / 2) < 1e-6 * median, "offered half the measured capacity");
      }
      assert.ok(t.metrics.top2Share! >= 0.5 && t.metrics.top2Share! <= 1);
      assert.ok(t.metrics.throughputRps! > 0 && t.metrics.p99Ms! >= t.metrics.p50Ms!);
    }
    assert.match(r.stdout, /rr c=4 new conn: busiest two workers took [\d.]+% of connections \(median; [\d.]+% CI/);
    assert.deepEqual(await leftovers("cluster/entry-"), [], "no cluster process left");
    assert.deepEqual(await leftovers("loadgen/entry-generator"), [], "no load generator left");

    const rep = tempDir();
    const report = await runCli(["report", json!, "--out", rep]);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(fs.readdirSync(rep).filter((f) => f.endsWith(".svg")).length, 6, "six charts");
    // The sweep's conditions either report their server numbers or say that the generator fell behind.
    for (const label of ["rr 50% load new conn", "none 50% load new conn"]) {
      assert.match(r.stdout, new RegExp(`${label}(: generator fell behind: \\d+ late of \\d+| \\(offered [\\d.]+ req/s, 50% of capacity\\): busiest two)`));
    }
    const html = fs.readFileSync(path.join(rep, path.basename(json!, ".json") + ".html"), "utf8");
    assert.match(html, /Share of connections by worker, busiest first/);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ["workers 0", ["--set", "workers=0"], /"0" is not valid for workers; expected whole numbers from 1 to 64/],
    ["concurrency above requests", ["--set", "requests=10", "--set", "concurrency=64"], /concurrency: 64 clients cannot share 10 requests/],
    ["unknown policy", ["--set", "policies=rr,fifo"], /not valid for policies; expected a comma-separated list of one of rr, none, reuseport/],
    ["keep-alive not a boolean", ["--set", "keepAlive=maybe"], /"maybe" is not valid for keepAlive; expected a comma-separated list of true or false/],
    ["a load level above capacity", ["--set", "loadLevels=50,150"], /not valid for loadLevels; expected .*0 to 100/],
    ["a negative load level", ["--set", "loadLevels=-25"], /not valid for loadLevels/],
    ["no sweep combined with levels", ["--set", "loadLevels=0,50"], /loadLevels: 0 means no sweep and cannot be combined with levels/],
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
  const reference = loadResult<DistributionParams, unknown>(path.join(ROOT, "test/fixtures/results/distribution-2026-11-29T07-01-20-193Z.json"));

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
  // Five trials per condition: [min, max] of five covers the median with 93.75%, enough for a 90% target.
  const at90 = { confidence: 0.9 };

  it("rejects more clients than requests in check, naming concurrency", () => {
    assert.throws(() => distribution.check({ ...reference.params, requests: 10, concurrency: [8, 64] }), (e: Error) => e instanceof InputError && e.input === "concurrency");
    assert.doesNotThrow(() => distribution.check(reference.params));
  });

  it("keys its charts by id, in display order, and names only the level its intervals attain", () => {
    const charts = distribution.charts(variant((t) => t));
    assert.deepEqual(Object.keys(charts), [...DISTRIBUTION_CHART_IDS]);
    for (const id of DISTRIBUTION_CHART_IDS) assert.equal(charts[id].id, id);
    assert.equal(charts["share-by-rank"].title, "Share of connections by worker, busiest first (c=64 new conn; median across trials, 93.7% CI)");
    assert.doesNotMatch(Object.values(charts).map((c) => c.title).join(" "), /95%|mean/);
  });

  it("gives each rank's share as the median across trials with its order-statistic interval", () => {
    const s = variant((t) => t).summary;
    const row = s.rows.find((r) => r.label === "none c=64 new conn")!;
    const busiest = reference.trials
      .filter((t) => t.condition === row.label)
      .map((t) => { const c = t.detail!.connectionsByWorker as number[]; return Math.max(...c) / c.reduce((a, b) => a + b, 0); })
      .sort((a, b) => a - b);
    assert.equal(busiest.length, 5);
    assert.deepEqual(row.shareByRank[0], { rank: 1, median: busiest[2], ci: { lo: busiest[0], hi: busiest[4], level: 1 - 2 / 32 } });
  });

  it("decides the six policy comparisons as one Holm family and prints its size", () => {
    const result = variant((t) => t);
    const s = result.summary;
    const family = s.comparisons.flatMap((c) => [c.top2, c.throughput, c.p99]);
    assert.equal(s.familySize, 6);
    assert.equal(family.length, 6);
    const findings = distribution.findings(result);
    const printed = findings.find((f) => /Holm-adjusted as one family/.test(f))!;
    assert.equal(Number(/^(\d+) comparisons/.exec(printed)![1]), family.length, "the family size printed is the number of comparisons");
    // The top-2 shares separate completely at 5 vs 5: exact p 2/252 each; Holm multiplies the smallest by 6.
    for (const c of [s.comparisons[0]!.top2, s.comparisons[1]!.top2]) {
      assert.equal(c.pValue, 2 / 252);
      assert.ok(Math.abs(c.pAdjusted - 12 / 252) < 1e-15, String(c.pAdjusted));
      assert.equal(c.outcome, "higher");
      assert.match(c.verdict, /Holm-adjusted p = 0\.048 in a family of 6, unadjusted p = 0\.0079; n = 5 vs 5\): none c=\d+ new conn is higher, which is worse\.$/);
    }
    // Throughput at c=64: the interval excludes 1 but the adjusted p does not let it through.
    assert.equal(s.comparisons[1]!.throughput.outcome, "inconclusive");
    // α is 1 − confidence; the digits after 0.05 allow for its floating-point tail, which the sentence still prints.
    assert.match(s.comparisons[1]!.throughput.verdict, /but the Holm-adjusted p is not below 0\.05\d*, so no difference is declared/);
    assert.match(findings.join("\n"), /\. Within rounds: [\d.]+× \(93\.7% CI [\d.]+–[\d.]+×; signed-rank p = [\d.]+, not adjusted; 5 rounds\): too few rounds for a 95% interval \(6 needed\); outside load: not recorded in this Result\./);
  });

  it("states its noise floor and how it is defined", () => {
    const result = variant((t) => t);
    assert.equal(result.summary.noiseFloor!.label, "rr c=8 new conn");
    assert.match(distribution.findings(result).join("\n"), /Noise floor: identical trials of rr c=8 new conn \(round-robin at the lowest client count, the condition whose trials are most alike by design\) spread by [\d.]+% in throughput \(IQR \/ median\)/);
  });

  it("re-analyses a Result saved before the verdict parameters with the defaults", () => {
    assert.ok(!("confidence" in reference.params) && !("equivalence" in reference.params) && !("family" in reference.params));
    const family = variant((t) => t).summary.comparisons.flatMap((c) => [c.top2, c.throughput, c.p99]);
    assert.ok(family.every((c) => c.procedure === "holm" && c.ratioCi.level >= 0.95 && c.familySize === 6));
  });

  it("on the reference run: undecided, because five trials bound the median share at 93.7%, not 95%", () => {
    const [claim] = distribution.claims(variant((t) => t));
    assert.equal(claim!.verdict, "undecided");
    assert.equal(claim!.chart, "share-by-rank");
    assert.match(claim!.evidence, /^Busiest two workers' share under socket sharing: \*\*none c=8 new conn\*\* median 41\.5% \(93\.7% CI 37\.8–43\.6%; ≥ 70% in 0 of 5 trials\): too few trials: the interval of the median reaches 93\.7%, not the 95% asked for; it needs at least 6 trials/);
    assert.match(claim!.evidence, /With 5 trials per condition this run cannot bound the busiest two workers' median share at the level asked for; the quick profile runs 6, the full one 6 to 15, each condition stopping once within ±2%\./);
    assert.match(claim!.evidence, /This answer holds for 2 cores, linux [^,]+, a cluster of 8 workers on node 20\.20\.2; the kernel's wake-up behaviour/);
  });

  it("does not hold where every sharing condition's interval lies below 70%", () => {
    const [claim] = distribution.claims(variant((t) => t, at90));
    assert.equal(claim!.verdict, "does-not-hold");
    assert.match(claim!.evidence, /\*\*none c=64 new conn\*\* median 37\.9% \(93\.7% CI 35\.6–40\.9%; ≥ 70% in 0 of 5 trials\): the whole interval is below 70%/);
    assert.match(claimsMarkdown([claim!]), /^\*\*With socket sharing, "70% of connections \[hit\] just 2 out of 8 workers"\*\* — \*does not hold here\.\*/);
  });

  it("holds when the busiest two took 70% under socket sharing at every load", () => {
    const [claim] = distribution.claims(variant(busiestTwoTake(0.8, ["none c=8 new conn", "none c=64 new conn"]), at90));
    assert.equal(claim!.verdict, "holds");
    assert.match(claim!.evidence, /^Busiest two workers' share under socket sharing: \*\*none c=8 new conn\*\* median 80\.0% \(93\.7% CI 80\.0–80\.0%; ≥ 70% in 5 of 5 trials\): the whole interval is at or above 70%/);
  });

  it("holds only under the load shapes where it held", () => {
    const [claim] = distribution.claims(variant(busiestTwoTake(0.8, ["none c=64 new conn"]), at90));
    assert.equal(claim!.verdict, "holds-only-when");
    assert.equal(claim!.when, "the load is c=64 new conn");
  });

  it("is undecided where a sharing condition's interval includes 70%", () => {
    const straddle = (t: TrialRecord) => {
      if (t.condition.startsWith("none")) t.metrics.top2Share = [0.6, 0.65, 0.7, 0.75, 0.8][t.index]!;
      return t;
    };
    const [claim] = distribution.claims(variant(straddle, at90));
    assert.equal(claim!.verdict, "undecided");
    assert.match(claim!.evidence, /the interval includes 70%/);
  });

  it("is undecided with too few trials, and says how many the profiles run", () => {
    const [claim] = distribution.claims(variant((t) => (t.index < 2 ? t : null), { trials: 2 }));
    assert.equal(claim!.verdict, "undecided");
    assert.match(claim!.evidence, /too few trials: the interval of the median reaches 50%, not the 95% asked for; it needs at least 6 trials/);
    assert.match(claim!.evidence, /With 2 trials per condition this run cannot bound the busiest two workers' median share at the level asked for; the quick profile runs 6, the full one 6 to 15, each condition stopping once within ±2%\./);
  });

  /**
   * The reference with a sweep grafted on: each closed-loop c=64 trial of a policy copied as an open
   * loop at 25% and at 75% of capacity, with the busiest two's share set per level and the schedule's
   * account (`late` of 1000 scheduled) per condition.
   */
  const withSweep = (share: (policy: string, percent: number, index: number) => number, late: (label: string) => number = () => 0): DistributionResult => {
    const sweep = reference.trials.filter((t) => t.condition.endsWith("c=64 new conn")).flatMap((t) => [25, 75].map((percent): TrialRecord => {
      const policy = t.condition.split(" ")[0]!;
      const condition = `${policy} ${percent}% load new conn`;
      return {
        ...t, condition,
        metrics: { ...t.metrics, top2Share: share(policy, percent, t.index), offeredRps: percent * 10, scheduled: 1000, late: late(condition), waitedForSlot: 0, dropped: 0 },
        detail: { ...t.detail, keepAlive: false, loadPercent: percent, capacitySamplesRps: [900, 1000, 1100] },
      };
    }));
    const base = { ...reference, params: { ...reference.params, loadLevels: [25, 75], confidence: 0.9 }, trials: [...reference.trials, ...sweep], failures: [] };
    return { ...base, summary: distribution.summarize(base) };
  };

  it("answers whether socket sharing's imbalance grows with load, in the same family as the closed loops", () => {
    const grows = withSweep((policy, percent, i) => (policy === "none" ? (percent === 75 ? 0.6 : 0.4) + i / 100 : 0.26 + i / 1000));
    const s = grows.summary;
    assert.ok(s.sweep, "a Result with load levels has a sweep");
    assert.deepEqual(s.sweep.capacity.map((c) => [c.keepAlive, c.rps.median]), [[false, 1000]]);
    assert.equal(s.sweep.vsRoundRobin.length, 2, "none against rr at 25% and at 75%");
    assert.equal(s.sweep.growth.length, 1);
    assert.equal(s.familySize, 6 + 3, "the sweep's three comparisons join the six of the closed loops");
    const g = s.sweep.growth[0]!;
    assert.deepEqual([g.policy, g.low, g.high], ["none", 25, 75]);
    assert.equal(g.top2.outcome, "higher");
    assert.equal(g.top2.familySize, 9);
    const findings = distribution.findings(grows).join("\n");
    assert.match(findings, /Does socket sharing's imbalance grow with load \(new conn, 25% → 75% of capacity\)\? yes: it grows\. none 75% load new conn had [\d.]+× the top-2 share of none 25% load new conn/);
    assert.match(findings, /none 25% load new conn \(offered 250 req\/s, 25% of capacity\): busiest two workers took 42\.0% of connections/);
    assert.match(findings, /Round-robin's capacity, the 100% of the sweep, .*: 1000 req\/s \(median of 3;/);
    const flat = withSweep((policy, _percent, i) => (policy === "none" ? 0.4 + i / 100 : 0.26));
    assert.match(distribution.findings(flat).join("\n"), /imbalance grow with load \(new conn, 25% → 75% of capacity\)\? (not decided|no: it stays within the equivalence band)\./);
    const charts = distribution.charts(grows);
    assert.match(charts["top2-vs-load"].title, /^Busiest two workers' share vs offered load/);
  });

  it("reports a generator that fell behind instead of the server's numbers, and leaves it out of the comparisons", () => {
    const behind = withSweep((policy, percent) => (policy === "none" ? percent / 100 : 0.26), (label) => (label === "none 75% load new conn" ? 80 : 0));
    const s = behind.summary;
    assert.ok(s.sweep);
    assert.deepEqual(s.sweep.fellBehind, ["none 75% load new conn"]);
    assert.equal(s.sweep.growth.length, 0, "one usable level of none is left: nothing to compare it with");
    assert.equal(s.sweep.vsRoundRobin.length, 1);
    const findings = distribution.findings(behind);
    const line = findings.find((f) => f.startsWith("none 75% load new conn"))!;
    assert.match(line, /^none 75% load new conn: generator fell behind: 400 late of 5000 \(0 of them waited for one of the \d+ slots, the server holding them all\), 0 dropped; more than 5% of the schedule/);
    assert.doesNotMatch(line, /req\/s|p99|busiest/, "no server numbers");
  });

  it("is undecided when socket sharing did not run", () => {
    const [claim] = distribution.claims(variant((t) => (t.condition.startsWith("none") ? null : t), { policies: ["rr"] }));
    assert.equal(claim!.verdict, "undecided");
    assert.match(claim!.evidence, /^Socket sharing \(policy `none`\) was not measured in this run/);
  });
});
