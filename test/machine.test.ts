/** The process-tree reader that memory figures of process pools rest on. */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { describe, it } from "node:test";
import { canReadProcessTree, processCpuMs, processTree, startTreeSampler, treeCpuMs, treeMemory } from "parlab/machine";

const linux = canReadProcessTree() ? false : "no /proc on this system";

describe("process tree", () => {
  it("finds every process of a tree, grandchildren included, and sums their memory", { skip: linux }, async () => {
    // A child that forks a grandchild; both sleep until killed.
    const script = `const { spawn } = require("node:child_process");
      const g = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      console.log(g.pid); setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      const grandchild = await new Promise<number>((resolve) => child.stdout!.once("data", (d) => resolve(Number(String(d).trim()))));
      const tree = processTree(process.pid);
      assert.equal(tree[0], process.pid, "root first");
      assert.ok(tree.includes(child.pid!), "the child is found");
      assert.ok(tree.includes(grandchild), "the grandchild is found");
      const own = treeMemory(child.pid!);
      assert.deepEqual(own.pids.sort(), [child.pid!, grandchild].sort());
      const whole = treeMemory(process.pid);
      assert.ok(whole.rssBytes > own.rssBytes, "the whole tree weighs more than a subtree");
      assert.ok(own.rssBytes > 2 * 10 * 1024 * 1024, "two Node processes take more than 20 MB resident");
      if (own.pssBytes !== null) assert.ok(own.pssBytes > 0 && own.pssBytes <= own.rssBytes, "PSS never exceeds RSS");
      process.kill(grandchild, "SIGKILL");
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("an ended process is not part of any tree", { skip: linux }, async () => {
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    await new Promise((r) => child.once("exit", r));
    assert.deepEqual(processTree(child.pid!), []);
    assert.equal(treeMemory(child.pid!).rssBytes, 0);
  });

  it("the sampler sees a peak that a later reading would miss", { skip: linux }, async () => {
    const sampler = startTreeSampler(process.pid, 10);
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 400)"], { stdio: "ignore" });
    await new Promise((r) => child.once("exit", r));
    const { peakRssBytes, maxProcesses, samples } = sampler.stop();
    assert.ok(maxProcesses >= 2, "the short-lived child was sampled");
    assert.ok(peakRssBytes > samples.at(-1)!.rssBytes, "the peak includes the child's memory");
  });

  it("adds up the CPU time of a tree, a busy child included", { skip: linux }, async () => {
    const child = spawn(process.execPath, ["-e", "const end = Date.now() + 400; while (Date.now() < end); setInterval(() => {}, 1000);"], { stdio: "ignore" });
    try {
      await new Promise((r) => setTimeout(r, 1200));
      const own = processCpuMs(process.pid)!;
      const childMs = processCpuMs(child.pid!)!;
      assert.ok(childMs > 0, "the child spun for 400 ms of wall time, so it used some CPU");
      assert.ok(treeCpuMs(process.pid) >= own + childMs - 20, "the tree's time includes the child's");
    } finally {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
    assert.equal(processCpuMs(child.pid!), null, "an ended process has no CPU time to read");
  });
});

describe("tree sampler cost", () => {
  it("reads RSS on every tick but PSS only every pssIntervalMs, and at start and stop", { skip: linux }, async () => {
    const sampler = startTreeSampler(process.pid, 10, 1000);
    await new Promise((r) => setTimeout(r, 200));
    const { samples, peakPssBytes } = sampler.stop();
    assert.ok(samples.length >= 5, `${samples.length} readings`);
    assert.ok(samples.every((s) => s.rssBytes > 0), "RSS in every reading");
    if (fs.existsSync("/proc/self/smaps_rollup")) {
      assert.notEqual(samples[0]!.pssBytes, null, "PSS at start");
      assert.notEqual(samples.at(-1)!.pssBytes, null, "PSS at stop");
      assert.ok(samples.slice(1, -1).every((s) => s.pssBytes === null), "no PSS between, within the interval");
      assert.ok(peakPssBytes! > 0);
    }
  });
});
