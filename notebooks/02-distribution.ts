// %% [markdown]
// # How cluster spreads connections: round-robin, socket sharing, reusePort
//
// The article: with socket sharing "70% of connections [hit] just 2 out of 8 workers, while the
// others sat idle", so round-robin, Node's default except on Windows, "wins for reliability".
// Node's own documentation says the same, without data. This notebook measures it.
//
// **Who accepts, who decides.**
// - **Round-robin** (`SCHED_RR`): the primary process accepts every connection and hands it to the
//   workers in turn over IPC. The primary decides; it is also a middleman every connection passes.
// - **Socket sharing** (`SCHED_NONE`): the primary creates the listening socket and passes it to the
//   workers, which all call `accept()` on it. The kernel decides which waiting worker wakes up —
//   often the one that just went back to waiting, which is where the imbalance comes from.
// - **reusePort** (`SO_REUSEPORT`, Node 22.12+ / 23.1+ on Linux): every worker binds its own socket to
//   the same port and the kernel hashes each new connection to one of them.
//
// **How.** A fresh cluster per trial on 127.0.0.1 at a port the OS picks; the policy is checked
// from inside the workers (no listening descriptor under round-robin, one shared socket under
// sharing, one socket each under reusePort). A closed-loop load generator in its own process sends
// the requests — a new connection per request, like the article's case, or keep-alive — after a
// short warm-up whose counts are discarded. Each worker counts the connections it accepted.
//
// **Under load levels.** A closed loop sends as fast as the server answers, so its arrivals are only as
// dense as the server lets them be. The sweep adds open loops: the run first measures round-robin's
// capacity (closed loop at the highest client count, three runs after a warm-up), then offers fixed
// fractions of it on a schedule. Latency runs from each request's intended send time, so a stalled
// server is not hidden by a generator that stopped sending (coordinated omission); a condition whose
// generator left more than 5% of its requests late or dropped says so instead of giving server numbers.
//
// **How the numbers are read.** Each trial gives one share per worker rank, one top-2 share, one
// throughput and one p99; across trials every figure is a median with its interval from order
// statistics, labelled with the level it attains (six trials reach 96.8%, five only 93.7%). The noise
// floor is the spread (IQR / median) of identical round-robin trials' throughput at the lowest client
// count: round-robin hands connections out in turn, so its trials are the most alike by design.

// %%
import { claimsMarkdown, distribution, formatCi, formatNumber, markdown, notebookParams, notebookRuntimes, runOnRuntimes, show, showAcrossRuntimes, table } from "parlab";
import { versusReference } from "parlab/experiments";

// %% tags=["parameters"]
// Profiles: "tiny" (seconds, for tests), "quick" (about two and a half minutes), "full" (adds keep-alive, c = 1
// and load levels 25, 50, 75, 100%). Override any parameter here, e.g. `concurrency: [1, 8, 64, 256]`,
// `handlerCostMs: 1` or `loadLevels: [10, 50, 90]` (percent of round-robin's capacity; `[0]`: no sweep).
const parameters = { profile: "quick", trials: undefined, concurrency: undefined, handlerCostMs: undefined, loadLevels: undefined, runtimes: undefined };

// %%
const params = notebookParams(distribution, parameters);
const runtimes = notebookRuntimes(parameters);
console.log(`profile ${params.profile}: ${params.workers} workers; policies ${params.policies.join(", ")}; concurrency ${params.concurrency.join(", ")}; load levels ${(params.loadLevels ?? []).join(", ")}% of capacity; ${params.requests} requests × ${params.trials} trials`);

// %% [markdown]
// ## Run

// %%
const { runs } = await runOnRuntimes(distribution, params, runtimes);
const { result, file } = runs[0];
const s = result.summary;
console.log(`${result.trials.length} trials (${result.failures.length} failed); Result in ${file}`);
for (const u of s.unavailable) console.log(`not measured: ${u.policy} (${u.reason})`);

// %% [markdown]
// ## Who got the connections
// Workers ranked from busiest to idlest in each trial; each bar is the median share at that rank across
// trials, with its order-statistic interval. The dashed line is an even spread (1/k). The article's
// claim is about the first two bars.

// %%
const charts = distribution.charts(result);
await show(charts["share-by-rank"]);

// %%
await show(table(s.rows.map((r) => ({
  condition: r.label,
  trials: r.top2Share.n,
  "top-2 share": `${formatNumber(r.top2Share.median * 100)}%`,
  "top-2 interval": formatCi(r.top2Share.medianCi, 100, "%"),
  "trials ≥ 70%": `${r.claimHits}/${r.top2Share.n}`,
  "Jain": formatNumber(r.jain.median),
  "req/s": formatNumber(r.throughputRps.median),
  "req/s interval": formatCi(r.throughputRps.medianCi),
  "p99 ms": formatNumber(r.p99Ms.median),
  "primary CPU (cores)": formatNumber(r.primaryCpuShare.median),
})), "Per condition (medians across trials; each interval at the level it attains)"));

// %% [markdown]
// ## Does it depend on load?
// How much the busiest two workers take as more clients connect at once.

// %%
await show(charts["top2-vs-concurrency"]);

// %% [markdown]
// ## What round-robin costs
// Fairness is not free: under round-robin every connection crosses the primary. Each point is a load
// shape; right is faster, up is fairer.

// %%
await show(charts["fairness-vs-throughput"]);
await show(charts["latency-ecdf"]);

// %% [markdown]
// ## Does the imbalance grow with offered load?
// Open loops at fractions of round-robin's capacity, measured at the start of this run. Each point is a
// policy at a load level (median across trials, with its interval); conditions whose generator fell
// behind its schedule are left out of the charts and of the comparisons.

// %%
for (const c of s.sweep?.capacity ?? []) console.log(`capacity (${c.keepAlive ? "keep-alive" : "new conn"}): ${formatNumber(c.rps.median)} req/s (${formatCi(c.rps.medianCi)})`);
await show(charts["top2-vs-load"]);
await show(charts["jain-vs-load"]);
await show(table(s.rows.filter((r) => r.loadPercent !== undefined).map((r) => ({
  condition: r.label,
  "offered req/s": r.offeredRps ? formatNumber(r.offeredRps.median) : "",
  "late or dropped": r.behind ? `${r.behind.late + r.behind.dropped} of ${r.behind.scheduled}` : "",
  "top-2 share": r.behind?.fellBehind ? "generator fell behind" : `${formatNumber(r.top2Share.median * 100)}%`,
  "top-2 interval": r.behind?.fellBehind ? "" : formatCi(r.top2Share.medianCi, 100, "%"),
  "Jain": r.behind?.fellBehind ? "" : formatNumber(r.jain.median),
  "p99 ms (from intended send)": r.behind?.fellBehind ? "" : formatNumber(r.p99Ms.median),
})), "The sweep (medians across trials; each interval at the level it attains)"));

// %% [markdown]
// ## Verdict
// Socket sharing and reusePort are compared with round-robin under each load shape — top-2 share,
// throughput and p99 latency; in the sweep, top-2 share at each level, and each policy's highest level
// against its lowest, which answers whether its imbalance grows with load — by the exact Wilcoxon–Mann–Whitney rank-sum test and the Hodges–Lehmann
// ratio with its interval at the level it attains. All these comparisons are one family: their p-values
// are Holm-adjusted, and the findings print the family's size. A verdict names a side only when the
// adjusted p and the interval agree, calls two policies equivalent only inside ±5%, and otherwise gives
// the interval's bounds. Each is followed by its check within rounds (the trials were interleaved in
// randomised blocks) and how many rounds outside load disturbed, where that was recorded.

// %%
await show(markdown(distribution.findings(result).map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ## Under what conditions does the claim hold here?
// The top-2 share is one value per trial, so each socket-sharing condition is decided from the interval
// of its median share: the claim holds where the whole interval lies at or above 70%, fails where it lies
// below, and is undecided where it straddles 70% or does not reach the 95% asked for (which takes six
// trials). The verdict is about socket sharing, the policy the claim names.

// %%
await show(markdown(claimsMarkdown(distribution.claims(result))));

// %% [markdown]
// ## This run vs the reference
// Each comparison of this run beside the same comparison in the committed reference Result: "agrees"
// (same verdict, or overlapping intervals) or "differs" (both intervals shown). Different machines,
// runtimes and profiles are named, not hidden. The first line says what this machine's latest
// calibration (notebook 00) found a run of each profile resolves, or that there is none.

// %%
const vsReference = versusReference(distribution, result);
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
await showAcrossRuntimes(distribution, runs);

// %%
console.log(`Result saved in ${file}`);

// %% [markdown]
// ## Try it
// 1. **Give the handler work.** Set `handlerCostMs: 2` (`--set handlerCostMs=2`, or
//    `PARLAB_SET="handlerCostMs=2"`). With real work per request, an uneven spread should cost more. Look at
//    the fairness-vs-throughput chart and the comparisons of `none` with `rr`: socket sharing's throughput or
//    p99 verdict changes only if its interval leaves 1 (Holm-adjusted within the family); the top-2 share
//    verdict alone says the spread is less even, not that the server is slower.
// 2. **Keep connections open.** Set `keepAlive: [false, true]` (`--set keepAlive=false,true`). With
//    keep-alive a few long connections carry every request; in the share-by-rank chart, see whether the
//    busiest two workers' share grows. The article's "70% on 2 of 8" holds for a condition only where the
//    whole interval of the median top-2 share lies at or above 70%.
// 3. **Too few trials.** Set `trials: 5`. The claim's verdict turns into "too few trials": five trials bound
//    a median at 93.7% at most, short of the 95% asked for. Six is the fewest that can decide.
