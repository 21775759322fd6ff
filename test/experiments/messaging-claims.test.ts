/**
 * The messaging experiment's claims and charts, read off saved Results only: the reference run's
 * verdicts, every verdict a constructed Result can lead to, charts keyed by their ids, and the
 * analysis's reason for an untransferable payload matching the channels driver's. No peer is started.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { claimsMarkdown, loadResult, messaging, MESSAGING_CHART_IDS, type MessagingResult, type MessagingSummary, type PairComparison } from "parlab";
import { channelSupport } from "parlab/drivers";
import { ROOT } from "../helpers.ts";

const REFERENCE_DIR = path.join(ROOT, "data", "results", "reference");

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

describe("messaging claims on the reference Result", () => {
  const result = reference();

  it("a thread is faster to talk to than a process for buffers, and for objects only up to 512 B", () => {
    const c = claim(result, "threads-communicate-faster");
    assert.equal(c.verdict, "holds-only-when");
    assert.equal(c.when, "the payload is a buffer or an object of at most 512 B");
    assert.equal(c.chart, "crossover");
    assert.match(c.evidence, /^On node 20\.20\.2 with 2 cores \(noise floor 2\.97%\)/);
    assert.match(c.evidence, /\n- buffer, thread-clone vs ipc-advanced: at 64 B \*\*3\.38× as fast\*\* \(ratio 0\.296×, 95% CI 0\.232–0\.303×, n = 5 vs 5\); at 16 MiB \*\*1\.79× as fast\*\*/);
    assert.match(c.evidence, /- object, thread-clone vs ipc-json: at 64 B \*\*2\.50× as fast\*\* .*; at 16 MiB \*\*slower\*\* \(1\.23× the time\)/);
    assert.match(c.evidence, /The answer is specific to this machine and runtime/);
    assert.doesNotMatch(c.evidence, /too narrow to trust/, "five trials per condition decide");
  });

  it("shared memory beats postMessage only for the payloads where its interval lies below 1", () => {
    const c = claim(result, "shared-memory-faster");
    assert.equal(c.verdict, "holds-only-when");
    assert.equal(c.when, "the payload is a buffer of at most 512 B or an object of 64 B, 4 KiB, 2 MiB or 16 MiB");
    assert.match(c.evidence, /- buffer, sab-wait vs thread-clone: at 64 B \*\*2\.32× as fast\*\* .*; at 16 MiB no difference detected \(ratio 0\.825×, 95% CI 0\.647–1\.24×, n = 5 vs 5\)\./);
  });

  it("reads as markdown with the verdict in the lab's words", () => {
    assert.match(claimsMarkdown(messaging.claims(result)), /^\*\*A thread is faster to talk to than a process \("faster communication between threads"\)\.\*\* — \*holds only when the payload is a buffer or an object of at most 512 B\.\*/);
  });

  it("keys every chart by its id, in display order", () => {
    const charts = messaging.charts(result);
    assert.deepEqual(Object.keys(charts), ["latency-p50", "latency-p99", "throughput", "crossover"]);
    assert.deepEqual(Object.keys(charts), [...MESSAGING_CHART_IDS]);
    for (const [id, chart] of Object.entries(charts)) assert.equal(chart.id, id);
    assert.match(charts["crossover"].title, /Who is faster/);
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

describe("messaging claims on constructed Results", () => {
  const result = reference();

  it("are undecided with fewer than 5 trials per condition, saying so", () => {
    const few = withPairs(result, (p) => ({ ...p, points: p.points.map((x) => ({ ...x, comparison: { ...x.comparison, nA: 2, nB: 2 } })) }));
    for (const id of ["threads-communicate-faster", "shared-memory-faster"]) {
      const c = claim(few, id);
      assert.equal(c.verdict, "undecided", id);
      assert.match(c.evidence, /With 2 trials per condition these intervals are too narrow to trust; the quick profile runs 5, the full one 12\./);
    }
  });

  it("hold when the first channel is faster at every size, and do not hold when it is faster at none", () => {
    const always = withPairs(result, (p) => ({ ...p, points: p.points.map((x) => ({ ...x, side: "a" as const })) }));
    assert.deepEqual(messaging.claims(always).map((c) => [c.verdict, c.when]), [["holds", undefined], ["holds", undefined]]);
    const never = withPairs(result, (p) => ({ ...p, points: p.points.map((x) => ({ ...x, side: "none" as const })) }));
    assert.deepEqual(messaging.claims(never).map((c) => c.verdict), ["does-not-hold", "does-not-hold"]);
  });

  it("name the larger payloads when the first channel wins only from some size up", () => {
    const fromLarge = withPairs(result, (p) => ({ ...p, points: p.points.map((x) => ({ ...x, side: x.sizeBytes >= 2 ** 20 ? ("a" as const) : ("b" as const) })) }));
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
