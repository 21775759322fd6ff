/**
 * The lab's colours: series keep their colour from chart to chart (processes blue, threads orange,
 * baseline grey), so a reader learns the legend once. Okabe–Ito colours, distinguishable with
 * colour-blindness.
 * @module
 */

/**
 * Fixed colours of the lab's usual series, as CSS hex colours. A series whose name contains one of
 * these words ("threads×4") is drawn in its colour too, unless another series in the same chart has
 * already taken it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SERIES_COLORS } from "./palette.ts";
 *
 * assert.equal(SERIES_COLORS.threads, "#E69F00");
 * ```
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

/** A colour scale: the series names and their CSS colours, index by index. */
export interface ColorScale {
  domain: string[];
  range: string[];
}

/**
 * The colour of each series name: `colors` first, then {@linkcode SERIES_COLORS} by exact name,
 * then by family word, then a fallback palette. With `shareFamily`, several names of one family
 * ("threads×2", "threads×4") share its colour; without it each name gets its own colour.
 *
 * @returns A vega-lite colour scale, names in first-seen order.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seriesColors } from "./palette.ts";
 *
 * assert.deepEqual(seriesColors(["threads", "processes"]), { domain: ["threads", "processes"], range: ["#E69F00", "#0072B2"] });
 * assert.deepEqual(seriesColors(["cluster×4", "threads×2"]).range, ["#0072B2", "#E69F00"]); // by family word
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

/**
 * The colour encoding of the `series` field, with the legend in first-seen order.
 *
 * @param colors Overrides per series name, as in {@linkcode seriesColors}.
 * @param title Legend title; `null` for none.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { colorEncoding } from "./palette.ts";
 *
 * assert.deepEqual(colorEncoding(["threads", "threads"]).sort, ["threads"]);
 * ```
 */
export function colorEncoding(names: readonly string[], colors?: Record<string, string>, title: string | null = "series") {
  return {
    field: "series",
    type: "nominal",
    title,
    scale: seriesColors(names, colors),
    sort: [...new Set(names)],
  };
}
