/** The chart of a value against the number of workers: every trial as a point, a dashed line per fitted series. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderSvg } from "parlab";
import * as charts from "parlab/charts";

describe("memory against workers chart", () => {
  it("draws every finite trial and one dashed line per fitted series, in the series' colours", async () => {
    const chart = charts.trialsWithLines(
      [
        { series: "threads empty", workers: 1, value: 9 },
        { series: "threads empty", workers: 2, value: 18 },
        { series: "processes empty", workers: 1, value: 45 },
        { series: "processes empty", workers: 2, value: NaN },
      ],
      { id: "rss", title: "RSS added", valueTitle: "RSS added (MiB)", fitted: [{ series: "processes empty", workers: 1, value: 44 }, { series: "processes empty", workers: 2, value: 90 }] },
    );
    const spec = chart.spec as { data: { values: unknown[] }; layer: Array<{ data?: { values: unknown[] }; encoding: { color: { scale: { domain: string[]; range: string[] } } } }> };
    assert.equal(spec.data.values.length, 3, "the NaN trial is left out");
    const [line, points] = spec.layer;
    assert.equal(line!.data!.values.length, 2);
    const scale = points!.encoding.color.scale;
    assert.deepEqual(scale.domain, ["threads empty", "processes empty"]);
    assert.deepEqual(scale.range, [charts.SERIES_COLORS.threads, charts.SERIES_COLORS.processes]);
    assert.match(await renderSvg(chart.spec), /<svg[\s\S]*RSS added \(MiB\)/);
  });
});
