import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { loadResult } from "parlab";
import { reusePortSupported } from "parlab/drivers";
import { leftovers, runCli, tempDir } from "./helpers.ts";

describe("distribution experiment", () => {
  it("runs each policy on a fresh cluster, counts every request, and reports fairness with CIs", async () => {
    const out = tempDir();
    const r = await runCli(["run", "distribution", "--profile", "tiny", "--out", out, "--set", "requests=300"]);
    assert.equal(r.code, 0, r.stderr);
    const [json] = r.stdout.trim().split("\n").slice(-2);
    const result = loadResult(json!);
    const policies = new Set(result.trials.map((t) => t.condition.split(" ")[0]));
    assert.deepEqual([...policies].sort(), reusePortSupported() ? ["none", "reuseport", "rr"] : ["none", "rr"]);
    if (!reusePortSupported()) assert.match(r.stdout, /reuseport was not measured: .*22\.12/, "an unavailable policy is reported, not dropped silently");
    for (const t of result.trials) {
      assert.ok(t.ok, t.error);
      const requests = t.detail!.requestsByWorker as number[];
      assert.equal(requests.length, 4, "one count per worker");
      assert.equal(requests.reduce((a, b) => a + b, 0), 300, "workers served every request sent");
      assert.equal((t.detail!.connectionsByWorker as number[]).reduce((a, b) => a + b, 0), 300, "a new connection per request");
      assert.ok(t.metrics.top2Share! >= 0.5 && t.metrics.top2Share! <= 1);
      assert.ok(t.metrics.throughputRps! > 0 && t.metrics.p99Ms! >= t.metrics.p50Ms!);
    }
    assert.match(r.stdout, /rr c=4 new conn: busiest two workers took [\d.]+% of connections \(median; 95% CI/);
    assert.deepEqual(await leftovers("cluster/entry-"), [], "no cluster process left");
    assert.deepEqual(await leftovers("loadgen/entry-generator"), [], "no load generator left");

    const rep = tempDir();
    const report = await runCli(["report", json!, "--out", rep]);
    assert.equal(report.code, 0, report.stderr);
    assert.equal(fs.readdirSync(rep).filter((f) => f.endsWith(".svg")).length, 4, "four charts");
    const html = fs.readFileSync(path.join(rep, path.basename(json!, ".json") + ".html"), "utf8");
    assert.match(html, /Share of connections by worker, busiest first/);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ["workers 0", ["--set", "workers=0"], /"0" is not valid for workers; expected whole numbers from 1 to 64/],
    ["concurrency above requests", ["--set", "requests=10", "--set", "concurrency=64"], /concurrency: 64 clients cannot share 10 requests/],
    ["unknown policy", ["--set", "policies=rr,fifo"], /not valid for policies; expected a comma-separated list of one of rr, none, reuseport/],
    ["keep-alive not a boolean", ["--set", "keepAlive=maybe"], /"maybe" is not valid for keepAlive; expected a comma-separated list of true or false/],
  ];
  for (const [name, args, message] of bad) {
    it(`exits 2 on ${name} before starting any server`, async () => {
      const r = await runCli(["run", "distribution", "--profile", "tiny", "--out", tempDir(), ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
    });
  }
});
