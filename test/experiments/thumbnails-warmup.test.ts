/**
 * The thumbnails experiment with warm hosts: each trial records its unmeasured warm-up, the warm-up
 * stays out of the time and rates (and so out of the single-thread limit), the findings and the
 * efficiency claim say the limit is warm, a Result saved with cold hosts reads as before, and a bad
 * warmupImages exits 2 naming it.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { loadResult, thumbnails, type ThumbnailsParams, type ThumbnailsSummary } from "parlab";
import { ROOT, leftovers, runCli, tempDir } from "../helpers.ts";

describe("thumbnails with warm hosts", () => {
  it("records each trial's warm-up, keeps it out of the time, and states a warm limit", async () => {
    const out = tempDir();
    const r = await runCli([
      "run", "thumbnails", "--profile", "tiny", "--out", out, "--set", "images=3", "--set", "width=320", "--set", "height=240",
      "--set", `imagesDir=${path.join(tempDir(), "images")}`, "--set", "sets=baseline", "--set", "warmupImages=2",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const [json] = r.stdout.trim().split("\n").slice(-2);
    const result = loadResult<ThumbnailsParams, ThumbnailsSummary>(json!);
    assert.equal(result.params.warmupImages, 2);
    assert.ok(result.trials.length >= 4);
    for (const t of result.trials) {
      assert.ok(t.ok, t.error);
      assert.equal(t.metrics.warmupImages, 2);
      assert.ok(t.metrics.warmupMs! > 0, "the warm-up's time is recorded");
      const warmup = t.detail!.warmup as { files: string[]; failed: number };
      assert.deepEqual(warmup.files, ["img-0000.jpg", "img-0001.jpg"], "the first files of the corpus");
      assert.equal(warmup.failed, 0);
      assert.equal(t.metrics.timeMs, t.metrics.computeMs, "the headline time is the measured span alone");
      assert.equal(t.metrics.totalMs, t.metrics.computeMs! + t.metrics.startupMs!, "the warm-up is in neither span nor start-up");
      assert.ok(Math.abs(t.metrics.imagesPerS! - 3 / (t.metrics.computeMs! / 1000)) < 1e-9, "the rate counts the measured images over the measured span");
    }
    const s = result.summary;
    assert.equal(s.warmupImages, 2);
    assert.ok(s.rows.every((row) => row.warmupMs && row.warmupMs.n === row.timeMs.n));
    assert.match(r.stdout, /Warm hosts: before its clock started, every host \(and every pool worker\) resized 2 image\(s\) of the corpus .* It took [\d.]+ ms per trial in sequential c1 \(median, /);
    assert.match(r.stdout, /Warm single-thread rate \(sequential c1: /);
    const efficiency = thumbnails.claims(result).find((c) => c.id === "efficiency-goal")!;
    assert.match(efficiency.claim, /\(warm single-thread rate × cores\)$/);
    assert.deepEqual(await leftovers("thumbnails/entry-host"), []);
  });

  it("reads a Result saved with cold hosts as before: no warm-up line, the limit not called warm", () => {
    const cold = loadResult<ThumbnailsParams, unknown>(path.join(ROOT, "test/fixtures/results/thumbnails-2026-11-29T10-41-58-099Z.json"));
    assert.ok(!("warmupImages" in cold.params));
    const result = { ...cold, summary: thumbnails.summarize(cold) };
    assert.deepEqual(result.summary, cold.summary, "its saved summary is what the current analysis gives");
    assert.equal(result.summary.warmupImages, undefined);
    assert.ok(result.summary.rows.every((row) => row.warmupMs === undefined));
    const findings = thumbnails.findings(result);
    assert.ok(!findings.some((f) => /Warm hosts|warm single-thread/i.test(f)));
    assert.equal(thumbnails.claims(result).find((c) => c.id === "efficiency-goal")!.claim, "The best mode reaches 90.0% of this machine's limit (single-thread rate × cores)");
  });

  for (const [value, shown] of [["-1", "-1"], ["101", "101"], ["1.5", "1.5"], ["some", "some"]]) {
    it(`exits 2 on warmupImages=${value}, naming it, before starting any host`, async () => {
      const r = await runCli(["run", "thumbnails", "--profile", "tiny", "--out", tempDir(), "--set", `warmupImages=${value}`]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, new RegExp(`"${shown.replace(".", "\\.")}" is not valid for warmupImages; expected whole numbers from 0 to 100`));
    });
  }
});
