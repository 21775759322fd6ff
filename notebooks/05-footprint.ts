// %% [markdown]
// # What a worker weighs: memory and start-up of processes vs threads
//
// The article says that each process "duplicates the application in memory", while threads share
// it. Both halves are partly true, and how much each costs depends on what is counted. This notebook
// asks: **how much memory does one more worker add, and how long does it take to become ready, as a
// thread and as a process — empty, and with a realistic application loaded?**
//
// **Shared pages and private heaps.** A process's memory is of two kinds. *Code and read-only data* —
// the `node` binary, shared libraries such as libvips behind sharp — are mapped from files; the
// kernel keeps one copy in the page cache and maps it into every process that uses it. *Private
// memory* — each V8 heap, compiled JavaScript, each event loop's buffers — belongs to one process.
// A worker thread lives inside its parent process: it shares the code pages and native libraries
// outright, but gets its own V8 isolate, its own heap, and compiles every module it imports again.
// A forked process shares the file-backed code pages with its siblings through the page cache, and
// duplicates everything else.
//
// **RSS vs PSS.** The resident set size (RSS) counts every page a process has in memory, so a shared
// page is counted once per process that maps it: summed over a tree of processes, RSS overstates what
// the machine spends. The proportional set size (PSS, from `/proc/<pid>/smaps_rollup` on Linux)
// splits each shared page between the processes that map it, so the PSS of a tree adds up to what it
// really occupies. The gap between a process's RSS slope and its PSS slope is the shared code that
// "duplicated" would wrongly count twice.
//
// **How.** Every trial starts a fresh *host* process (Node with `--expose-gc`, from a fixed entry
// module), so the baseline is a bare runtime and no earlier trial's heap is in the reading. The host
// reads the RSS and PSS of its whole process tree, starts *n* workers at once — threads inside itself,
// or forked processes — each importing a module graph from a fixed table, and times each from its
// spawn call to its first "ready" message. Then every worker and the host run a full garbage
// collection, the host waits a moment, and reads its tree again. The memory *added* over the bare
// host, plotted against *n*, is close to a straight line whose **slope is the marginal memory of one
// more worker**; it is fitted by least squares, and its interval comes from the trials' own scatter
// at each *n* (a t interval with Welch–Satterthwaite degrees of freedom, which stays honest when the
// scatter grows with *n*). One slope can hide a bend, so each line also shows the slope of every step
// between consecutive *n* and a lack-of-fit test: whether the means at each *n* miss the line by more
// than the trials scatter. The module graphs: **empty** (nothing beyond the runtime) and **lab** (sharp, a native image
// library, plus this lab's whole public module: statistics, vega and vega-lite, the drivers — a few
// hundred modules, as a real service would load). Conditions are interleaved in randomised blocks:
// round *r* runs the *r*-th trial of every condition, in a seeded random order.
//
// **How processes and threads are compared.** Memory: by the ratio of the process slope to the thread
// slope, with Fieller's confidence set for a ratio (never a finite interval where the data do not
// bound it) and a Welch t test of the slopes' difference. Start-up: at the smallest *n*, by the exact
// Wilcoxon rank-sum test and the Hodges–Lehmann ratio (the median of every pairwise ratio) with its
// distribution-free interval at the level it attains. All of a run's comparisons are decided as one
// family, their p-values adjusted by Holm's method, and each is also made within rounds (each
// round's own pair of slopes, or of start-ups) as a check of the pooled verdict.

// %%
import { claimsMarkdown, footprint, formatCi, formatNumber, markdown, notebookParams, notebookRuntimes, runOnRuntimes, show, showAcrossRuntimes, table } from "parlab";
import { versusReference } from "parlab/experiments";

// %% tags=["parameters"]
// Profiles: "tiny" (seconds, for tests), "quick" (n = 1, 2, 4, 8; about three minutes), "full" (adds n = 16, more trials).
// Override any parameter here, e.g. `workers: [1, 2, 4]` or `graphs: ["empty"]`.
const parameters = { profile: "quick", trials: undefined, workers: undefined, graphs: undefined, runtimes: undefined };

// %%
const params = notebookParams(footprint, parameters);
const runtimes = notebookRuntimes(parameters);
console.log(`profile ${params.profile}: n = ${params.workers.join(", ")}; ${params.kinds.join(" and ")}; graphs ${params.graphs.join(", ")}; ${params.trials} trials per condition`);

// %% [markdown]
// ## Run
// The Result is saved under `data/results/` after every trial. Under Deno the hosts still run on
// Node (found on PATH): it is Node's threads and processes that are weighed, and each trial records
// the runtime that served it. To re-plot a saved Result, set `PARLAB_RESULT` to its path.

// %%
const { runs } = await runOnRuntimes(footprint, params, runtimes);
const { result, file } = runs[0];
const s = result.summary;
console.log(`${result.trials.length} trials (${result.failures.length} failed) on ${s.cores} cores; notebook on ${result.runtime.name} ${result.runtime.version}, hosts on ${s.hostRuntimes.join(", ")}; Result in ${file}`);
const charts = footprint.charts(result);

// %% [markdown]
// ## Memory against the number of workers
// Every point is one trial: the resident memory of the host's whole tree with *n* workers, minus
// the bare host's. The dashed lines are the least-squares fits; their slopes are the marginal cost.
// RSS counts shared code once per process, so the process lines are steep here.

// %%
await show(charts["rss-added"]);

// %% [markdown]
// PSS splits shared pages between the processes that map them. If processes "duplicated the
// application", their PSS line would be as steep as their RSS line; the difference is the shared part.
// The first worker can also bring in shared pages that the bare host had not touched yet; later
// workers split them, so a line's intercept can be well above zero while its slope stays small.

// %%
const pssChart = charts["pss-added"];
if (pssChart) await show(pssChart);
else console.log("PSS is not available here (no /proc/<pid>/smaps_rollup); only RSS was read.");

// %% [markdown]
// ## What one more worker costs
// The slope of each line with its t interval from the replicates' variances, in MiB per worker; the
// table adds the slope of every step and the lack-of-fit test. A small lack-of-fit p means the cost
// of one more worker changes with *n*, and the one slope is an average over the steps.

// %%
await show(charts["marginal-memory"]);

// %%
const mib = (bytes: number) => bytes / (1024 * 1024);
await show(table(s.slopes.map((l) => ({
  graph: l.graph,
  memory: l.memory.toUpperCase(),
  kind: l.kind,
  "MiB per worker": mib(l.slopeBytes),
  "CI (MiB)": formatCi(l.slopeCi, 1 / (1024 * 1024)),
  "per step (MiB)": l.steps.map((x) => `${x.fromX}→${x.toX}: ${formatNumber(mib(x.slope))}`).join(", "),
  "lack of fit p": l.lackOfFit.estimable ? formatNumber(l.lackOfFit.pValue, 2) : "—",
  "intercept MiB": mib(l.interceptBytes),
  trials: l.points,
})), "Marginal memory per worker: slope of memory added against n"));

// %%
await show(table(s.rows.map((r) => ({
  condition: r.label,
  trials: r.rssAddedBytes.n,
  "RSS added MiB (median)": mib(r.rssAddedBytes.median),
  "RSS CI (MiB)": formatCi(r.rssAddedBytes.medianCi, 1 / (1024 * 1024)),
  "PSS added MiB (median)": r.pssAddedBytes ? mib(r.pssAddedBytes.median) : "",
  "PSS CI (MiB)": r.pssAddedBytes ? formatCi(r.pssAddedBytes.medianCi, 1 / (1024 * 1024)) : "",
  "all ready ms (median)": r.startupMs.median,
  "all ready CI (ms)": formatCi(r.startupMs.medianCi),
  "per worker ms (median)": r.workerStartupMs.median,
})), "Per condition: memory added over the bare host, and start-up"));

// %% [markdown]
// ## Start-up
// Each worker's time from its spawn call until it said "ready", every trial. A thread starts a V8
// isolate and an event loop inside a running process; a process starts a whole runtime. With more
// workers than cores they start on shared cores, so the time per worker grows with *n*; with the lab
// graph most of the time is spent importing modules, which both kinds do the same way.

// %%
await show(charts["worker-startup"]);

// %% [markdown]
// ## Verdict
// First one line with the size of the family and how its comparisons came out, then each verdict: the
// ratio with its interval and the level it attains, the Holm-adjusted p and the family's size, and
// the within-round check beside it. A side is named only when the adjusted p is below 0.05 and the
// interval lies wholly on one side of 1; "inconclusive" always gives the interval's bounds. The
// medians' intervals in the tables come from order statistics, at the level the trials attain (with
// 5 trials, [min, max] at 93.75%).

// %%
await show(markdown(footprint.findings(result).map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ## How much lighter are threads?
// The answer for this machine and runtime, read off the run above: the article's "each process
// duplicates the application in memory", then which kind is ready first.

// %%
await show(markdown(claimsMarkdown(footprint.claims(result))));

// %% [markdown]
// ## This run vs the reference
// Each comparison of this run beside the same comparison in the committed reference Result: "agrees"
// (same verdict, or overlapping intervals) or "differs" (both intervals shown). Different machines,
// runtimes and profiles are named, not hidden. The first line says what this machine's latest
// calibration (notebook 00) found a run of each profile resolves, or that there is none.

// %%
const vsReference = versusReference(footprint, result);
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
await showAcrossRuntimes(footprint, runs);

// %%
console.log(`Result saved in ${file}`);

// %% [markdown]
// ## Try it
// 1. **More worker counts.** Set `workers: [1, 2, 4, 8, 16]` (`--set workers=1,2,4,8,16`). The marginal-
//    memory chart's slopes rest on more points: their intervals narrow, and the lack-of-fit test says
//    whether one line still describes them. A process-over-thread ratio whose Fieller set no longer includes
//    the old estimate has changed; one whose set merely narrowed has not.
// 2. **Nothing loaded.** Set `graphs: ["empty"]`. Compare the RSS ratio of a process to a thread with the
//    PSS ratio: RSS counts the runtime's shared code in every process, PSS splits it, so the RSS verdict
//    names processes heavier by far more. Which to budget by is the PSS one: it sums to what the machine spends.
// 3. **Your budget.** After a run, set `memoryBudgetMb` and `workersWanted` in notebook 08: its memory branch
//    turns these slopes into how many workers of each kind fit, with the interval's ends.
