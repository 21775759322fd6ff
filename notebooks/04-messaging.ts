// %% [markdown]
// # What talking costs: process IPC, thread messages, shared memory
//
// The article says threads "communicate faster" than processes because they can share memory.
// This notebook measures **how much faster a thread is to talk to than a process**, for which
// payloads, and what shared memory adds — on this machine and this runtime.
//
// **What a round trip pays.** One message from A to B and its echo back costs:
// - **Serialisation**: the value is turned into bytes and back. Process IPC with
//   `serialization: 'json'` uses `JSON.stringify`/`JSON.parse`; `'advanced'` uses V8's serialiser,
//   the same format as a thread's structured clone. JSON has no bytes: left to itself it turns a
//   Buffer into `{type: 'Buffer', data: [1, 2, …]}`, an array of numbers that takes seconds per MiB,
//   so here buffers cross JSON IPC as base64 text, which the peer decodes and encodes again.
// - **Copies**: a process message crosses a pipe through the kernel (write, read, copy into the
//   other heap); a thread message is copied between heaps in one process; a *transferred*
//   ArrayBuffer is not copied at all, it changes owner. Shared memory still copies: the payload
//   must get into the shared buffer and out again.
// - **Wake-ups**: the receiver must notice. A message wakes the other event loop; `Atomics.wait`
//   wakes a blocked thread directly (a futex); `Atomics.waitAsync` wakes through the event loop.
//
// **How.** Each trial starts a fresh echo peer — a forked process or a worker thread, from a fixed
// entry module — warms it up, then sends one payload at a time and times each round trip with
// `performance.now()`. Every echo is checked against what was sent (outside the timed span).
// The shared-memory channel encodes strings and objects (UTF-8, JSON) into the
// SharedArrayBuffer and the peer decodes and re-encodes them, so it pays encoding and copies just
// as a message pays serialisation. Small payloads get up to `roundTrips` round trips per trial (a
// stable p99); large ones stop after a time budget. Conditions (channel × payload kind × size)
// are interleaved in randomised blocks (round r runs the r-th trial of every condition, in a seeded
// random order) and repeated; each trial's p50 and p99 are its numbers, summarised across trials by
// their median with a distribution-free interval from order statistics, at the level the trials
// attain (with 6 trials, [min, max] covers the median with 96.9%; with 5 it would be 93.75%, not 95%).
//
// **How channels are compared.** Two channels at one payload kind and size are compared on their
// trials' p50s by the exact Wilcoxon rank-sum test and the Hodges–Lehmann ratio (the median of every
// pairwise ratio) with the distribution-free interval that test inverts to, at the level it attains.
// A run makes one such comparison per pair, kind and size — 22 in the quick profile — and decides
// them as one family: the p-values are adjusted by Holm's method, so that the chance of naming any
// false winner among all 22 stays at 5%. A channel is called faster only when the adjusted p is
// below 0.05 and the interval lies wholly on one side of 1; equivalent only when the interval lies
// inside ±5%; otherwise the verdict says "inconclusive" with the interval's bounds. With 6 trials
// per condition the smallest exact p is 2/924, and it passes Holm's adjustment in a family of 22
// (2/924 × 22 < 0.05): this is why the quick profile measures two sizes, not seven (at seven, 77
// comparisons, no adjusted p could fall below 0.05). The full profile measures ten sizes and runs
// 6 to 12 trials, stopping each condition once precise enough. The pairs the claims rest on are also compared within
// rounds (each round's ratio, a signed-rank test), as a check that drift during the run did not make
// the difference.

// %%
import { CHANNEL_DESCRIPTIONS, claimsMarkdown, formatBytes, formatCi, formatNumber, loadComparisons, markdown, messaging, notebookParams, notebookRuntimes, overlayMessaging, runOnRuntimes, show, showAcrossRuntimes, table } from "parlab";
import { versusReference } from "parlab/experiments";

// %% tags=["parameters"]
// Profiles: "tiny" (seconds, for tests), "quick" (64 B and 1 MiB, about a minute), "full" (every ×4 in size, strings too, more trials).
// Override any parameter here, e.g. `sizes: [64, 1048576]` or `channels: ["thread-clone", "sab-wait"]`.
// `compare` lists saved messaging Results (paths) to overlay on this run, e.g. from another Node release;
// PARLAB_COMPARE (paths separated by commas) adds more.
const parameters = { profile: "quick", trials: undefined, sizes: undefined, channels: undefined, kinds: undefined, runtimes: undefined };
const compare: string[] = [];

// %%
const params = notebookParams(messaging, parameters);
const runtimes = notebookRuntimes(parameters);
console.log(`profile ${params.profile}: ${params.channels.length} channels; kinds ${params.kinds.join(", ")}; sizes ${params.sizes.map(formatBytes).join(", ")}; ${params.trials} trials per condition`);

// %%
await show(table(params.channels.map((c) => ({ channel: c, "what a round trip does": CHANNEL_DESCRIPTIONS[c] })), "The channels"));

// %% [markdown]
// ## Run
// The Result is saved under `data/results/` after every trial. `PARLAB_RESULT=<file>` re-plots a
// saved Result instead of measuring.

// %%
const { runs } = await runOnRuntimes(messaging, params, runtimes);
const { result, file } = runs[0];
const s = result.summary;
console.log(`${result.trials.length} trials (${result.failures.length} failed) on ${s.runtime}, ${s.cores} cores; Result in ${file}`);
for (const u of s.unavailable) console.log(`not measured: ${u.channel} with ${u.kind} payloads (${u.reason})`);

// %% [markdown]
// ## Latency against payload size
// Median round-trip latency of each trial, then the median across trials with its order-statistic
// interval (the band; the level it attains, set by the number of trials, is in the table below). Both axes are logarithmic: a straight rising line is a cost proportional to size (copying
// and serialising); the flat part on the left is the fixed cost of one message (wake-ups, system
// calls, bookkeeping). One panel per payload kind.

// %%
const charts = messaging.charts(result);
await show(charts["latency-p50"]);

// %% [markdown]
// The tail: each trial's 99th-percentile round trip. With few round trips per trial (large
// payloads) a trial's p99 is close to its slowest round trip.

// %%
await show(charts["latency-p99"]);

// %% [markdown]
// ## Throughput
// One message in flight at a time, so throughput is the other face of latency: messages per second
// are two per round trip over the time spent in round trips, and MB/s counts the payload once per
// direction (10⁶ bytes).

// %%
await show(charts["throughput"]);

// %%
await show(table(s.rows.map((r) => ({
  channel: r.channel,
  kind: r.kind,
  size: formatBytes(r.sizeBytes),
  trials: r.p50Ms.n,
  "round trips / trial": r.roundTrips,
  "p50 ms": formatNumber(r.p50Ms.median),
  "p50 CI": formatCi(r.p50Ms.medianCi),
  "p99 ms": formatNumber(r.p99Ms.median),
  "p99 CI": formatCi(r.p99Ms.medianCi),
  "msgs/s": formatNumber(r.messagesPerSec.median),
  "MB/s": formatNumber(r.mbPerSec.median),
  "MB/s CI": formatCi(r.mbPerSec.medianCi),
})), `Per condition (${s.runtime}; medians across trials)`));

// %% [markdown]
// ## Crossovers
// Each line is the Hodges–Lehmann ratio of two channels' p50 latencies at each size, with its
// interval at the level it attains (in each verdict below). Below the dashed line at 1 the first
// channel is faster. A crossover is the smallest size from which the verdicts name the first channel
// faster, with no larger size where they name the second. The verdicts come after one line saying
// how large the family was and how it came out.

// %%
await show(charts["crossover"]);

// %%
const points = s.comparisons.flatMap((c) => c.points);
const familySays = messaging.findings(result).find((f) => f.startsWith(`${s.family.size} comparison`)) ?? "";
await show(markdown([
  familySays,
  ...s.comparisons.map((c) => [`- ${c.verdict}`, ...c.points.map((p) => `  - ${p.comparison.verdict}${p.within ? ` ${p.within.sentence}.` : ""}`)].join("\n")),
].join("\n\n")));
console.log(`${points.filter((p) => p.comparison.conclusive).length} of ${points.length} comparisons conclusive`);

// %% [markdown]
// ## Latency by runtime
// Node releases differ in IPC: recent ones changed the advanced serialiser. Each run's Result records
// its runtime; the runs of `runtimes` (below, compared condition by condition) and any saved Results
// listed in `compare` (or PARLAB_COMPARE) are drawn over this one, a line style per runtime. Without
// any, the chart shows this run alone.

// %%
const others = [...runs.slice(1).map((r) => r.result), ...loadComparisons(compare)];
console.log(others.length > 0 ? `overlaying ${others.map((o) => `${o.runtime.name} ${o.runtime.version} (${o.trials.length} trials)`).join(", ")}` : "no saved Results to compare with");
await show(overlayMessaging([result, ...others]));

// %% [markdown]
// ## Findings
// Every number with its trial count and its interval at the level it attains; every verdict with its
// adjusted p and the size of the family it was decided in. "Inconclusive" always gives the interval's
// bounds: what the data rule out, and what they do not.

// %%
await show(markdown(messaging.findings(result).map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ## How much faster are threads to talk to?
// Read off this run's decided comparisons: a thread's postMessage against each IPC serialisation,
// and what shared memory saves on top. A claim holds at the payloads where every comparison it rests
// on was decided faster; where the verdicts are inconclusive it is not decided, and says why.

// %%
await show(markdown(claimsMarkdown(messaging.claims(result))));

// %% [markdown]
// ## This run vs the reference
// Each comparison of this run beside the same comparison in the committed reference Result: "agrees"
// (same verdict, or overlapping intervals) or "differs" (both intervals shown). Different machines,
// runtimes and profiles are named, not hidden. The first line says what this machine's latest
// calibration (notebook 00) found a run of each profile resolves, or that there is none.

// %%
const vsReference = versusReference(messaging, result);
await show(markdown(vsReference.markdown));
if (vsReference.chart) await show(vsReference.chart);

// %% [markdown]
// ## Across runtimes
// With more than one entry in `runtimes`, the experiment ran once on each, one runtime after another
// (each is a process tree of its own, so trials cannot interleave across them), and each condition is
// compared with the first runtime's: the ratio of the runtime's value to the first one's, with its
// interval, all comparisons in one Holm family and decided by the lab's one verdict rule. Conditions
// only some runtimes could run (reusePort before Node 22.12) are listed, not dropped.

// %%
await showAcrossRuntimes(messaging, runs);

// %%
console.log(`Result saved in ${file}`);

// %% [markdown]
// ## Try it
// 1. **A smaller family, more trials.** Set `channels: ["thread-clone", "ipc-advanced", "thread-transfer"]`
//    and `trials: 12` (`PARLAB_SET="channels=thread-clone,ipc-advanced,thread-transfer;trials=12"`). Fewer
//    channels mean fewer comparisons, so Holm's adjustment is milder, and more trials narrow each interval.
//    In the crossover chart and the verdicts, see whether "a thread vs a process" now names a side at some
//    sizes: it does where the interval of the p50 ratio lies wholly below (or above) 1 and the adjusted p
//    is below 0.05.
// 2. **Your message size.** Set `sizes: [65536, 1048576]` (`--set sizes=65536,1048576`) to measure the sizes
//    your application sends. Then set the same `payloadBytes` in notebook 08: its payload branch answers from
//    the measured size nearest yours.
// 3. **Objects only.** Set `kinds: ["object"]`. Structured cloning (advanced IPC, postMessage) against JSON
//    now decides "advanced vs JSON serialisation"; compare its crossover size with the buffers' — a verdict
//    that names advanced faster at large sizes only is a crossover, not a general win.
