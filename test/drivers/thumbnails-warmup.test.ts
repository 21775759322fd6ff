/**
 * Warm thumbnail hosts: the unmeasured warm-up runs before the clock in every mode (in each worker of
 * a pool), is recorded in the report and kept out of the measured span; a bad warm-up count is
 * refused, naming the option, before any host starts.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { InputError } from "parlab";
import { runHostTrial, type HostTrial } from "parlab/drivers";
import { liveThumbnailHostCount } from "parlab/testing";
import { ensureCorpus } from "parlab/workloads";
import { tempDir } from "../helpers.ts";

const corpus = await ensureCorpus(path.join(tempDir(), "images"), { count: 4, width: 320, height: 240, format: "jpeg", seed: 5 });
const files = corpus.paths;

const trial = (over: Partial<HostTrial>): HostTrial => ({
  mode: "sequential",
  k: 1,
  files,
  spec: { width: 64, height: 48, input: "path" },
  settings: { concurrency: 1, cache: true },
  uvThreadpoolSize: 0,
  ...over,
});

describe("warm-up before the clock", () => {
  it("is recorded and kept out of the measured span: many warm-up images, a short span that starts with the first measured image", async () => {
    // Ten times the measured work as warm-up: were it inside the span, the span would be the longer.
    const t0 = performance.now();
    const report = await runHostTrial(trial({ warmupImages: 40 }));
    const wall = performance.now() - t0;
    assert.equal(report.warmup.imagesPerWorker, 40);
    assert.equal(report.warmup.resized, 40);
    assert.equal(report.warmup.failed, 0);
    assert.deepEqual(report.warmup.files, Array.from({ length: 40 }, (_, i) => files[i % files.length]), "the first files, from the first again");
    assert.deepEqual(report.outcomes.map((o) => o.file), files, "the measured span resizes each file once, warm-up images aside");
    assert.ok(report.warmup.ms > report.computeMs, `warm-up ${report.warmup.ms} ms of 40 images vs measured ${report.computeMs} ms of 4`);
    assert.ok(report.outcomes.every((o) => o.startMs >= 0), "no measured image started before the clock");
    assert.ok(report.outcomes[0]!.startMs < report.computeMs / 2, "the first measured image starts at the clock, not after a warm-up inside the span");
    assert.ok(wall >= report.warmup.ms + report.computeMs, "warm-up and span are consecutive");
    assert.deepEqual(report.badOutputs, []);
  });

  const modes: Array<[string, Partial<HostTrial>, number]> = [
    ["all at once", { mode: "all-at-once" }, 1],
    ["a thread pool", { mode: "threads", k: 2 }, 2],
    ["a process pool", { mode: "processes", k: 2 }, 2],
  ];
  for (const [name, over, workers] of modes) {
    it(`${name}: every worker warms up, and the measured images are still each resized once`, async () => {
      const report = await runHostTrial(trial({ ...over, warmupImages: 2 }));
      assert.equal(report.warmup.imagesPerWorker, 2);
      assert.equal(report.warmup.resized, 2 * workers, "each worker resized the warm-up images");
      assert.ok(report.warmup.ms > 0);
      assert.deepEqual(report.outcomes.map((o) => o.file).sort(), [...files].sort());
      assert.deepEqual(report.badOutputs, []);
    });
  }

  it("without warmupImages there is no warm-up, as before", async () => {
    const report = await runHostTrial(trial({}));
    assert.deepEqual(report.warmup, { imagesPerWorker: 0, files: [], resized: 0, ms: 0, failed: 0 });
  });

  for (const bad of [-1, 1.5, 101, "3", Number.NaN]) {
    it(`refuses warmupImages = ${typeof bad === "string" ? JSON.stringify(bad) : String(bad)}, naming the option, before starting a host`, async () => {
      await assert.rejects(runHostTrial(trial({ warmupImages: bad as number })), (e: Error) =>
        e instanceof InputError && /^warmupImages: must be a whole number of images from 0 to 100, got /.test(e.message));
      assert.equal(liveThumbnailHostCount(), 0);
    });
  }
});
