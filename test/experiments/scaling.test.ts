/**
 * The scaling experiment's analysing side on saved Results: its check, charts keyed by id, the
 * family of comparisons decided by the lab's verdict rule, Amdahl's law only where it can be
 * checked, the speedup at k = cores, the within-round check, and the verdict on the article's claim
 * — on the reference Result, on variants of it whose trials are changed to force each verdict, and
 * on constructed Results whose figures are computed by hand.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { InputError, SCALING_CHART_IDS, claimsMarkdown, loadResult, scaling, type ScalingParams, type ScalingResult, type TrialRecord } from "parlab";
import { ROOT, runCli, tempDir } from "../helpers.ts";

const reference = loadResult<ScalingParams, unknown>(path.join(ROOT, "test/fixtures/results/scaling-2026-11-29T06-33-25-942Z.json"));

/** The reference Result with its trials (null drops one) and any other field changed, and its summary recomputed. */
function variant(change: (t: TrialRecord) => TrialRecord | null, params: Partial<ScalingParams> = {}, over: Partial<ScalingResult> = {}): ScalingResult {
  const trials = reference.trials.map((t) => change({ ...t, metrics: { ...t.metrics } })).filter((t): t is TrialRecord => t !== null);
  const base = { ...reference, failures: [], ...over, params: { ...reference.params, ...params }, trials };
  return { ...base, summary: scaling.summarize(base) } as ScalingResult;
}

const slower = (labels: string[], factor: number) => (t: TrialRecord) => {
  if (labels.includes(t.condition)) t.metrics.computeMs! *= factor;
  return t;
};

/** A Result of k = 1 only, with the given compute (and start-up) times per condition, in rounds. */
function constructed(compute: Record<string, number[]>, startup: Record<string, number[]> = {}): ScalingResult {
  const t0 = Date.parse(reference.startedAt);
  const trials: TrialRecord[] = Object.entries(compute).flatMap(([condition, values], c) =>
    values.map((ms, index) => ({
      condition, index, seq: index * 3 + c, startedAt: new Date(t0 + (index * 3 + c) * 1000).toISOString(), durationMs: ms, ok: true,
      metrics: { computeMs: ms, ...(startup[condition] ? { startupMs: startup[condition]![index]! } : {}) },
    })));
  const base = { ...reference, params: { ...reference.params, workers: [1], trials: 5 }, trials, failures: [], samples: [] };
  return { ...base, summary: scaling.summarize(base) } as ScalingResult;
}

/** Every pairwise ratio a_i / b_j, sorted: the Hodges–Lehmann ratio is their median. */
const pairwiseRatios = (a: number[], b: number[]) => a.flatMap((x) => b.map((y) => x / y)).sort((x, y) => x - y);

describe("scaling analysis", () => {
  it("rejects fewer tasks than the largest pool, naming chunks, before anything runs", () => {
    const params = { ...reference.params, workers: [1, 8], chunks: 4 };
    assert.throws(() => scaling.check(params), (e: Error) => e instanceof InputError && e.input === "chunks" && /4 tasks cannot keep 8 workers busy/.test(e.message));
    assert.doesNotThrow(() => scaling.check(reference.params));
  });

  it("keys its charts by id, in display order, and names only the level its intervals attain", () => {
    const charts = scaling.charts(variant((t) => t));
    assert.deepEqual(Object.keys(charts), [...SCALING_CHART_IDS]);
    for (const id of SCALING_CHART_IDS) assert.equal(charts[id].id, id);
    assert.equal(charts.speedup.title, "Speedup over the main thread (Hodges–Lehmann ratio, 95.8% CI)");
    assert.doesNotMatch(JSON.stringify(charts.speedup.spec), /Amdahl fit/, "no curve where the law could not be fitted");
  });

  it("decides a family of one by hand: complete separation at 5 vs 5 gives the exact p 2/252, the Hodges–Lehmann ratio and its 96.8% interval", () => {
    const threads = [50, 51, 52, 53, 54];
    const processes = [100, 101, 102, 103, 104];
    const r = constructed({ main: [100, 101, 102, 103, 104], "threads×1": threads, "processes×1": processes });
    const [c] = r.summary.comparisons;
    const ratios = pairwiseRatios(threads, processes);
    assert.equal(r.summary.familySize, 1);
    assert.equal(c!.pValue, 2 / 252);
    assert.equal(c!.pAdjusted, 2 / 252);
    // Ratios are taken on the log scale and back, so they agree to rounding.
    const close = (x: number, y: number) => Math.abs(x / y - 1) < 1e-12;
    assert.ok(close(c!.ratio, ratios[12]!), `${c!.ratio} is the median pairwise ratio ${ratios[12]}`);
    // At 5 vs 5 the interval [d(3), d(23)] misses with probability 2 · 4/252.
    assert.ok(close(c!.ratioCi.lo, ratios[2]!) && close(c!.ratioCi.hi, ratios[22]!), JSON.stringify(c!.ratioCi));
    assert.equal(c!.ratioCi.level, 1 - 8 / 252);
    assert.equal(c!.outcome, "lower");
    assert.match(c!.verdict, /^threads×1 took 0\.5\d+× the compute time of processes×1 \(96\.8% CI [\d.]+–[\d.]+×; p = 0\.0079; n = 5 vs 5\): threads×1 is faster\.$/);
    const [claim] = scaling.claims(r);
    assert.equal(claim!.verdict, "holds");
    assert.match(claim!.evidence, /decided in one family: 1 comparison\): k = 1: 0\.5\d+× \(96\.8% CI/);
  });

  it("adjusts the family by Holm: with the start-up comparison two p-values of 2/252 both become 2/126", () => {
    const r = constructed(
      { main: [100, 101, 102, 103, 104], "threads×1": [50, 51, 52, 53, 54], "processes×1": [100, 101, 102, 103, 104] },
      { "threads×1": [10, 11, 12, 13, 14], "processes×1": [20, 21, 22, 23, 24] },
    );
    const family = [...r.summary.comparisons, r.summary.startupComparison!];
    assert.equal(r.summary.familySize, 2);
    for (const c of family) {
      assert.equal(c.familySize, 2);
      assert.equal(c.pAdjusted, 2 / 126);
      assert.match(c.verdict, /Holm-adjusted p = 0\.016 in a family of 2, unadjusted p = 0\.0079/);
    }
    assert.equal(r.summary.startupComparison!.outcome, "higher");
    assert.ok(scaling.findings(r).some((f) => f.startsWith("2 comparisons of threads against processes (compute time at each k, and start-up), Holm-adjusted as one family: 2 named a side (1 lower, 1 higher), 0 equivalent within ±5%, 0 inconclusive.")));
  });

  it("calls the kinds equivalent only when the interval lies inside the band, and the claim then does not hold", () => {
    const r = constructed({ main: [100, 101, 102, 103, 104], "threads×1": [100, 100.5, 101, 101.5, 102], "processes×1": [100.2, 100.7, 101.2, 101.7, 102.2] });
    const [c] = r.summary.comparisons;
    assert.equal(c!.outcome, "equivalent");
    assert.ok(c!.ratioCi.lo >= 1 / 1.05 && c!.ratioCi.hi <= 1.05);
    assert.match(c!.verdict, /equivalent within ±5%: the ratio lies between [\d.]+× and [\d.]+×, inside the band 0\.952–1\.05×\.$/);
    const [claim] = scaling.claims(r);
    assert.equal(claim!.verdict, "does-not-hold");
    assert.match(claim!.evidence, /threads and processes computed alike \(equivalent within the band\) at k = 1/);
  });

  it("on the reference run: five comparisons, Holm-adjusted, none conclusive in compute time, so the claim is undecided with every interval", () => {
    const result = variant((t) => t);
    const s = result.summary;
    assert.equal(s.comparisons.length, 4);
    assert.equal(s.familySize, 5, "four k and the start-up comparison");
    const findings = scaling.findings(result);
    const printed = findings.find((f) => /Holm-adjusted as one family/.test(f))!;
    assert.equal(Number(/^(\d+) comparisons/.exec(printed)![1]), s.comparisons.length + 1, "the family size printed is the number of comparisons");
    for (const c of [...s.comparisons, s.startupComparison!]) assert.match(c.verdict, /in a family of 5/);
    assert.deepEqual(s.comparisons.map((c) => c.outcome), ["inconclusive", "inconclusive", "inconclusive", "inconclusive"]);
    assert.equal(s.startupComparison!.outcome, "higher");
    const [claim] = scaling.claims(result);
    assert.equal(claim!.verdict, "undecided");
    assert.equal(claim!.chart, "speedup");
    assert.match(claim!.evidence, /^Threads' compute time over processes' \(decided in one family: 5 comparisons, Holm-adjusted\): k = 1: 0\.952× \(95\.8% CI 0\.866–1\.04×\): inconclusive: no difference was detected/);
    assert.match(claim!.evidence, /No k decided the comparison either way/);
    assert.match(claimsMarkdown([claim!]), /^\*\*For pure CPU work, "Worker Threads edge out" cluster processes\*\* — \*not decided by this run\.\*/);
  });

  it("reports the speedup at k = cores, not the largest estimate, and no Amdahl fit on two cores", () => {
    const result = variant((t) => t);
    assert.deepEqual(result.summary.atCores.map((x) => x.label), ["threads×2", "processes×2"]);
    const findings = scaling.findings(result).join("\n");
    assert.match(findings, /At k = 2, the machine's cores — the point fixed before the run, not the largest of the estimates: threads×2 ran 1\.63× as fast as the main thread \(95\.8% CI 1\.01–1\.80×\)/);
    assert.match(findings, /Amdahl's law for threads: the serial fraction is not estimable on this machine: it needs at least three worker counts within the cores \(measured within 2 cores: k = 1, 2; k = 3, 4 left out/);
    assert.doesNotMatch(findings, /could exceed|maximum speedup|95% CI/);
  });

  it("fits Amdahl's law where three worker counts lie within the cores, without extrapolating", () => {
    const result = variant((t) => t, {}, { machine: { ...reference.machine, cpu: { ...reference.machine.cpu, cores: 4 } } });
    assert.ok(result.summary.amdahl.every((a) => a.fit.estimable));
    assert.deepEqual(result.summary.atCores.map((x) => x.workers), [4, 4]);
    const findings = scaling.findings(result).join("\n");
    assert.match(findings, /Amdahl's law fitted to the median compute times of threads over k = 1, 2, 3, 4 \(within 4 cores\): serial fraction -?[\d.]+% \(.+\); (lack-of-fit F test p|the lack of fit could not be tested)/);
    assert.match(findings, /No speedup is extrapolated beyond the counts measured\./);
    assert.match(JSON.stringify(scaling.charts(result).speedup.spec), /threads \(Amdahl fit\)/);
  });

  it("checks every comparison within rounds, and says when outside load was not recorded or the order was blocked", () => {
    const line = scaling.findings(variant((t) => t)).find((f) => f.startsWith("threads×1 took"))!;
    assert.match(line, /\. Within rounds: 0\.951× \(96\.8% CI 0\.869–1\.03×; signed-rank p = 0\.094, not adjusted; 6 rounds\): the interval includes 1 \(0\.869–1\.03×\), as the pooled interval does; outside load: not recorded in this Result\.$/);
    assert.ok(scaling.findings(variant((t) => t)).includes("Each comparison is also made within rounds, as a check beside its pooled verdict. Rounds disturbed by outside load: not recorded (this Result's machine samples lack other processes' CPU)."));
    const quiet = reference.samples.map((x) => ({ ...x, otherCpuPercent: 1 }));
    assert.match(scaling.findings(variant((t) => t, {}, { samples: quiet })).join("\n"), /outside load above 20% of the machine's CPU in 0 of 6 rounds/);
    const busy = reference.samples.map((x) => ({ ...x, otherCpuPercent: 90 }));
    assert.match(scaling.findings(variant((t) => t, {}, { samples: busy })).join("\n"), /outside load above 20% of the machine's CPU in 6 of 6 rounds/);
    const blocked = variant((t) => t, { order: "blocked" }, { order: { ...reference.order, kind: "blocked" } });
    assert.match(scaling.findings(blocked).join("\n"), /Within rounds: not checked: the run took every trial of one condition in a row \(order "blocked"\)/);
  });

  it("re-analyses a Result saved before the verdict parameters with the defaults, and honours them when set", () => {
    assert.ok(!("confidence" in reference.params) && !("equivalence" in reference.params) && !("family" in reference.params));
    const old = variant((t) => t);
    assert.ok(old.summary.comparisons.every((c) => c.ratioCi.level >= 0.95 && c.procedure === "holm"));
    const set = variant((t) => t, { confidence: 0.9, family: "bonferroni" });
    assert.ok(set.summary.comparisons.every((c) => c.ratioCi.level >= 0.9 && c.ratioCi.level < 0.95 && c.procedure === "bonferroni"));
    assert.ok(scaling.findings(set).some((f) => f.includes("Bonferroni-adjusted as one family")));
  });

  it("holds when threads compute faster at every k", () => {
    const [claim] = scaling.claims(variant(slower(["processes×1", "processes×2", "processes×3", "processes×4"], 3)));
    assert.equal(claim!.verdict, "holds");
    assert.match(claim!.evidence, /k = 1: 0\.3\d+× \(95\.8% CI [\d.]+–[\d.]+×\): threads×1 is faster; k = 2/);
  });

  it("holds only at the k where threads compute faster", () => {
    const [claim] = scaling.claims(variant(slower(["processes×1"], 3)));
    assert.equal(claim!.verdict, "holds-only-when");
    assert.equal(claim!.when, "k = 1");
    assert.match(claim!.evidence, /At k = 2, 3, 4 the run cannot tell\./);
  });

  it("does not hold when processes compute faster", () => {
    const [claim] = scaling.claims(variant(slower(["threads×2"], 3)));
    assert.equal(claim!.verdict, "does-not-hold");
    assert.match(claim!.evidence, /k = 2: [\d.]+× \(95\.8% CI [\d.]+–[\d.]+×\): threads×2 is slower/);
    assert.match(claim!.evidence, /processes computed faster at k = 2\. At k = 1, 3, 4 the run cannot tell\./);
  });

  it("is undecided with too few trials, with the verdict's reason and how many the profiles run", () => {
    const [claim] = scaling.claims(variant((t) => (t.index < 2 ? t : null), { trials: 2 }));
    assert.equal(claim!.verdict, "undecided");
    assert.match(claim!.evidence, /k = 1: [\d.]+× \([\d.]+% CI [\d.]+–[\d.]+×\): too few trials for a verdict: the interval reaches [\d.]+%, not the 95% asked for; a verdict needs at least \d+ trials per side/);
    assert.match(claim!.evidence, /With 2 trials per condition this run cannot compare threads with processes at every k; the quick profile runs 6, the full one 6 to 20, each condition stopping once within ±2%\./);
  });

  it("is undecided when only one kind of pool ran", () => {
    const [claim] = scaling.claims(variant((t) => (t.condition.startsWith("processes") ? null : t), { kinds: ["threads"] }));
    assert.equal(claim!.verdict, "undecided");
    assert.match(claim!.evidence, /did not measure threads and processes at the same k \(kinds: threads\)/);
  });
});

describe("scaling verdict parameters on the command line", () => {
  const bad: Array<[string, RegExp]> = [
    ["equivalence=1", /"1" is not valid for equivalence; expected numbers between 0 and 1 \(exclusive\)/],
    ["confidence=0.5", /"0\.5" is not valid for confidence; expected numbers between 0\.5 and 1 \(exclusive\)/],
    ["family=sidak", /"sidak" is not valid for family; expected one of holm, bonferroni, none/],
  ];
  for (const [set, message] of bad) {
    it(`exits 2 on ${set}, naming the parameter, before any pool starts`, async () => {
      const r = await runCli(["run", "scaling", "--profile", "tiny", "--out", tempDir(), "--set", set]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }
});
