/**
 * The messaging experiment's claims and charts, read off saved Results only: the reference run's
 * verdicts (every comparison decided as one family of 77), a constructed Result whose verdicts and
 * within-round checks follow from exact counts, every verdict a constructed summary can lead to,
 * charts keyed by their ids, and the analysis's reason for an untransferable payload matching the
 * channels driver's. No peer is started.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  claimsMarkdown, loadResult, messaging, MESSAGING_CHART_IDS, type MessagingParams, type MessagingResult, type MessagingSummary, type PairComparison,
} from "parlab";
import type { Comparison, TrialRecord } from "parlab";
import { channelSupport } from "parlab/drivers";
import { ROOT } from "../helpers.ts";

const REFERENCE_DIR = path.join(ROOT, "test", "fixtures", "results");

/** The reference messaging Result, with its summary recomputed by this version of the lab. */
function reference(): MessagingResult {
  const file = fs.readdirSync(REFERENCE_DIR).find((f) => f.startsWith("messaging-") && f.endsWith(".json"));
  assert.ok(file, "a reference messaging Result");
  const saved = loadResult(path.join(REFERENCE_DIR, file)) as MessagingResult;
  return { ...saved, summary: messaging.summarize(saved) };
}

/** The reference Result with every compared pair changed by `edit`. */
function withPairs(result: MessagingResult, edit: (pair: PairComparison) => PairComparison): MessagingResult {
  const copy = structuredClone(result);
  const summary: MessagingSummary = { ...copy.summary, comparisons: copy.summary.comparisons.map(edit) };
  return { ...copy, summary };
}

const claim = (result: MessagingResult, id: string) => {
  const found = messaging.claims(result).find((c) => c.id === id);
  assert.ok(found, `claim ${id}`);
  return found;
};

/** Complete separation of 5 vs 5: exact two-sided p = 2/C(10, 5) = 2/252; a family of 77 under Holm multiplies the smallest by 77. */
const P_5V5 = 2 / 252;

describe("messaging claims on the reference Result", () => {
  const result = reference();
  const points = result.summary.comparisons.flatMap((c) => c.points);

  it("decides all 77 comparisons as one family, and prints that size beside every verdict", () => {
    // 6 pairs × 2 kinds × 7 sizes, less transfer-vs-clone of objects (7 sizes): 84 − 7 = 77.
    assert.equal(points.length, 6 * 2 * 7 - 7);
    assert.equal(result.summary.family.size, points.length);
    for (const p of points) {
      assert.equal(p.comparison.familySize, 77);
      assert.match(p.comparison.verdict, /in a family of 77/);
    }
    const findings = messaging.findings(result);
    assert.ok(findings.includes(
      "77 comparisons of p50 round-trip latency, Holm-adjusted as one family: 0 named a side (0 lower, 0 higher), 0 equivalent within ±5%, 77 inconclusive. " +
        "Each verdict gives the Hodges–Lehmann ratio of per-trial p50s with its distribution-free interval at the level it attains, and the exact rank-sum p adjusted for all 77.",
    ));
    for (const p of points) assert.ok(findings.some((f) => f.startsWith(p.comparison.verdict)), p.comparison.a);
  });

  it("cannot name a winner from 5 vs 5 trials in a family of 77, and says how many trials could", () => {
    const c = points.find((p) => p.comparison.a === "thread-clone buffer 64 B" && p.comparison.b === "ipc-json buffer 64 B")!.comparison;
    assert.equal(c.pValue, P_5V5, "the two samples do not overlap");
    assert.ok(Math.abs(c.pAdjusted - 77 * P_5V5) < 1e-12, "Holm's first step: 77 × 2/252");
    assert.equal(c.ratioCi.level, 1 - 8 / 252, "5 vs 5 attains 96.8%");
    assert.equal(c.outcome, "inconclusive");
    // 6 vs 6 gives at best 2/924 > 0.05/77; 7 vs 7 gives 2/3432 < 0.05/77.
    assert.match(c.verdict, /\(96\.8% CI 0\.336–0\.368×; Holm-adjusted p = 0\.61 in a family of 77, unadjusted p = 0\.0079; n = 5 vs 5\): inconclusive: .*showing a difference needs at least 7 trials per side\.$/);
    assert.ok(points.every((p) => !p.comparison.conclusive && p.side === "none"));
  });

  it("re-analyses a Result saved before the verdict parameters existed with the defaults, and honours them when set", () => {
    assert.equal(result.params.confidence, undefined);
    assert.equal(result.params.family, undefined);
    assert.deepEqual(result.summary.family.rules, { confidence: 0.95, equivalence: 0.05, family: "holm" });
    const params: MessagingParams = { ...result.params, confidence: 0.9, equivalence: 0.5, family: "bonferroni" };
    const summary = messaging.summarize({ ...result, params });
    assert.deepEqual(summary.family.rules, { confidence: 0.9, equivalence: 0.5, family: "bonferroni" });
    const all = summary.comparisons.flatMap((c) => c.points.map((x) => x.comparison));
    assert.ok(all.every((c) => c.procedure === "bonferroni" && c.ratioCi.level >= 0.9));
    assert.match(all[0]!.verdict, /Bonferroni-adjusted p = /);
    // A wide band makes comparisons whose interval lies within 0.667–1.5× equivalent.
    assert.ok(all.some((c) => c.outcome === "equivalent" && /equivalent within ±50%/.test(c.verdict)));
  });

  it("checks only the pairs the claims rest on within rounds, and says outside load was not recorded", () => {
    const checked = points.filter((p) => p.within);
    assert.equal(checked.length, 3 * 2 * 7, "thread-clone vs ipc-advanced, vs ipc-json, sab-wait vs thread-clone at every kind and size");
    assert.deepEqual(result.summary.checkedWithinRounds, ["thread-vs-ipc-advanced", "thread-vs-ipc-json", "sab-vs-postmessage"]);
    const w = checked[0]!.within!;
    assert.equal(w.completeRounds, 5);
    assert.equal(w.ci!.level, 1 - 2 / 32, "[min, max] of 5 rounds: 93.75%");
    assert.equal(w.reachesTarget, false);
    assert.equal(w.pValue, 2 / 32, "five rounds all on one side: the smallest signed-rank p");
    assert.equal(w.disturbed.notRecorded, true);
    assert.match(w.sentence, /^within rounds: [\d.]+× \(93\.7% CI [\d.]+–[\d.]+×; signed-rank p = 0\.063, not adjusted; 5 rounds\): too few rounds for a 95% interval \(6 needed\); outside load: not recorded in this Result$/);
    assert.ok(messaging.findings(result).some((f) => /^Within rounds: the 42 comparisons the claims rest on .* the other 35 are not\. Rounds disturbed by outside load: not recorded/.test(f)));
  });

  it("leaves both claims undecided, with the verdict that says why", () => {
    for (const id of ["threads-communicate-faster", "shared-memory-faster"]) {
      const c = claim(result, id);
      assert.equal(c.verdict, "undecided", id);
      assert.equal(c.chart, "crossover");
      assert.match(c.evidence, /Every comparison was decided with all 77 of the run \(Holm-adjusted\)/);
      assert.match(c.evidence, /Not decided: the strongest of these comparisons reads ".*needs at least 7 trials per side\."/);
      assert.match(c.evidence, /Within rounds: /);
    }
    const threads = claim(result, "threads-communicate-faster");
    assert.match(threads.evidence, /^On node 20\.20\.2 with 2 cores \(noise floor 2\.97%\)/);
    assert.match(threads.evidence, /\n- buffer, thread-clone vs ipc-advanced:\n {2}- at 64 B: thread-clone buffer 64 B took 0\.293× the p50 round-trip latency of ipc-advanced buffer 64 B \(96\.8% CI 0\.232–0\.303×/);
    assert.match(threads.evidence, /The answer is specific to this machine and runtime/);
    assert.doesNotMatch(threads.evidence, /95% CI/, "no interval is labelled with a level it does not attain");
  });

  it("reads as markdown with the verdict in the lab's words", () => {
    assert.match(claimsMarkdown(messaging.claims(result)), /^\*\*A thread is faster to talk to than a process \("faster communication between threads"\)\.\*\* — \*not decided by this run\.\*/);
  });

  it("keys every chart by its id, in display order, and labels no interval 95%", () => {
    const charts = messaging.charts(result);
    assert.deepEqual(Object.keys(charts), ["latency-p50", "latency-p99", "throughput", "crossover"]);
    assert.deepEqual(Object.keys(charts), [...MESSAGING_CHART_IDS]);
    for (const [id, chart] of Object.entries(charts)) {
      assert.equal(chart.id, id);
      assert.doesNotMatch(chart.title, /95%/);
    }
    assert.match(charts["crossover"].title, /Who is faster/);
    assert.match(charts["latency-p50"].title, /levels in the table/);
  });

  it("gives the channels driver's reason for a payload that cannot be transferred, without loading the driver", () => {
    const transfer = result.summary.unavailable.find((u) => u.channel === "thread-transfer" && u.kind === "object");
    const driver = channelSupport("thread-transfer", "object");
    assert.ok(transfer && !driver.available);
    assert.equal(transfer.reason, driver.reason);
    const strings = messaging.summarize({ ...result, params: { ...result.params, kinds: ["string"] } });
    const stringDriver = channelSupport("thread-transfer", "string");
    assert.ok(!stringDriver.available);
    assert.equal(strings.unavailable.find((u) => u.channel === "thread-transfer")?.reason, stringDriver.reason);
  });
});

/**
 * A Result of 8 trials of thread-clone and ipc-json buffers at 64 B and 4 KiB, run in 8 rounds of
 * 4 trials 100 ms apart; `p50` gives each trial's p50 in milliseconds, `otherCpu` each machine
 * sample's other-process CPU (one sample per round, at its end).
 */
function constructed(p50: (channel: string, sizeBytes: number, round: number) => number, otherCpu?: (round: number) => number): MessagingResult {
  const base = reference();
  const t0 = Date.parse(base.startedAt);
  const trials: TrialRecord[] = [];
  for (let round = 0; round < 8; round++) {
    [["thread-clone", 64], ["ipc-json", 64], ["thread-clone", 4096], ["ipc-json", 4096]].forEach(([channel, size], i) => {
      const ms = p50(channel as string, size as number, round);
      trials.push({
        condition: `${channel} buffer ${size === 64 ? "64 B" : "4 KiB"}`, index: round, seq: 4 * round + i, startedAt: new Date(t0 + 1000 * round + 100 * i).toISOString(), durationMs: 50, ok: true,
        metrics: { p50Ms: ms, p99Ms: 2 * ms, messagesPerSec: 2000 / ms, mbPerSec: (2000 / ms) * (size as number) / 1e6, roundTrips: 100 },
      });
    });
  }
  const samples = otherCpu ? Array.from({ length: 8 }, (_, round) => ({ tMs: 1000 * (round + 1), cpuPercent: 90, usedMemoryBytes: 1e9, otherCpuPercent: otherCpu(round) })) : [];
  const params: MessagingParams = { ...base.params, channels: ["ipc-json", "thread-clone"], kinds: ["buffer"], sizes: [64, 4096], trials: 8 };
  const saved = { ...base, params, trials, failures: [], samples };
  return { ...saved, summary: messaging.summarize(saved) };
}

describe("messaging verdicts on a constructed Result", () => {
  // Threads 1.0–1.7 ms, processes 3.0–3.7 ms at 64 B: no overlap. At 4 KiB the thread is slower.
  const faster = (channel: string, size: number, round: number) => (channel === "thread-clone" ? 1 : 3) + round / 10 + (size === 4096 && channel === "thread-clone" ? 5 : 0);

  it("decides each comparison from its exact p, adjusted in a family of 2, and checks it within rounds", () => {
    const result = constructed(faster, (round) => (round === 3 ? 50 : 2));
    assert.equal(result.summary.family.size, 2, "one pair, one kind, two sizes");
    const [small, large] = result.summary.comparisons.find((c) => c.id === "thread-vs-ipc-json")!.points;
    // 8 vs 8 without overlap: p = 2/C(16, 8) = 2/12870; Holm doubles the smaller of two equal p-values.
    assert.equal(small!.comparison.pValue, 2 / 12_870);
    assert.ok(Math.abs(small!.comparison.pAdjusted - 4 / 12_870) < 1e-15);
    assert.equal(small!.comparison.outcome, "lower");
    assert.equal(small!.side, "a");
    assert.match(small!.comparison.verdict, /Holm-adjusted p < 0\.001 in a family of 2, unadjusted p < 0\.001; n = 8 vs 8\): thread-clone buffer 64 B is faster\.$/);
    assert.equal(large!.comparison.outcome, "higher");
    assert.equal(large!.side, "b");
    // Within rounds: 8 rounds, every log ratio negative: signed-rank p = 2/2^8; the interval reaches 95%.
    const w = small!.within!;
    assert.equal(w.completeRounds, 8);
    assert.equal(w.pValue, 2 / 256);
    assert.equal(w.reachesTarget, true);
    assert.ok(w.ci!.hi < 1);
    assert.equal(w.disturbed.flagged, 1, "round 3 ran while other processes used 50% of the machine");
    assert.match(w.sentence, /: the interval lies below 1, as the pooled interval does; outside load above 20% of the machine's CPU in 1 of 8 rounds$/);
    assert.match(large!.within!.sentence, /the interval lies above 1, as the pooled interval does/);
  });

  it("makes the claim hold only for the payloads where the thread was decided faster", () => {
    const mixed = claim(constructed(faster), "threads-communicate-faster");
    assert.equal(mixed.verdict, "holds-only-when");
    assert.equal(mixed.when, "the payload is a buffer of at most 64 B");
    assert.match(mixed.evidence, /Over every size and kind: decided faster at buffer 64 B; decided slower or equivalent at buffer 4 KiB\./);
    const always = claim(constructed((channel, _size, round) => (channel === "thread-clone" ? 1 : 3) + round / 10), "threads-communicate-faster");
    assert.equal(always.verdict, "holds");
  });
});

describe("messaging claims on constructed summaries", () => {
  const result = reference();
  const decided = (outcome: Comparison["outcome"]) => (x: PairComparison["points"][number]) =>
    ({ ...x, side: outcome === "lower" ? ("a" as const) : outcome === "higher" ? ("b" as const) : ("none" as const), comparison: { ...x.comparison, outcome, conclusive: outcome !== "inconclusive" } });

  it("hold when the first channel was decided faster at every size, and do not hold when it was decided slower or equivalent everywhere", () => {
    const always = withPairs(result, (p) => ({ ...p, points: p.points.map(decided("lower")) }));
    assert.deepEqual(messaging.claims(always).map((c) => [c.verdict, c.when]), [["holds", undefined], ["holds", undefined]]);
    for (const outcome of ["higher", "equivalent"] as const) {
      const never = withPairs(result, (p) => ({ ...p, points: p.points.map(decided(outcome)) }));
      assert.deepEqual(messaging.claims(never).map((c) => c.verdict), ["does-not-hold", "does-not-hold"], outcome);
    }
  });

  it("stay undecided when a size is decided for one pair and inconclusive for the other", () => {
    const half = withPairs(result, (p) => ({ ...p, points: p.points.map(decided(p.id === "thread-vs-ipc-json" ? "lower" : "inconclusive")) }));
    assert.equal(claim(half, "threads-communicate-faster").verdict, "undecided");
  });

  it("name the larger payloads when the first channel wins only from some size up", () => {
    const fromLarge = withPairs(result, (p) => ({ ...p, points: p.points.map((x) => decided(x.sizeBytes >= 2 ** 20 ? "lower" : "higher")(x)) }));
    assert.equal(claim(fromLarge, "threads-communicate-faster").when, "the payload is a buffer of at least 2 MiB or an object of at least 2 MiB");
  });

  it("are undecided when the channels a claim needs were not measured", () => {
    const none = withPairs(result, (p) => ({ ...p, points: [] }));
    const threads = claim(none, "threads-communicate-faster");
    assert.equal(threads.verdict, "undecided");
    assert.equal(threads.evidence, "Nothing to compare: run both thread and process channels.");
    assert.equal(claim(none, "shared-memory-faster").verdict, "undecided");
  });
});
