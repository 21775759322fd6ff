/** The footprint host: spawns n workers in a clean process, weighs its whole process tree, and leaves nothing behind. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AbortedError, InputError } from "parlab";
import { measureFootprint } from "parlab/drivers";
import { canReadProcessTree } from "parlab/machine";
import { liveFootprintHostCount } from "parlab/testing";
import { leftovers } from "../helpers.ts";

const linux = canReadProcessTree() ? false : "no /proc on this system";
const MIB = 1024 * 1024;

describe("footprint host", { skip: linux }, () => {
  it("finds every forked worker in the host's tree and weighs them all", async () => {
    const r = await measureFootprint({ kind: "processes", graph: "empty", workers: 3, settleMs: 0 });
    assert.equal(r.workerPids.length, 3);
    assert.equal(new Set(r.workerPids).size, 3, "three distinct processes");
    assert.ok(!r.workerPids.includes(r.hostPid));
    assert.deepEqual([...r.after.pids].sort(), [r.hostPid, ...r.workerPids].sort(), "the reading holds the host and every worker, nothing else");
    assert.deepEqual(r.before.pids, [r.hostPid], "the baseline is the bare host");
    assert.ok(r.after.rssBytes - r.before.rssBytes > 3 * 10 * MIB, "three Node processes add more than 30 MiB resident");
    if (r.after.pssBytes !== null) assert.ok(r.after.pssBytes > 0 && r.after.pssBytes <= r.after.rssBytes, "PSS never exceeds RSS");
    assert.ok(r.peakRssBytes >= r.before.rssBytes);
    assert.equal(r.workerStartupMs.length, 3);
    assert.ok(r.workerStartupMs.every((ms) => ms > 0) && r.allReadyMs >= Math.max(...r.workerStartupMs) - 1e-6);
    assert.match(r.runtime, /^node \d+\.\d+\.\d+$/);
    assert.equal(r.collected, true, "the host runs with --expose-gc");
    assert.deepEqual(await leftovers("footprint/entry-"), [], "host and workers are gone once the report is in");
  });

  it("keeps threads inside the host, and a loaded module graph weighs more than an empty one", async () => {
    const empty = await measureFootprint({ kind: "threads", graph: "empty", workers: 2, settleMs: 0 });
    assert.deepEqual(empty.workerPids, [empty.hostPid, empty.hostPid], "threads run in the host's process");
    assert.deepEqual(empty.after.pids, [empty.hostPid], "no process besides the host");
    assert.ok(empty.after.rssBytes > empty.before.rssBytes, "two threads add resident memory");
    const lab = await measureFootprint({ kind: "threads", graph: "lab", workers: 2, settleMs: 0 });
    const added = (r: typeof lab) => r.after.rssBytes - r.before.rssBytes;
    assert.ok(added(lab) > added(empty) + 2 * 10 * MIB, "sharp and the lab's modules add more than 10 MiB per thread");
    assert.deepEqual(await leftovers("footprint/entry-"), []);
  });

  it("an abort kills the host and its forked workers mid-start", async () => {
    const controller = new AbortController();
    const pending = measureFootprint({ kind: "processes", graph: "lab", workers: 2, signal: controller.signal });
    setTimeout(() => controller.abort(new Error("stop")), 150);
    await assert.rejects(pending, AbortedError);
    assert.equal(liveFootprintHostCount(), 0);
    assert.deepEqual(await leftovers("footprint/entry-"), [], "no host or worker outlives an abort");
  });

  const bad: Array<[string, Parameters<typeof measureFootprint>[0], RegExp]> = [
    ["no workers", { kind: "threads", graph: "empty", workers: 0 }, /workers: must be a whole number of workers from 1 to 64, got 0/],
    ["an unknown kind", { kind: "fibers" as "threads", graph: "empty", workers: 1 }, /kind: must be one of threads, processes, got fibers/],
    ["an unknown module graph", { kind: "threads", graph: "huge" as "lab", workers: 1 }, /graph: must be one of the module graphs empty, lab, got huge/],
    ["a negative settle time", { kind: "threads", graph: "empty", workers: 1, settleMs: -1 }, /settleMs: must be a whole number of milliseconds/],
  ];
  for (const [name, options, message] of bad) {
    it(`refuses ${name} with an InputError before starting anything`, async () => {
      await assert.rejects(measureFootprint(options), (e: unknown) => e instanceof InputError && message.test(e.message));
      assert.equal(liveFootprintHostCount(), 0);
    });
  }
});
