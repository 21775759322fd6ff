/**
 * The notebooks end to end, in every mode they promise: as scripts under Node and Deno, exported
 * to HTML headless, executed by Jupyter with the tslab and the Deno kernel, and the exported pages
 * opened in a real browser with the network blocked.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { loadResult } from "parlab";
import { describeDifferences, parsePercentNotebook, readIpynb, sharedOfIpynb, sharedOfSource, stripText } from "parlab/internal";
import { DENO, ROOT, leftovers, runCli, skipWithoutChromium, skipWithoutDeno, skipWithoutJupyter, tempDir } from "../helpers.ts";

const ALL_NOTEBOOKS = fs.readdirSync(path.join(ROOT, "notebooks")).filter((f) => /^\d+-[\w-]+\.ts$/.test(f)).sort();
/** PARLAB_TEST_NOTEBOOKS=03,04 narrows these tests to notebooks with those prefixes while working on them; CI runs all. */
const only = process.env.PARLAB_TEST_NOTEBOOKS?.split(",").map((p) => p.trim()).filter(Boolean);
if (only && process.env.CI === "true") throw new Error("PARLAB_TEST_NOTEBOOKS must not narrow the notebook tests under CI=true");
const NOTEBOOKS = only ? ALL_NOTEBOOKS.filter((f) => only.some((p) => f.startsWith(p))) : ALL_NOTEBOOKS;
if (only) console.log(`# notebooks narrowed by PARLAB_TEST_NOTEBOOKS to ${NOTEBOOKS.join(", ") || "none"}; skipped: ${ALL_NOTEBOOKS.filter((f) => !NOTEBOOKS.includes(f)).join(", ")}`);
/** Notebooks that measure and save Results (through runOrLoad, or the explore API's calls, which save through it); the others (the decision guide) read saved Results and measure nothing. */
const measures = (nb: string) => /\b(runOrLoad|runOnRuntimes|compareKinds|compareServing|experiment)\(/.test(fs.readFileSync(path.join(ROOT, "notebooks", nb), "utf8"));
const MEASURING = NOTEBOOKS.filter(measures);
/** Exported HTML pages, gathered by the tests below for the browser test at the end. */
const pages: Array<{ file: string; mode: string }> = [];

function run(cmd: string, args: string[], env: Record<string, string>, timeoutMs = 600_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Vega SVGs in an exported page: inline (our export) or as data-URI images (nbconvert's). */
function chartSvgs(html: string): string[] {
  const inline = html.match(/<svg[^>]*class="marks"[\s\S]*?<\/svg>/g) ?? [];
  const images = [...html.matchAll(/<img class="chart"[^>]*src="data:image\/svg\+xml;base64,([^"]+)"/g)]
    .map((m) => Buffer.from(m[1]!, "base64").toString("utf8"));
  return [...inline, ...images];
}

/** Charts with marks drawn: vega SVGs holding at least one path in a mark group. */
function chartCount(html: string): number {
  return chartSvgs(html).filter((svg) => /class="marks"/.test(svg) && /<g class="mark-(symbol|rect|line|area)[^"]*"[^>]*>\s*<path/.test(svg)).length;
}

/** Results a notebook saves when it saves more than one (07 runs three of the user's questions, one twice). */
const RESULTS_PER_NOTEBOOK: Record<string, number> = { "07-your-workload.ts": 4 };
const expectedResults = (notebooks: readonly string[]) => notebooks.reduce((n, nb) => n + (RESULTS_PER_NOTEBOOK[nb] ?? 1), 0);

/** A Result a tiny-profile notebook run saved: complete, from `runtime`, every condition with its 2 trials. */
function checkResult(file: string, runtime: string) {
  const result = loadResult(file);
  assert.equal(result.runtime.name, runtime, file);
  assert.equal(result.complete, true, file);
  assert.ok(result.trials.every((t) => t.ok), JSON.stringify(result.failures));
  assert.equal(result.params.trials, 2, "--profile tiny took effect");
  assert.equal(result.trials.length, 2 * new Set(result.order.sequence).size, "every condition ran its 2 trials");
}

function checkScriptRun(r: { code: number | null; stdout: string; stderr: string }, resultsDir: string, runtime: string) {
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Measured on \d+ cores/, "the findings are printed");
  assert.ok((r.stdout.match(/\[chart: /g) ?? []).length >= 3, "charts are announced in script mode");
  const files = fs.readdirSync(resultsDir).filter((f) => f.endsWith(".json"));
  assert.equal(files.length, 1, "one Result saved");
  checkResult(path.join(resultsDir, files[0]!), runtime);
}

describe("notebooks as scripts", () => {
  after(async () => assert.deepEqual(await leftovers(), []));

  // The headless export below runs every notebook as a script too (the same command, with its outputs
  // captured) and checks every Result; a plain run of the first notebook covers the uncaptured path.
  it(`run as a plain script under Node (tsx) and save a Result (${MEASURING[0]})`, { skip: MEASURING.length === 0 && "no measuring notebook selected" }, async () => {
    const results = tempDir();
    const r = await run(process.execPath, ["--import", "tsx", `notebooks/${MEASURING[0]}`, "--profile", "tiny"], { PARLAB_RESULTS_DIR: results });
    checkScriptRun(r, results, "node");
  });

  it(`run as a plain script under Deno and save a Result (${MEASURING[0]})`, { skip: (MEASURING.length === 0 && "no measuring notebook selected") || skipWithoutDeno() }, async () => {
    const results = tempDir();
    const r = await run(DENO, ["run", "-A", `notebooks/${MEASURING[0]}`, "--profile", "tiny"], { PARLAB_RESULTS_DIR: results });
    checkScriptRun(r, results, "deno");
  });

  for (const runtime of ["node", "deno"] as const) {
    it(`export to self-contained HTML headless (${runtime})`, { skip: runtime === "deno" && skipWithoutDeno() }, async () => {
      const out = tempDir();
      const results = tempDir();
      const r = await runCli(["notebooks", ...(only ? NOTEBOOKS.map((nb) => nb.replace(/\.ts$/, "")) : []), "--profile", "tiny", "--runtime", runtime, "--out", out], { env: { PARLAB_RESULTS_DIR: results }, timeoutMs: 600_000 });
      assert.equal(r.code, 0, r.stderr);
      const saved = fs.readdirSync(results).filter((f) => f.endsWith(".json"));
      assert.equal(saved.length, expectedResults(MEASURING), `the Results of every measuring notebook (${saved.join(", ")})`);
      for (const f of saved) checkResult(path.join(results, f), runtime);
      const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
      for (const nb of NOTEBOOKS) {
        const page = path.join(out, nb.replace(/\.ts$/, ".html"));
        const html = fs.readFileSync(page, "utf8");
        assert.ok(index.includes(`href="${path.basename(page)}"`), "index links the page");
        assert.match(html, /status-ok/);
        assert.doesNotMatch(html, /class="output (stderr|error)"/, "no error output");
        assert.doesNotMatch(html, /<script[^>]+src=|<link|src="http|href="http/i, "nothing to fetch");
        assert.equal((html.match(/<script>/g) ?? []).length, 1, "one inline script (the chart libraries, once)");
        assert.ok(chartCount(html) >= 3, `charts inline as SVG in ${nb}`);
        if (measures(nb)) {
          assert.match(html, /Measured on \d+ cores/);
        } else {
          // The guide ran after the measuring notebooks, in the same results folder: each branch rests on their run.
          const guided = saved.filter((f) => /^(scaling|distribution|thumbnails|messaging|footprint|faults)-/.test(f));
          assert.equal((html.match(/Evidence:<\/em> a run on this machine/g) ?? []).length, guided.length, `${nb}: every branch whose experiment ran here rests on that run`);
          assert.match(html, /## Try it|<h2[^>]*>Try it/);
        }
        pages.push({ file: page, mode: `script-${runtime}` });
      }
    });
  }
});

for (const kernel of ["tslab", "deno"] as const) {
  describe(`notebooks in Jupyter with the ${kernel} kernel`, () => {
    after(async () => {
      assert.deepEqual(await leftovers(), [], "no pool worker left");
      assert.deepEqual(await leftovers(kernel === "tslab" ? "tslab kernel" : "jupyter --kernel"), [], "no kernel left");
    });
    const skip = skipWithoutJupyter() || (kernel === "deno" && skipWithoutDeno());
    it("execute through nbconvert and export HTML with the charts as SVG and no error", { skip }, async () => {
      const out = tempDir();
      const r = await run("bash", [path.join(ROOT, "notebooks", "jupyter-html.sh"), kernel], { OUT: out, PARLAB_PROFILE: "tiny", PARLAB_RESULTS_DIR: tempDir() });
      assert.equal(r.code, 0, r.stderr.slice(-4000));
      for (const nb of NOTEBOOKS) {
        const page = path.join(out, nb.replace(/\.ts$/, ".html"));
        const html = fs.readFileSync(page, "utf8");
        assert.doesNotMatch(html, /Traceback|jp-OutputArea-output[^>]*application\/vnd\.jupyter\.error/, "no error output");
        assert.doesNotMatch(html, /<script[^>]+src=/i, "no script to fetch");
        assert.ok(chartCount(html) >= 3, `${nb}: charts as SVG (found ${chartCount(html)})`);
        if (measures(nb)) {
          assert.match(html, /Measured on \d+ cores/);
        } else {
          assert.match(html, /Decision guide for this machine/, `${nb}: the guide's table is shown`);
        }
        pages.push({ file: page, mode: kernel });
      }
    });

    // What a student does: run the notebook in Jupyter, which saves the outputs into the .ipynb.
    it(`execute in place through nbconvert, and the pair stays in sync (${NOTEBOOKS[0]})`, { skip }, async () => {
      const name = NOTEBOOKS[0]!.replace(/\.ts$/, "");
      // Inside the project (ignored as *.tmp) so the kernel imports "parlab" as it does for the real notebook.
      const dir = path.join(ROOT, "notebooks", `.nbconvert-${kernel}-${process.pid}.tmp`);
      fs.mkdirSync(dir, { recursive: true });
      try {
        for (const ext of [".ts", ".ipynb"]) fs.copyFileSync(path.join(ROOT, "notebooks", name + ext), path.join(dir, name + ext));
        const ts = path.join(dir, `${name}.ts`);
        const ipynb = path.join(dir, `${name}.ipynb`);
        const source = fs.readFileSync(ts, "utf8");
        const r = await run("jupyter", [
          "nbconvert", "--to", "notebook", "--execute", "--inplace", `--ExecutePreprocessor.kernel_name=${kernel}`, "--ExecutePreprocessor.timeout=1800", ipynb,
        ], { JUPYTER_PATH: kernelspecs(), PARLAB_PROFILE: "tiny", PARLAB_RESULTS_DIR: tempDir() });
        assert.equal(r.code, 0, r.stderr.slice(-4000));
        const executed = readIpynb(ipynb);
        // tslab reports no execution counts, so the outputs tell that the cells ran.
        const ran = executed.cells.filter((c) => c.cell_type === "code" && (c.outputs ?? []).length > 0);
        assert.ok(ran.length >= 3, `the outputs are saved in the notebook (${ran.length} cells with outputs)`);
        const saved = fs.readFileSync(ipynb, "utf8");

        const check = await runCli(["notebooks", "sync", "--check", "--dir", dir]);
        assert.equal(check.code, 0, check.stderr);
        // The pairing check of the committed notebooks (test/notebook/percent.test.ts), on the executed copy.
        assert.deepEqual(describeDifferences(sharedOfSource(parsePercentNotebook(source)), sharedOfIpynb(executed)), []);
        const sync = await runCli(["notebooks", "sync", "--dir", dir]);
        assert.equal(sync.code, 0, sync.stderr);
        assert.equal(fs.readFileSync(ipynb, "utf8"), saved, "a sync keeps the outputs: the notebook is not rewritten");
        assert.equal(fs.readFileSync(ts, "utf8"), source, "nor is the .ts");
        assert.equal(stripText(saved, ipynb), fs.readFileSync(path.join(ROOT, "notebooks", `${name}.ipynb`), "utf8"), "stripped, the executed notebook is the committed one again");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** A JUPYTER_PATH with kernelspecs of this checkout's tslab and Deno, so no kernel need be registered system-wide. */
function kernelspecs(): string {
  const dir = tempDir();
  const specs = {
    tslab: { argv: [path.join(ROOT, "node_modules", ".bin", "tslab"), "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript" },
    deno: { argv: [DENO, "jupyter", "--kernel", "--conn", "{connection_file}"], display_name: "Deno", language: "typescript" },
  };
  for (const [name, spec] of Object.entries(specs)) {
    fs.mkdirSync(path.join(dir, "kernels", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "kernels", name, "kernel.json"), JSON.stringify(spec));
  }
  return dir;
}

/**
 * Runs in the page: per chart, drawn mark paths (the interactive view of a chart figure, an inline
 * SVG) or inked pixels (an image), and its width. A figure's static image, hidden once the view is
 * drawn, is its fallback and is not counted again.
 */
const DRAWN_CHARTS = `(() => {
  const inFigure = (el) => el.closest("figure.parlab-chart") !== null;
  const views = [...document.querySelectorAll("figure.parlab-chart")].map((figure) => {
    const svg = figure.querySelector(".chart-view svg");
    return svg
      ? { marks: svg.querySelectorAll("g.mark-symbol path, g.mark-rect path, g.mark-line path, g.mark-area path").length, width: svg.getBoundingClientRect().width }
      : { marks: 0, width: 0 };
  });
  const inline = [...document.querySelectorAll("svg.marks")].filter((svg) => !inFigure(svg)).map((svg) => ({
    marks: svg.querySelectorAll("g.mark-symbol path, g.mark-rect path, g.mark-line path, g.mark-area path").length,
    width: svg.getBoundingClientRect().width,
  }));
  const images = [...document.querySelectorAll("img.chart")].filter((img) => !inFigure(img)).map((img) => {
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = canvas.getContext("2d");
    let inked = 0;
    if (img.naturalWidth > 0) {
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] < 600) inked++;
    }
    return { marks: inked, width: img.getBoundingClientRect().width };
  });
  return [...views, ...inline, ...images];
})()`;

/** Runs in the page: true once every chart figure is drawn interactively. */
const FIGURES_DRAWN = `[...document.querySelectorAll("figure.parlab-chart")].every((f) => f.classList.contains("interactive"))`;

describe("exported pages in a real browser, offline", () => {
  it("draw every chart with no request attempted and no console error", { skip: skipWithoutChromium() }, async () => {
    assert.ok(pages.length > 0, "earlier tests exported pages");
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
    try {
      for (const { file, mode } of pages) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const requests: string[] = [];
        const errors: string[] = [];
        const url = `file://${file}`;
        await context.route("**/*", (route) => {
          if (route.request().url() === url) return route.continue();
          requests.push(route.request().url());
          return route.abort();
        });
        page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("requestfailed", (r) => r.url() !== url && requests.push(r.url()));
        await page.goto(url, { waitUntil: "load" });
        await page.waitForFunction(FIGURES_DRAWN, undefined, { timeout: 30_000 });
        // Inline charts: count the drawn mark paths. Image charts: paint them and count inked pixels.
        const drawn: Array<{ marks: number; width: number }> = await page.evaluate(DRAWN_CHARTS);
        const label = `${mode} ${path.basename(file)}`;
        assert.ok(drawn.length >= 3, `${label}: charts present (${drawn.length})`);
        assert.ok(drawn.every((d) => d.marks > 0), `${label}: every chart drew marks (${drawn.map((d) => d.marks).join(", ")})`);
        assert.ok(drawn.every((d) => d.width > 100), `${label}: every chart is laid out at a visible size`);
        assert.deepEqual([...new Set(requests)], [], `${mode}: no network request attempted`);
        assert.deepEqual(errors, [], `${mode}: no console error`);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
