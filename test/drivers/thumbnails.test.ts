/**
 * The thumbnail host: one fresh process per trial makes checked thumbnails in every mode, a corrupt
 * image fails alone with its name, and neither host nor pool outlives an abort or a killed host.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import sharp from "sharp";
import { AbortedError, WorkerError } from "parlab";
import { checkThumbnailFile, runHostTrial, type HostTrial } from "parlab/drivers";
import { ensureCorpus } from "parlab/workloads";
import { leftovers, processesMatching, tempDir } from "../helpers.ts";

const root = tempDir();
const corpus = await ensureCorpus(path.join(root, "images"), { count: 5, width: 320, height: 240, format: "jpeg", seed: 3 });
// A truncated JPEG: a real header and half of its data, as an interrupted upload leaves it.
const broken = path.join(root, "broken.jpg");
const whole = fs.readFileSync(corpus.paths[0]!);
fs.writeFileSync(broken, whole.subarray(0, Math.floor(whole.length / 2)));
const files = [...corpus.paths, broken];

const trial = (over: Partial<HostTrial>): HostTrial => ({
  mode: "sequential",
  k: 1,
  files,
  spec: { width: 64, height: 48, input: "path" },
  settings: { concurrency: 1, cache: false },
  uvThreadpoolSize: 3,
  ...over,
});

describe("thumbnail modes", () => {
  const modes: Array<[string, Partial<HostTrial>, number]> = [
    ["sequential", { mode: "sequential" }, 1],
    ["all at once", { mode: "all-at-once" }, 1],
    ["a thread pool", { mode: "threads", k: 2 }, 1],
    ["a process pool", { mode: "processes", k: 2 }, 3],
    ["a process pool from buffers", { mode: "processes", k: 2, spec: { width: 64, height: 48, input: "buffer" } }, 3],
  ];
  for (const [name, over, processes] of modes) {
    it(`${name}: every good image gets a checked thumbnail, the corrupt one fails alone with its name`, async () => {
      const report = await runHostTrial(trial(over));
      assert.deepEqual(report.badOutputs, [], "every thumbnail has the right size and format");
      assert.deepEqual(report.outcomes.map((o) => o.file).sort(), [...files].sort(), "every image is tried once");
      const failed = report.outcomes.filter((o) => !o.ok);
      assert.equal(failed.length, 1);
      assert.match((failed[0] as { error: string }).error, /broken\.jpg: cannot make a thumbnail: not a readable image \(.+\); give a JPEG, PNG or WebP file$/);
      assert.equal(report.uvThreadpoolSize, 3, "the host and its workers run with the condition's UV_THREADPOOL_SIZE");
      assert.equal(report.concurrency, 1, "sharp.concurrency is applied where the images are resized");
      assert.equal(report.pids.length, processes);
      assert.ok(report.maxProcesses >= processes && report.peakRssBytes > 0, "memory is sampled over the whole tree");
      if (fs.existsSync("/proc/self/smaps_rollup")) assert.ok(report.peakPssBytes! > 0 && report.peakPssBytes! <= report.peakRssBytes, "PSS is sampled too");
      assert.ok(report.endMemory.rssBytes > processes * 20 * 2 ** 20, "the reading at the end of the work includes every pool process");
      if (report.endMemory.pssBytes !== null) assert.ok(report.peakPssBytes! >= report.endMemory.pssBytes, "the PSS peak counts the end reading");
      assert.ok(report.computeMs > 0 && report.outcomes.every((o) => o.latencyMs > 0));
      if (over.k === 2) assert.ok(report.startupMs > 0, "pool start-up is measured");
    });
  }

  it("the checker reads size and format from the file", async () => {
    const good = path.join(root, "good.jpg");
    const wrong = path.join(root, "wrong.png");
    await sharp(corpus.paths[1]!).resize(64, 48).jpeg().toFile(good);
    await sharp(corpus.paths[1]!).resize(64, 64).png().toFile(wrong);
    assert.equal(await checkThumbnailFile(good, { width: 64, height: 48 }), null);
    assert.match((await checkThumbnailFile(wrong, { width: 64, height: 48 }))!, /wrong\.png is png, expected jpeg/);
    assert.match((await checkThumbnailFile(good, { width: 32, height: 48 }))!, /good\.jpg is 64×48, expected 32×48/);
  });
});

describe("no host or worker left behind", () => {
  it("an aborted trial kills the host and its process pool", async () => {
    const controller = new AbortController();
    const many = Array.from({ length: 200 }, () => corpus.paths[0]!);
    const running = runHostTrial(trial({ mode: "processes", k: 2, files: many }), { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(running, AbortedError);
    assert.deepEqual(await leftovers("thumbnails/entry-host"), []);
    assert.deepEqual(await leftovers("pool/entry-process"), []);
  });

  it("a host killed mid-trial fails the trial, and its pool exits with it", async () => {
    const many = Array.from({ length: 400 }, () => corpus.paths[0]!);
    const running = runHostTrial(trial({ mode: "processes", k: 2, files: many }));
    const until = Date.now() + 10_000;
    let hosts: string[] = [];
    while (Date.now() < until && processesMatching("pool/entry-process").length < 2) await new Promise((r) => setTimeout(r, 50));
    hosts = processesMatching("thumbnails/entry-host");
    assert.equal(hosts.length, 1, "one host runs the trial");
    process.kill(Number(hosts[0]!.split(" ")[0]), "SIGKILL");
    await assert.rejects(running, (e: Error) => e instanceof WorkerError && /thumbnail host was killed by SIGKILL before it answered/.test(e.message));
    assert.deepEqual(await leftovers("pool/entry-process", 5000), [], "pool processes exit once their host is gone");
  });
});
