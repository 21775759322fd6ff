/**
 * Exported pages draw their charts interactively offline: notebook pages re-plotted from a saved
 * Result (nothing measured), by the script export and by the Jupyter export, are opened in headless
 * Chromium with every request but the page itself refused. Each chart must draw its marks, show a
 * tooltip with the hovered trial's values, attempt no request and log no error; the libraries are
 * inlined once per page; the data links decode to the chart's values; print and a page whose script
 * cannot run show the static SVG.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { chartFigure, chartRows, chartScript, interactivePage, rowsToCsv } from "parlab/internal";
import { ROOT, runCli, skipWithoutChromium, skipWithoutJupyter, tempDir } from "../helpers.ts";

const RESULT = path.join(ROOT, "test", "fixtures", "results", "scaling-2026-11-29T06-33-25-942Z.json");
const SPEC_BLOCK = /<script type="application\/json" class="parlab-chart-spec">([^<]*)<\/script>/g;
const PAYLOAD = `</script><img src=x onerror=alert(1)>`;

/** A minimal page around `body`, as htmlPage writes one. */
const htmlPage = (title: string, body: string) =>
  `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n</head>\n<body>\n${body}\n</body>\n</html>\n`;

type Browser = import("playwright-core").Browser;
type Page = import("playwright-core").Page;

/** The specs of a page's charts, from their JSON blocks. */
function specsOf(html: string): Array<Record<string, unknown>> {
  return [...html.matchAll(SPEC_BLOCK)].map((m) => JSON.parse(m[1]!) as Record<string, unknown>);
}

/** The text of a data: URI (base64 or percent-encoded). */
function decodeDataUri(uri: string): string {
  const comma = uri.indexOf(",");
  const head = uri.slice(0, comma);
  const body = uri.slice(comma + 1);
  return head.endsWith(";base64") ? Buffer.from(body, "base64").toString("utf8") : decodeURIComponent(body);
}

/** The page's library script inlined once, under a policy that pins it by hash and fetches nothing. */
function assertLibrariesOnce(html: string, label: string): void {
  const scripts = [...html.matchAll(/<script(\s[^>]*)?>/g)].filter((m) => !/type="application\/json"/.test(m[1] ?? ""));
  assert.equal(scripts.length, 1, `${label}: one script element runs`);
  const { text } = chartScript();
  assert.ok(html.includes(`<script>${text}</script>`), `${label}: the script is the lab's`);
  // A stretch of each library's build: present once, whatever the number of charts.
  for (const lib of ["vega", "vega-lite", "vega-embed"]) {
    const build = fs.readFileSync(path.join(ROOT, "node_modules", lib, "build", `${lib}.min.js`), "utf8");
    const probe = build.slice(build.length >> 1, (build.length >> 1) + 400);
    assert.equal(html.split(probe).length - 1, 1, `${label}: ${lib} is inlined exactly once`);
  }
  const hash = `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(csp, `${label}: the page states a content security policy`);
  assert.match(csp[1]!, /default-src 'none'/);
  assert.ok(csp[1]!.includes(`script-src ${hash};`), `${label}: only the lab's script may run`);
  assert.ok(html.indexOf(csp[0]) < html.indexOf("<script"), `${label}: the policy comes before any script`);
}

/** Every chart's data links decode to its values: JSON exactly, CSV line by line. */
function assertDataLinks(html: string, label: string): void {
  const specs = specsOf(html);
  const links = [...html.matchAll(/<p class="chart-data">.*?<\/p>/g)].map((m) => m[0]);
  assert.equal(links.length, specs.length, `${label}: one set of data links per chart`);
  specs.forEach((spec, i) => {
    const rows = chartRows(spec);
    assert.ok(rows.length > 0, `${label}: chart ${i + 1} has rows`);
    const hrefs = [...links[i]!.matchAll(/download="([^"]+)" href="([^"]+)"/g)].map((m) => ({ name: m[1]!, uri: m[2]!.replace(/&amp;/g, "&") }));
    const csv = hrefs.find((h) => h.name.endsWith(".csv"))!;
    const json = hrefs.find((h) => h.name.endsWith(".json"))!;
    assert.match(csv.uri, /^data:text\/csv;/);
    assert.match(json.uri, /^data:application\/json;/);
    assert.deepEqual(JSON.parse(decodeDataUri(json.uri)), rows, `${label}: chart ${i + 1}'s JSON link holds its values`);
    const lines = decodeDataUri(csv.uri).trimEnd().split("\n");
    assert.equal(lines.length, rows.length + 1, `${label}: chart ${i + 1}'s CSV has a header and a line per value`);
    assert.deepEqual(lines[0]!.split(","), Object.keys(rows[0]!), `${label}: its CSV header names the fields`);
    assert.equal(decodeDataUri(csv.uri), rowsToCsv(rows));
  });
}

/** Opens a page with every other request refused; returns the refused requests and the console's errors and warnings. */
async function openOffline(browser: Browser, file: string, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
  const page = await context.newPage();
  const url = `file://${file}`;
  const refused: string[] = [];
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on("console", (m) => void (["error", "warning"].includes(m.type()) && problems.push(`${m.type()}: ${m.text()}`)));
  page.on("pageerror", (e) => void problems.push(`uncaught: ${e.message}`));
  page.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
  await context.route("**/*", (route) => {
    if (route.request().url() === url) return route.continue();
    refused.push(route.request().url());
    return route.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  return { context, page, refused, problems, dialogs };
}

/** Waits until every chart of the page is drawn; returns the number of marks each drew. */
async function drawnMarks(page: Page): Promise<number[]> {
  await page.waitForFunction(`[...document.querySelectorAll("figure.parlab-chart")].every((f) => f.classList.contains("interactive"))`, undefined, { timeout: 20_000 });
  return page.evaluate(`[...document.querySelectorAll("figure.parlab-chart .chart-view")].map((v) => v.querySelectorAll("svg g.mark-symbol path, svg g.mark-line path, svg g.mark-rect path, svg g.mark-rule line").length)`);
}

/** Hovers a point of chart `index` and returns the tooltip's text while it is visible. */
async function tooltipOf(page: Page, index: number): Promise<string> {
  const point = page.locator("figure.parlab-chart").nth(index).locator(".chart-view svg g.mark-symbol path").first();
  await point.hover({ force: true });
  const tooltip = page.locator("#vg-tooltip-element.visible");
  await tooltip.waitFor({ state: "visible", timeout: 5000 });
  return tooltip.innerText();
}

/** The value a tooltip shows under `title`, as a number (vega formats ",.4~g"). */
function shownValue(text: string, title: string): number {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const at = lines.findIndex((l) => l === title || l.startsWith(`${title}\t`));
  assert.ok(at >= 0, `the tooltip names "${title}": ${JSON.stringify(text)}`);
  const inline = lines[at]!.split("\t")[1];
  return Number((inline || lines[at + 1]!).replace(/,/g, ""));
}

/**
 * Checks an exported notebook page in the browser: marks, a trial's tooltip, offline, no errors;
 * with `fallback`, also print (and a PDF) and the page with script disabled.
 */
async function checkInBrowser(browser: Browser, file: string, label: string, fallback = true): Promise<void> {
  const html = fs.readFileSync(file, "utf8");
  const specs = specsOf(html);
  const { context, page, refused, problems, dialogs } = await openOffline(browser, file);
  try {
    const marks = await drawnMarks(page);
    assert.equal(marks.length, specs.length, `${label}: every chart is drawn`);
    marks.forEach((n, i) => assert.ok(n > 0, `${label}: chart ${i + 1} drew marks (${n})`));
    // The compute-time distribution: its hovered point's tooltip shows a trial of the Result.
    const index = specs.findIndex((s) => JSON.stringify(s.title).includes("Compute time of every trial"));
    assert.ok(index >= 0, `${label}: the page has the compute-time chart`);
    const text = await tooltipOf(page, index);
    const rows = chartRows(specs[index]!) as Array<{ condition: string; value: number }>;
    const condition = text.split("\n").map((l) => l.trim()).find((l) => rows.some((r) => l.endsWith(r.condition)));
    assert.ok(condition, `${label}: the tooltip names the trial's condition: ${JSON.stringify(text)}`);
    const value = shownValue(text, "compute time (ms)");
    const trials = rows.filter((r) => condition.endsWith(r.condition)).map((r) => r.value);
    assert.ok(trials.some((v) => Math.abs(v - value) <= 5e-4 * Math.abs(v)), `${label}: ${value} is a trial of ${condition} (${trials.join(", ")})`);
    assert.deepEqual(refused, [], `${label}: no request attempted`);
    assert.deepEqual(problems, [], `${label}: no console error or warning`);
    assert.deepEqual(dialogs, []);
    if (!fallback) return;
    // Printed, the static SVG shows and the interactive view, its tooltip and the links do not.
    await page.emulateMedia({ media: "print" });
    const shown = await page.evaluate(`[...document.querySelectorAll("figure.parlab-chart")].map((f) => [getComputedStyle(f.querySelector(".chart-static")).display, getComputedStyle(f.querySelector(".chart-view")).display, getComputedStyle(f.querySelector(".chart-data")).display])`);
    for (const [still, view, links] of shown as string[][]) assert.deepEqual([still !== "none", view, links], [true, "none", "none"], `${label}: print shows the static chart only`);
    const pdf = await page.pdf({ format: "A4" });
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-", `${label}: Chromium prints it to PDF`);
  } finally {
    await context.close();
  }
  if (!fallback) return;
  // Without script (blocked or failed), each chart is its static SVG.
  const still = await openOffline(browser, file, { javaScriptEnabled: false });
  try {
    const views = await still.page.evaluate(`[...document.querySelectorAll("figure.parlab-chart")].map((f) => [getComputedStyle(f.querySelector(".chart-static")).display, f.querySelector(".chart-static svg, .chart-static img") !== null, f.querySelector(".chart-view").childElementCount])`);
    assert.equal((views as unknown[]).length, specs.length);
    for (const [display, image, children] of views as Array<[string, boolean, number]>) {
      assert.deepEqual([display !== "none", image, children], [true, true, 0], `${label}: without script the static image shows`);
    }
    assert.deepEqual(still.refused, [], `${label}: nothing requested without script either`);
  } finally {
    await still.context.close();
  }
}

/** A fresh folder under the project's reports/ (pages link Results only from inside the project), removed at exit. */
function reportsDir(): string {
  fs.mkdirSync(path.join(ROOT, "reports"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(ROOT, "reports", "test-page-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("interactive charts in exported pages", () => {
  let browser: Browser | undefined;
  const out = reportsDir();
  let page = "";

  before(async () => {
    const r = await runCli(["notebooks", "01", "--profile", "tiny", "--out", out], { env: { PARLAB_RESULT: RESULT, PARLAB_RESULTS_DIR: tempDir() } });
    assert.equal(r.code, 0, r.stderr);
    page = path.join(out, "01-scaling.html");
  });
  after(async () => {
    await browser?.close();
  });
  const chromium = async () => {
    const { chromium } = await import("playwright-core");
    browser ??= await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
    return browser;
  };

  it("the script export inlines the libraries once for all its charts, links its data and its Result", () => {
    const html = fs.readFileSync(page, "utf8");
    assert.ok(specsOf(html).length >= 3, "several charts");
    assertLibrariesOnce(html, "script export");
    assertDataLinks(html, "script export");
    const link = /<a class="result-file" href="([^"]+)">([^<]+)<\/a>/.exec(html);
    assert.ok(link, "the Result file the notebook printed is a link");
    assert.equal(path.resolve(out, decodeURIComponent(link[1]!)), RESULT, "relative to the page, it leads to the Result");
    assert.ok(!path.isAbsolute(decodeURIComponent(link[1]!)));
  });

  it("a page without charts gets no script", () => {
    const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
    assert.ok(!index.includes("<script"), "the index page has no script");
    const plain = htmlPage("no charts", "<p>text</p>");
    assert.equal(interactivePage(plain), plain);
  });

  it("in Chromium, offline: every chart draws, a hovered trial shows its values, nothing is requested, nothing logged; print shows the SVG", { skip: skipWithoutChromium() }, async () => {
    await checkInBrowser(await chromium(), page, "script export");
  });

  it("chart data that holds markup stays text: in the spec, the data links and the tooltip", { skip: skipWithoutChromium() }, async () => {
    const spec = {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      title: `title ${PAYLOAD}`,
      width: 200,
      height: 100,
      data: { values: [{ condition: PAYLOAD, value: 1 }, { condition: "b", value: 2 }] },
      mark: { type: "point", filled: true, size: 400 },
      encoding: { x: { field: "value", type: "quantitative" }, y: { field: "condition", type: "nominal" }, tooltip: [{ field: "condition" }, { field: "value" }] },
    };
    const html = interactivePage(htmlPage("hostile", chartFigure(spec, "<svg></svg>") + chartFigure(spec, "<svg></svg>")));
    assert.equal(specsOf(html).length, 2);
    assert.deepEqual(specsOf(html)[0], spec, "the spec survives its escaping");
    assert.ok(!/<img src=x/.test(html), "the payload never appears as markup");
    assertLibrariesOnce(html, "two charts");
    const file = path.join(tempDir(), "hostile.html");
    fs.writeFileSync(file, html);
    const { context, page, refused, problems, dialogs } = await openOffline(await chromium(), file);
    try {
      await drawnMarks(page);
      const text = await tooltipOf(page, 0);
      assert.ok(text.includes(PAYLOAD), `the tooltip shows the payload as text: ${JSON.stringify(text)}`);
      assert.equal(await page.locator("#vg-tooltip-element img").count(), 0, "no element made from it");
      assert.equal(await page.evaluate(`document.querySelectorAll("img, [onerror]").length`), 0);
      assert.deepEqual([refused, problems, dialogs], [[], [], []]);
    } finally {
      await context.close();
    }
  });

  it("the Jupyter export (nbconvert, tslab) draws its charts interactively offline too", { skip: skipWithoutJupyter() || skipWithoutChromium() }, async () => {
    // A kernelspec of this checkout's tslab, so the test needs no kernel registered system-wide.
    const jupyterPath = tempDir();
    fs.mkdirSync(path.join(jupyterPath, "kernels", "tslab"), { recursive: true });
    fs.writeFileSync(path.join(jupyterPath, "kernels", "tslab", "kernel.json"), JSON.stringify({
      argv: [path.join(ROOT, "node_modules", ".bin", "tslab"), "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript",
    }));
    const jupyterOut = tempDir();
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn("bash", [path.join(ROOT, "notebooks", "jupyter-html.sh"), "tslab", path.join(ROOT, "notebooks", "01-scaling.ipynb")], {
        cwd: ROOT,
        env: { ...process.env, JUPYTER_PATH: jupyterPath, OUT: jupyterOut, PARLAB_PROFILE: "tiny", PARLAB_RESULT: RESULT, PARLAB_RESULTS_DIR: tempDir() },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
      child.once("exit", (code) => (clearTimeout(timer), resolve({ code, stderr })));
    });
    assert.equal(r.code, 0, r.stderr.slice(-3000));
    const file = path.join(jupyterOut, "01-scaling.html");
    const html = fs.readFileSync(file, "utf8");
    assert.ok(specsOf(html).length >= 3, "several charts");
    assert.equal([...html.matchAll(/<figure class="output chart parlab-chart"><div class="chart-static">\s*<img class="chart"/g)].length, specsOf(html).length, "each chart keeps its SVG image as fallback");
    assertLibrariesOnce(html, "Jupyter export");
    assertDataLinks(html, "Jupyter export");
    // The styles and the fallback are the script export's, checked above; here the charts and tooltips.
    await checkInBrowser(await chromium(), file, "Jupyter export", false);
  });
});
