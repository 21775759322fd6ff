// %% [markdown]
// # CPU-bound scaling: processes vs threads
//
// The article this lab starts from says that for pure CPU work "Worker Threads edge out" cluster
// processes. Before testing any such claim, we need the ground truth of this machine: **how much
// faster does CPU-bound work get with k workers, and does it matter whether they are threads or
// processes?**
//
// **What is measured.** Counting the primes below *n* by trial division: pure JavaScript, no I/O,
// no allocation, and an answer we can check (every run is compared with a sieve). The range is cut
// into equal tasks that a pool of *k* workers takes from one queue — as `worker_threads` and as
// `child_process.fork` processes — against the same count in the main thread.
//
// **How.** Every condition is repeated; conditions are interleaved in a seeded random order so that
// drift on this shared machine hits them alike; warm-up trials are discarded; each trial gets a
// fresh pool. Compute time excludes the pool's start-up, which is measured separately. Every number
// below comes with its trial count and a 95% bootstrap confidence interval.

// %%
import { claimsMarkdown, formatInterval, formatNumber, markdown, notebookParams, runOrLoad, scaling, show, table } from "parlab";

// %% tags=["parameters"]
// Profiles: "tiny" (seconds, for tests), "quick" (about a minute, for class), "full" (a longer run with more trials).
// Set any experiment parameter here to override the profile's default, e.g. `workers: [1, 2, 4]`.
// PARLAB_PROFILE / PARLAB_SET in the environment, or `--profile` / `--set` on a script's command line, win.
const parameters = { profile: "quick", trials: undefined, workers: undefined };

// %%
const params = notebookParams(scaling, parameters);
console.log(`profile ${params.profile}: k = ${params.workers.join(", ")}; n = ${params.n}; ${params.trials} trials per condition`);

// %% [markdown]
// ## Run
// The Result is saved under `data/results/` after every trial, so an interrupted run keeps what it
// measured. To re-plot a saved Result without running again, set `PARLAB_RESULT` to its path.

// %%
const { result, file } = await runOrLoad(scaling, params);
const s = result.summary;
console.log(`${result.trials.length} trials (${result.failures.length} failed) on ${s.cores} cores; Result in ${file}`);

// %% [markdown]
// ## Speedup
// Speedup is the median main-thread time over the median time with *k* workers; the band is its 95%
// bootstrap CI. The dashed diagonal is perfect scaling, the vertical rule the number of cores:
// beyond it, workers only share the same cores. The dashed curves are Amdahl's law fitted to
// k ≤ cores.

// %%
const charts = scaling.charts(result);
await show(charts["speedup"]);

// %%
await show(table(s.rows.map((r) => ({
  condition: r.label,
  n: r.computeMs.n,
  "median ms": r.computeMs.median,
  "95% CI ms": formatInterval(r.computeMs.medianCi),
  "IQR ms": r.computeMs.iqr,
  speedup: r.speedup?.ratio ?? "",
  "speedup 95% CI": r.speedup ? formatInterval(r.speedup.ci) : "",
  efficiency: r.efficiency ? `${formatNumber(r.efficiency.value * 100)}% (${formatInterval(r.efficiency.ci, 100)}%)` : "",
})), "Compute time per condition"));

// %% [markdown]
// ## Every trial
// Box plots hide how few trials there are; every trial is drawn as a point. Points beyond Tukey's
// fences are flagged, never dropped.

// %%
await show(charts["compute-time"]);

// %% [markdown]
// ## What a worker costs to start
// Threads share the process's loaded code; a process loads its own runtime. That start-up is paid
// once per pool, so it matters for short jobs and not for long ones.

// %%
await show(charts["startup-time"]);

// %% [markdown]
// ## Verdict
// Threads and processes are compared at each *k* by the ratio of their median compute times, with a
// bootstrap CI and a permutation-test p-value. When the CI spans 1, the lab says so.

// %%
await show(markdown(scaling.findings(result).map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ## What this says about the article's claim
// "For pure CPU work, Worker Threads edge out" is a claim about computing speed. The verdict below is
// read off this run: at which k, if any, one kind computed measurably faster than the other, and where
// scaling stopped. With too few trials or too much noise it says so rather than pick a side.

// %%
await show(markdown(claimsMarkdown(scaling.claims(result))));

// %%
console.log(`Result saved in ${file}`);
