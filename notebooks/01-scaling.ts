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
// below comes with its trial count and a confidence interval labelled with the level it actually
// attains: with 6 trials, the interval of a median from order statistics covers 96.8%, and with 5 only
// 93.7% — never the 95% a bootstrap would have printed on it.

// %%
import { claimsMarkdown, formatCi, formatNumber, markdown, notebookParams, notebookRuntimes, runOnRuntimes, scaling, show, showAcrossRuntimes, table } from "parlab";
import { versusReference } from "parlab/experiments";

// %% tags=["parameters"]
// Profiles: "tiny" (seconds, for tests), "quick" (about a minute, for class), "full" (a longer run with more trials).
// Set any experiment parameter here to override the profile's default, e.g. `workers: [1, 2, 4]`.
// PARLAB_PROFILE / PARLAB_SET in the environment, or `--profile` / `--set` on a script's command line, win.
// `runtimes` measures on several runtimes in one run, e.g. `runtimes: ["node@20", "node@24"]` (the first is the one analysed).
const parameters = { profile: "quick", trials: undefined, workers: undefined, runtimes: undefined };

// %%
const params = notebookParams(scaling, parameters);
const runtimes = notebookRuntimes(parameters);
console.log(`profile ${params.profile}: k = ${params.workers.join(", ")}; n = ${params.n}; ${params.trials} trials per condition`);

// %% [markdown]
// ## Run
// The Result is saved under `data/results/` after every trial, so an interrupted run keeps what it
// measured. To re-plot a saved Result without running again, set `PARLAB_RESULT` to its path (several
// Results, one per runtime, comma-separated).

// %%
const { runs } = await runOnRuntimes(scaling, params, runtimes);
const { result, file } = runs[0];
const s = result.summary;
console.log(`${result.trials.length} trials (${result.failures.length} failed) on ${s.cores} cores; Result in ${file}`);

// %% [markdown]
// ## Speedup
// Speedup is the Hodges–Lehmann ratio of main-thread time over the time with *k* workers — the median
// of every pairwise ratio — and the band is its distribution-free interval, at the level it attains
// (see the table). The dashed diagonal is perfect scaling, the vertical rule the number of cores:
// beyond it, workers only share the same cores. Amdahl's law is fitted to the medians only where at
// least three worker counts lie within the cores, with an interval for the serial fraction and a test of
// whether the law fits at all; its dashed curve covers only the counts it was fitted to, and no maximum
// speedup is extrapolated. On a 2-core machine the serial fraction is not estimable, and the findings
// say so. The speedup the run reports is the one at *k* = cores, chosen before the run — not the
// largest of several noisy estimates, which would be biased upwards.

// %%
const charts = scaling.charts(result);
await show(charts["speedup"]);

// %%
await show(table(s.rows.map((r) => ({
  condition: r.label,
  n: r.computeMs.n,
  "median ms": r.computeMs.median,
  "median's interval, ms": formatCi(r.computeMs.medianCi),
  "IQR ms": r.computeMs.iqr,
  speedup: r.speedup?.ratio ?? "",
  "speedup interval": r.speedup ? formatCi(r.speedup.ci) : "",
  efficiency: r.efficiency ? `${formatNumber(r.efficiency.value * 100)}% (${formatCi(r.efficiency.ci, 100, "%")})` : "",
})), "Compute time per condition (each interval at the level it attains)"));

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
// Threads and processes are compared at each *k* by the exact Wilcoxon–Mann–Whitney rank-sum test and
// the Hodges–Lehmann ratio of their compute times, with its interval at the level it attains. These
// comparisons and the start-up comparison are one family: their p-values are Holm-adjusted, so that the
// chance of naming any winner that is not there stays at 5% however many *k* were run, and the findings
// print the family's size. A verdict names a side only when the adjusted p and the interval agree; it
// calls the two kinds equivalent only when the whole interval lies inside the band of ±5%; otherwise it
// is inconclusive and gives the interval's bounds — what the run rules out and what it does not — and,
// when the trials are too few, how many a verdict would need. The conditions ran in randomised blocks,
// so each verdict is followed by its check within rounds (the ratio paired round by round, with its
// signed-rank p) and by how many rounds other processes on the machine disturbed, where that was
// recorded. The pooled verdict is the verdict; the paired one checks it.

// %%
await show(markdown(scaling.findings(result).map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ## What this says about the article's claim
// "For pure CPU work, Worker Threads edge out" is a claim about computing speed. The verdict below is
// read off the decided comparisons of this run: it holds at a *k* where threads were faster, fails where
// processes were faster or the two were equivalent, and is undecided where the comparison was
// inconclusive — with the verdict's own reason. It never picks a side the comparisons did not.

// %%
await show(markdown(claimsMarkdown(scaling.claims(result))));

// %% [markdown]
// ## This run vs the reference
// Each comparison of this run beside the same comparison in the committed reference Result: "agrees"
// (same verdict, or overlapping intervals) or "differs" (both intervals shown). Different machines,
// runtimes and profiles are named, not hidden. The first line says what this machine's latest
// calibration (notebook 00) found a run of each profile resolves, or that there is none.

// %%
const vsReference = versusReference(scaling, result);
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
await showAcrossRuntimes(scaling, runs);

// %%
console.log(`Result saved in ${file}`);

// %% [markdown]
// ## Try it
// Each exercise changes one parameter — in the parameters cell, with `--set` on a script's command line,
// or with `PARLAB_SET` for Jupyter — and asks what the verdicts say, not what the medians do.
// 1. **More trials.** Set `trials: 12` (`--set trials=12`, or `PARLAB_SET="trials=12"`). In the verdict,
//    the interval of "threads×2 took … the compute time of processes×2" narrows. The verdict for k = 2
//    moves from inconclusive to "threads faster" or "processes faster" only if the whole new interval
//    lies on one side of 1 *and* the Holm-adjusted p falls below 0.05; if it shrinks inside 0.952–1.05×
//    it becomes "equivalent". A median that moved while its interval still includes 1 means nothing changed.
// 2. **Shorter work.** Set `n: 200000` (`--set n=200000`): each of the 48 tasks does far less work, while
//    a worker's start-up stays the same. Compare the start-up chart with the compute-time table:
//    the speedup at k = cores falls only if its new interval lies below the old one. Then open notebook 08:
//    with this Result saved, its CPU branch's break-even job length is recomputed from it.
// 3. **Oversubscribe.** Set `workers: [1, 2, 4, 8]` (`--set workers=1,2,4,8`). Beyond the cores the
//    efficiency column falls; check whether the threads-vs-processes verdict at k = 8 names a side — if it
//    does, oversubscription favours that kind here; if inconclusive, the run cannot tell them apart. Amdahl's
//    fit stays "not estimable" on 2 cores, since it uses only the worker counts within the cores.
