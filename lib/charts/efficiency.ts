/**
 * Parallel efficiency against the number of workers: the speedup divided by the workers, which
 * shows the cost of each added worker more plainly than a speedup curve bending away from y = x.
 * @module
 */
import type { Chart } from "../types.ts";
import { baseSpec, chart, type ChartOptions, DEFAULT_HEIGHT, DEFAULT_WIDTH, finite } from "./base.ts";
import { colorEncoding } from "./palette.ts";
import { coresLayers, seriesLayers } from "./workers-axis.ts";

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
 * import assert from "node:assert/strict";
 * import { efficiency } from "./efficiency.ts";
 *
 * const chart = efficiency([{ series: "processes", workers: 4, efficiency: 0.91, lo: 0.88, hi: 0.93 }],
 *   { id: "cpu-efficiency", title: "Parallel efficiency" });
 * assert.equal((chart.spec.data as { values: unknown[] }).values.length, 1);
 * ```
 */
export function efficiency(rows: readonly EfficiencyRow[], opts: EfficiencyOptions): Chart {
  const values = rows
    .filter((r) => finite(r.workers, r.efficiency, r.lo, r.hi))
    .map((r) => ({ series: r.series, workers: r.workers, efficiency: r.efficiency, lo: r.lo, hi: r.hi }));
  const color = colorEncoding(values.map((r) => r.series), opts.colors);
  const y = {
    type: "quantitative",
    title: "parallel efficiency (% of ideal)",
    axis: { format: "%" },
    scale: { domainMin: 0 },
  };
  return chart(opts, {
    ...baseSpec(opts, values),
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
