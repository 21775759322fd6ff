import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { cellIndexOfLine, parsePercent } from "../lib/notebook/percent.ts";
import { toIpynb } from "../lib/notebook/ipynb.ts";
import { listNotebooks } from "../lib/notebook/export.ts";
import { ROOT, runCli, tempDir } from "./helpers.ts";

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

  it("every committed .ipynb matches its .ts source", async () => {
    const notebooks = listNotebooks(path.join(ROOT, "notebooks"));
    assert.ok(notebooks.length >= 1);
    for (const file of notebooks) {
      const ipynb = file.replace(/\.ts$/, ".ipynb");
      assert.ok(fs.existsSync(ipynb), `${path.basename(ipynb)} exists`);
      assert.equal(fs.readFileSync(ipynb, "utf8"), toIpynb(parsePercent(fs.readFileSync(file, "utf8"))), `${path.basename(ipynb)} is in sync; run npm run notebooks:sync`);
    }
    const r = await runCli(["notebooks", "sync", "--check"]);
    assert.equal(r.code, 0, r.stderr);
  });

  it("sync --check fails on a stale notebook and sync repairs it", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "01-x.ts"), SOURCE);
    fs.writeFileSync(path.join(dir, "01-x.ipynb"), "{}");
    const check = await runCli(["notebooks", "sync", "--check", "--dir", dir]);
    assert.equal(check.code, 1);
    assert.match(check.stderr, /01-x\.ipynb is out of date/);
    assert.equal((await runCli(["notebooks", "sync", "--dir", dir])).code, 0);
    assert.equal((await runCli(["notebooks", "sync", "--check", "--dir", dir])).code, 0);
  });
});
