/**
 * ab's per-request data folder: named after the process that owns the run, so a folder left by an
 * owner killed with SIGKILL is removed by the next run, while a live owner's is kept.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { abDataDir, removeOrphanedAbDirs } from "parlab/internal";
import { tempDir } from "../helpers.ts";

describe("ab's data folder", () => {
  it("is named after its owner; the next run removes a dead owner's folder and keeps a live one's and others'", () => {
    const root = tempDir("ab-dirs-");
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid!;
    for (const name of [`parlab-ab-${gone}-left`, `parlab-ab-${process.pid}-mine`, "parlab-ab-notapid", "other"]) {
      fs.mkdirSync(path.join(root, name));
      fs.writeFileSync(path.join(root, name, "requests.tsv"), "x");
    }
    const dir = abDataDir(root);
    assert.match(path.basename(dir), new RegExp(`^parlab-ab-${process.pid}-`));
    assert.deepEqual(fs.readdirSync(root).sort(), [`parlab-ab-${process.pid}-mine`, path.basename(dir), "other", "parlab-ab-notapid"].sort());
    assert.deepEqual(removeOrphanedAbDirs(root), [], "nothing left to remove");
  });
});
