import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import {
  barsWithCi,
  distribution,
  ecdf,
  efficiency,
  scatter,
  SERIES_COLORS,
  seriesColors,
  speedup,
  timeline,
  VEGA_LITE_SCHEMA,
} from "parlab/charts";
import { renderSvg, type Chart } from "parlab";
import { compileVegaLite, svgToDataUri } from "parlab/internal";
import { createRng, summarize } from "parlab/stats";
import * as vega from "vega";
import { DENO, ROOT } from "../helpers.ts";

/** vega-statistics' quartiles, behind vega's box plots; vega exports it but its types do not declare it. */
const vegaQuartiles = (vega as unknown as { quartiles: (values: number[]) => [number, number, number] }).quartiles;

// ---------------------------------------------------------------------------------------------
// Fixtures: small but shaped like real results, so that mark counts are known in advance.

const conditions = ["baseline", "threads×4", "processes×4"];
const distRows = conditions.flatMap((condition, k) =>
  [0, 1, 2, 3, 4].map((i) => ({ condition, value: 100 + 20 * k + 3 * i + (k === 1 && i === 4 ? 60 : 0) }))
);

const workers = [1, 2, 4, 8];
const amdahl = (w: number, serial: number) => w / (1 + serial * (w - 1));
const speedupRows = ["processes", "threads"].flatMap((series, k) =>
  workers.map((w) => {
    const s = amdahl(w, 0.1 - 0.05 * k);
    return { series, workers: w, speedup: s, lo: s * 0.95, hi: s * 1.05 };
  })
);
const fitted = ["processes", "threads"].flatMap((series, k) =>
  Array.from({ length: 15 }, (_, i) => ({ series, workers: 1 + i / 2, speedup: amdahl(1 + i / 2, 0.1 - 0.05 * k) }))
);
const efficiencyRows = speedupRows.map((r) => ({
  series: r.series,
  workers: r.workers,
  efficiency: r.speedup / r.workers,
  lo: r.lo / r.workers,
  hi: r.hi / r.workers,
}));
const ecdfRows = ["threads", "processes"].flatMap((series, k) =>
  Array.from({ length: 40 }, (_, i) => ({ series, value: Math.exp(((i * 7919) % 40) / 10) * (1 + 0.3 * k) }))
);
const barRows = ["cluster", "reusePort"].flatMap((group, k) =>
  [1, 2, 3, 4].map((w) => ({ group, category: `worker ${w}`, value: 0.25 + (k === 0 ? (w - 2.5) * 0.05 : 0), lo: 0.2, hi: 0.3 }))
);
const timelineRows = ["cpu", "memory"].flatMap((series, k) =>
  Array.from({ length: 20 }, (_, i) => ({ tMs: i * 250, series, value: 50 + 10 * k + 40 * Math.sin(i / 4) }))
);
const scatterRows = [
  { series: "threads", x: 5400, y: 12.5, xLo: 5200, xHi: 5600, yLo: 11.9, yHi: 13.4 },
  { series: "processes", x: 5100, y: 10.1, yLo: 9.8, yHi: 10.9 },
  { series: "baseline", x: 1500, y: 8 },
];

/** Every builder once, with how many data marks of each kind its SVG must hold. */
const cases: { chart: Chart; marks: Record<string, number>; texts?: string[] }[] = [
  {
    chart: distribution(distRows, { id: "dist", title: "Wall time", valueTitle: "wall time (ms)" }),
    marks: { symbol: 15 },
  },
  {
    chart: distribution(distRows, { id: "dist-log", title: "Wall time", valueTitle: "wall time (ms)", log: true }),
    marks: { symbol: 15 },
  },
  {
    chart: speedup(speedupRows, { id: "speedup", title: "Speedup", cores: 6, fitted }),
    // Points: 2 series × 4 worker counts; the errorbar draws one rule per point.
    marks: { symbol: 8, rule: 8 + 1 },
    texts: ["ideal", "cores", "fitted"],
  },
  {
    chart: efficiency(efficiencyRows, { id: "efficiency", title: "Efficiency" }),
    marks: { symbol: 8, rule: 8 + 1 },
    texts: ["100%"],
  },
  { chart: ecdf(ecdfRows, { id: "ecdf", title: "Latency", valueTitle: "latency (ms)", log: true }), marks: { line: 2 } },
  {
    chart: barsWithCi(barRows, { id: "bars", title: "Share", valueTitle: "share of connections", ideal: 0.25, idealLabel: "1/k" }),
    marks: { rect: 8, rule: 8 + 1 },
    texts: ["1/k"],
  },
  { chart: timeline(timelineRows, { id: "timeline", title: "Machine", valueTitle: "CPU use (%)" }), marks: { line: 2 } },
  {
    chart: scatter(scatterRows, { id: "scatter", title: "Trade-off", xTitle: "throughput (req/s)", yTitle: "p99 latency (ms)" }),
    // One x bar and two y bars.
    marks: { symbol: 3, rule: 3 },
  },
];

/** Number of drawn items per data-mark group of the given vega mark type (legends and axes excluded). */
function markItems(svg: string, type: string): number {
  const groups = svg.matchAll(new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>(.*?)</g>`, "g"));
  let n = 0;
  for (const [, inner] of groups) n += (inner.match(/<(path|line|text|rect)\b/g) ?? []).length;
  return n;
}

async function render(chart: Chart): Promise<{ svg: string; warnings: string[] }> {
  const warnings: string[] = [];
  const svg = await renderSvg(chart.spec, { onWarning: (m) => warnings.push(m) });
  return { svg, warnings };
}

// ---------------------------------------------------------------------------------------------

for (const { chart, marks, texts } of cases) {
  test(`${chart.id}: a vega-lite v5 spec with inline data that compiles without warnings`, () => {
    const spec = chart.spec;
    assert.equal(spec.$schema, VEGA_LITE_SCHEMA);
    assert.equal(spec.width, 480);
    assert.equal(typeof spec.height, "number");
    assert.ok(Array.isArray((spec.data as { values?: unknown }).values));
    // Only the $schema names a URL; nothing in a spec may be loaded from anywhere.
    const json = JSON.stringify(spec);
    assert.deepEqual(json.match(/https?:\/\/[^"]*/g), [VEGA_LITE_SCHEMA]);
    assert.doesNotMatch(json, /"url"\s*:/);
    const { vega, warnings } = compileVegaLite(spec);
    assert.deepEqual(warnings, []);
    assert.ok(Array.isArray(vega.marks));
  });

  test(`${chart.id}: renders a self-contained SVG with a mark per datum`, async () => {
    const { svg, warnings } = await render(chart);
    assert.deepEqual(warnings, []);
    assert.ok(svg.startsWith("<svg"), svg.slice(0, 80));
    for (const [type, n] of Object.entries(marks)) assert.equal(markItems(svg, type), n, `mark-${type}`);
    for (const text of texts ?? []) assert.ok(svg.includes(`>${text}</text>`), `label "${text}"`);
    const urls = svg.replace(/ xmlns(:xlink)?="[^"]*"/g, "").match(/https?:\/\/|href=|<image|@import|url\((?!#)/g);
    assert.equal(urls, null);
  });
}

test("renderSvg is deterministic, also with clip paths whose ids vega numbers globally", async () => {
  const chart = speedup(speedupRows, { id: "s", title: "Speedup", cores: 6, fitted });
  const clipped = structuredClone(chart.spec) as { layer: { mark: Record<string, unknown> }[] };
  for (const layer of clipped.layer) layer.mark.clip = true;
  for (const spec of [chart.spec, clipped]) {
    const first = await renderSvg(spec);
    assert.equal(await renderSvg(spec), first);
  }
  assert.match(await renderSvg(clipped), /id="clip1"/);
});

test("titles, axis titles and series names are escaped in the SVG", async () => {
  const nasty = `<script>alert("x")</script> & co`;
  const charts = [
    distribution([{ condition: nasty, value: 1 }, { condition: "b&c", value: 2 }], {
      id: "d",
      title: nasty,
      valueTitle: `${nasty} (ms)`,
    }),
    speedup([{ series: nasty, workers: 1, speedup: 1, lo: 1, hi: 1 }], { id: "s", title: nasty }),
  ];
  for (const chart of charts) {
    const { svg } = await render(chart);
    assert.doesNotMatch(svg, /<script/i);
    assert.ok(svg.includes("&lt;script&gt;"));
    // Every ampersand starts an entity.
    assert.doesNotMatch(svg, /&(?!amp;|lt;|gt;|quot;|#x?[0-9a-fA-F]+;)/);
  }
});

test("builders copy their rows and rendering leaves specs untouched", async () => {
  const rows = structuredClone(speedupRows);
  const chart = speedup(rows, { id: "s", title: "Speedup" });
  const before = JSON.stringify(chart.spec);
  await renderSvg(chart.spec);
  assert.equal(JSON.stringify(chart.spec), before);
  assert.deepEqual(rows, speedupRows);
});

test("renderSvg refuses data that would have to be loaded", async () => {
  const spec = {
    $schema: VEGA_LITE_SCHEMA,
    data: { url: "https://example.com/data.csv" },
    mark: "point",
    encoding: { x: { field: "a", type: "quantitative" } },
  };
  await assert.rejects(renderSvg(spec), /inline data only/);
});

test("distribution orders conditions, flags Tukey outliers and honours given flags", () => {
  const chart = distribution(distRows, { id: "d", title: "t", valueTitle: "ms", order: ["processes×4", "nope"] });
  const spec = chart.spec as { encoding: { y: { sort: string[] } }; data: { values: { trial: string; condition: string }[] } };
  assert.deepEqual(spec.encoding.y.sort, ["processes×4", "baseline", "threads×4"]);
  const outliers = spec.data.values.filter((v) => v.trial === "outlier");
  assert.deepEqual(outliers.map((v) => v.condition), ["threads×4"]);

  const flagged = distribution(distRows.map((r, i) => ({ ...r, outlier: i === 0 })), { id: "d", title: "t", valueTitle: "ms" });
  const values = (flagged.spec.data as { values: { trial: string }[] }).values;
  assert.equal(values.filter((v) => v.trial === "outlier").length, 1);
  assert.equal(values[0].trial, "outlier");
});

test("outlier diamonds are the trials summarize() flags, beyond the fences vega's box plot draws", () => {
  const rng = createRng(5);
  for (let n = 1; n <= 40; n++) {
    // Skewed values with an occasional far trial, like timings on a busy machine.
    const values = Array.from({ length: n }, () => 100 * (1 - Math.log(1 - rng())) + (rng() < 0.15 ? 400 * rng() : 0));
    const chart = distribution(values.map((value) => ({ condition: "c", value })), { id: "d", title: "t", valueTitle: "ms" });
    const trials = (chart.spec.data as { values: { trial: string }[] }).values;
    const diamonds = trials.flatMap((t, i) => (t.trial === "outlier" ? [i] : []));
    assert.deepEqual(diamonds, summarize(values).outliers, `n = ${n}`);
    // vega's boxplot takes its quartiles from vega-statistics' quartiles (d3-array's type 7).
    const [q1, , q3] = vegaQuartiles(values) as number[];
    const reach = 1.5 * (q3 - q1);
    assert.deepEqual(diamonds, values.flatMap((v, i) => (v < q1 - reach || v > q3 + reach ? [i] : [])), `n = ${n}`);
  }
});

test("log scales leave out values ≤ 0 and non-finite values are dropped", () => {
  const rows = [{ series: "a", value: 0 }, { series: "a", value: -1 }, { series: "a", value: NaN }, { series: "a", value: 2 }];
  const values = (ecdf(rows, { id: "e", title: "t", valueTitle: "ms", log: true }).spec.data as { values: unknown[] }).values;
  assert.deepEqual(values, [{ series: "a", value: 2, fraction: 0, rank: 0 }, { series: "a", value: 2, fraction: 1, rank: 1 }]);
  const linear = (ecdf(rows, { id: "e", title: "t", valueTitle: "ms" }).spec.data as { values: unknown[] }).values;
  assert.equal(linear.length, 1 + 3);
});

test("series keep their colours across charts; overrides and fallbacks are distinct", () => {
  const colorOf = (chart: Chart, series: string) => {
    const layers = (chart.spec.layer as { encoding?: { color?: { scale?: { domain: string[]; range: string[] } } } }[]) ??
      [chart.spec];
    const scale = layers.map((l) => l.encoding?.color?.scale).find((s) => s !== undefined);
    assert.ok(scale);
    return scale.range[scale.domain.indexOf(series)];
  };
  const s = speedup(speedupRows, { id: "s", title: "t" });
  const e = ecdf(ecdfRows, { id: "e", title: "t", valueTitle: "ms" });
  for (const series of ["processes", "threads"]) {
    assert.equal(colorOf(s, series), SERIES_COLORS[series]);
    assert.equal(colorOf(e, series), SERIES_COLORS[series]);
  }

  assert.deepEqual(seriesColors(["threads", "x"], { x: "#123456" }).range, [SERIES_COLORS.threads, "#123456"]);
  const family = seriesColors(["threads×2", "threads×4", "cluster×4"]);
  assert.equal(family.range[0], SERIES_COLORS.threads);
  assert.notEqual(family.range[1], SERIES_COLORS.threads, "two lines of one family stay distinguishable");
  assert.equal(family.range[2], SERIES_COLORS.processes);
  assert.deepEqual(seriesColors(["threads×2", "threads×4"], {}, true).range, [SERIES_COLORS.threads, SERIES_COLORS.threads]);
  const unknown = seriesColors(["b", "a", "c"]);
  assert.equal(new Set(unknown.range).size, 3);
  // Fallbacks go by sorted name, so the same names get the same colours in any order.
  assert.equal(seriesColors(["a", "b", "c"]).range[1], unknown.range[0]);
});

test("every builder renders an empty chart without errors", async () => {
  const empty = [
    distribution([], { id: "d", title: "t", valueTitle: "ms" }),
    speedup([], { id: "s", title: "t", cores: 4 }),
    efficiency([], { id: "e", title: "t" }),
    ecdf([], { id: "c", title: "t", valueTitle: "ms", log: true }),
    barsWithCi([], { id: "b", title: "t", valueTitle: "share", ideal: 0.5 }),
    timeline([], { id: "l", title: "t", valueTitle: "%" }),
    scatter([], { id: "p", title: "t", xTitle: "x", yTitle: "y" }),
  ];
  for (const chart of empty) assert.ok((await renderSvg(chart.spec)).startsWith("<svg"), chart.id);
});

test("svgToDataUri encodes the whole document", () => {
  const uri = svgToDataUri(`<svg xmlns="http://www.w3.org/2000/svg"><text>a & b #1</text></svg>`);
  assert.ok(uri.startsWith("data:image/svg+xml;charset=utf-8,%3Csvg"));
  assert.doesNotMatch(uri.slice(5), /[<>#&" ]/);
});

const deno = DENO;
test(
  "renderSvg runs under Deno 2 and draws the same SVG as under Node",
  { skip: existsSync(deno) ? false : `no deno binary at ${deno}`, timeout: 120_000 },
  async () => {
    // Under Deno the package resolves through deno.json's import map, to the TypeScript source.
    const script = `
      import { renderSvg } from "parlab";
      import { distribution } from "parlab/charts";
      const rows = JSON.parse(${JSON.stringify(JSON.stringify(distRows))});
      const svg = await renderSvg(distribution(rows, { id: "d", title: "Wall time", valueTitle: "wall time (ms)" }).spec);
      Deno.stdout.writeSync(new TextEncoder().encode(svg));
    `;
    const { stdout } = await promisify(execFile)(deno, ["eval", "--ext=ts", script], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    });
    const node = await renderSvg(distribution(distRows, { id: "d", title: "Wall time", valueTitle: "wall time (ms)" }).spec);
    assert.ok(stdout.startsWith("<svg"), stdout.slice(0, 200));
    assert.equal(stdout, node);
  },
);
