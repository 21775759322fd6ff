/**
 * Speed of the lab's own machinery, each against a bare baseline measured in the same run with
 * batches interleaved (A B A B …), so that the machine's noise hits both alike:
 *   1. the trial runner's overhead per trial vs a bare loop of the same no-op;
 *   2. a no-op task's round trip through each pool vs a raw postMessage / process.send ping;
 *   3. rendering one chart to SVG.
 * Run: npm run bench   (BENCH_BATCHES and BENCH_PER_BATCH scale it)
 */
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { formatInterval, formatNumber, renderSvg, runTrials } from "parlab";
import * as charts from "parlab/charts";
import { startPool } from "parlab/drivers";
import { compareRatio, summarize } from "parlab/stats";

const BATCHES = Number(process.env.BENCH_BATCHES ?? 15);
const PER_BATCH = Number(process.env.BENCH_PER_BATCH ?? 200);

type Runner = () => Promise<void>;

/** Times `batches` batches of `n` sequential calls of each runner, interleaved; returns µs per call per batch. */
async function interleaved(runners: Record<string, Runner>, n = PER_BATCH, batches = BATCHES): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = Object.fromEntries(Object.keys(runners).map((k) => [k, []]));
  const names = Object.keys(runners);
  for (const name of names) for (let i = 0; i < n; i++) await runners[name]!(); // warm-up
  for (let b = 0; b < batches; b++) {
    const order = b % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await runners[name]!();
      out[name]!.push(((performance.now() - t0) * 1000) / n);
    }
  }
  return out;
}

function report(title: string, samples: Record<string, number[]>, baseline: string, perBatch = PER_BATCH, unit = "µs"): void {
  console.log(`\n${title} (${BATCHES} batches × ${perBatch}, interleaved; median per call, 95% CI)`);
  for (const [name, xs] of Object.entries(samples)) {
    const s = summarize(xs);
    let line = `  ${name.padEnd(34)} ${formatNumber(s.median).padStart(8)} ${unit}  (${formatInterval(s.medianCi)}; IQR/median ${formatNumber(s.relativeIqr * 100)}%)`;
    if (name !== baseline) {
      const c = compareRatio(xs, samples[baseline]!, { labelA: name, labelB: baseline });
      line += `  ×${formatNumber(c.ratio)} of ${baseline} (${formatInterval(c.ratioCi)})`;
    }
    console.log(line);
  }
}

async function trialRunner(): Promise<void> {
  const noop = async () => ({ durationMs: 0 });
  const conditions = [{ label: "a" }, { label: "b" }];
  const samples = await interleaved({
    "runTrials, per trial": async () => {
      await runTrials(conditions, { trials: 5, warmups: 0, order: "random", seed: 1, timeoutMs: 60_000 }, noop);
    },
    "bare loop of the same no-op": async () => {
      for (let i = 0; i < 10; i++) await noop();
    },
  }, 20);
  // Each call above runs 10 trials: report per trial.
  for (const k of Object.keys(samples)) samples[k] = samples[k]!.map((x) => x / 10);
  report("1. Trial runner overhead per trial", samples, "bare loop of the same no-op", 20 * 10);
}

async function roundTrips(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parlab-bench-"));
  const echo = path.join(dir, "echo.cjs");
  fs.writeFileSync(echo, "process.on('message', (m) => process.send(m));");
  const rawThread = new Worker("const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));", { eval: true });
  const rawProcess = fork(echo, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const threads = await startPool({ kind: "threads", size: 1 });
  const processes = await startPool({ kind: "processes", size: 1 });
  const ping = (target: { once(e: "message", f: (m: unknown) => void): unknown }, send: () => void) =>
    new Promise<void>((resolve) => {
      target.once("message", () => resolve());
      send();
    });
  try {
    const samples = await interleaved({
      "threads pool: noop task": async () => void (await threads.run("noop")),
      "raw Worker postMessage ping": () => ping(rawThread, () => rawThread.postMessage({ type: "ping" })),
      "processes pool: noop task": async () => void (await processes.run("noop")),
      "raw process.send ping": () => ping(rawProcess, () => rawProcess.send({ type: "ping" })),
    });
    report("2a. Round trip through a thread", { "threads pool: noop task": samples["threads pool: noop task"]!, "raw Worker postMessage ping": samples["raw Worker postMessage ping"]! }, "raw Worker postMessage ping");
    report("2b. Round trip through a process", { "processes pool: noop task": samples["processes pool: noop task"]!, "raw process.send ping": samples["raw process.send ping"]! }, "raw process.send ping");
  } finally {
    await threads.kill();
    await processes.kill();
    await rawThread.terminate();
    rawProcess.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function rendering(): Promise<void> {
  const rows = [1, 2, 3, 4].flatMap((k) => ["threads", "processes"].map((series) => ({ series, workers: k, speedup: k * 0.9, lo: k * 0.85, hi: k * 0.95 })));
  const chart = charts.speedup(rows, { id: "bench", title: "bench", cores: 2 });
  const times: number[] = [];
  for (let i = 0; i < 5; i++) await renderSvg(chart.spec);
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    await renderSvg(chart.spec);
    times.push(performance.now() - t0);
  }
  const s = summarize(times);
  console.log(`\n3. Render one speedup chart to SVG (30 renders): median ${formatNumber(s.median)} ms (95% CI ${formatInterval(s.medianCi)} ms; IQR/median ${formatNumber(s.relativeIqr * 100)}%)`);
}

console.log(`parlab bench on ${os.cpus()[0]?.model.trim()} × ${os.availableParallelism?.() ?? os.cpus().length}, node ${process.versions.node}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
await trialRunner();
await roundTrips();
await rendering();
