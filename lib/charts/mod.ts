/**
 * Pure builders of vega-lite v5 charts for repeated-trial results. Each returns a {@linkcode Chart}
 * whose spec carries its data inline, so a chart renders offline and can be saved as JSON beside
 * its Result. Series keep their colour from chart to chart (processes blue, threads orange,
 * baseline grey), so a reader learns the legend once.
 * @module
 */

import type { Chart, Charts, VegaLiteSpec } from "../types.ts";

/** The vega-lite schema every spec declares. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** Default plot width, in CSS pixels. */
export const DEFAULT_WIDTH = 480;
/** Default plot height, in CSS pixels. */
export const DEFAULT_HEIGHT = 300;

/**
 * Fixed colours of the lab's usual series (Okabe–Ito, distinguishable with colour-blindness).
 * A series whose name contains one of these words ("threads×4") is drawn in its colour too,
 * unless another series in the same chart has already taken it.
 */
export const SERIES_COLORS: Readonly<Record<string, string>> = {
  processes: "#0072B2",
  threads: "#E69F00",
  baseline: "#7A7A7A",
};

/** Colours for series with no fixed colour, handed out in the series' sorted order. */
const FALLBACK_COLORS = ["#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#B8860B", "#8C564B", "#17BECF"];

/** Name fragments that mark a series as one of the usual kinds, for labels like "cluster×4". */
const FAMILIES: readonly [RegExp, string][] = [
  [/process|cluster|fork/i, "processes"],
  [/thread/i, "threads"],
  [/baseline|single|serial|sequential/i, "baseline"],
];

/** Options every builder takes. */
export interface ChartOptions {
  /** Names the chart's files; letters, digits, `-` and `_` are safest. */
  id: string;
  /** Shown above the plot; any text (it is escaped when rendered). */
  title: string;
  /** Colour per series name, overriding {@linkcode SERIES_COLORS} and the fallback palette. */
  colors?: Record<string, string>;
  /** Plot width in CSS pixels (default 480). */
  width?: number;
  /** Plot height in CSS pixels (default 300; the distribution grows with its conditions). */
  height?: number;
}

/** A colour scale: the series names and their colours, index by index. */
export interface ColorScale {
  domain: string[];
  range: string[];
}

/**
 * The colour of each series name: `colors` first, then {@linkcode SERIES_COLORS} by exact name,
 * then by family word, then a fallback palette. With `shareFamily`, several names of one family
 * ("threads×2", "threads×4") share its colour; without it each name gets its own colour.
 *
 * @example
 * ```ts
 * seriesColors(["threads", "processes"]); // {domain: ["threads", "processes"], range: ["#E69F00", "#0072B2"]}
 * ```
 */
export function seriesColors(
  names: readonly string[],
  colors: Record<string, string> = {},
  shareFamily = false,
): ColorScale {
  const domain = [...new Set(names)];
  const chosen = new Map<string, string>();
  const used = new Set<string>();
  const take = (name: string, color: string) => {
    chosen.set(name, color);
    used.add(color);
  };
  // Exact matches first, so that "threads" keeps orange even when "threads×2" is listed before it.
  for (const name of domain) {
    // hasOwn, because a series may well be called "constructor" or "toString".
    const exact = Object.hasOwn(colors, name) ? colors[name] : Object.hasOwn(SERIES_COLORS, name) ? SERIES_COLORS[name] : undefined;
    if (exact !== undefined) take(name, exact);
  }
  for (const name of domain) {
    if (chosen.has(name)) continue;
    const family = FAMILIES.find(([pattern]) => pattern.test(name))?.[1];
    const color = family === undefined ? undefined : (colors[family] ?? SERIES_COLORS[family]);
    if (color !== undefined && (shareFamily || !used.has(color))) take(name, color);
  }
  const rest = domain.filter((name) => !chosen.has(name)).sort();
  const free = FALLBACK_COLORS.filter((c) => !used.has(c));
  rest.forEach((name, i) => take(name, free[i % Math.max(free.length, 1)] ?? FALLBACK_COLORS[i % FALLBACK_COLORS.length]));
  return { domain, range: domain.map((name) => chosen.get(name) as string) };
}

function colorEncoding(names: readonly string[], opts: ChartOptions, title: string | null = "series") {
  return {
    field: "series",
    type: "nominal",
    title,
    scale: seriesColors(names, opts.colors),
    sort: [...new Set(names)],
  };
}

function base(opts: ChartOptions, values: object[], height = DEFAULT_HEIGHT): VegaLiteSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: opts.title, anchor: "start" },
    width: opts.width ?? DEFAULT_WIDTH,
    height: opts.height ?? height,
    data: { values },
    config: { font: "sans-serif", view: { stroke: "#ddd" } },
  };
}

function chart(opts: ChartOptions, spec: VegaLiteSpec): Chart {
  return { id: opts.id, title: opts.title, spec };
}

const finite = (...xs: unknown[]) => xs.every((x) => typeof x === "number" && Number.isFinite(x));
const positive = (x: number) => x > 0;

/** Quantile by linear interpolation (type 7), as vega computes a box plot's quartiles. */
function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)]) - sorted[lo]);
}

/** Flags values beyond Tukey's fences (1.5 IQR outside the quartiles), matching the whiskers drawn. */
function tukeyFlags(values: readonly number[]): boolean[] {
  const sorted = [...values].sort((a, b) => a - b);
  const q1 = quantile(sorted, 0.25);
  const q3 = quantile(sorted, 0.75);
  const reach = 1.5 * (q3 - q1);
  return values.map((v) => v < q1 - reach || v > q3 + reach);
}

/** A low-discrepancy jitter in [−0.5, 0.5): evenly spread and the same on every render, unlike `random()`. */
const jitter = (i: number) => (((i + 0.5) * 0.6180339887498949) % 1) - 0.5;

// ---------------------------------------------------------------------------------------------

/** One trial of one condition. */
export interface DistributionRow {
  condition: string;
  /** The measured value, in the unit `valueTitle` names. */
  value: number;
  /** True for a Tukey outlier; computed from the condition's values when absent. */
  outlier?: boolean;
  /** Colour key (e.g. "threads"); defaults to the condition, coloured by its family word. */
  series?: string;
}

/** Options of {@linkcode distribution}. */
export interface DistributionOptions extends ChartOptions {
  /** Axis title of the values, with the unit: "wall time (ms)". */
  valueTitle: string;
  /** Top-to-bottom order of conditions; conditions not listed follow in order of appearance. */
  order?: string[];
  /** Log scale for the values; values ≤ 0 are then left out. */
  log?: boolean;
}

/**
 * Distribution of one measured value per condition, in the unit of `valueTitle`: a box plot
 * (median, quartiles, Tukey whiskers at 1.5 IQR) with every trial on top as a jittered point,
 * outliers drawn as diamonds. Conditions run down the y axis. Non-finite values are left out.
 *
 * @example
 * ```ts
 * distribution([{ condition: "threads×4", value: 812 }, { condition: "processes×4", value: 845 }],
 *   { id: "cpu-wall", title: "Wall time per trial", valueTitle: "wall time (ms)" });
 * ```
 */
export function distribution(rows: readonly DistributionRow[], opts: DistributionOptions): Chart {
  const kept = rows.filter((r) => finite(r.value) && (!opts.log || positive(r.value)));
  const appearing = [...new Set(kept.map((r) => r.condition))];
  const listed = (opts.order ?? []).filter((c) => appearing.includes(c));
  const order = [...new Set([...listed, ...appearing])];

  const byCondition = new Map<string, DistributionRow[]>();
  for (const row of kept) byCondition.set(row.condition, [...(byCondition.get(row.condition) ?? []), row]);
  const values: object[] = [];
  for (const condition of order) {
    const group = byCondition.get(condition) ?? [];
    const flags = tukeyFlags(group.map((r) => r.value));
    group.forEach((r, i) => {
      values.push({
        condition,
        series: r.series ?? condition,
        value: r.value,
        trial: (r.outlier ?? flags[i]) ? "outlier" : "trial",
        jitter: jitter(i),
      });
    });
  }
  const series = values.map((v) => (v as { series: string }).series);
  const color = { ...colorEncoding(series, opts, null), scale: seriesColors(series, opts.colors, true), legend: null };
  const x = {
    field: "value",
    type: "quantitative",
    title: opts.valueTitle,
    scale: opts.log ? { type: "log", nice: false, padding: 12 } : { zero: false, padding: 12 },
  };
  return chart(opts, {
    ...base(opts, values, Math.max(120, 48 * order.length)),
    encoding: { y: { field: "condition", type: "nominal", title: "condition", sort: order } },
    layer: [
      {
        mark: {
          type: "boxplot",
          extent: 1.5,
          outliers: false,
          size: 18,
          box: { opacity: 0.35 },
          median: { color: "#222", strokeWidth: 2 },
          rule: { color: "#555" },
          ticks: { color: "#555", size: 10 },
        },
        encoding: { x, color },
      },
      {
        mark: { type: "point", filled: true, opacity: 0.85, stroke: "#222", strokeWidth: 0.5 },
        encoding: {
          size: { condition: { test: "datum.trial === 'outlier'", value: 100 }, value: 30 },
          x: { field: "value", type: "quantitative", title: opts.valueTitle },
          // Offsets span the middle of each band ([−1, 1] maps to the band), around the box.
          yOffset: { field: "jitter", type: "quantitative", scale: { domain: [-1, 1] } },
          color,
          shape: {
            field: "trial",
            type: "nominal",
            title: null,
            scale: { domain: ["trial", "outlier"], range: ["circle", "diamond"] },
            legend: { orient: "bottom", labelExpr: "datum.label == 'outlier' ? 'Tukey outlier' : 'trial'" },
          },
        },
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------

/** Speedup of one series at one worker count, with its confidence interval. */
export interface SpeedupRow {
  series: string;
  /** Number of workers (threads or processes). */
  workers: number;
  /** Speedup over the single-worker (or baseline) time, as a factor: 3.2 = 3.2× faster. */
  speedup: number;
  lo: number;
  hi: number;
}

/** A point of a fitted speedup curve (e.g. Amdahl's law), as a factor. */
export interface FittedPoint {
  series: string;
  workers: number;
  speedup: number;
}

/** Options of {@linkcode speedup}. */
export interface SpeedupOptions extends ChartOptions {
  /** Number of CPU cores, marked by a vertical rule. */
  cores?: number;
  /** Fitted curves, drawn dashed in their series' colour. */
  fitted?: FittedPoint[];
  /** Y axis title (default "speedup (× vs 1 worker)"). */
  yTitle?: string;
}

const WORKERS_AXIS = { title: "workers (count)", tickMinStep: 1, format: "d" };
/** Worker counts start at 1, so a zero on the axis would only waste space. */
const WORKERS_X = { field: "workers", type: "quantitative", axis: WORKERS_AXIS, scale: { zero: false } };

function workerRange(xs: readonly number[], cores?: number): [number, number] {
  const all = [...xs, ...(cores !== undefined && finite(cores) ? [cores] : [])];
  return all.length === 0 ? [1, 1] : [Math.min(1, ...all), Math.max(...all)];
}

/** Layers of a labelled vertical rule at `cores`, or none; the label sits at the bottom, where curves rising from 1 worker rarely are. */
function coresLayers(cores: number | undefined, height: number): object[] {
  if (cores === undefined || !finite(cores)) return [];
  const data = { values: [{ cores }] };
  const x = { field: "cores", type: "quantitative" };
  return [
    { data, mark: { type: "rule", color: "#555", strokeDash: [2, 3] }, encoding: { x } },
    {
      data,
      mark: { type: "text", text: "cores", align: "left", baseline: "bottom", dx: 4, dy: -4, color: "#555" },
      encoding: { x, y: { value: height } },
    },
  ];
}

/** Layers of CI bars, a line and points per series, for a measure `field` on the y axis. */
function seriesLayers(field: string, y: object, color: object): object[] {
  const x = WORKERS_X;
  return [
    {
      mark: { type: "errorbar", ticks: { size: 8 } },
      encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
    },
    { mark: { type: "line", point: { filled: true, size: 45 } }, encoding: { x, y: { ...y, field }, color } },
  ];
}

/**
 * Speedup (a factor, × faster) against the number of workers: one line with points and CI bars per
 * series, the ideal y = x dashed and labelled "ideal", an optional rule at the core count, and
 * optional fitted curves (e.g. Amdahl's law) dashed in their series' colour.
 *
 * @example
 * ```ts
 * speedup([{ series: "threads", workers: 2, speedup: 1.9, lo: 1.8, hi: 2.0 }],
 *   { id: "cpu-speedup", title: "CPU-bound speedup", cores: 8 });
 * ```
 */
export function speedup(rows: readonly SpeedupRow[], opts: SpeedupOptions): Chart {
  const values = rows
    .filter((r) => finite(r.workers, r.speedup, r.lo, r.hi))
    .map((r) => ({ series: r.series, workers: r.workers, speedup: r.speedup, lo: r.lo, hi: r.hi }));
  const fitted = (opts.fitted ?? [])
    .filter((r) => finite(r.workers, r.speedup))
    .map((r) => ({ series: r.series, workers: r.workers, speedup: r.speedup, curve: "fitted" }));
  const color = colorEncoding([...values, ...fitted].map((r) => r.series), opts);
  const [from, to] = workerRange([...values, ...fitted].map((r) => r.workers), opts.cores);
  const y = { type: "quantitative", title: opts.yTitle ?? "speedup (× vs 1 worker)" };
  const x = WORKERS_X;
  const ideal = { values: [{ workers: from, speedup: from }, { workers: to, speedup: to }] };
  return chart(opts, {
    ...base(opts, values),
    layer: [
      {
        data: ideal,
        mark: { type: "line", color: "#888", strokeDash: [6, 4], strokeWidth: 1 },
        encoding: { x, y: { ...y, field: "speedup" } },
      },
      {
        data: { values: [ideal.values[1]] },
        mark: { type: "text", text: "ideal", align: "right", baseline: "bottom", dx: -4, dy: -4, color: "#666" },
        encoding: { x, y: { ...y, field: "speedup" } },
      },
      ...coresLayers(opts.cores, opts.height ?? DEFAULT_HEIGHT),
      ...(fitted.length === 0 ? [] : [{
        data: { values: fitted },
        mark: { type: "line", strokeDash: [5, 3], strokeWidth: 1.5, opacity: 0.9 },
        encoding: {
          x,
          y: { ...y, field: "speedup" },
          color,
          // A one-entry legend says what the dashed curves are.
          strokeDash: { field: "curve", type: "nominal", title: null, scale: { domain: ["fitted"], range: [[5, 3]] } },
        },
      }]),
      ...seriesLayers("speedup", y, color),
    ],
  });
}

// ---------------------------------------------------------------------------------------------

/** Parallel efficiency (speedup / workers, 1 = perfect) of one series at one worker count. */
export interface EfficiencyRow {
  series: string;
  workers: number;
  /** Fraction of ideal: 0.8 = 80% efficient. */
  efficiency: number;
  lo: number;
  hi: number;
}

/** Options of {@linkcode efficiency}. */
export interface EfficiencyOptions extends ChartOptions {
  /** Number of CPU cores, marked by a vertical rule. */
  cores?: number;
}

/**
 * Parallel efficiency (speedup ÷ workers, shown in %) against the number of workers, one line with
 * points and CI bars per series, with a dashed rule at 100% (perfect scaling).
 *
 * @example
 * ```ts
 * efficiency([{ series: "processes", workers: 4, efficiency: 0.91, lo: 0.88, hi: 0.93 }],
 *   { id: "cpu-efficiency", title: "Parallel efficiency" });
 * ```
 */
export function efficiency(rows: readonly EfficiencyRow[], opts: EfficiencyOptions): Chart {
  const values = rows
    .filter((r) => finite(r.workers, r.efficiency, r.lo, r.hi))
    .map((r) => ({ series: r.series, workers: r.workers, efficiency: r.efficiency, lo: r.lo, hi: r.hi }));
  const color = colorEncoding(values.map((r) => r.series), opts);
  const y = {
    type: "quantitative",
    title: "parallel efficiency (% of ideal)",
    axis: { format: "%" },
    scale: { domainMin: 0 },
  };
  return chart(opts, {
    ...base(opts, values),
    layer: [
      {
        data: { values: [{ efficiency: 1 }] },
        mark: { type: "rule", color: "#888", strokeDash: [6, 4] },
        encoding: { y: { ...y, field: "efficiency" } },
      },
      {
        data: { values: [{ efficiency: 1 }] },
        mark: { type: "text", text: "100%", align: "right", baseline: "bottom", dy: -3, color: "#666" },
        encoding: { y: { ...y, field: "efficiency" }, x: { value: opts.width ?? DEFAULT_WIDTH } },
      },
      ...coresLayers(opts.cores, opts.height ?? DEFAULT_HEIGHT),
      ...seriesLayers("efficiency", y, color),
    ],
  });
}

// ---------------------------------------------------------------------------------------------

/** One observed value of one series. */
export interface EcdfRow {
  series: string;
  /** The value, in the unit `valueTitle` names. */
  value: number;
}

/** Options of {@linkcode ecdf}. */
export interface EcdfOptions extends ChartOptions {
  /** Axis title of the values, with the unit: "latency (ms)". */
  valueTitle: string;
  /** Log scale for the values; values ≤ 0 are then left out. */
  log?: boolean;
}

/**
 * Empirical cumulative distribution per series: the share of values (in %) at or below each value,
 * as a step line. The fractions are computed here, so the spec holds one point per value plus a
 * starting point at 0% per series. Non-finite values are left out.
 *
 * @example
 * ```ts
 * ecdf([{ series: "threads", value: 1.2 }, { series: "threads", value: 1.9 }],
 *   { id: "latency-ecdf", title: "Request latency", valueTitle: "latency (ms)", log: true });
 * ```
 */
export function ecdf(rows: readonly EcdfRow[], opts: EcdfOptions): Chart {
  const bySeries = new Map<string, number[]>();
  for (const r of rows) {
    if (!finite(r.value) || (opts.log && !positive(r.value))) continue;
    bySeries.set(r.series, [...(bySeries.get(r.series) ?? []), r.value]);
  }
  const values: object[] = [];
  for (const [series, xs] of bySeries) {
    const sorted = [...xs].sort((a, b) => a - b);
    values.push({ series, value: sorted[0], fraction: 0, rank: 0 });
    sorted.forEach((value, i) => values.push({ series, value, fraction: (i + 1) / sorted.length, rank: i + 1 }));
  }
  return chart(opts, {
    ...base(opts, values),
    mark: { type: "line", interpolate: "step-after" },
    encoding: {
      x: {
        field: "value",
        type: "quantitative",
        title: opts.valueTitle,
        scale: opts.log ? { type: "log", nice: false, padding: 12 } : { zero: false, padding: 12 },
      },
      y: {
        field: "fraction",
        type: "quantitative",
        title: "cumulative share of values (%)",
        axis: { format: "%" },
        scale: { domain: [0, 1] },
      },
      // Ties put several points at one x; the rank keeps the steps in order.
      order: { field: "rank", type: "quantitative" },
      color: colorEncoding([...bySeries.keys()], opts),
    },
  });
}

// ---------------------------------------------------------------------------------------------

/** One bar: a value of one group (coloured) in one category (on the x axis), with an optional CI. */
export interface BarRow {
  group: string;
  category: string;
  /** The value, in the unit `valueTitle` names. */
  value: number;
  lo?: number;
  hi?: number;
}

/** Options of {@linkcode barsWithCi}. */
export interface BarsOptions extends ChartOptions {
  /** Axis title of the values, with the unit: "share of requests (%)". */
  valueTitle: string;
  /** Value of a dashed horizontal reference rule, e.g. 1/k for an even share over k workers. */
  ideal?: number;
  /** Label of the reference rule (default "ideal"). */
  idealLabel?: string;
  /** Axis title of the categories (default "category"). */
  categoryTitle?: string;
}

/**
 * Grouped bars: categories along x, groups side by side in their colours, with CI whiskers where a
 * row has `lo` and `hi`, and an optional dashed reference rule (e.g. each worker's share vs 1/k).
 * Values are in the unit of `valueTitle`.
 *
 * @example
 * ```ts
 * barsWithCi([{ group: "cluster", category: "worker 1", value: 0.41, lo: 0.38, hi: 0.44 }],
 *   { id: "share", title: "Share of connections", valueTitle: "share of connections", ideal: 0.25, idealLabel: "1/k" });
 * ```
 */
export function barsWithCi(rows: readonly BarRow[], opts: BarsOptions): Chart {
  const values = rows
    .filter((r) => finite(r.value))
    .map((r) => ({ series: r.group, category: r.category, value: r.value }));
  const cis = rows
    .filter((r) => finite(r.value, r.lo, r.hi))
    .map((r) => ({ series: r.group, category: r.category, lo: r.lo, hi: r.hi }));
  const categories = [...new Set(values.map((r) => r.category))];
  const groups = [...new Set(values.map((r) => r.series))];
  const x = { field: "category", type: "nominal", title: opts.categoryTitle ?? "category", sort: categories, axis: { labelAngle: 0 } };
  const xOffset = { field: "series", type: "nominal", sort: groups, scale: { domain: groups } };
  const y = { type: "quantitative", title: opts.valueTitle };
  const ideal = opts.ideal !== undefined && finite(opts.ideal) ? { values: [{ value: opts.ideal }] } : undefined;
  return chart(opts, {
    ...base(opts, values),
    layer: [
      { mark: { type: "bar" }, encoding: { x, xOffset, y: { ...y, field: "value" }, color: colorEncoding(groups, opts) } },
      ...(cis.length === 0 ? [] : [{
        data: { values: cis },
        mark: { type: "rule", color: "#222", strokeWidth: 1.5 },
        encoding: { x, xOffset, y: { ...y, field: "lo" }, y2: { field: "hi" } },
      }]),
      ...(ideal === undefined ? [] : [
        { data: ideal, mark: { type: "rule", color: "#444", strokeDash: [6, 4] }, encoding: { y: { ...y, field: "value" } } },
        {
          data: ideal,
          mark: { type: "text", text: opts.idealLabel ?? "ideal", align: "right", baseline: "bottom", dy: -3, color: "#444" },
          encoding: { y: { ...y, field: "value" }, x: { value: opts.width ?? DEFAULT_WIDTH } },
        },
      ]),
    ],
  });
}

// ---------------------------------------------------------------------------------------------

/** One reading of one series at a time since the start. */
export interface TimelineRow {
  /** Milliseconds since the start of the run. */
  tMs: number;
  series: string;
  /** The reading, in the unit `valueTitle` names. */
  value: number;
}

/** Options of {@linkcode timeline}. */
export interface TimelineOptions extends ChartOptions {
  /** Axis title of the readings, with the unit: "CPU use (%)". */
  valueTitle: string;
}

/**
 * Readings over time, one line per series: seconds since the start on x, the reading in the unit
 * of `valueTitle` on y.
 *
 * @example
 * ```ts
 * timeline(result.samples.map((s) => ({ tMs: s.tMs, series: "machine", value: s.cpuPercent })),
 *   { id: "cpu-use", title: "Machine CPU use", valueTitle: "CPU use (%)" });
 * ```
 */
export function timeline(rows: readonly TimelineRow[], opts: TimelineOptions): Chart {
  const values = rows
    .filter((r) => finite(r.tMs, r.value))
    .map((r) => ({ series: r.series, t: r.tMs / 1000, value: r.value }));
  return chart(opts, {
    ...base(opts, values),
    mark: { type: "line", strokeWidth: 1.5 },
    encoding: {
      x: { field: "t", type: "quantitative", title: "time since start (s)" },
      y: { field: "value", type: "quantitative", title: opts.valueTitle },
      color: colorEncoding(values.map((r) => r.series), opts),
    },
  });
}

// ---------------------------------------------------------------------------------------------

/** One point of a trade-off plot, with optional CIs on either axis. */
export interface ScatterRow {
  series: string;
  /** In the unit `xTitle` names. */
  x: number;
  /** In the unit `yTitle` names. */
  y: number;
  xLo?: number;
  xHi?: number;
  yLo?: number;
  yHi?: number;
}

/** Options of {@linkcode scatter}. */
export interface ScatterOptions extends ChartOptions {
  /** Axis titles, with units: "throughput (req/s)", "p99 latency (ms)". */
  xTitle: string;
  yTitle: string;
}

/**
 * Points of a trade-off (e.g. throughput against latency), coloured by series, with CI bars on x
 * and/or y where a row has both ends. Units are those of `xTitle` and `yTitle`.
 *
 * @example
 * ```ts
 * scatter([{ series: "threads", x: 5400, y: 12.5, yLo: 11.9, yHi: 13.4 }],
 *   { id: "tradeoff", title: "Throughput vs tail latency", xTitle: "throughput (req/s)", yTitle: "p99 latency (ms)" });
 * ```
 */
export function scatter(rows: readonly ScatterRow[], opts: ScatterOptions): Chart {
  const kept = rows.filter((r) => finite(r.x, r.y));
  const values = kept.map((r) => ({ series: r.series, x: r.x, y: r.y }));
  const xBars = kept.filter((r) => finite(r.xLo, r.xHi)).map((r) => ({ series: r.series, y: r.y, lo: r.xLo, hi: r.xHi }));
  const yBars = kept.filter((r) => finite(r.yLo, r.yHi)).map((r) => ({ series: r.series, x: r.x, lo: r.yLo, hi: r.yHi }));
  const color = colorEncoding(values.map((r) => r.series), opts);
  // Padding keeps the extreme points off the axes, where they would hide behind the ticks.
  const x = { type: "quantitative", title: opts.xTitle, scale: { zero: false, padding: 16 } };
  const y = { type: "quantitative", title: opts.yTitle, scale: { zero: false, padding: 16 } };
  return chart(opts, {
    ...base(opts, values),
    layer: [
      ...(xBars.length === 0 ? [] : [{
        data: { values: xBars },
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: { x: { ...x, field: "lo" }, x2: { field: "hi" }, y: { ...y, field: "y" }, color },
      }]),
      ...(yBars.length === 0 ? [] : [{
        data: { values: yBars },
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: { x: { ...x, field: "x" }, y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
      }]),
      {
        mark: { type: "point", filled: true, size: 60, stroke: "#222", strokeWidth: 0.5, opacity: 1 },
        encoding: { x: { ...x, field: "x" }, y: { ...y, field: "y" }, color },
      },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Footprint: what a worker weighs.

/** One trial's value of one series at one worker count. */
export interface WorkerValueRow {
  series: string;
  workers: number;
  /** The value, in the unit `valueTitle` names. */
  value: number;
}

/** Options of {@linkcode trialsWithLines}. */
export interface TrialsWithLinesOptions extends ChartOptions {
  /** Axis title of the values, with the unit: "memory added (MiB)". */
  valueTitle: string;
  /** Points of fitted lines (at least the two ends per series), drawn dashed in their series' colour. */
  fitted?: readonly WorkerValueRow[];
  /** Number of CPU cores, marked by a vertical rule. */
  cores?: number;
}

/**
 * Every trial as a point against the number of workers, one colour per series, with a fitted line
 * per series (dashed): how a quantity grows with each added worker, and how well a line explains it.
 *
 * @example
 * ```ts
 * trialsWithLines([{ series: "processes", workers: 4, value: 180 }],
 *   { id: "rss", title: "Resident memory added", valueTitle: "RSS added (MiB)",
 *     fitted: [{ series: "processes", workers: 1, value: 45 }, { series: "processes", workers: 4, value: 180 }] });
 * ```
 */
export function trialsWithLines(rows: readonly WorkerValueRow[], opts: TrialsWithLinesOptions): Chart {
  const values = rows.filter((r) => finite(r.workers, r.value)).map((r) => ({ series: r.series, workers: r.workers, value: r.value }));
  const fitted = (opts.fitted ?? []).filter((r) => finite(r.workers, r.value)).map((r) => ({ series: r.series, workers: r.workers, value: r.value, curve: "fitted line" }));
  const color = colorEncoding([...values, ...fitted].map((r) => r.series), opts);
  const y = { field: "value", type: "quantitative", title: opts.valueTitle };
  // A linear axis, so that a line fitted in n looks straight; ticked only where measured, so 1, 2 does not read "1, 2, 2".
  const ns = [...new Set(values.map((r) => r.workers))].sort((a, b) => a - b);
  const x = { ...WORKERS_X, scale: { zero: false, padding: 12 }, axis: { ...WORKERS_AXIS, values: ns } };
  return chart(opts, {
    ...base(opts, values),
    layer: [
      ...coresLayers(opts.cores, opts.height ?? DEFAULT_HEIGHT),
      ...(fitted.length === 0 ? [] : [{
        data: { values: fitted },
        mark: { type: "line", strokeDash: [5, 3], strokeWidth: 1.5 },
        encoding: {
          x,
          y,
          color,
          detail: { field: "series", type: "nominal" },
          strokeDash: { field: "curve", type: "nominal", title: null, scale: { domain: ["fitted line"], range: [[5, 3]] } },
        },
      }]),
      { mark: { type: "point", filled: true, size: 40, opacity: 0.75 }, encoding: { x, y, color } },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Messaging experiment

/** One point of a series against payload size, with an optional CI band. */
export interface SizeSeriesRow {
  series: string;
  /** Panel (small multiple) the point belongs to, e.g. the payload kind; one panel when absent. */
  panel?: string;
  /** Second grouping drawn as the line's dash pattern, e.g. the runtime of an overlaid Result. */
  style?: string;
  /** Payload size in bytes. */
  sizeBytes: number;
  /** The value, in the unit `yTitle` names. */
  y: number;
  lo?: number;
  hi?: number;
}

/** Options of {@linkcode sizeSeries}. */
export interface SizeSeriesOptions extends ChartOptions {
  /** Axis title of the values, with the unit: "round-trip latency (ms)". */
  yTitle: string;
  /** Axis title of the sizes (default "payload size"). */
  xTitle?: string;
  /** Log scale for the values (default true); values ≤ 0 are then left out. */
  logY?: boolean;
  /** Value of a dashed horizontal reference rule, e.g. 1 for a ratio. */
  reference?: number;
  /** Legend title of the dash patterns (default "style"). */
  styleTitle?: string;
}

/** Byte counts as axis labels: 64 B, 4 KiB, 16 MiB. */
const BYTES_LABEL =
  "datum.value >= 1073741824 ? format(datum.value / 1073741824, '~g') + ' GiB' : datum.value >= 1048576 ? format(datum.value / 1048576, '~g') + ' MiB' : datum.value >= 1024 ? format(datum.value / 1024, '~g') + ' KiB' : format(datum.value, '~g') + ' B'";

/**
 * Values against payload size on log–log axes (sizes in bytes, labelled 64 B … 16 MiB at the sizes
 * measured): a line with points per series, a translucent CI band where rows have `lo` and `hi`, one
 * panel per `panel` side by side with a shared y axis, dash patterns per `style` (for overlaying
 * runs), and an optional dashed reference rule.
 *
 * @example
 * ```ts
 * sizeSeries([{ series: "thread-clone", panel: "buffer", sizeBytes: 64, y: 0.03, lo: 0.028, hi: 0.033 }],
 *   { id: "latency", title: "Round-trip latency", yTitle: "p50 round trip (ms)" });
 * ```
 */
export function sizeSeries(rows: readonly SizeSeriesRow[], opts: SizeSeriesOptions): Chart {
  const logY = opts.logY ?? true;
  const ok = (y: unknown) => finite(y) && (!logY || positive(y as number));
  const kept = rows.filter((r) => finite(r.sizeBytes) && positive(r.sizeBytes) && ok(r.y));
  const values = kept.map((r) => ({
    series: r.series, panel: r.panel ?? "", style: r.style ?? "", x: r.sizeBytes, y: r.y,
    ...(ok(r.lo) && ok(r.hi) ? { lo: r.lo, hi: r.hi } : {}),
  }));
  const panels = [...new Set(values.map((v) => v.panel))];
  const styles = [...new Set(values.map((v) => v.style))];
  const sizes = [...new Set(values.map((v) => v.x))].sort((a, b) => a - b);
  const color = colorEncoding(values.map((v) => v.series), opts);
  const x = {
    field: "x", type: "quantitative", title: opts.xTitle ?? "payload size",
    scale: { type: "log", base: 2, nice: false },
    axis: { values: sizes, labelExpr: BYTES_LABEL, labelAngle: -45, grid: true },
  };
  const y = { type: "quantitative", title: opts.yTitle, scale: logY ? { type: "log", nice: false } : { zero: false } };
  const dash = styles.length > 1
    ? { strokeDash: { field: "style", type: "nominal", title: opts.styleTitle ?? "style", sort: styles } }
    : {};
  const shape = styles.length > 1 ? { shape: { field: "style", type: "nominal", title: opts.styleTitle ?? "style", sort: styles } } : {};
  const layer: object[] = [
    {
      transform: [{ filter: "isValid(datum.lo) && isValid(datum.hi)" }],
      mark: { type: "area", opacity: 0.18 },
      encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color, detail: { field: "style", type: "nominal" } },
    },
    { mark: { type: "line", strokeWidth: 1.6 }, encoding: { x, y: { ...y, field: "y" }, color, ...dash } },
    { mark: { type: "point", filled: true, size: 36 }, encoding: { x, y: { ...y, field: "y" }, color, ...shape } },
    ...(opts.reference !== undefined && finite(opts.reference)
      ? [{ mark: { type: "rule", color: "#444", strokeDash: [6, 4] }, encoding: { y: { datum: opts.reference, type: "quantitative" } } }]
      : []),
  ];
  const width = opts.width ?? (panels.length > 1 ? 300 : DEFAULT_WIDTH);
  const height = opts.height ?? DEFAULT_HEIGHT;
  const { width: _w, height: _h, ...top } = base(opts, values);
  const spec = panels.length > 1
    ? { ...top, facet: { column: { field: "panel", type: "nominal", title: null, sort: panels } }, spec: { width, height, layer }, resolve: { scale: { y: "shared" } } }
    : { ...top, width, height, layer };
  return chart(opts, spec);
}

// ---------------------------------------------------------------------------------------------
// Faults

/** One reading of one series at a time relative to an event (a fault), in milliseconds. */
export interface AlignedRow {
  /** Milliseconds from the event; negative before it. */
  tMs: number;
  series: string;
  /** The reading, in the unit `valueTitle` names. */
  value: number;
}

/** Options of {@linkcode alignedTimeline}. */
export interface AlignedTimelineOptions extends ChartOptions {
  /** Axis title of the readings, with the unit: "throughput (requests/s)". */
  valueTitle: string;
  /** Label of the dashed rule at time 0 (default "fault"). */
  eventLabel?: string;
}

/**
 * Readings around an event, one line per series: seconds from the event on x (negative before it),
 * the reading in the unit of `valueTitle` on y, and a dashed rule where the event happened.
 *
 * @example
 * ```ts
 * alignedTimeline([{ tMs: -100, series: "cluster-sigkill", value: 900 }, { tMs: 0, series: "cluster-sigkill", value: 420 }],
 *   { id: "timeline", title: "Throughput around the fault", valueTitle: "throughput (requests/s)" });
 * ```
 */
export function alignedTimeline(rows: readonly AlignedRow[], opts: AlignedTimelineOptions): Chart {
  const values = rows.filter((r) => finite(r.tMs, r.value)).map((r) => ({ series: r.series, t: r.tMs / 1000, value: r.value }));
  const x = { field: "t", type: "quantitative", title: `time from the ${opts.eventLabel ?? "fault"} (s)` };
  const event = { values: [{ t: 0 }] };
  return chart(opts, {
    ...base(opts, values),
    layer: [
      {
        mark: { type: "line", strokeWidth: 1.5, interpolate: "step-after" },
        encoding: { x, y: { field: "value", type: "quantitative", title: opts.valueTitle }, color: colorEncoding(values.map((r) => r.series), opts) },
      },
      { data: event, mark: { type: "rule", color: "#444", strokeDash: [6, 4] }, encoding: { x } },
      {
        data: event,
        mark: { type: "text", text: opts.eventLabel ?? "fault", align: "left", baseline: "top", dx: 3, y: 2, color: "#444" },
        encoding: { x },
      },
    ],
  });
}

/** Charts keyed by their ids, in the order given; two charts with one id are a programming error. */
export function byId(list: readonly Chart[]): Charts {
  const out: Record<string, Chart> = {};
  for (const chart of list) {
    if (chart.id in out) throw new Error(`two charts share the id "${chart.id}"`);
    out[chart.id] = chart;
  }
  return out;
}
