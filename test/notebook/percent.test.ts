import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  cellIndexOfLine, describeDifferences, hashShared, listNotebooks, markerLineIn, parsePercent, parsePercentNotebook, readIpynb, sharedOfIpynb, sharedOfSource,
  toIpynb, writePercent,
} from "parlab/internal";
import { ROOT, runCli, tempDir } from "../helpers.ts";

const SOURCE = `// %% [markdown]
// # Title
//
// Some *prose*.

// %%
import { x } from "parlab";

// %% tags=["parameters"]
const parameters = { profile: "quick" };
// %%
console.log(x, parameters);
`;

describe("percent format", () => {
  it("splits prose, code and tagged cells with their source lines", () => {
    const cells = parsePercent(SOURCE);
    assert.deepEqual(cells.map((c) => [c.type, c.tags, c.startLine, c.endLine]), [
      ["markdown", [], 2, 4],
      ["code", [], 7, 7],
      ["code", ["parameters"], 10, 10],
      ["code", [], 12, 12],
    ]);
    assert.equal(cells[0]!.source, "# Title\n\nSome *prose*.");
    assert.equal(cells[2]!.source, 'const parameters = { profile: "quick" };');
    assert.equal(cellIndexOfLine(cells, 12), 3);
    assert.equal(cellIndexOfLine(cells, 8), 1, "a blank line after a cell belongs to it");
  });

  it("rejects unreadable tags", () => {
    assert.throws(() => parsePercent("// %% tags=[parameters]\nx"), /unreadable tags/);
  });

  it("generates a deterministic tslab notebook with the parameters tag", () => {
    const nb = JSON.parse(toIpynb(parsePercent(SOURCE)));
    assert.equal(nb.nbformat, 4);
    assert.equal(nb.metadata.kernelspec.name, "tslab");
    assert.deepEqual(nb.cells.map((c: { cell_type: string }) => c.cell_type), ["markdown", "code", "code", "code"]);
    assert.deepEqual(nb.cells[2].metadata.tags, ["parameters"]);
    assert.deepEqual(nb.cells[0].source, ["# Title\n", "\n", "Some *prose*."]);
    assert.equal(toIpynb(parsePercent(SOURCE)), toIpynb(parsePercent(SOURCE)));
  });

  it("parses and writes every notebook source back byte for byte", () => {
    const sources = [...listNotebooks(path.join(ROOT, "notebooks")), ...listNotebooks(path.join(ROOT, "test", "fixtures", "notebooks"))];
    assert.ok(sources.length >= 2);
    for (const file of sources) {
      const text = fs.readFileSync(file, "utf8");
      assert.equal(writePercent(parsePercentNotebook(text)), text, `${path.basename(file)} round-trips`);
    }
  });

  it("round-trips tags holding brackets, several tags, tagged prose, blank prose lines and a kernel header", () => {
    const cells = [
      { type: "markdown" as const, source: "# T\n\n  indented\n// not a marker", tags: ["a]b", "[markdown]"] },
      { type: "code" as const, source: "const x = 1;\n\n\nconsole.log(x);", tags: ["parameters", "x y"] },
    ];
    const kernelspec = { name: "deno", language: "typescript", display_name: "Deno" };
    const text = writePercent({ kernelspec, cells });
    assert.match(text, /^\/\/ ---\n\/\/ jupyter:\n\/\/   kernelspec:\n/);
    const back = parsePercentNotebook(text);
    assert.deepEqual(back.kernelspec, kernelspec);
    assert.deepEqual(back.cells.map((c) => ({ type: c.type, source: c.source, tags: c.tags })), cells);
    assert.equal(writePercent(back), text);
    assert.deepEqual(parsePercent(text).map((c) => c.source), cells.map((c) => c.source), "parsePercent skips the header");
    assert.equal(back.cells[0]!.startLine, 10, "line numbers count the header");
  });

  it("trims blank prose at a cell's edges, as it trims blank code lines", () => {
    const cells = parsePercent("// %% [markdown]\n//\n// # T\n//   \n\n// %%\n\nx\n\n");
    assert.deepEqual(cells.map((c) => [c.source, c.startLine, c.endLine]), [["# T", 3, 3], ["x", 8, 8]]);
  });

  it("finds the lines that would read as cell markers", () => {
    assert.equal(markerLineIn({ type: "code", source: "a\n// %% b", tags: [] }), 2);
    assert.equal(markerLineIn({ type: "markdown", source: "%% not prose", tags: [] }), 1);
    assert.equal(markerLineIn({ type: "markdown", source: "100%% sure", tags: [] }), 0);
  });

  it("every committed .ipynb shares its cells, tags and kernel with its .ts source", async () => {
    const notebooks = listNotebooks(path.join(ROOT, "notebooks"));
    assert.ok(notebooks.length >= 1);
    for (const file of notebooks) {
      const ipynb = file.replace(/\.ts$/, ".ipynb");
      assert.ok(fs.existsSync(ipynb), `${path.basename(ipynb)} exists`);
      const source = sharedOfSource(parsePercentNotebook(fs.readFileSync(file, "utf8")));
      const notebook = sharedOfIpynb(readIpynb(ipynb));
      assert.deepEqual(describeDifferences(source, notebook), [], `${path.basename(ipynb)} is in sync; run npm run notebooks:sync`);
      assert.equal(hashShared(notebook), hashShared(source));
    }
    const r = await runCli(["notebooks", "sync", "--check"]);
    assert.equal(r.code, 0, r.stderr);
  });

  it("sync --check fails on a stale notebook and sync repairs it", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "01-x.ts"), SOURCE);
    fs.writeFileSync(path.join(dir, "01-x.ipynb"), toIpynb(parsePercent(SOURCE.replace("Some *prose*.", "Older prose."))));
    const check = await runCli(["notebooks", "sync", "--check", "--dir", dir]);
    assert.equal(check.code, 1);
    assert.match(check.stderr, /01-x\.ipynb is out of date/);
    assert.equal((await runCli(["notebooks", "sync", "--dir", dir])).code, 0);
    assert.equal((await runCli(["notebooks", "sync", "--check", "--dir", dir])).code, 0);
  });
});
