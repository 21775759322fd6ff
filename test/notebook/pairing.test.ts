/**
 * Paired notebooks as a student and an author use them: running a notebook in Jupyter leaves the
 * pair in sync; an edit on either side reaches the other, keeping outputs where sources did not
 * change; edits on both sides are refused with the cells named; malformed notebooks are bad input
 * and nothing is written. Through the library and through the CLI, in temporary folders.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  hashShared, parsePercent, parsePercentNotebook, readIpynb, recordedHash, serializeIpynb, sharedOfIpynb, sharedOfSource, sourceOf, stripNotebook, syncNotebooks,
  type Ipynb, type IpynbCell,
} from "parlab/internal";
import { CLI, ROOT, runCli, tempDir } from "../helpers.ts";

const SOURCE = `// %% [markdown]
// # Title
//
// Some *prose*.

// %%
import process from "node:process";

// %% tags=["parameters"]
const parameters = { profile: "quick" };

// %%
console.log(parameters.profile);

// %% [markdown]
// ## End

// %%
console.log(process.pid > 0);
`;

const read = (file: string) => fs.readFileSync(file, "utf8");
const cells = (file: string) => readIpynb(file).cells;
const joined = (cell: IpynbCell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);

/** A folder holding one synced pair made from `source`. */
function pairDir(source = SOURCE, name = "01-x"): { dir: string; ts: string; ipynb: string } {
  const dir = tempDir();
  const ts = path.join(dir, `${name}.ts`);
  fs.writeFileSync(ts, source);
  assert.equal(syncNotebooks({ dir }).code, 0);
  return { dir, ts, ipynb: path.join(dir, `${name}.ipynb`) };
}

/** What Jupyter does to a notebook it ran and saved: outputs, counts, kernel info, timings, its own layout. */
function runLikeJupyter(file: string): void {
  const nb = readIpynb(file);
  let n = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    n++;
    cell.execution_count = n;
    cell.outputs = [{ name: "stdout", output_type: "stream", text: [`output of cell ${n}\n`] }];
    cell.metadata.execution = { "iopub.execute_input": "2026-01-01T00:00:00Z" };
  }
  nb.metadata.language_info = { ...(nb.metadata.language_info as object), version: "5.9.3" };
  nb.metadata.widgets = {};
  fs.writeFileSync(file, JSON.stringify(nb, null, 2));
}

function editIpynb(file: string, edit: (nb: Ipynb) => void): void {
  const nb = readIpynb(file);
  edit(nb);
  fs.writeFileSync(file, serializeIpynb(nb));
}

const snapshot = (dir: string) => Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, read(path.join(dir, f))]));

/** A folder inside the project (ignored by git as *.tmp), so a notebook copied there imports "parlab" as the real ones do. */
function projectTempDir(): string {
  const dir = path.join(ROOT, "notebooks", `.pairing-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  fs.mkdirSync(dir);
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function runScript(file: string, env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("PARLAB_"))) as Record<string, string>;
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", file], { cwd: path.dirname(file), env: { ...clean, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.on("exit", (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

describe("notebook pairs: the in-sync check", () => {
  it("every committed notebook writes back to its .ts byte for byte", () => {
    for (const ts of fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => /^\d+-[\w-]+\.ts$/.test(f))) {
      const file = path.join(ROOT, "notebooks", ts);
      assert.equal(sourceOf(readIpynb(file.replace(/\.ts$/, ".ipynb"))), read(file), ts);
    }
  });

  it("running a notebook in Jupyter leaves the pair in sync, and a sync then writes nothing", async () => {
    const { dir, ts, ipynb } = pairDir();
    runLikeJupyter(ipynb);
    const before = snapshot(dir);
    const check = await runCli(["notebooks", "sync", "--check", "--dir", dir]);
    assert.equal(check.code, 0, check.stderr);
    const sync = await runCli(["notebooks", "sync", "--dir", dir]);
    assert.equal(sync.code, 0, sync.stderr);
    assert.deepEqual(snapshot(dir), before, "neither file was touched");
    assert.equal(hashShared(sharedOfIpynb(readIpynb(ipynb))), hashShared(sharedOfSource(parsePercentNotebook(read(ts)))));
  });

  it("finds the notebooks folder from the working folder, as npm run notebooks:sync does", async () => {
    const project = tempDir();
    fs.mkdirSync(path.join(project, "notebooks"));
    fs.writeFileSync(path.join(project, "notebooks", "07-new.ts"), SOURCE);
    const check = await runCli(["notebooks", "sync", "--check"], { cwd: project });
    assert.equal(check.code, 1);
    assert.match(check.stderr, /07-new\.ipynb is missing/);
    const sync = await runCli(["notebooks", "sync", "07"], { cwd: project });
    assert.equal(sync.code, 0, sync.stderr);
    assert.equal((await runCli(["notebooks", "sync", "--check"], { cwd: project })).code, 0);
  });

  it("a notebook with blank cells or blank edge lines is in sync with the .ts that drops them", () => {
    const { dir, ipynb } = pairDir();
    editIpynb(ipynb, (nb) => {
      nb.cells.push({ cell_type: "code", execution_count: null, id: "blank", metadata: {}, outputs: [], source: [] });
      nb.cells[1]!.source = `\n${joined(nb.cells[1]!)}\n\n`;
      nb.cells[0]!.source = `${joined(nb.cells[0]!)}\n`;
    });
    assert.deepEqual(syncNotebooks({ dir, check: true }).messages, []);
  });
});

describe("notebook pairs: a changed .ts updates the .ipynb", () => {
  it("keeps the outputs of unchanged cells, clears those of changed ones, and adds new cells empty", async () => {
    const { dir, ts, ipynb } = pairDir();
    runLikeJupyter(ipynb);
    const ran = cells(ipynb);
    fs.writeFileSync(ts, SOURCE
      .replace('console.log(parameters.profile);', 'console.log("profile", parameters.profile);')
      .replace('// %% tags=["parameters"]', '// %% tags=["parameters", "keep"]')
      .replace("// %% [markdown]\n// ## End", "// %%\nconsole.log(1 + 1);\n\n// %% [markdown]\n// ## End"));
    const sync = await runCli(["notebooks", "sync", "--dir", dir]);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stderr, /wrote .*01-x\.ipynb from 01-x\.ts \(the \.ts changed since the last sync\)/);
    const now = cells(ipynb);
    assert.deepEqual(now.map((c) => c.cell_type), ["markdown", "code", "code", "code", "code", "markdown", "code"]);
    assert.deepEqual(now[1], ran[1], "an untouched cell is kept whole, outputs and all");
    assert.deepEqual(now[2]!.outputs, ran[2]!.outputs, "a cell whose tags changed keeps its outputs");
    assert.deepEqual(now[2]!.metadata.tags, ["parameters", "keep"]);
    assert.equal(now[3]!.id, ran[3]!.id, "an edited cell keeps its id");
    assert.deepEqual([now[3]!.outputs, now[3]!.execution_count], [[], null], "an edited cell loses its stale outputs");
    assert.deepEqual(now[4]!.outputs, [], "a new cell starts empty");
    assert.equal(new Set(now.map((c) => c.id)).size, now.length, "cell ids stay unique");
    assert.deepEqual(now[6], ran[5], "the last cell keeps its outputs");
    assert.equal(recordedHash(readIpynb(ipynb)), hashShared(sharedOfSource(parsePercentNotebook(read(ts)))), "the sync is recorded");
    const before = snapshot(dir);
    assert.equal((await runCli(["notebooks", "sync", "--check", "--dir", dir])).code, 0);
    assert.equal((await runCli(["notebooks", "sync", "--dir", dir])).code, 0);
    assert.deepEqual(snapshot(dir), before, "a second sync writes nothing");
  });

  it("without a record of the last sync, takes the .ts as the newer side; --from ipynb overrides", () => {
    const { dir, ts, ipynb } = pairDir();
    editIpynb(ipynb, (nb) => {
      delete nb.metadata.parlab;
      nb.cells[0]!.source = "# Retitled";
    });
    const stale = read(ipynb);
    const check = syncNotebooks({ dir, check: true });
    assert.equal(check.code, 1);
    assert.match(check.messages.join("\n"), /01-x\.ipynb is out of date with 01-x\.ts \(no sync is recorded/);
    assert.equal(syncNotebooks({ dir, from: "ipynb" }).code, 0);
    assert.match(read(ts), /^\/\/ %% \[markdown\]\n\/\/ # Retitled\n\n/);
    fs.writeFileSync(ipynb, stale);
    assert.equal(syncNotebooks({ dir }).code, 0);
    assert.equal(joined(cells(ipynb)[0]!), "# Retitled", "the .ts (now retitled too) agrees, so only the record is added");
  });
});

describe("notebook pairs: a changed .ipynb writes the .ts back", () => {
  it("parameters changed, a markdown cell added, a code cell deleted: the .ts shows exactly those edits and still runs", async () => {
    const dir = projectTempDir();
    const ts = path.join(dir, "01-scaling.ts");
    const ipynb = path.join(dir, "01-scaling.ipynb");
    fs.copyFileSync(path.join(ROOT, "notebooks", "01-scaling.ts"), ts);
    fs.copyFileSync(path.join(ROOT, "notebooks", "01-scaling.ipynb"), ipynb);
    assert.equal(syncNotebooks({ dir }).code, 0, "the copied pair is in sync");
    runLikeJupyter(ipynb);
    const original = read(ts);
    const parsed = parsePercent(original);
    const params = parsed.findIndex((c) => c.tags.includes("parameters"));
    const verdict = parsed.findIndex((c) => c.type === "markdown" && c.source.startsWith("## Verdict"));
    // The last code cell (the notebook ends with its "Try it" prose after it).
    const last = parsed.map((c) => c.type).lastIndexOf("code");
    assert.ok(params >= 0 && verdict > params && parsed[last]!.type === "code", "the notebook has the cells this test edits");
    assert.match(parsed[params]!.source, /profile: "quick"/);

    const ran = cells(ipynb);
    editIpynb(ipynb, (nb) => {
      nb.cells[params]!.source = joined(nb.cells[params]!).replace('profile: "quick"', 'profile: "tiny"');
      nb.cells.splice(last, 1);
      nb.cells.splice(verdict, 0, { cell_type: "markdown", id: "a1b2c3", metadata: {}, source: ["## My notes\n", "\n", "Threads won on this laptop."] });
    });
    const sync = await runCli(["notebooks", "sync", "--dir", dir]);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stderr, /wrote .*01-scaling\.ts from 01-scaling\.ipynb \(the \.ipynb changed since the last sync\)/);

    // The same three edits made by hand on the source's lines (1-based line n is lines[n - 1]).
    const lines = original.split("\n");
    lines.splice(parsed[last]!.startLine - 3, parsed[last]!.endLine - parsed[last]!.startLine + 3);
    lines.splice(parsed[verdict]!.startLine - 2, 0, "// %% [markdown]", "// ## My notes", "//", "// Threads won on this laptop.", "");
    for (let n = parsed[params]!.startLine; n <= parsed[params]!.endLine; n++) lines[n - 1] = lines[n - 1]!.replace('profile: "quick"', 'profile: "tiny"');
    assert.equal(read(ts), lines.join("\n"), "the .ts carries exactly the three edits");

    const now = cells(ipynb);
    assert.deepEqual(now.filter((c) => c.cell_type === "code").map((c) => c.outputs), ran.filter((c, i) => c.cell_type === "code" && i !== last).map((c) => c.outputs), "the .ipynb keeps every output");
    assert.equal((await runCli(["notebooks", "sync", "--check", "--dir", dir])).code, 0);

    const results = tempDir();
    const run = await runScript(ts, { PARLAB_RESULTS_DIR: results });
    assert.equal(run.code, 0, run.stderr.slice(-3000));
    const saved = fs.readdirSync(results).filter((f) => f.endsWith(".json"));
    assert.equal(saved.length, 1, "one Result saved");
    assert.equal(JSON.parse(read(path.join(results, saved[0]!))).params.trials, 2, "the edited parameters (the tiny profile) took effect");
    assert.doesNotMatch(run.stdout, /Result saved in/, "the deleted cell is gone");
  });

  it("reordered cells and changed tags reach the .ts", () => {
    const { dir, ts, ipynb } = pairDir();
    editIpynb(ipynb, (nb) => {
      const [end, last] = nb.cells.splice(4, 2);
      nb.cells.splice(1, 0, last!, end!);
      nb.cells[3]!.metadata.tags = ["setup"];
      delete nb.cells[4]!.metadata.tags;
    });
    assert.equal(syncNotebooks({ dir }).code, 0);
    assert.equal(read(ts), `// %% [markdown]
// # Title
//
// Some *prose*.

// %%
console.log(process.pid > 0);

// %% [markdown]
// ## End

// %% tags=["setup"]
import process from "node:process";

// %%
const parameters = { profile: "quick" };

// %%
console.log(parameters.profile);
`);
    assert.equal(syncNotebooks({ dir, check: true }).code, 0);
  });

  it("a notebook switched to another kernel writes it into the .ts header, and back", () => {
    const { dir, ts, ipynb } = pairDir();
    editIpynb(ipynb, (nb) => {
      nb.metadata.kernelspec = { display_name: "Deno", language: "typescript", name: "deno" };
    });
    const check = syncNotebooks({ dir, check: true });
    assert.equal(check.code, 1);
    assert.match(check.messages.join("\n"), /kernel: the \.ts has tslab \(typescript\), the \.ipynb has deno \(typescript\)/);
    assert.equal(syncNotebooks({ dir }).code, 0);
    assert.equal(read(ts), `// ---\n// jupyter:\n//   kernelspec:\n//     display_name: Deno\n//     language: typescript\n//     name: deno\n// ---\n\n${SOURCE}`);
    assert.equal(syncNotebooks({ dir, check: true }).code, 0);
    fs.writeFileSync(ts, SOURCE);
    assert.equal(syncNotebooks({ dir }).code, 0);
    assert.equal((readIpynb(ipynb).metadata.kernelspec as { name: string }).name, "tslab");
  });

  it("a notebook created in Jupyter gets its .ts", () => {
    const { dir } = pairDir();
    fs.copyFileSync(path.join(dir, "01-x.ipynb"), path.join(dir, "02-mine.ipynb"));
    assert.equal(syncNotebooks({ dir }).code, 0);
    assert.equal(read(path.join(dir, "02-mine.ts")), SOURCE);
  });

  it("refuses cells the .ts cannot hold, naming them, and writes nothing", async () => {
    const { dir, ipynb } = pairDir();
    editIpynb(ipynb, (nb) => {
      nb.cells[3]!.source = "const a = 1;\n// %% looks like a marker";
      nb.cells.push({ cell_type: "raw", id: "raw", metadata: {}, source: "raw text" });
    });
    const before = snapshot(dir);
    const r = await runCli(["notebooks", "sync", "--dir", dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /01-x\.ipynb: cannot be written to 01-x\.ts: line 2 of cell 4 would read as a cell marker.*; cell 7 is a raw cell/);
    assert.deepEqual(snapshot(dir), before);
  });
});

describe("notebook pairs: both sides changed", () => {
  it("refuses with the conflicting cells named and touches neither file; --from settles it", async () => {
    const { dir, ts, ipynb } = pairDir();
    runLikeJupyter(ipynb);
    fs.writeFileSync(ts, SOURCE.replace('const parameters = { profile: "quick" };', 'const parameters = { profile: "full" };'));
    editIpynb(ipynb, (nb) => {
      nb.cells[2]!.source = 'const parameters = { profile: "tiny" };';
      nb.cells.push({ cell_type: "markdown", id: "notes", metadata: {}, source: "My notes" });
    });
    const before = snapshot(dir);
    for (const args of [["sync"], ["sync", "--check"]]) {
      const r = await runCli(["notebooks", ...args, "--dir", dir]);
      assert.equal(r.code, 1, args.join(" "));
      assert.match(r.stderr, /01-x: both the \.ts and the \.ipynb changed since the last sync; nothing was written/);
      assert.match(r.stderr, /\.ts cell 3 \(line 10\) \[code parameters\] "const parameters = \{ profile: "full" \};" \(cell 3 in the \.ipynb\) differs from its line 1: the \.ts has "…eters = \{ profile: "full" \};", the \.ipynb "…eters = \{ profile: "tiny" \};"/);
      assert.match(r.stderr, /\.ipynb cell 7 \[markdown\] "My notes" is not in the \.ts/);
      assert.deepEqual(snapshot(dir), before, "both files unchanged, byte for byte");
    }
    const other = pairDir(SOURCE, "02-y");
    fs.copyFileSync(other.ts, path.join(dir, "02-y.ts"));
    fs.writeFileSync(path.join(dir, "02-y.ts"), SOURCE.replace("# Title", "# Other"));
    fs.copyFileSync(other.ipynb, path.join(dir, "02-y.ipynb"));
    const blocked = snapshot(dir);
    assert.equal(syncNotebooks({ dir }).code, 1);
    assert.deepEqual(snapshot(dir), blocked, "a conflict in one pair holds back every other pair's sync");
    const r = await runCli(["notebooks", "sync", "--from", "ipynb", "01-x", "--dir", dir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(read(ts), /profile: "tiny"[\s\S]*\/\/ %% \[markdown\]\n\/\/ My notes\n$/);
    assert.equal(syncNotebooks({ dir }).code, 0);
    assert.equal(syncNotebooks({ dir, check: true }).code, 0);
  });
});

describe("notebook pairs: malformed notebooks", () => {
  const cases: Array<[string, (text: string) => string, RegExp]> = [
    ["truncated JSON", (t) => t.slice(0, Math.floor(t.length / 2)), /not valid JSON, the notebook is truncated or corrupt/],
    ["a cell without source", (t) => { const nb = JSON.parse(t); delete nb.cells[1].source; return JSON.stringify(nb); }, /cell 2 \(code\) has no source/],
    ["an unknown nbformat", (t) => { const nb = JSON.parse(t); nb.nbformat = 3; return JSON.stringify(nb); }, /nbformat 3 is not supported/],
  ];
  for (const [what, damage, problem] of cases) {
    it(`${what}: exit 2 naming the file and the problem, nothing written`, async () => {
      const { dir, ipynb } = pairDir();
      fs.writeFileSync(ipynb, damage(read(ipynb)));
      fs.writeFileSync(path.join(dir, "02-stale.ts"), SOURCE);
      const before = snapshot(dir);
      for (const args of [["sync"], ["sync", "--check"], ["sync", "--from", "ts"], ["strip", ipynb]]) {
        const r = await runCli(["notebooks", ...args, ...(args[0] === "sync" ? ["--dir", dir] : [])]);
        assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
        assert.ok(r.stderr.includes(`${ipynb}: `), `names the file: ${r.stderr}`);
        assert.match(r.stderr, problem);
        assert.deepEqual(snapshot(dir), before, `${args.join(" ")} wrote nothing`);
      }
    });
  }
});

describe("notebook pairs: strip", () => {
  it("removes outputs, counts and volatile metadata, keeps the sync record, and leaves the pair in sync", async () => {
    const { dir, ipynb } = pairDir();
    const generated = read(ipynb);
    runLikeJupyter(ipynb);
    const r = await runCli(["notebooks", "strip", ipynb]);
    assert.equal(r.code, 0, r.stderr);
    const nb = readIpynb(ipynb);
    assert.ok(nb.cells.every((c) => c.cell_type !== "code" || (c.outputs!.length === 0 && c.execution_count === null && !("execution" in c.metadata))));
    assert.equal(nb.metadata.widgets, undefined);
    assert.ok(recordedHash(nb), "the sync record stays");
    assert.deepEqual(nb.metadata.language_info, JSON.parse(generated).metadata.language_info, "the kernel's report of its language goes back to the generated one");
    assert.equal(serializeIpynb(stripNotebook(readIpynb(ipynb))), read(ipynb), "stripping twice changes nothing");
    assert.equal(serializeIpynb(stripNotebook(JSON.parse(generated))), generated, "a generated notebook is already stripped");
    assert.equal(syncNotebooks({ dir, check: true }).code, 0);
  });

  it("as a git clean filter, a notebook that was only run shows no change to git", () => {
    const { dir, ipynb } = pairDir();
    const git = (...args: string[]) => {
      const r = spawnSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], { cwd: dir, encoding: "utf8" });
      assert.equal(r.status, 0, `git ${args.join(" ")}: ${r.stderr}`);
      return r.stdout;
    };
    git("init", "-q");
    // The setup the README gives, with the CLI's absolute path for the temporary repository.
    fs.writeFileSync(path.join(dir, ".gitattributes"), "*.ipynb filter=parlab-strip\n");
    git("config", "filter.parlab-strip.clean", `"${process.execPath}" "${CLI}" notebooks strip`);
    git("config", "filter.parlab-strip.smudge", "cat");
    git("config", "filter.parlab-strip.required", "true");
    git("add", "-A");
    git("commit", "-q", "-m", "notebook");
    runLikeJupyter(ipynb);
    assert.match(read(ipynb), /output of cell 1/, "the local notebook keeps its outputs");
    assert.equal(git("diff"), "", "git sees no change");
    // git status may list a filtered file whose size changed until it is added; added, nothing is left to commit.
    git("add", "-A");
    assert.equal(git("status", "--porcelain"), "", "nothing to commit");
    editIpynb(ipynb, (nb) => void (nb.cells[0]!.source = "# Retitled"));
    const diff = git("diff");
    assert.match(diff, /-    "# Title\\n",[\s\S]*\+   "source": "# Retitled"/, "an edit still shows");
    assert.doesNotMatch(diff, /output of cell/, "but no output does");
  });

  it("works as a git clean filter: stdin to stdout, bad input exits 2 naming stdin", async () => {
    const { ipynb } = pairDir();
    runLikeJupyter(ipynb);
    const filter = (input: string) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, "notebooks", "strip"], { stdio: ["pipe", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => (stdout += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("exit", (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });
    const r = await filter(read(ipynb));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, serializeIpynb(stripNotebook(readIpynb(ipynb))));
    const bad = await filter("{ \"cells\": [");
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /stdin: not valid JSON/);
  });
});
