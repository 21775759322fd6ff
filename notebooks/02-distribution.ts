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

// %%
import { claimsMarkdown, distribution, formatInterval, formatNumber, markdown, notebookParams, runOrLoad, show, table } from "parlab";

// %% tags=["parameters"]
// Profiles: "tiny" (seconds, for tests), "quick" (about two minutes), "full" (adds keep-alive and c = 1).
// Override any parameter here, e.g. `concurrency: [1, 8, 64, 256]` or `handlerCostMs: 1`.
const parameters = { profile: "quick", trials: undefined, concurrency: undefined, handlerCostMs: undefined };

// %%
const params = notebookParams(distribution, parameters);
console.log(`profile ${params.profile}: ${params.workers} workers; policies ${params.policies.join(", ")}; concurrency ${params.concurrency.join(", ")}; ${params.requests} requests × ${params.trials} trials`);

// %% [markdown]
// ## Run

// %%
const { result, file } = await runOrLoad(distribution, params);
const s = result.summary;
console.log(`${result.trials.length} trials (${result.failures.length} failed); Result in ${file}`);
for (const u of s.unavailable) console.log(`not measured: ${u.policy} (${u.reason})`);

// %% [markdown]
// ## Who got the connections
// Workers ranked from busiest to idlest in each trial, then averaged across trials. The dashed line
// is an even spread (1/k). The article's claim is about the first two bars.

// %%
const charts = distribution.charts(result);
await show(charts["share-by-rank"]);

// %%
await show(table(s.rows.map((r) => ({
  condition: r.label,
  trials: r.top2Share.n,
  "top-2 share": `${formatNumber(r.top2Share.median * 100)}%`,
  "95% CI": `${formatInterval(r.top2Share.medianCi, 100)}%`,
  "trials ≥ 70%": `${r.claimHits}/${r.top2Share.n}`,
  "Jain": formatNumber(r.jain.median),
  "req/s": formatNumber(r.throughputRps.median),
  "req/s 95% CI": formatInterval(r.throughputRps.medianCi),
  "p99 ms": formatNumber(r.p99Ms.median),
  "primary CPU (cores)": formatNumber(r.primaryCpuShare.median),
})), "Per condition (medians across trials)"));

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
// ## Verdict
// Socket sharing and reusePort are compared with round-robin under each load shape: top-2 share,
// throughput and p99 latency, each as a ratio of medians with its 95% CI and a permutation p-value.

// %%
await show(markdown(distribution.findings(result).map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ## Under what conditions does the claim hold here?
// Read off this run: where the busiest two of the workers took 70% or more of the connections, and
// where they did not. The verdict is about socket sharing, the policy the claim names.

// %%
await show(markdown(claimsMarkdown(distribution.claims(result))));

// %%
console.log(`Result saved in ${file}`);
