// %% [markdown]
// # Decision guide: processes, threads, or neither?
//
// The notebooks before this one each measured one question. This one measures nothing: it reads the
// newest saved Result of every experiment — a run of this machine in `data/results/` where there is
// one, else the committed reference in `data/results/reference/` — re-analyses it from its trials,
// and answers the practitioner's question branch by branch: **a single process, a thread pool, a
// process pool, or a cluster (with which policy)?**
//
// Every branch shows the figures that decide it, each with its trial count and its interval at the
// level it attains, and says where the answer flips. Where the evidence does not decide, the branch
// says *inconclusive* and gives the intervals instead of choosing; where no Result exists, it says
// *no evidence*; where the Result is stale, it is marked. The answers are worked out for the situation
// set in the parameters cell: change it and run the notebook again (it takes a second).

// %%
import { markdown, show, staleness, table } from "parlab";
import { branchMarkdown, decisionGuide, gatherEvidence, guideCharts, guideParams, guideRows } from "parlab/guide";

// %% tags=["parameters"]
// The reader's situation. jobMs: CPU time of one job on one core, for a job that starts its own pool;
// payloadBytes: one message between the main thread and a worker; memoryBudgetMb: memory the workers
// may add; workersWanted: how many workers you want; resultsDir: "" reads data/results (or PARLAB_RESULTS_DIR).
// PARLAB_SET in the environment, or `--set key=value` on a script's command line, win.
const parameters = { jobMs: 500, payloadBytes: 65536, memoryBudgetMb: 512, workersWanted: 4, resultsDir: "" };

// %%
const params = guideParams(parameters);
// Staleness: a Result is stale when the library code that measured it has changed since (its recorded
// source hash differs); such a branch is marked, and `npm run site -- --refresh` re-measures it.
const isStale = staleness;
const evidence = gatherEvidence({ runsDir: params.resultsDir || undefined, isStale });
await show(table(evidence.map((e) => ({
  experiment: e.experiment,
  from: e.source === "run" ? "a run on this machine" : e.source === "reference" ? "the committed reference" : "no evidence",
  file: e.file ?? "",
  trials: e.result ? e.result.trials.length : 0,
  stale: e.stale ?? "",
  "unreadable files": e.skipped.length,
})), "The evidence: one Result per experiment, the newest found"));

// %% [markdown]
// ## The answers
// One row per branch of the flow: the question as set in the parameters cell, the answer, and the
// Result it rests on. "inconclusive" means the intervals below do not settle the question on this
// machine; "no evidence" that no Result was found; "(stale evidence)" that the Result was measured by
// library code that has changed since.

// %%
const guide = decisionGuide(evidence, params);
await show(table(guideRows(guide), "Decision guide for this machine"));

// %% [markdown]
// Every ratio that decides a branch, on one log scale: a branch names a side only where the ratio's
// interval leaves 1 (and the adjusted p agrees); an interval across the dashed line is a question this
// machine's Results leave open. The speedups compare a pool with the main thread; the rest compare the
// two sides of each branch, as its figures below name them.

// %%
const charts = guideCharts(guide);
await show(charts["ratios"]);

// %% [markdown]
// ## Branch by branch
// Each branch gives its answer, the figures that decide it — computed from the Result, each with its
// trial counts and its interval at the level it attains — where the answer flips, and its evidence.
// Figures combined from two intervals (the break-even job length, from the start-up and the speedup)
// take the ends of both together, and their level is the joint level Bonferroni's inequality guarantees.

// %%
for (const [i, branch] of guide.branches.entries()) await show(markdown(branchMarkdown(branch, i)));

// %% [markdown]
// ## Where the CPU answer flips
// The same Result, asked again for jobs of other lengths: below the break-even's low end a single
// thread wins, above its high end a pool does, and in between this run does not say. The memory
// branch is asked the same way for other numbers of workers.

// %%
await show(charts["break-even"]);
await show(charts["workers-fit"]);
const lengths = [10, 100, 300, 1000, 3000, 10_000, 30_000];
const cpuAt = (jobMs: number) => decisionGuide(evidence, { ...params, jobMs }).branches.find((b) => b.id === "cpu")!;
await show(table(lengths.map((jobMs) => ({ "job, ms": jobMs, answer: cpuAt(jobMs).status === "answered" ? cpuAt(jobMs).choice! : cpuAt(jobMs).status })), "CPU-bound branch by job length"));
const counts = [1, 2, 4, 8, 16, 32];
const memoryAt = (workersWanted: number) => decisionGuide(evidence, { ...params, workersWanted }).branches.find((b) => b.id === "memory")!;
await show(table(counts.map((workersWanted) => ({ workers: workersWanted, [`answer for ${params.memoryBudgetMb} MB`]: memoryAt(workersWanted).status === "answered" ? memoryAt(workersWanted).choice! : memoryAt(workersWanted).status })), "Memory branch by workers wanted"));

// %% [markdown]
// ## Try it
// 1. **A shorter job.** Set `jobMs: 50` in the parameters cell (or run the script with
//    `--set jobMs=50`). Look at branch 1 and its break-even figures: the answer becomes *single process*
//    only if 50 ms lies below the low end of every pool's break-even interval. If it lies inside an
//    interval the answer is *inconclusive* — compare the job with the interval's ends, not with the
//    break-even's middle value.
// 2. **A tighter budget.** Set `memoryBudgetMb: 180` and `workersWanted: 4` (`--set memoryBudgetMb=180`). In branch 3, "threads that
//    fit" and "processes that fit" shrink; the answer moves from *either* to *thread pool* only when 4 is
//    above the whole interval of processes that fit and within the sure part of the threads' interval.
// 3. **Your own evidence.** Run `npx parlab run scaling --profile quick` (or notebook 01) and run this
//    notebook again: the evidence table now says "a run on this machine" for scaling. Did branch 1
//    change? Only a new verdict counts: compare the break-even intervals of the two Results, not their
//    middle values, and note that more trials narrow the interval between "single process" and "pool".
