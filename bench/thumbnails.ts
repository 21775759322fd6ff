/**
 * Is the thumbnails experiment's single-thread baseline as fast as sharp is? The lab's `sequential c1`
 * condition, run through the thumbnail driver exactly as the experiment runs it (a fresh host per
 * trial, warmed up by the experiment's `warmupImages` before its clock), against a bare, warmed-up
 * loop in this process over the same files with the same pipeline: path in, 320×240 cover crop, JPEG
 * q80, to a file, one image at a time, sharp.concurrency(1), sharp.cache(false). Rounds interleave
 * the arms (the order alternates), and each ratio is the Hodges–Lehmann ratio of the lab's time over
 * the bare time with its interval, beside the spread of the per-round ratios. A third arm runs the
 * same condition with cold hosts (no warm-up), as the lab did before hosts were warmed, and a fourth
 * the bare loop with libvips' cache as the lab's condition has it (on), to tell the cache from the
 * host. Both lab arms report the host's measured span (compute time), not the host's start.
 * Goal: the warm lab condition ≤ 1.03× the bare loop.
 * Run: npm run bench:thumbnails   (BENCH_ROUNDS, BENCH_PROFILE = tiny | quick | full, BENCH_IMAGES_DIR)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { formatCi, formatInterval, formatNumber, thumbnails, thumbnailsConditions, type ThumbnailsParams } from "parlab";
import { prepareCorpus, runHostTrial, type HostTrial } from "parlab/drivers";
import { compareRatio, summarize } from "parlab/stats";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const PROFILE = (process.env.BENCH_PROFILE ?? "quick") as "tiny" | "quick" | "full";
if (!["tiny", "quick", "full"].includes(PROFILE)) throw new Error(`BENCH_PROFILE must be tiny, quick or full, got ${PROFILE}`);
if (!Number.isInteger(ROUNDS) || ROUNDS < 3) throw new Error(`BENCH_ROUNDS must be a whole number ≥ 3, got ${process.env.BENCH_ROUNDS}`);

/** The experiment's default of parameter `name` at the bench's profile. */
function param<K extends keyof ThumbnailsParams>(name: K): ThumbnailsParams[K] {
  const d = thumbnails.params[name]!.default as ThumbnailsParams[K] | Record<string, ThumbnailsParams[K]>;
  return (typeof d === "object" && d !== null && !Array.isArray(d) && PROFILE in d ? (d as Record<string, ThumbnailsParams[K]>)[PROFILE] : d) as ThumbnailsParams[K];
}

const corpusParams = { count: param("images"), width: param("width"), height: param("height"), format: param("format"), seed: param("corpusSeed") };
const thumb = { width: param("thumbWidth"), height: param("thumbHeight") };
const warmupImages = param("warmupImages")!;
const single = thumbnailsConditions({ sets: ["baseline"], workers: [1] }).find((c) => c.mode === "sequential" && c.concurrency === 1)!;

const root = process.env.BENCH_IMAGES_DIR ?? path.join(path.dirname(new URL(import.meta.url).pathname), "..", "data", "images");
const corpus = await prepareCorpus(root, corpusParams);
const files = corpus.paths;
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "parlab-bench-thumbs-"));

/** The lab's condition through the driver, as measure.ts runs it; the host's measured span in ms. */
async function lab(warmup: number): Promise<number> {
  const trial: HostTrial = {
    mode: single.mode,
    k: single.k,
    files,
    spec: { ...thumb, input: single.input },
    settings: { concurrency: single.concurrency, cache: single.cache },
    uvThreadpoolSize: single.uv,
    warmupImages: warmup,
  };
  const report = await runHostTrial(trial);
  if (report.badOutputs.length > 0 || report.outcomes.some((o) => !o.ok)) throw new Error(`the lab's trial made wrong thumbnails: ${report.badOutputs[0] ?? "an image failed"}`);
  return report.computeMs;
}

/** The bare loop: this process, already warm, one image at a time, into a fresh folder (as a host writes); its time in ms. */
async function bare(cache: boolean): Promise<number> {
  sharp.cache(cache);
  const dir = fs.mkdtempSync(path.join(outDir, "round-"));
  const t0 = performance.now();
  for (const file of files) {
    await sharp(file, { failOn: "error" }).resize(thumb.width, thumb.height, { fit: "cover" }).jpeg({ quality: 80 }).toFile(path.join(dir, path.basename(file)));
  }
  const ms = performance.now() - t0;
  sharp.cache(false);
  fs.rmSync(dir, { recursive: true, force: true });
  return ms;
}

sharp.concurrency(1);
sharp.cache(false);
const arms: Record<string, () => Promise<number>> = {
  [`lab ${single.label}, warm (${warmupImages} image(s))`]: () => lab(warmupImages),
  "bare warmed sharp loop": () => bare(false),
  [`lab ${single.label}, cold host`]: () => lab(0),
  // The lab's condition keeps libvips' cache on (sharp's default): the same loop with it, to tell the cache from the host.
  [`bare warmed sharp loop, cache ${single.cache ? "on" : "off"}`]: () => bare(single.cache),
};
const names = Object.keys(arms);
const [warm, bareName, cold, bareLikeLab] = names as [string, string, string, string];
const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));

console.log(`parlab bench:thumbnails on ${os.cpus()[0]?.model.trim()} × ${os.availableParallelism?.() ?? os.cpus().length}, node ${process.versions.node}, sharp ${sharp.versions.sharp} (libvips ${sharp.versions.vips}); load average ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
console.log(`corpus ${corpus.manifest.id}: ${files.length} images of ${corpusParams.width}×${corpusParams.height} → ${thumb.width}×${thumb.height} JPEG q80, one at a time; ${ROUNDS} rounds, arms interleaved (order alternating)`);
try {
  // Warm this process's loop and the page cache before any round.
  await bare(false);
  await bare(false);
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? names : [...names].reverse();
    for (const name of order) times[name]!.push(await arms[name]!());
  }
} finally {
  fs.rmSync(outDir, { recursive: true, force: true });
}

for (const name of names) {
  const s = summarize(times[name]!);
  console.log(`  ${name.padEnd(40)} ${formatNumber(s.median).padStart(7)} ms  (95% CI ${formatInterval(s.medianCi)} ms; IQR/median ${formatNumber(s.relativeIqr * 100)}%; n = ${s.n})`);
}
for (const name of [warm, cold, bareLikeLab]) {
  const c = compareRatio(times[name]!, times[bareName]!, { labelA: name, labelB: bareName, quantity: "time" });
  const ratios = times[name]!.map((t, i) => t / times[bareName]![i]!);
  const perRound = summarize(ratios);
  console.log(
    `  ${name} / bare: ×${formatNumber(c.ratio)} (Hodges–Lehmann, ${formatCi(c.ratioCi, 1, "×")}; ${c.verdict}); per-round ratios: median ×${formatNumber(perRound.median)}, ` +
      `range ${formatNumber(Math.min(...ratios))}–${formatNumber(Math.max(...ratios))}, IQR/median ${formatNumber(perRound.relativeIqr * 100)}%`,
  );
}
const goal = compareRatio(times[warm]!, times[bareName]!, { labelA: warm, labelB: bareName, quantity: "time" });
console.log(`goal ≤ 1.03×: ${goal.ratioCi.hi <= 1.03 ? "met (the whole interval is at or below 1.03)" : goal.ratio <= 1.03 ? "the estimate is at or below 1.03×, but the interval reaches above it" : "not met"}`);
