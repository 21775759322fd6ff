/**
 * What the README states as measured is generated from the committed reference Results by the
 * lab's own analysis (`parlab findings --readme`), and this test fails when the two disagree.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ROOT, runCli, tempDir } from "../helpers.ts";

const README = path.join(ROOT, "README.md");

describe("README's measured section", () => {
  it("is exactly what the reference Results say (npx parlab findings --readme README.md --check)", async () => {
    const r = await runCli(["findings", "--readme", README, "--check"]);
    assert.equal(r.code, 0, `${r.stderr}\nRegenerate it with: npx parlab findings --readme README.md`);
  });

  it("the check fails when a figure in the section is edited by hand, and the rewrite restores it", async () => {
    const dir = tempDir();
    const copy = path.join(dir, "README.md");
    const text = fs.readFileSync(README, "utf8");
    const begin = text.indexOf("<!-- measured:begin");
    const digit = text.slice(begin).search(/\d\.\d/) + begin;
    assert.ok(digit > begin, "the section holds figures");
    const edited = `${text.slice(0, digit)}${text[digit] === "9" ? "1" : "9"}${text.slice(digit + 1)}`;
    fs.writeFileSync(copy, edited);
    const check = await runCli(["findings", "--readme", copy, "--check", "--root", ROOT]);
    assert.equal(check.code, 1, check.stderr);
    assert.match(check.stderr, /differs from what the Results say/);
    assert.equal(fs.readFileSync(copy, "utf8"), edited, "--check writes nothing");
    const fix = await runCli(["findings", "--readme", copy, "--root", ROOT]);
    assert.equal(fix.code, 0, fix.stderr);
    assert.equal(fs.readFileSync(copy, "utf8"), text);
  });

  it("the claims table is checked too: a verdict edited by hand fails the check, and the rewrite restores it", async () => {
    const dir = tempDir();
    const copy = path.join(dir, "README.md");
    const text = fs.readFileSync(README, "utf8");
    const begin = text.indexOf("<!-- claims:begin");
    assert.ok(begin >= 0 && begin < text.indexOf("## What the lab has measured so far"), "the claims table opens the measured part");
    const verdict = text.indexOf("| **", begin);
    assert.ok(verdict > begin && verdict < text.indexOf("<!-- claims:end -->"), "the table holds verdicts");
    const edited = `${text.slice(0, verdict)}| **holds, says who** |${text.slice(text.indexOf("** |", verdict) + 4)}`;
    fs.writeFileSync(copy, edited);
    const check = await runCli(["findings", "--readme", copy, "--check", "--root", ROOT]);
    assert.equal(check.code, 1, check.stderr);
    const fix = await runCli(["findings", "--readme", copy, "--root", ROOT]);
    assert.equal(fix.code, 0, fix.stderr);
    assert.equal(fs.readFileSync(copy, "utf8"), text);
  });

  it("the reference Results' saved summaries are what the current analysis gives (npx parlab reanalyse --check)", async () => {
    const dir = path.join(ROOT, "data", "results", "reference");
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => path.join(dir, f));
    assert.ok(files.length >= 6, "every experiment has a reference Result");
    const r = await runCli(["reanalyse", "--check", ...files]);
    assert.equal(r.code, 0, `${r.stderr}\nRe-analyse them with: npx parlab reanalyse data/results/reference/*.json`);
  });

  it("names no absolute path of this machine", () => {
    const text = fs.readFileSync(README, "utf8");
    assert.ok(!text.includes(ROOT), "the README holds the project's absolute path");
  });

  it("bad input exits 2 naming it: a README without the section, a missing Result file", async () => {
    const dir = tempDir();
    const bare = path.join(dir, "README.md");
    fs.writeFileSync(bare, "# nothing generated here\n");
    const noSection = await runCli(["findings", "--readme", bare, "--check"]);
    assert.equal(noSection.code, 2);
    assert.match(noSection.stderr, /has no generated section/);
    const missing = await runCli(["findings", path.join(dir, "nope.json")]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.json/);
  });
});
