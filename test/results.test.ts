import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ResultFileError, ResultWriter, loadResult, saveResult, trialsToCsv, RESULT_SCHEMA, type Result } from "parlab";
import { tempDir } from "./helpers.ts";

function fakeResult(): Result {
  return {
    schema: RESULT_SCHEMA,
    experiment: { id: "scaling", version: 1, title: "t" },
    params: { trials: 2 },
    runtime: { name: "node", version: "20", v8: "x", mode: "test", features: { cluster: true, reusePort: false, sharedArrayBuffer: true, atomicsWaitAsync: true, requireEsm: true } },
    machine: { hostname: "h", os: { platform: "linux", release: "6", arch: "x64" }, cpu: { model: "cpu", cores: 2, speedMHz: 1 }, memory: { totalBytes: 1, freeBytes: 1 }, loadAverage: [0, 0, 0], uvThreadpoolSize: null, git: null, takenAt: "2026-01-01T00:00:00.000Z" },
    startedAt: "2026-01-01T00:00:00.000Z",
    finishedAt: "2026-01-01T00:00:01.000Z",
    complete: true,
    order: { kind: "random", seed: 1, warmupsPerCondition: 0, sequence: ["main", "main"] },
    trials: [
      { condition: "main", index: 0, seq: 0, startedAt: "2026-01-01T00:00:00.000Z", durationMs: 12.5, ok: true, metrics: { computeMs: 12.5 } },
      { condition: 'a,"b"', index: 1, seq: 1, startedAt: "2026-01-01T00:00:00.500Z", durationMs: NaN, ok: false, error: "line1\nline2", metrics: {} },
    ],
    failures: [],
    samples: [],
    summary: null,
  };
}

describe("results", () => {
  it("saves JSON + CSV and loads the same Result back", () => {
    const dir = tempDir();
    const saved = saveResult(fakeResult(), dir);
    assert.match(path.basename(saved.json), /^scaling-2026-01-01T00-00-00-000Z\.json$/);
    const back = loadResult(saved.json);
    assert.equal(back.trials[0]!.metrics.computeMs, 12.5);
    const csv = fs.readFileSync(saved.csv, "utf8").split("\n");
    assert.equal(csv[0], "condition,index,seq,startedAt,durationMs,ok,error,computeMs");
    assert.equal(csv[1], "main,0,0,2026-01-01T00:00:00.000Z,12.5,true,,12.5");
    assert.ok(csv.slice(2).join("\n").startsWith('"a,""b""",1,1,'), "fields with commas and quotes are quoted");
  });

  it("never clobbers: two saves of the same run get two files", () => {
    const dir = tempDir();
    const a = saveResult(fakeResult(), dir);
    const b = saveResult(fakeResult(), dir);
    assert.notEqual(a.json, b.json);
    assert.ok(b.json.endsWith("-2.json"));
    assert.equal(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")).length, 0, "no temp files left");
  });

  it("a writer rewrites its own file as trials come in", () => {
    const dir = tempDir();
    const w = new ResultWriter(dir, "x");
    const r = fakeResult();
    const first = w.write({ ...r, complete: false, trials: r.trials.slice(0, 1) });
    const second = w.write(r);
    assert.equal(first.json, second.json);
    assert.equal(loadResult(second.json).trials.length, 2);
    assert.equal(fs.readdirSync(dir).length, 2, "one JSON and one CSV");
  });

  const bad: Array<[string, string, RegExp]> = [
    ["corrupt.json", "{not json", /corrupt\.json: not valid JSON, the file is corrupt or truncated/],
    ["truncated.json", JSON.stringify(fakeResult()).slice(0, 200), /truncated\.json: not valid JSON/],
    ["schema.json", JSON.stringify({ ...fakeResult(), schema: 99 }), /schema 99 is not supported; this version of parlab reads schema 1/],
    ["missing.json", JSON.stringify({ schema: 1, trials: [] }), /missing experiment, params, runtime, machine, startedAt, finishedAt, failures, summary/],
    ["array.json", "[]", /expected a JSON object/],
  ];
  for (const [name, text, message] of bad) {
    it(`loading ${name} fails with a clear error naming the file`, () => {
      const file = path.join(tempDir(), name);
      fs.writeFileSync(file, text);
      assert.throws(() => loadResult(file), (e: Error) => e instanceof ResultFileError && message.test(e.message) && e.message.includes(file));
    });
  }

  it("loading a missing file names it", () => {
    assert.throws(() => loadResult("/nonexistent/r.json"), /\/nonexistent\/r\.json: cannot read the Result file/);
  });

  it("an unwritable folder fails before anything is written", () => {
    const file = path.join(tempDir(), "file");
    fs.writeFileSync(file, "");
    assert.throws(() => saveResult(fakeResult(), path.join(file, "sub")), /cannot write to .*file\/sub/);
  });

  it("CSV has one row per trial", () => {
    assert.equal(trialsToCsv(fakeResult()).trim().split("\n").length, 1 + 2 + 1, "header, two trials, and the error's embedded newline");
  });
});
