/**
 * The parts of an interactive page, without a browser: a chart's spec as a JSON block no data can
 * break out of, its rows as CSV and JSON, the page's finishing (policy first, styles, one script;
 * nothing for a page without charts, nothing for a spec that does not parse), Result paths as links,
 * and the Jupyter export's finishing script refusing bad input.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { chartCount, chartFigure, chartRows, chartScript, dataLinks, interactivePage, linkResultFiles, rowsToCsv, specJson } from "parlab/internal";
import { ROOT, tempDir } from "../helpers.ts";

const page = (body: string) => `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n</head>\n<body>\n<header>top</header>\n${body}\n</body>\n</html>\n`;

describe("interactive page parts", () => {
  it("a spec's JSON block holds no character that could end it or open markup, and parses back to the spec", () => {
    const spec = { title: "</script><!--<script>a & b\u2028c", data: { values: [{ condition: "</SCRIPT >" }] } };
    const json = specJson(spec);
    assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
    assert.deepEqual(JSON.parse(json), spec);
    const html = chartFigure(spec, "<svg></svg>");
    assert.equal(html.match(/<\/script>/g)?.length, 1, "the block ends once, where the lab ends it");
  });

  it("a chart's rows: top-level data first, else the first layer's; CSV quotes what needs quoting", () => {
    assert.deepEqual(chartRows({ data: { values: [{ a: 1 }] }, layer: [{ data: { values: [{ b: 2 }] } }] }), [{ a: 1 }]);
    assert.deepEqual(chartRows({ layer: [{ mark: "rule" }, { data: { values: [{ b: 2 }] } }] }), [{ b: 2 }]);
    assert.deepEqual(chartRows({ data: { url: "x.csv" } }), []);
    assert.equal(rowsToCsv([{ c: 'a "b", c', v: 1.5 }, { c: "line\nbreak", v: null, w: true }]), 'c,v,w\n"a ""b"", c",1.5,\n"line\nbreak",,true\n');
    const links = dataLinks({ title: { text: "Wall time (ms) — every trial" }, data: { values: [{ condition: "é", value: 1 }] } }, 2);
    assert.match(links, /download="chart-3-wall-time-ms-every-trial\.csv"/);
    const json = /href="data:application\/json;charset=utf-8;base64,([^"]+)"/.exec(links)!;
    assert.deepEqual(JSON.parse(Buffer.from(json[1]!, "base64").toString("utf8")), [{ condition: "é", value: 1 }], "UTF-8 survives");
  });

  it("a page with charts gets the policy first in its head, the styles, one script at the end and data links per chart", () => {
    const spec = { title: "t", data: { values: [{ v: 1 }] }, mark: "point" };
    const html = interactivePage(page(chartFigure(spec, "<svg></svg>") + chartFigure(spec, "<svg></svg>")));
    assert.equal(chartCount(html), 2);
    const head = html.slice(html.indexOf("<head>"), html.indexOf("</head>"));
    assert.ok(head.indexOf("Content-Security-Policy") < head.indexOf("<style>"), "the policy comes first");
    assert.ok(!html.slice(html.indexOf("<header>"), html.indexOf("</header>")).includes("Content-Security"), "<header> is not taken for <head>");
    assert.equal(html.split(`<script>${chartScript().text}</script>`).length, 2, "one script");
    assert.ok(html.indexOf("<script>") > html.lastIndexOf("</figure>"), "after the charts");
    assert.equal(html.match(/<p class="chart-data">/g)?.length, 2);
  });

  it("a page without charts, or whose spec block was forged, is left alone", () => {
    const plain = page("<p>no chart</p>");
    assert.equal(interactivePage(plain), plain);
    // Escaped text that reads like a spec block is text, not a chart.
    const escaped = page(`<pre>&lt;script type="application/json" class="parlab-chart-spec"&gt;{}&lt;/script&gt;</pre>`);
    assert.equal(interactivePage(escaped), escaped);
    // A block that does not parse keeps its place, gets no data links; the page still gets its script for the others.
    const broken = interactivePage(page(`<figure class="output chart parlab-chart"><script type="application/json" class="parlab-chart-spec">{nope</script></figure>`));
    assert.ok(!broken.includes(`class="chart-data"`));
  });

  it("Result paths in text outputs become links relative to the page, only for files that exist", () => {
    const root = tempDir();
    fs.mkdirSync(path.join(root, "data", "results"), { recursive: true });
    fs.writeFileSync(path.join(root, "data", "results", "scaling-1.json"), "{}");
    const abs = path.join(root, "data", "results", "scaling-1.json");
    const html = `<pre class="output text">Result in data/results/scaling-1.json; also ${abs}; not data/results/none.json</pre>` +
      `<p>data/results/scaling-1.json</p><pre class="output stderr">data/results/scaling-1.json</pre>`;
    const linked = linkResultFiles(html, path.join(root, "reports"), root);
    const hrefs = [...linked.matchAll(/<a class="result-file" href="([^"]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(hrefs, [["../data/results/scaling-1.json", "data/results/scaling-1.json"], ["../data/results/scaling-1.json", abs]]);
    assert.ok(linked.includes("not data/results/none.json"), "a missing file stays text");
    assert.ok(linked.endsWith(`<p>data/results/scaling-1.json</p><pre class="output stderr">data/results/scaling-1.json</pre>`), "only text outputs are linked");
    // A page outside the project links nothing: its links would have to name the folders above the project.
    assert.equal(linkResultFiles(html, tempDir(), root), html);
  });

  it("the Jupyter export's finishing script exits 2 naming what it needs", () => {
    const script = path.join(ROOT, "notebooks", "nbconvert", "finish-page.mjs");
    const none = spawnSync(process.execPath, [script], { encoding: "utf8" });
    assert.equal(none.status, 2);
    assert.match(none.stderr, /give the exported page and its notebook/);
    const missing = spawnSync(process.execPath, [script, path.join(tempDir(), "no.html"), "x.ipynb"], { encoding: "utf8" });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read the page .*no\.html/);
  });
});
