import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { after, before, describe, it } from "node:test";
import { InputError } from "parlab";
import { startCluster, startThreadServer } from "parlab/drivers";
import { compareServing } from "parlab/explore";
import { liveClusterCount, liveGeneratorCount, liveThreadServerCount, startedChildCount } from "parlab/testing";
import { markOwnProcesses, ROOT, tempDir } from "../helpers.ts";

const ownLeftovers = markOwnProcesses("PARLAB_EXPLORE_SERVING_TEST");
const HANDLER = path.join(ROOT, "notebooks", "examples", "handler.ts");
const BAD = path.join(ROOT, "test", "explore", "fixtures", "bad-handler.ts");
const ref = (file: string, exportName = "handle") => ({ url: pathToFileURL(file).href, exportName });

/** The digest the example handler answers for a path and body. */
function expected(pathname: string, body: string, rounds: number): string {
  let d = createHash("sha256").update(pathname + body).digest();
  for (let i = 1; i < rounds; i++) d = createHash("sha256").update(d).digest();
  return d.toString("hex");
}

describe("a user's HTTP handler", () => {
  before(() => {
    process.env.PARLAB_RESULTS_DIR = tempDir();
  });
  after(async () => {
    assert.equal(liveClusterCount() + liveThreadServerCount() + liveGeneratorCount(), 0, "no server or generator alive");
    for (const needle of ["cluster/entry-primary", "thread-server/entry-server", "loadgen/entry-generator"]) {
      assert.deepEqual(await ownLeftovers(needle, 6000), [], `no ${needle} left`);
    }
  });

  for (const server of ["cluster", "threads"] as const) {
    it(`answers correctly from the ${server === "cluster" ? "cluster's workers" : "thread server's threads"}, and a throwing handler gives a 500 with its reason`, async () => {
      const running = server === "cluster"
        ? await startCluster({ policy: "rr", workers: 2, handler: ref(HANDLER) })
        : await startThreadServer({ threads: 2, handler: ref(HANDLER), heapMb: 256 });
      try {
        const base = `http://127.0.0.1:${running.port}`;
        const get = await fetch(`${base}/orders?rounds=3`);
        assert.equal(get.status, 200);
        assert.equal(get.headers.get("content-type"), "application/json");
        assert.match(get.headers.get("x-worker") ?? "", /^[01]$/);
        assert.deepEqual(await get.json(), { path: "/orders", digest: expected("/orders", "", 3) });
        const post = await fetch(`${base}/items`, { method: "POST", body: "héllo" });
        assert.deepEqual(await post.json(), { path: "/items", digest: expected("/items", "héllo", 200) });
      } finally {
        await running.close();
      }
      const bad = server === "cluster" ? await startCluster({ policy: "none", workers: 1, handler: ref(BAD) }) : await startThreadServer({ threads: 1, handler: ref(BAD) });
      try {
        const ok = await fetch(`http://127.0.0.1:${bad.port}/x`);
        assert.deepEqual([ok.status, await ok.text()], [201, "echo /x"]);
        const failed = await fetch(`http://127.0.0.1:${bad.port}/fail`);
        assert.equal(failed.status, 500);
        assert.match(await failed.text(), /handler failed on purpose/);
      } finally {
        await bad.close();
      }
    });
  }

  it("compareServing loads every condition, keeps latency and each worker's share, and refuses a bad module before starting anything", async () => {
    const run = await compareServing({ module: HANDLER, export: "handle", profile: "tiny", trials: 1, workers: 2, requests: 150, concurrency: 4, path: "/?rounds=20" });
    const { result } = run;
    assert.deepEqual(result.failures, []);
    assert.equal(result.params.metric, "requestsPerSecond");
    assert.ok(["cluster rr", "cluster none", "threads"].every((c) => result.params.conditions.includes(c)));
    for (const t of result.trials) {
      assert.equal(t.metrics.completed, 150, `${t.condition}: every request answered`);
      assert.ok(t.metrics.requestsPerSecond! > 0 && t.metrics.p99Ms! >= t.metrics.p50Ms!, t.condition);
      assert.equal(t.metrics.workersSeen, 2, `${t.condition}: both workers served`);
    }
    assert.match(run.findings.join("\n"), /p99Ms \(median over trials\): cluster rr/);

    const started = startedChildCount("cluster") + startedChildCount("thread-server");
    await assert.rejects(compareServing({ module: HANDLER, export: "nope", profile: "tiny" }), (e: Error) => e instanceof InputError && /export "nope" of .*handler\.ts/.test(e.message));
    assert.equal(startedChildCount("cluster") + startedChildCount("thread-server"), started, "nothing was started");
  });
});
