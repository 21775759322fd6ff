import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import sharp from "sharp";
import { InputError } from "parlab";
import { corpusId, ensureCorpus, generateCorpus, verifyCorpus, type CorpusParams } from "parlab/workloads";
import { tempDir } from "../helpers.ts";

const small: CorpusParams = { count: 3, width: 96, height: 64, format: "jpeg", seed: 7 };
// One temporary folder for the suite, a fresh subfolder per use.
const scratch = tempDir();
let used = 0;
const fresh = () => path.join(scratch, String(used++));
const checksums = (m: { files: Array<{ sha256: string }> }) => m.files.map((f) => f.sha256);

describe("image corpus", () => {
  for (const format of ["jpeg", "png", "webp"] as const) {
    it(`is byte-identical for the same seed and different for another (${format})`, async () => {
      const params = { ...small, format };
      const a = await generateCorpus(fresh(), params);
      const b = await generateCorpus(fresh(), params);
      const c = await generateCorpus(fresh(), { ...params, seed: 8 });
      assert.deepEqual(checksums(a), checksums(b));
      assert.equal(new Set(checksums(a)).size, 3, "every image differs from the others");
      for (const sum of checksums(c)) assert.ok(!checksums(a).includes(sum), "another seed draws other images");
    });
  }

  it("draws content that compresses like a photograph, not like flat colour", async () => {
    const dir = fresh();
    const m = await generateCorpus(dir, { ...small, count: 1, width: 640, height: 480 });
    const meta = await sharp(path.join(dir, m.files[0]!.name)).stats();
    // A JPEG at quality 85 of a flat or smooth picture takes well under 0.25 bit per pixel.
    assert.ok((m.files[0]!.bytes * 8) / (640 * 480) > 0.5, `${m.files[0]!.bytes} bytes is too small for photo-like content`);
    for (const channel of meta.channels) assert.ok(channel.stdev > 20, `channel spread ${channel.stdev} is too flat`);
  });

  it("writes a manifest with params, versions and checksums, reuses a matching corpus and regenerates a changed one", async () => {
    const root = fresh();
    const first = await ensureCorpus(root, small);
    assert.equal(first.reused, false);
    assert.equal(first.dir, path.join(root, corpusId(small)));
    const manifest = JSON.parse(fs.readFileSync(path.join(first.dir, "manifest.json"), "utf8"));
    assert.deepEqual(manifest.params, small);
    assert.equal(manifest.versions.sharp, sharp.versions.sharp);
    assert.equal(manifest.versions.libvips, sharp.versions.vips);
    assert.equal(manifest.files.length, 3);

    const again = await ensureCorpus(root, small);
    assert.equal(again.reused, true);

    fs.writeFileSync(first.paths[1]!, "not an image");
    assert.deepEqual(await verifyCorpus(first.dir, small), { ok: false, reason: `${manifest.files[1].name} does not match its checksum` });
    const repaired = await ensureCorpus(root, small);
    assert.equal(repaired.reused, false);
    assert.deepEqual(checksums(repaired.manifest), checksums(first.manifest));

    const other = await ensureCorpus(root, { ...small, count: 2 });
    assert.notEqual(other.dir, first.dir, "corpora of other params live side by side");
    assert.equal((await ensureCorpus(root, small)).reused, true);
  });

  it("rejects bad parameters and a folder that cannot be created, naming the input", async () => {
    await assert.rejects(ensureCorpus(fresh(), { ...small, format: "gif" as "jpeg" }), (e: Error) => e instanceof InputError && /format: unknown image format "gif"; expected one of jpeg, png, webp/.test(e.message));
    await assert.rejects(ensureCorpus(fresh(), { ...small, count: 0 }), /count: must be a whole number from 1 to 10000, got 0/);
    const file = path.join(scratch, "a-file");
    fs.writeFileSync(file, "");
    await assert.rejects(ensureCorpus(path.join(file, "images"), small), (e: Error) => e instanceof InputError && /images folder: cannot create or write the corpus folder .*ENOTDIR/.test(e.message));
  });
});
