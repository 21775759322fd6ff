/**
 * The thumbnails experiment: the article's and the deconfounded comparison run and checked end to end,
 * bad parameters refused before any host starts, and the claims judged on saved reference Results.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  InputError, THUMBNAILS_CHART_IDS, claimsMarkdown, loadResult, thumbnails, thumbnailsConditions,
  type ThumbnailsParams, type ThumbnailsResult, type ThumbnailsSummary, type TrialRecord,
} from "parlab";
import { ROOT, leftovers, runCli, tempDir } from "../helpers.ts";

const root = tempDir();

describe("thumbnails experiment", () => {
  it("runs the article's and the deconfounded comparison, checks every trial, and states the efficiency", async () => {
    const out = tempDir();
    const r = await runCli(
      ["run", "thumbnails", "--profile", "tiny", "--out", out, "--set", "images=3", "--set", "width=320", "--set", "height=240", "--set", `imagesDir=${path.join(root, "images")}`, "--set", "sets=baseline,article,matched"],
    );
    assert.equal(r.code, 0, r.stderr);
    const [json] = r.stdout.trim().split("\n").slice(-2);
    const result = loadResult<Record<string, unknown>, ThumbnailsSummary>(json!);
    const labels = thumbnailsConditions({ sets: ["baseline", "article", "matched"], workers: [1, 2] }).map((c) => c.label);
    assert.deepEqual([...new Set(result.trials.map((t) => t.condition))].sort(), [...labels].sort());
    for (const t of result.trials) {
      assert.ok(t.ok, t.error);
      assert.equal(t.metrics.failedImages, 0);
      assert.equal((t.detail!.latenciesMs as number[]).length, 3, "one latency per image");
      assert.ok(t.metrics.peakRssBytes! > 0 && t.metrics.imagesPerS! > 0);
    }
    const byLabel = (label: string) => result.trials.filter((t) => t.condition === label);
    for (const t of byLabel("processes×2 c1 uv1")) assert.deepEqual([t.metrics.processes, t.metrics.uvThreadpoolSize, t.metrics.concurrency], [3, 1, 1]);
    for (const t of byLabel("threads×2 c1 uv2")) assert.deepEqual([t.metrics.processes, t.metrics.uvThreadpoolSize, t.metrics.concurrency], [1, 2, 1]);
    const s = result.summary;
    assert.equal(s.singleThread, "sequential c1");
    assert.ok(s.article && s.matched && s.best);
    assert.equal(s.article.time.a, "threads×2");
    assert.match(r.stdout, /^- Measured on \d+ cores/m);
    assert.match(r.stdout, /Best mode \(the highest estimated speedup\): .+ a parallel efficiency of [\d.]+% \([\d.]+% CI [\d.]+–[\d.]+%\) of the limit, warm single-thread rate × \d+ cores/);
    assert.match(r.stdout, /\d+ comparisons of threads against processes .* Holm-adjusted as one family/);
    assert.match(r.stdout, /Deconfounded \(two libvips and two libuv threads in all on each side\): /);
    assert.deepEqual(await leftovers("thumbnails/entry-host"), []);

    const rep = tempDir();
    const report = await runCli(["report", json!, "--out", rep]);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(fs.readdirSync(rep).filter((f) => f.endsWith(".svg")).length, 5, "five charts");
  });

  const file = path.join(root, "a-file");
  fs.writeFileSync(file, "");
  const bad: Array<[string, string[], RegExp]> = [
    ["k = 0", ["--set", "workers=0"], /"0" is not valid for workers; expected a comma-separated list of whole numbers from 1 to 64/],
    ["an unknown format", ["--set", "format=gif"], /"gif" is not valid for format; expected one of jpeg, png, webp/],
    ["an unknown condition set", ["--set", "sets=article,fastest"], /not valid for sets; expected a comma-separated list of one of baseline, article/],
    ["a corpus folder that cannot be created", ["--set", `imagesDir=${path.join(file, "images")}`], /imagesDir: cannot create or write the corpus folder .*a-file\/images \(ENOTDIR\)/],
  ];
  for (const [name, args, message] of bad) {
    it(`exits 2 on ${name} before starting any host`, async () => {
      const r = await runCli(["run", "thumbnails", "--profile", "tiny", "--out", tempDir(), ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }
});

describe("thumbnails analysis of a saved Result", () => {
  const load = (stamp: string) => loadResult<ThumbnailsParams, unknown>(path.join(ROOT, `test/fixtures/results/thumbnails-2026-11-29T${stamp}.json`));
  const sameSharp = load("10-39-47-522Z");
  const large = load("10-41-58-099Z");
  const knobsRun = load("10-54-43-080Z");

  /** A reference Result with its trials changed (null drops one) and its summary recomputed. */
  const variant = (change: (t: TrialRecord) => TrialRecord | null, params: Partial<ThumbnailsParams> = {}, from = sameSharp): ThumbnailsResult => {
    const trials = from.trials.map((t) => change({ ...t, metrics: { ...t.metrics } })).filter((t): t is TrialRecord => t !== null);
    const base = { ...from, params: { ...from.params, ...params }, trials, failures: [] };
    return { ...base, summary: thumbnails.summarize(base) };
  };
  const scaled = (metric: string, factor: number, labels: string[]) => (t: TrialRecord) => {
    if (labels.includes(t.condition)) t.metrics[metric]! *= factor;
    return t;
  };
  const verdicts = (result: ThumbnailsResult) => Object.fromEntries(thumbnails.claims(result).map((c) => [c.id, c.verdict]));
  const familyOf = (s: ThumbnailsSummary) =>
    [s.article?.time, s.article?.memory, s.article?.memoryPss, s.matched?.time, s.matched?.memory, s.matched?.memoryPss, s.best?.goal].filter((c) => c);
  const close = (x: number, y: number) => Math.abs(x / y - 1) < 1e-12;

  it("checks the parameter rules in check, naming the parameter", () => {
    assert.throws(() => thumbnails.check({ ...sameSharp.params, sets: [] }), (e: Error) => e instanceof InputError && e.input === "sets");
    assert.throws(() => thumbnails.check({ ...sameSharp.params, workers: [0] }), (e: Error) => e instanceof InputError && e.input === "workers");
    assert.doesNotThrow(() => thumbnails.check(sameSharp.params));
  });

  it("keys its charts by id, in display order, and names only the level its intervals attain", () => {
    const charts = thumbnails.charts(variant((t) => t));
    assert.deepEqual(Object.keys(charts), [...THUMBNAILS_CHART_IDS]);
    for (const id of THUMBNAILS_CHART_IDS) assert.equal(charts[id].id, id);
    assert.equal(charts.memory.title, "Peak memory of the whole process tree (median, 96.8% CI)");
    assert.match(charts.speedup.title, /Hodges–Lehmann ratio, (9\d\.\d% CI|CI; levels in the table)\)$/);
  });

  it("decides one family — time, RSS and PSS of both pairs and the efficiency goal — and prints its size", () => {
    for (const [from, size] of [[sameSharp, 7], [knobsRun, 4]] as const) {
      const result = variant((t) => t, {}, from);
      const family = familyOf(result.summary);
      assert.equal(family.length, size);
      assert.equal(result.summary.familySize, size);
      assert.ok(family.every((c) => c!.familySize === size && c!.procedure === "holm"));
      const printed = thumbnails.findings(result).find((f) => /Holm-adjusted as one family/.test(f))!;
      assert.equal(Number(/^(\d+) comparisons/.exec(printed)![1]), family.length, "the family size printed is the number of comparisons");
    }
  });

  it("re-analyses a Result saved before the verdict parameters with the defaults, and honours them when set", () => {
    assert.ok(!("confidence" in sameSharp.params) && !("equivalence" in sameSharp.params) && !("family" in sameSharp.params));
    assert.ok(familyOf(variant((t) => t).summary).every((c) => c!.ratioCi.level >= 0.95));
    const wide = variant((t) => t, { equivalence: 0.2, family: "none" }).summary;
    assert.equal(wide.article!.time.outcome, "equivalent", "0.907–1.10× lies inside ±20%");
    assert.match(wide.article!.time.verdict, /p = 1\.0, not adjusted for its family of 7/);
  });

  it("derives efficiency and its goal from the speedup's interval, at the level that interval attains", () => {
    const s = variant((t) => t, {}, large).summary;
    const best = s.best!;
    const goal = best.goal!;
    assert.equal(best.label, "all-at-once");
    assert.ok(close(best.efficiencyCi.lo, best.speedupCi.lo / 2) && close(best.efficiencyCi.hi, best.speedupCi.hi / 2));
    assert.equal(best.efficiencyCi.level, best.speedupCi.level);
    // The goal comparison is the speedup over 0.9 × 2 cores: the Hodges–Lehmann ratio scales exactly.
    assert.ok(close(goal.ratio, best.speedup / 1.8) && close(goal.ratioCi.lo, best.speedupCi.lo / 1.8), `${goal.ratio} vs ${best.speedup / 1.8}`);
    assert.equal(goal.outcome, "higher");
  });

  it("on the reference runs: each claim as the family decided it", () => {
    const result = variant((t) => t);
    const [speed, memory, efficiency] = thumbnails.claims(result);
    assert.deepEqual(verdicts(result), { "threads-faster": "undecided", "shared-memory": "holds", "efficiency-goal": "undecided" });
    assert.match(speed!.evidence, /^\*\*As the article ran it\*\* \(2 vs 2, sharp's defaults: 1 libvips thread\(s\) per process here\): threads took \*\*0\.999×\*\* the time of processes \(95\.8% CI 0\.907–1\.10×\): inconclusive: no difference was detected, and differences within the interval are not ruled out\./);
    assert.match(speed!.evidence, /Neither comparison shows a difference \(identical single-thread trials spread by 1\.12%\)\./);
    assert.match(speed!.evidence, /The article's own figure, 2\.8 s \/ 3\.2 s = 0\.875×, lies below the interval of the article's comparison/);
    assert.match(speed!.evidence, /\(Decided in one family: 7 comparisons, Holm-adjusted\.\)/);
    assert.match(memory!.evidence, /threads×2 had \*\*0\.510×\*\* the peak RSS of processes×2 \(95\.8% CI 0\.506–0\.513×\): threads×2 is lower, which is better\. Counted by PSS, .* \*\*0\.819×\*\* .*; most of what RSS attributes to the second process is code it shares with the first\./);
    assert.match(efficiency!.evidence, /^Best mode \(the highest estimated speedup\): all-at-once at 1\.74× .*; the efficiency is within the equivalence band of the 90\.0% goal, so this run does not say on which side of it the mode lies\. Against the goal: all-at-once had 0\.967× the image rate of the 90% goal \(95\.8% CI 0\.954–0\.997×; Holm-adjusted p = 0\.12 in a family of 7/);
    assert.match(claimsMarkdown([speed!]), /^\*\*"2 processes 3\.2 s vs 2 threads 2\.8 s": threads are faster\*\* — \*not decided by this run\.\*/);
    assert.deepEqual(verdicts(variant((t) => t, {}, large)), { "threads-faster": "does-not-hold", "shared-memory": "holds", "efficiency-goal": "holds" });
    const knobs = variant((t) => t, {}, knobsRun);
    assert.deepEqual(verdicts(knobs), { "threads-faster": "undecided", "shared-memory": "holds", "efficiency-goal": "undecided" });
    assert.match(thumbnails.claims(knobs)[0]!.evidence, /did not include both the article's and the matched comparison/);
  });

  it("threads and processes equivalent within the band in both settings: threads are not faster", () => {
    const [speed] = thumbnails.claims(variant((t) => t, {}, large));
    assert.match(speed!.evidence, /threads took \*\*1\.00×\*\* the time of processes \(95\.8% CI 0\.985–1\.04×\): equivalent within ±5%/);
  });

  it("threads faster only as the article ran them: holds only with sharp's default thread counts", () => {
    const result = variant(scaled("timeMs", 0.7, ["threads×2"]), {}, large);
    const [speed] = thumbnails.claims(result);
    assert.equal(speed!.verdict, "holds-only-when");
    assert.match(speed!.when!, /sharp's default, unequal numbers of libvips and libuv threads/);
    assert.match(speed!.evidence, /threads×2 is faster/);
    assert.match(speed!.evidence, /The article's difference disappears once both sides run the same number of libvips and libuv threads/);
    const [open] = thumbnails.claims(variant(scaled("timeMs", 0.7, ["threads×2"])));
    assert.equal(open!.verdict, "holds-only-when");
    assert.match(open!.evidence, /Whether it survives matching the thread counts, this run cannot tell\./);
  });

  it("threads faster with thread counts matched too: holds", () => {
    const [speed] = thumbnails.claims(variant(scaled("timeMs", 0.7, ["threads×2", "threads×2 c1 uv2"])));
    assert.equal(speed!.verdict, "holds");
    assert.match(speed!.evidence, /The difference survives matching the thread counts/);
  });

  it("when no mode beats the single-thread condition, none is compared with the goal and the family has six comparisons", () => {
    const others = [...new Set(sameSharp.trials.map((t) => t.condition))].filter((l) => l !== "sequential c1");
    const result = variant(scaled("timeMs", 3, others));
    assert.equal(result.summary.best!.label, "sequential c1");
    assert.equal(result.summary.best!.goal, null);
    assert.equal(result.summary.familySize, 6);
    assert.match(thumbnails.findings(result).join("\n"), /no mode ran faster than the single-thread condition itself, so none is compared with the goal\./);
    const efficiency = thumbnails.claims(result)[2]!;
    assert.equal(efficiency.verdict, "undecided");
    assert.match(efficiency.evidence, /^The single-thread condition was the fastest, so no mode ran faster than it\. Best mode/);
  });

  it("more memory in one process than in two: the memory claim does not hold", () => {
    assert.equal(verdicts(variant(scaled("peakPssBytes", 1.5, ["threads×2"])))["shared-memory"], "does-not-hold");
  });

  it("is undecided with too few trials, with the verdict's reason and how many the profiles run", () => {
    const [speed, memory, efficiency] = thumbnails.claims(variant((t) => (t.index < 2 ? t : null), { trials: 2 }));
    assert.equal(speed!.verdict, "undecided");
    assert.equal(memory!.verdict, "undecided");
    assert.equal(efficiency!.verdict, "undecided");
    assert.match(speed!.evidence, /too few trials for a verdict: the interval reaches [\d.]+%, not the 95% asked for; a verdict needs at least \d+ trials per side/);
    assert.match(speed!.evidence, /With 2 trials per condition this run cannot compare threads with processes; the quick profile runs 6, the full one 6 to 15, each condition stopping once within ±2%\./);
    assert.match(efficiency!.evidence, /With 2 trials per condition this run cannot tell whether the best mode reaches 90\.0% of the limit; the quick profile runs 6, the full one 6 to 15, each condition stopping once within ±2%\.$/);
  });
});
