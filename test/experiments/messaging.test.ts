/**
 * The messaging experiment: every available channel × payload kind × size measured and charted, Results
 * of two runtimes overlaid, a channel the runtime lacks recorded with its reason, and bad parameters
 * refused before any peer starts.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import {
  InputError, loadComparisons, messaging, messagingConditions, overlayMessaging, renderSvg, saveResult, type MessagingParams, type MessagingResult,
} from "parlab";
import { CHANNELS, channelSupport } from "parlab/drivers";
import { leftovers, runCli, tempDir } from "../helpers.ts";

after(async () => {
  assert.deepEqual(await leftovers("channels/entry-echo"), [], "no echo process left");
});

/** A run of the tiny profile narrowed to keep the test short. */
async function tinyRun(overrides: Partial<MessagingParams> = {}): Promise<MessagingResult> {
  const params: MessagingParams = {
    channels: [...CHANNELS], kinds: ["buffer", "object"], sizes: [64, 65_536], roundTrips: 50, warmupRoundTrips: 5, budgetMs: 50,
    trials: 2, warmups: 0, order: "random", seed: 1, timeoutMs: 30_000, ...overrides,
  };
  return await messaging.run(params);
}

describe("messaging experiment", () => {
  let result: MessagingResult;

  it("measures every available condition twice, with p50 ≤ p99 and throughput consistent with latency", async () => {
    result = await tinyRun();
    assert.equal(result.complete, true);
    assert.deepEqual(result.failures, []);
    const labels = new Set(result.trials.map((t) => t.condition));
    assert.equal(labels.size, CHANNELS.length * 2 * 2 - 2, "every channel × kind × size but transfer of objects");
    assert.ok(!labels.has("thread-transfer object 64 B"));
    for (const t of result.trials) {
      assert.ok(t.ok, t.error);
      const m = t.metrics;
      assert.ok(m.p50Ms! > 0 && m.p99Ms! >= m.p50Ms!, t.condition);
      assert.ok(m.roundTrips! >= 1 && m.roundTrips! <= 50);
      assert.ok(Math.abs(m.messagesPerSec! - 2000 / m.meanMs!) / m.messagesPerSec! < 1e-9, "two messages per round trip");
      assert.ok(Math.abs(m.mbPerSec! - (m.messagesPerSec! * m.payloadBytes!) / 1e6) < 1e-6 * m.mbPerSec!);
    }
    const s = result.summary;
    assert.deepEqual(s.unavailable.map((u) => `${u.channel} ${u.kind}`), ["thread-transfer object"]);
    assert.match(s.unavailable[0]!.reason, /only an ArrayBuffer can be transferred/);
    const pair = s.comparisons.find((c) => c.id === "advanced-vs-json" && c.kind === "buffer")!;
    assert.deepEqual(pair.points.map((p) => p.sizeBytes), [64, 65_536]);
    assert.ok(pair.points.every((p) => p.comparison.nA === 2 && p.comparison.nB === 2));
    // Every pair at every kind and size, less transfer of objects: one family of 6 × 2 × 2 − 2.
    const points = s.comparisons.flatMap((c) => c.points);
    assert.equal(points.length, 6 * 2 * 2 - 2);
    assert.equal(s.family.size, points.length);
    // 2 vs 2 trials: the widest interval of the ratio attains 1 − 2/C(4, 2) = 66.7%, short of 95%.
    for (const p of points) {
      assert.equal(p.comparison.familySize, points.length);
      assert.equal(p.comparison.outcome, "inconclusive");
      assert.match(p.comparison.verdict, /\(66\.6% CI .*: too few trials for a verdict: the interval reaches 66\.6%, not the 95% asked for; a verdict needs at least \d+ trials per side\.$/);
    }
    const findings = messaging.findings(result);
    assert.ok(findings.some((f) => f.startsWith(`${points.length} comparisons of p50 round-trip latency, Holm-adjusted as one family: 0 named a side`)));
    assert.match(findings[0]!, /^Measured on \d+ cores .*node \d+\.\d+\.\d+/);
    assert.ok(findings.some((f) => /thread-transfer with object payloads was not measured/.test(f)));
    const charts = Object.values(messaging.charts(result));
    assert.deepEqual(charts.map((c) => c.id), ["latency-p50", "latency-p99", "throughput", "crossover"]);
    assert.ok(charts.every((c) => c.title.includes(`node ${process.versions.node}`)), "every chart names the runtime");
    for (const c of charts) assert.match(await renderSvg(c.spec), /<svg/);
  });

  it("overlays Results of two runtimes with a series per (runtime, channel), loading them from files", async () => {
    assert.ok(result, "the run above produced a Result");
    // Test fixture: the same Result relabelled as if another Node release had measured it.
    const other: MessagingResult = structuredClone({ ...result, runtime: { ...result.runtime, version: "99.0.0-fixture" } });
    const fileA = saveResult(result, tempDir()).json;
    const fileB = saveResult(other, tempDir()).json;
    const loaded = loadComparisons([fileA], { PARLAB_COMPARE: fileB });
    assert.deepEqual(loaded.map((r) => r.runtime.version), [process.versions.node, "99.0.0-fixture"]);
    const chart = overlayMessaging(loaded);
    const values = (chart.spec.data as { values: Array<{ series: string; style: string; panel: string }> }).values;
    const pairs = new Set(values.map((v) => `${v.style} | ${v.series}`));
    const expected = new Set([`node ${process.versions.node}`, "node 99.0.0-fixture"].flatMap((rt) => CHANNELS.map((c) => `${rt} | ${c}`)));
    assert.deepEqual(pairs, expected);
    assert.match(chart.title, new RegExp(`node ${process.versions.node} vs node 99\\.0\\.0-fixture`));
    assert.match(await renderSvg(chart.spec), /<svg/);
    const twice = overlayMessaging([result, result]);
    assert.ok((twice.spec.data as { values: Array<{ style: string }> }).values.some((v) => v.style.endsWith("(2)")), "two Results of one runtime stay apart");
  });

  it("records a channel the runtime lacks as unavailable with its reason, at run time and in a saved Result", () => {
    const atomics = Atomics as { waitAsync?: unknown };
    const saved = atomics.waitAsync;
    delete atomics.waitAsync;
    try {
      assert.deepEqual(channelSupport("sab-async", "buffer"), { available: false, reason: "this runtime has no Atomics.waitAsync" });
      const { conditions, unavailable } = messagingConditions({ channels: ["thread-clone", "sab-async"], kinds: ["buffer"], sizes: [64] });
      assert.deepEqual(conditions.map((c) => c.label), ["thread-clone buffer 64 B"]);
      assert.deepEqual(unavailable, [{ channel: "sab-async", kind: "buffer", reason: "this runtime has no Atomics.waitAsync" }]);
    } finally {
      atomics.waitAsync = saved;
    }
    // A Result measured on a runtime without it: judged by that runtime, not by this one.
    const older = { ...result, runtime: { ...result.runtime, features: { ...result.runtime.features, atomicsWaitAsync: false } }, trials: result.trials.filter((t) => !t.condition.startsWith("sab-async")) };
    const summary = messaging.summarize(older);
    assert.ok(summary.unavailable.some((u) => u.channel === "sab-async" && /has no Atomics\.waitAsync/.test(u.reason)));
    assert.ok(messaging.findings({ ...older, summary }).some((f) => /sab-async with buffer payloads was not measured: node .* has no Atomics\.waitAsync/.test(f)));
  });

  it("refuses to overlay what is not a messaging Result", () => {
    const dir = tempDir();
    const file = path.join(dir, "scaling.json");
    fs.writeFileSync(file, JSON.stringify({ ...structuredClone(result), experiment: { id: "scaling", version: 1, title: "x" } }));
    assert.throws(() => loadComparisons([file], {}), /holds a "scaling" Result; only messaging Results can be overlaid/);
    assert.throws(() => loadComparisons(["/nonexistent/messaging.json"], {}), InputError);
    assert.throws(() => overlayMessaging([]), /give at least one messaging Result/);
  });

  it("rejects bad parameters passed directly with InputErrors", async () => {
    await assert.rejects(tinyRun({ sizes: [] }), (e: Error) => e instanceof InputError && /sizes: must be a non-empty list/.test(e.message));
    await assert.rejects(tinyRun({ sizes: [64, 512 * 2 ** 20] }), (e: Error) => e instanceof InputError && /sizes: payload size 536870912 is not valid/.test(e.message));
    await assert.rejects(tinyRun({ channels: ["thread-clone", "carrier-pigeon" as never] }), /channels: unknown channel "carrier-pigeon"/);
    await assert.rejects(tinyRun({ kinds: ["json" as never] }), /kinds: unknown payload kind "json"/);
    await assert.rejects(tinyRun({ channels: ["thread-transfer"], kinds: ["object"] }), /none of the requested channel and kind combinations can run/);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ["an empty size list", ["--set", "sizes="], /sizes must be a non-empty list/],
    ["a size above the cap", ["--set", "sizes=64,300000000"], /"64,300000000" is not valid for sizes; expected a comma-separated list of whole numbers from 64 to 268435456 \(bytes\)/],
    ["an unknown channel", ["--set", "channels=thread-clone,smoke-signal"], /not valid for channels; expected a comma-separated list of one of ipc-json, ipc-advanced/],
    ["an unknown kind", ["--set", "kinds=xml"], /"xml" is not valid for kinds; expected a comma-separated list of one of string, object, buffer/],
  ];
  for (const [name, args, message] of bad) {
    it(`the CLI exits 2 on ${name} before starting any peer`, async () => {
      const r = await runCli(["run", "messaging", "--profile", "tiny", "--out", tempDir(), ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }
});
