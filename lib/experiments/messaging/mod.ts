/**
 * Experiment "messaging": what it costs to talk to a worker. Round-trip latency (p50, p99) and
 * throughput against payload size for process IPC (JSON and advanced serialisation), worker-thread
 * postMessage (structured clone, a transferred buffer, a MessageChannel port) and a SharedArrayBuffer
 * ping-pong woken by Atomics.wait / Atomics.waitAsync; every echo checked against what was sent.
 * @module
 */
import process from "node:process";
import * as ss from "simple-statistics";
import * as charts from "../../charts/mod.ts";
import { InputError } from "../../errors.ts";
import { CHANNELS, channelSupport, checkChannel, notTransferable, openChannel, runRoundTrips, type ChannelId } from "../../drivers/channels/mod.ts";
import { loadResult } from "../../results.ts";
import { compareRatio, summarize } from "../../stats/mod.ts";
import type { Measurement, TrialContext } from "../../trials.ts";
import type { Chart, Charts, Comparison, Experiment, Result, RuntimeInfo, Summary } from "../../types.ts";
import { checkKind, checkSize, makePayload, MAX_PAYLOAD_BYTES, MIN_PAYLOAD_BYTES, PAYLOAD_KINDS, type Payload, type PayloadKind } from "../../workloads/payloads.ts";
import { failureNote, formatInterval, formatNumber, trialsOf } from "../_shared/analysis.ts";
import { trialParamSpecs } from "../_shared/params.ts";
import { runConditions } from "../_shared/run.ts";
import { labEnv } from "../../env.ts";
import { byId } from "../../charts/mod.ts";

/** Parameters of the messaging experiment. */
export interface MessagingParams extends Record<string, unknown> {
  channels: ChannelId[];
  kinds: PayloadKind[];
  sizes: number[];
  roundTrips: number;
  warmupRoundTrips: number;
  budgetMs: number;
  trials: number;
  warmups: number;
  order: "random" | "abba" | "blocked";
  seed: number;
  timeoutMs: number;
}

/** One condition: a channel carrying a kind of payload of one size. */
export interface MessagingCondition {
  label: string;
  channel: ChannelId;
  kind: PayloadKind;
  sizeBytes: number;
}

/** Statistics of one condition across its trials (each trial contributes its own p50, p99, throughput). */
export interface MessagingRow {
  label: string;
  channel: ChannelId;
  kind: PayloadKind;
  sizeBytes: number;
  /** Median round-trip latency of each trial, in milliseconds. */
  p50Ms: Summary;
  /** 99th-percentile round-trip latency of each trial, in milliseconds. */
  p99Ms: Summary;
  /** One-way messages per second (two per round trip), over the time spent in round trips. */
  messagesPerSec: Summary;
  /** Payload megabytes (10^6 bytes) per second, the payload counted once per direction. */
  mbPerSec: Summary;
  /** Median number of measured round trips per trial. */
  roundTrips: number;
}

/** One comparison of two channels at one size. */
export interface SizePoint {
  sizeBytes: number;
  comparison: Comparison;
  /** Which side the ratio's CI lies on: "a" faster (wholly below 1), "b" faster (wholly above), or "none". */
  side: "a" | "b" | "none";
}

/** Two channels compared on p50 latency at every size, for one payload kind. */
export interface PairComparison {
  id: string;
  /** The question it answers, e.g. "advanced vs JSON serialisation". */
  question: string;
  a: ChannelId;
  b: ChannelId;
  kind: PayloadKind;
  points: SizePoint[];
  /**
   * Smallest size from which `a` is measurably faster (ratio CI wholly below 1) with no larger size
   * where `b` is measurably faster; null when there is none.
   */
  crossoverBytes: number | null;
  /** One sentence: where a is faster, where b is, where no difference was detected. */
  verdict: string;
}

/** What a messaging run found. */
export interface MessagingSummary {
  cores: number;
  /** "node 20.20.2": the runtime that measured, for labels. */
  runtime: string;
  rows: MessagingRow[];
  comparisons: PairComparison[];
  /** Channel and kind combinations that were asked for but not measured, with why. */
  unavailable: Array<{ channel: ChannelId; kind: PayloadKind; reason: string }>;
  /** Median over conditions of the relative spread (IQR / median) of per-trial p50: the noise of identical trials. */
  noiseFloor: number;
  failures: number;
}

export type MessagingResult = Result<MessagingParams, MessagingSummary>;

/** Fewest measured round trips per trial, however large the payload: at 16 MiB one round trip can take seconds. */
const MIN_ROUND_TRIPS = 1;
/**
 * Largest payload warm-up round trips carry. Warm-up exists to run both ends' code paths for the
 * channel and kind before the clock counts; a smaller payload of the same kind does that, while a
 * 16 MiB one would only add seconds to the trial.
 */
const WARMUP_MAX_BYTES = 65_536;

/** Fixed colours per channel, so the legend is learnt once: processes blue, threads orange, shared memory green. */
export const CHANNEL_COLORS: Readonly<Record<ChannelId, string>> = {
  "ipc-json": "#56B4E9",
  "ipc-advanced": "#0072B2",
  "thread-clone": "#E69F00",
  "thread-transfer": "#D55E00",
  "thread-port": "#CC79A7",
  "sab-wait": "#009E73",
  "sab-async": "#6B8E23",
};

/** The comparisons the experiment answers, a vs b on p50 latency. */
const PAIRS: ReadonlyArray<{ id: string; question: string; a: ChannelId; b: ChannelId }> = [
  { id: "advanced-vs-json", question: "advanced vs JSON serialisation (process IPC)", a: "ipc-advanced", b: "ipc-json" },
  { id: "transfer-vs-clone", question: "transferring vs cloning a buffer (threads)", a: "thread-transfer", b: "thread-clone" },
  { id: "sab-vs-postmessage", question: "shared memory (Atomics.wait) vs postMessage", a: "sab-wait", b: "thread-clone" },
  { id: "sab-async-vs-postmessage", question: "shared memory (Atomics.waitAsync) vs postMessage", a: "sab-async", b: "thread-clone" },
  { id: "thread-vs-ipc-advanced", question: "a thread vs a process (postMessage vs advanced IPC)", a: "thread-clone", b: "ipc-advanced" },
  { id: "thread-vs-ipc-json", question: "a thread vs a process (postMessage vs JSON IPC)", a: "thread-clone", b: "ipc-json" },
];

/** A byte count as people write it: 64 B, 4 KiB, 16 MiB (exact, so labels stay unique). */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20 && bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20} MiB`;
  if (bytes >= 2 ** 10 && bytes % 2 ** 10 === 0) return `${bytes / 2 ** 10} KiB`;
  return `${bytes} B`;
}

const labelOf = (channel: ChannelId, kind: PayloadKind, sizeBytes: number) => `${channel} ${kind} ${formatBytes(sizeBytes)}`;
const runtimeLabel = (r: Pick<RuntimeInfo, "name" | "version">) => `${r.name} ${r.version}`;

/** Every channel × kind × size asked for, in run order (sizes ascending). */
function allConditions(params: Pick<MessagingParams, "channels" | "kinds" | "sizes">): MessagingCondition[] {
  const sizes = [...new Set(params.sizes)].sort((a, b) => a - b);
  return params.channels.flatMap((channel) => params.kinds.flatMap((kind) =>
    sizes.map((sizeBytes) => ({ label: labelOf(channel, kind, sizeBytes), channel, kind, sizeBytes }))));
}

/** Checks parameters that may come from anywhere (a notebook, the CLI, a direct call); InputErrors name the field. */
export function checkMessagingParams(params: Pick<MessagingParams, "channels" | "kinds" | "sizes">): void {
  for (const [name, list] of [["channels", params.channels], ["kinds", params.kinds], ["sizes", params.sizes]] as const) {
    if (!Array.isArray(list) || list.length === 0) throw new InputError(name, `must be a non-empty list`);
  }
  params.channels.forEach((c) => checkChannel(c, "channels"));
  params.kinds.forEach((k) => checkKind(k, "kinds"));
  params.sizes.forEach((s) => checkSize(s, "sizes"));
}

/** The conditions this runtime can run, and the combinations set aside with their reason. */
export function messagingConditions(params: Pick<MessagingParams, "channels" | "kinds" | "sizes">): {
  conditions: MessagingCondition[];
  unavailable: MessagingSummary["unavailable"];
} {
  checkMessagingParams(params);
  const unavailable: MessagingSummary["unavailable"] = [];
  for (const channel of params.channels) {
    for (const kind of params.kinds) {
      const support = channelSupport(channel, kind);
      if (!support.available) unavailable.push({ channel, kind, reason: support.reason });
    }
  }
  const skip = (c: MessagingCondition) => unavailable.some((u) => u.channel === c.channel && u.kind === c.kind);
  return { conditions: allConditions(params).filter((c) => !skip(c)), unavailable };
}

/** Type-7 quantile of sorted values. */
const quantile = (sorted: number[], p: number) => ss.quantileSorted(sorted, p);

async function measure(condition: MessagingCondition, context: TrialContext, params: MessagingParams, payloadOf: (kind: PayloadKind, size: number) => Payload): Promise<Measurement> {
  const payload = payloadOf(condition.kind, condition.sizeBytes);
  const ch = await openChannel({
    channel: condition.channel,
    kind: condition.kind,
    // Payloads are ASCII or bytes, so a payload's encoding is exactly its size.
    capacityBytes: condition.sizeBytes,
    replyTimeoutMs: params.timeoutMs,
    signal: context.signal,
  });
  try {
    // A fresh peer per trial: warm both ends' code paths before the clock counts.
    const warmup = condition.sizeBytes <= WARMUP_MAX_BYTES ? payload : payloadOf(condition.kind, WARMUP_MAX_BYTES);
    await runRoundTrips(ch, warmup, { count: params.warmupRoundTrips, minCount: Math.min(1, params.warmupRoundTrips), budgetMs: params.budgetMs / 4, signal: context.signal });
    const { latenciesMs, busyMs } = await runRoundTrips(ch, payload, { count: params.roundTrips, minCount: MIN_ROUND_TRIPS, budgetMs: params.budgetMs, signal: context.signal });
    const sorted = latenciesMs.slice().sort((a, b) => a - b);
    const messagesPerSec = (2 * sorted.length) / (busyMs / 1000);
    return {
      durationMs: busyMs,
      metrics: {
        p50Ms: quantile(sorted, 0.5),
        p99Ms: quantile(sorted, 0.99),
        meanMs: busyMs / sorted.length,
        maxMs: sorted[sorted.length - 1]!,
        roundTrips: sorted.length,
        messagesPerSec,
        mbPerSec: (messagesPerSec * condition.sizeBytes) / 1e6,
        startupMs: ch.startupMs,
        payloadBytes: condition.sizeBytes,
      },
    };
  } finally {
    await ch.close();
  }
}

/** Where each side is faster, as a phrase: "64 B–4 KiB". */
function sizeList(points: SizePoint[], side: SizePoint["side"]): string {
  return points.filter((p) => p.side === side).map((p) => formatBytes(p.sizeBytes)).join(", ");
}

function pairVerdict(pair: Omit<PairComparison, "verdict">): string {
  const { a, b, kind, points } = pair;
  const head = `${pair.question}, ${kind}:`;
  if (points.length === 0) return `${head} not measured.`;
  const minN = Math.min(...points.map((p) => Math.min(p.comparison.nA, p.comparison.nB)));
  const ratios = points.map((p) => `${formatBytes(p.sizeBytes)} ${formatNumber(p.comparison.ratio)}× (${formatInterval(p.comparison.ratioCi)})`).join("; ");
  const parts = [`${head} ${a} took this many times the p50 round trip of ${b} (95% CI): ${ratios}.`];
  if (minN < 2) return `${parts[0]} Too few trials to say where either is faster.`;
  const aSizes = sizeList(points, "a");
  const bSizes = sizeList(points, "b");
  const none = sizeList(points, "none");
  if (pair.crossoverBytes !== null) {
    const fromSmallest = pair.crossoverBytes === points[0]!.sizeBytes;
    parts.push(fromSmallest ? `${a} was faster at every size measured where a difference was resolved.` : `${a} was faster from ${formatBytes(pair.crossoverBytes)} up (the crossover).`);
  }
  if (aSizes) parts.push(`${a} faster at ${aSizes}.`);
  if (bSizes) parts.push(`${b} faster at ${bSizes}.`);
  if (none) parts.push(`No difference detected at ${none}.`);
  if (minN < 5) parts.push(`(${minN} trials per condition: intervals from so few trials are too narrow to trust; run 5 or more.)`);
  return parts.join(" ");
}

/** Why a combination asked for in a saved Result was not measured, judged by the runtime that ran it. */
function unavailableReason(channel: ChannelId, kind: PayloadKind, runtime: RuntimeInfo): string {
  if (channel === "thread-transfer" && kind !== "buffer") return notTransferable(kind);
  if (channel.startsWith("sab-") && !runtime.features.sharedArrayBuffer) return `${runtimeLabel(runtime)} has no SharedArrayBuffer`;
  if (channel === "sab-async" && !runtime.features.atomicsWaitAsync) return `${runtimeLabel(runtime)} has no Atomics.waitAsync`;
  return "no trial of it completed in this run (see the Result's failures)";
}

function summarizeMessaging(result: Omit<MessagingResult, "summary">): MessagingSummary {
  const { params } = result;
  const seed = params.seed;
  const conditions = allConditions(params);
  const rows: MessagingRow[] = [];
  for (const c of conditions) {
    const p50 = trialsOf(result, c.label, "p50Ms");
    if (p50.length === 0) continue;
    const s = (metric: string) => summarize(trialsOf(result, c.label, metric), { seed });
    rows.push({
      label: c.label, channel: c.channel, kind: c.kind, sizeBytes: c.sizeBytes,
      p50Ms: s("p50Ms"), p99Ms: s("p99Ms"), messagesPerSec: s("messagesPerSec"), mbPerSec: s("mbPerSec"),
      roundTrips: ss.median(trialsOf(result, c.label, "roundTrips")),
    });
  }
  const unavailable: MessagingSummary["unavailable"] = [];
  for (const channel of params.channels) {
    for (const kind of params.kinds) {
      if (!rows.some((r) => r.channel === channel && r.kind === kind)) unavailable.push({ channel, kind, reason: unavailableReason(channel, kind, result.runtime) });
    }
  }
  const comparisons: PairComparison[] = [];
  for (const pair of PAIRS) {
    for (const kind of params.kinds) {
      const points: SizePoint[] = [];
      for (const sizeBytes of [...new Set(params.sizes)].sort((x, y) => x - y)) {
        const a = trialsOf(result, labelOf(pair.a, kind, sizeBytes), "p50Ms");
        const b = trialsOf(result, labelOf(pair.b, kind, sizeBytes), "p50Ms");
        if (a.length === 0 || b.length === 0) continue;
        const comparison = compareRatio(a, b, {
          labelA: labelOf(pair.a, kind, sizeBytes), labelB: labelOf(pair.b, kind, sizeBytes), seed, quantity: "p50 round-trip latency",
        });
        const resolved = Math.min(a.length, b.length) >= 2;
        const side = !resolved ? "none" : comparison.ratioCi.hi < 1 ? "a" : comparison.ratioCi.lo > 1 ? "b" : "none";
        points.push({ sizeBytes, comparison, side });
      }
      if (points.length === 0) continue;
      const crossover = points.find((p, i) => p.side === "a" && points.slice(i).every((q) => q.side !== "b"));
      const partial = { ...pair, kind, points, crossoverBytes: crossover ? crossover.sizeBytes : null };
      comparisons.push({ ...partial, verdict: pairVerdict(partial) });
    }
  }
  const spreads = rows.filter((r) => r.p50Ms.n >= 2).map((r) => r.p50Ms.relativeIqr);
  return {
    cores: result.machine.cpu.cores,
    runtime: runtimeLabel(result.runtime),
    rows,
    comparisons,
    unavailable,
    noiseFloor: spreads.length > 0 ? ss.median(spreads) : NaN,
    failures: result.failures.length,
  };
}

const channelColors = CHANNEL_COLORS as Record<string, string>;

/** Rows of a size chart for one metric of every row. */
function metricRows(rows: MessagingRow[], metric: "p50Ms" | "p99Ms" | "mbPerSec", style?: string): charts.SizeSeriesRow[] {
  return rows.map((r) => ({
    series: r.channel, panel: r.kind, sizeBytes: r.sizeBytes, y: r[metric].median, lo: r[metric].medianCi.lo, hi: r[metric].medianCi.hi,
    ...(style ? { style } : {}),
  }));
}

function messagingCharts(result: MessagingResult): Charts {
  return byId(messagingChartsList(result));
}

function messagingChartsList(result: MessagingResult): Chart[] {
  const s = result.summary;
  const on = `${s.runtime}, ${s.cores} cores`;
  return [
    charts.sizeSeries(metricRows(s.rows, "p50Ms"), {
      id: "latency-p50", title: `Round-trip latency (p50) vs payload size (${on}; median over trials, 95% CI)`, yTitle: "p50 round trip (ms)", colors: channelColors,
    }),
    charts.sizeSeries(metricRows(s.rows, "p99Ms"), {
      id: "latency-p99", title: `Tail round-trip latency (p99) vs payload size (${on}; median over trials, 95% CI)`, yTitle: "p99 round trip (ms)", colors: channelColors,
    }),
    charts.sizeSeries(metricRows(s.rows, "mbPerSec"), {
      id: "throughput", title: `Throughput of a ping-pong vs payload size (${on}; payload counted once per direction)`, yTitle: "payload throughput (MB/s)", colors: channelColors,
    }),
    charts.sizeSeries(
      s.comparisons.flatMap((p) => p.points.map((pt) => ({
        series: `${p.a} / ${p.b}`, panel: p.kind, sizeBytes: pt.sizeBytes, y: pt.comparison.ratio, lo: pt.comparison.ratioCi.lo, hi: pt.comparison.ratioCi.hi,
      }))),
      { id: "crossover", title: `Who is faster: ratio of p50 latencies (${on}; below 1 the first is faster; 95% CI)`, yTitle: "p50 ratio (first / second)", reference: 1 },
    ),
  ];
}

/**
 * One chart of p50 round-trip latency against payload size for several messaging Results, with a
 * series per (runtime, channel): colour by channel, dash pattern by runtime. IPC costs differ a lot
 * between Node releases (the advanced serialiser changed), which this makes visible side by side.
 *
 * @throws {InputError} When a Result is not a messaging Result, or none is given.
 */
export function overlayMessaging(results: ReadonlyArray<Result>): Chart {
  if (results.length === 0) throw new InputError("results", "give at least one messaging Result to overlay");
  const rows: charts.SizeSeriesRow[] = [];
  const seen = new Map<string, number>();
  for (const r of results) {
    if (r.experiment.id !== messaging.id) throw new InputError("results", `a "${r.experiment.id}" Result cannot be overlaid on messaging Results`);
    const summary = messaging.summarize(r as unknown as Omit<MessagingResult, "summary">);
    // Two Results of one runtime stay apart: the second is "node 20.20.2 (2)".
    const base = summary.runtime;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    rows.push(...metricRows(summary.rows, "p50Ms", count > 1 ? `${base} (${count})` : base));
  }
  const runtimes = [...new Set(rows.map((r) => r.style))];
  return charts.sizeSeries(rows, {
    id: "overlay-runtimes", title: `p50 round-trip latency by runtime: ${runtimes.join(" vs ")} (median over trials, 95% CI)`,
    yTitle: "p50 round trip (ms)", colors: channelColors, styleTitle: "runtime",
  });
}

/**
 * The saved messaging Results to overlay: the paths given (a notebook's `compare` parameter) and those
 * in PARLAB_COMPARE (separated by commas or semicolons), each loaded and re-analysed.
 *
 * @throws {InputError} When a file is missing, unreadable, or not a messaging Result.
 */
export function loadComparisons(paths: readonly string[] = [], env: Record<string, string | undefined> = process.env): MessagingResult[] {
  const fromEnv = (labEnv(env).compare ?? "").split(/[;,]/).map((p) => p.trim()).filter(Boolean);
  return [...paths, ...fromEnv].map((file) => {
    const r = loadResult<MessagingParams, MessagingSummary>(file);
    if (r.experiment.id !== messaging.id) throw new InputError(file, `holds a "${r.experiment.id}" Result; only messaging Results can be overlaid`);
    return { ...r, summary: summarizeMessaging(r) };
  });
}

function messagingFindings(result: MessagingResult): string[] {
  const s = result.summary;
  const m = result.machine;
  const p = result.params;
  const sizes = [...new Set(p.sizes)].sort((a, b) => a - b);
  const lines = [
    `Measured on ${s.cores} cores (${m.cpu.model}), ${m.os.platform} ${m.os.release}, ${s.runtime} (V8 ${result.runtime.v8}); ${p.trials} trials per condition, ` +
      `up to ${p.roundTrips} round trips per trial (no new one after ${p.budgetMs} ms, at least ${MIN_ROUND_TRIPS}), payloads ${formatBytes(sizes[0]!)} to ${formatBytes(sizes[sizes.length - 1]!)}.`,
  ];
  if (Number.isFinite(s.noiseFloor)) {
    lines.push(`Noise floor: identical trials' p50 spread by ${formatNumber(s.noiseFloor * 100)}% (IQR / median, median over conditions); smaller differences are not resolved.`);
  }
  for (const u of s.unavailable) lines.push(`${u.channel} with ${u.kind} payloads was not measured: ${u.reason}.`);
  // The headline: how much cheaper a thread is to talk to than a process, smallest and largest payload.
  for (const pair of s.comparisons.filter((c) => c.id.startsWith("thread-vs-ipc"))) {
    const ends = [pair.points[0]!, pair.points[pair.points.length - 1]!].filter((x, i, all) => all.indexOf(x) === i);
    lines.push(`Thread vs process (${pair.kind}): a postMessage round trip took ${ends.map((e) => `${formatNumber(e.comparison.ratio)}× (95% CI ${formatInterval(e.comparison.ratioCi)}×) the time of ${pair.b} at ${formatBytes(e.sizeBytes)}`).join(", and ")}.`);
  }
  for (const c of s.comparisons) lines.push(c.verdict);
  for (const kind of p.kinds) {
    for (const size of [sizes[0]!, sizes[sizes.length - 1]!].filter((x, i, all) => all.indexOf(x) === i)) {
      const rows = s.rows.filter((r) => r.kind === kind && r.sizeBytes === size).sort((a, b) => a.p50Ms.median - b.p50Ms.median);
      if (rows.length === 0) continue;
      lines.push(`${kind} ${formatBytes(size)}, fastest first (p50 / p99 ms, median over ${rows[0]!.p50Ms.n} trials): ${rows.map((r) => `${r.channel} ${formatNumber(r.p50Ms.median)} (95% CI ${formatInterval(r.p50Ms.medianCi)}) / ${formatNumber(r.p99Ms.median)}`).join("; ")}.`);
    }
  }
  return [...lines, ...failureNote(s.failures)];
}

/** The messaging experiment. */
export const messaging: Experiment<MessagingParams, MessagingSummary> = {
  id: "messaging",
  version: 1,
  title: "What talking costs: process IPC vs thread messages vs shared memory",
  description:
    "A fresh echo peer per trial (a forked process, or a worker thread) started from a fixed entry module; the caller sends one payload at a time and " +
    "times each round trip with performance.now() until the echo is back, checking every echo against what was sent (outside the timed span). " +
    "Round trips per trial adapt to size: up to roundTrips, but no new one after budgetMs (at least one), after discarded warm-up round trips (with at most a 64 KiB payload of the same kind). " +
    "IPC JSON carries a Buffer as base64 text, decoded and re-encoded by the peer (JSON's own conversion, an array of numbers, takes seconds per MiB); transfer moves the ArrayBuffer both ways and applies to buffers only. " +
    "The shared-memory ping-pong copies the payload into a SharedArrayBuffer (strings UTF-8-encoded, objects as JSON text), flips an Int32 flag and notifies; the peer copies out, " +
    "decodes, encodes and copies back, so encoding and copies are paid as a message pays serialisation. " +
    "Throughput is of this one-at-a-time ping-pong: messages/s = 2 per round trip over the time in round trips; MB/s counts the payload once per direction.",
  params: {
    channels: { type: "string[]", description: "channels to measure", choices: CHANNELS, default: [...CHANNELS] },
    kinds: { type: "string[]", description: "payload kinds", choices: PAYLOAD_KINDS, default: { tiny: ["buffer", "object"], quick: ["buffer", "object"], full: ["string", "object", "buffer"] } },
    sizes: {
      type: "integer[]", description: "payload sizes", unit: "bytes", min: MIN_PAYLOAD_BYTES, max: MAX_PAYLOAD_BYTES,
      default: {
        tiny: [64, 65_536],
        quick: [64, 512, 4096, 32_768, 262_144, 2_097_152, 16_777_216],
        full: [64, 256, 1024, 4096, 16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216],
      },
    },
    roundTrips: { type: "integer", description: "measured round trips per trial at most (small payloads reach it)", unit: "round trips", min: 10, max: 1_000_000, default: { tiny: 100, quick: 1000, full: 5000 } },
    warmupRoundTrips: { type: "integer", description: "discarded round trips at the start of each trial", unit: "round trips", min: 0, max: 100_000, default: { tiny: 10, quick: 100, full: 500 } },
    budgetMs: { type: "integer", description: "no new round trip after this long in a trial (large payloads stop here)", unit: "ms", min: 1, max: 600_000, default: { tiny: 50, quick: 150, full: 1000 } },
    ...trialParamSpecs({ trials: { tiny: 2, quick: 5, full: 12 }, warmups: { tiny: 0, quick: 0, full: 1 }, minTimeoutMs: 1000 }),
  },
  async run(params, options = {}) {
    const { conditions } = messagingConditions(params);
    if (conditions.length === 0) throw new InputError("channels", "none of the requested channel and kind combinations can run on this runtime");
    // Payloads are built once per run: a 16 MiB object takes longer to build than to send.
    const payloads = new Map<string, Payload>();
    const payloadOf = (kind: PayloadKind, size: number) => {
      const key = `${kind}:${size}`;
      if (!payloads.has(key)) payloads.set(key, makePayload(kind, size, params.seed));
      return payloads.get(key)!;
    };
    return runConditions(messaging, params, options, conditions, (c, ctx) => measure(c, ctx, params, payloadOf));
  },
  summarize: summarizeMessaging,
  charts: messagingCharts,
  findings: messagingFindings,
};
