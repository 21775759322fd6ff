// %% [markdown]
// # What survives a crash: cluster workers vs worker threads
//
// The article: a crashed cluster worker "is replaced while the others keep serving", whereas a
// thread that "crashes badly can take down the entire process". This notebook injects one fault
// per trial into a server under steady load and records what its users would have seen.
//
// **The two servers.**
// - **Cluster:** a primary and its worker processes (round-robin), each worker an HTTP server.
//   The primary either forks a replacement when a worker dies (*+respawn*) or does not.
// - **Threads:** one process whose HTTP server hands each request to a small pool of worker threads,
//   with `resourceLimits` on each. With an `error` listener a dead thread is replaced; without one, its
//   error is re-thrown in the main thread. It runs as a sacrificial child process, so a fault that
//   kills it leaves the lab standing and its exit code or signal is recorded.
//
// **How.** A fresh server per trial on 127.0.0.1; a closed-loop load generator in its own process
// keeps keep-alive clients busy and counts completed and failed requests per 100 ms bucket. At a fixed
// time after the load starts the fault is injected — by a control message naming it in a fixed table —
// and the load goes on for a fixed window. Afterwards — once the fault has visibly acted (something
// died), or 10 s later — one more request probes whether the server still answers. Faults: an uncaught exception, SIGKILL, running past the heap limit
// (`--max-old-space-size` for a worker process; for a thread, many small allocations or one huge
// array), `process.abort()` in a thread, SIGSEGV (what a crash in native code does to a process), and
// SIGKILL of the cluster's primary.
//
// **Definitions.** *Failed requests*: errors, resets and 5xx answers from the fault to the end of the
// window (a client pauses 20 ms after a failure, so a dead server does not become a busy loop).
// *Served*: requests completed after the fault as a share of what the pre-fault rate would have
// completed. *Recovery time*: from the injection to the end of the last bucket whose throughput was
// below 80% of the pre-fault median (the second half of the window before the fault), counted only when
// the last five buckets are back above it; otherwise the trial did not recover within the window. It
// includes how long the fault took to bite (an allocation until out of memory). *Noise floor*: the
// relative spread (IQR / median) of the pre-fault throughput over every trial of one server kind —
// before the fault those trials run the same server under the same load — so a served share within
// that spread of 100% is no loss.
//
// **Uncertainty.** Survival is a proportion: a Wilson interval at the run's confidence level (95%
// unless set). Medians across trials carry a distribution-free interval from order statistics, at the
// level their trials attain: with 3 trials, [min, max] covers the median with 75%, not 95%. No two
// faults are compared with each other, so no p-value is computed and none needs adjusting.

// %%
import { claimsMarkdown, faults, formatCi, formatLevel, formatNumber, markdown, notebookParams, notebookRuntimes, runOnRuntimes, show, showAcrossRuntimes, table } from "parlab";
import { versusReference } from "parlab/experiments";

// %% tags=["parameters"]
// Profiles: "tiny" (seconds, for tests: two faults), "quick" (about three minutes: every fault, 3 trials),
// "full" (10 trials, longer windows). Override any parameter here, e.g. `faults: ["cluster-oom", "threads-oom-huge"]`.
const parameters = { profile: "quick", trials: undefined, faults: undefined, workers: undefined, postFaultMs: undefined, warmupMs: undefined, runtimes: undefined };

// %%
const params = notebookParams(faults, parameters);
const runtimes = notebookRuntimes(parameters);
console.log(`profile ${params.profile}: ${params.faults.length} faults × ${params.trials} trials; ${params.workers} workers or threads; ${params.concurrency} clients; ${params.warmupMs} ms warm-up, then ${params.preFaultMs} ms baseline, the fault, ${params.postFaultMs} ms after it`);

// %% [markdown]
// ## Run

// %%
const { runs } = await runOnRuntimes(faults, params, runtimes);
const { result, file } = runs[0];
const s = result.summary;
console.log(`${result.trials.length} trials (${result.failures.length} failed); Result in ${file}`);
for (const u of s.unavailable) console.log(`not measured: ${u.label} (${u.reason})`);
for (const f of s.noiseFloor) console.log(`noise floor, ${f.model}: pre-fault throughput spread ${formatNumber(f.relativeIqr * 100)}% (IQR / median over ${f.trials} trials, median ${formatNumber(f.medianRps)} requests/s)`);

// %% [markdown]
// ## Throughput around the fault
// Completed requests per second in each 100 ms bucket, the median over the trials, with every trial
// aligned at the moment of injection (dashed line). A line that drops to zero and stays there is a
// server that died.

// %%
const charts = faults.charts(result);
await show(charts["timeline-cluster"]);
await show(charts["timeline-threads"]);

// %% [markdown]
// ## Which faults does each model survive, and at what cost?
// Survival is the share of trials after which the server still answered, with a Wilson interval at
// the run's confidence level (with 3 trials at 95%, 3 of 3 only says the rate is above about 44%).
// Requests failed: the median over trials, with its order-statistic interval at the level it attains
// (in the table).

// %%
await show(charts["survival"]);
await show(charts["failed-requests"]);

// %%
await show(table(s.rows.map((r) => ({
  fault: r.label,
  survived: `${r.survived}/${r.n}`,
  "failed requests": formatNumber(r.failedRequests.median),
  "failed CI": formatCi(r.failedRequests.medianCi),
  "survival": `${formatNumber((r.survived / r.n) * 100)}% (Wilson ${formatLevel(r.survival.level)} CI ${formatNumber(r.survival.lo * 100)}–${formatNumber(r.survival.hi * 100)}%)`,
  "served after": `${formatNumber(r.servedShare.median * 100)}%`,
  "recovered": `${r.recovered}/${r.n}`,
  "recovery ms": r.recoveryMs ? formatNumber(r.recoveryMs.median) : "—",
  "death after ms": r.faultToExitMs ? formatNumber(r.faultToExitMs.median) : "—",
  "replaced after ms": r.replacementMs ? formatNumber(r.replacementMs.median) : "—",
  outcome: r.outcomes.join(" | ") || "—",
})), "Per fault (medians across trials)"));

// %% [markdown]
// ## How long until throughput is back?
// Recovery time of the trials that recovered within the window; trials that never recovered are
// not drawn (see the table's "recovered" column).

// %%
await show(charts["recovery"]);

// %% [markdown]
// ## After a respawn: does the replacement get traffic?
// After a worker's SIGKILL with respawn, throughput has stayed well below its pre-fault rate for the
// rest of the window. One explanation: keep-alive clients whose connection died reconnect at once,
// before the replacement listens, so all of them land on the survivor and stay there, leaving the
// replacement idle. The cluster's own per-worker counters, read just before the fault and at the end
// of the load, say what each worker served after the fault; the same fault also runs with a new
// connection per request (`/new-conn`), where every request is placed afresh. An unmeasured warm-up
// runs before the baseline window, so the pre-fault rate is a warm server's.

// %%
await show(table(s.rows.filter((r) => r.replacementTraffic).map((r) => {
  const t = r.replacementTraffic!;
  return {
    fault: r.label,
    load: r.load ?? "keep-alive",
    "trials counted": t.trials,
    "replacement served": `${t.served}/${t.trials} (Wilson ${formatLevel(t.servedRate.level)} CI ${formatNumber(t.servedRate.lo * 100)}–${formatNumber(t.servedRate.hi * 100)}%)`,
    "its share after the fault": `${formatNumber(t.share.median * 100)}% (${formatCi(t.share.medianCi, 100, "%")})`,
    "its connections": formatNumber(t.connections.median),
    "up before the end, ms": formatNumber(t.upMs.median),
    "served after (of pre-fault rate)": `${formatNumber(r.servedShare.median * 100)}%`,
  };
}), "Replacement's traffic after the fault (medians across trials)"));
const hypothesis = faults.findings(result).filter((f) => f.startsWith("Hypothesis"));
await show(markdown(hypothesis.length > 0 ? hypothesis.map((f) => `- ${f}`).join("\n") : "This run has no replacement that was up during the window with per-worker counts, so it says nothing about the hypothesis."));

// %% [markdown]
// ## Verdict
// The noise floor, the article's two claims, then every fault with its uncertainty: each interval
// with the level it attains, each count with what it rules out.

// %%
await show(markdown(faults.findings(result).map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ## Do the article's claims hold here?
// Read off this run: whether a crashed cluster worker was replaced while the others kept serving,
// and which "thread crash" really takes the process down — the thread faults after which the
// sacrificial process was gone, and how it ended.

// %%
await show(markdown(claimsMarkdown(faults.claims(result))));

// %% [markdown]
// ## This run vs the reference
// Each comparison of this run beside the same comparison in the committed reference Result: "agrees"
// (same verdict, or overlapping intervals) or "differs" (both intervals shown). Different machines,
// runtimes and profiles are named, not hidden. The first line says what this machine's latest
// calibration (notebook 00) found a run of each profile resolves, or that there is none.

// %%
const vsReference = versusReference(faults, result);
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
await showAcrossRuntimes(faults, runs);

// %%
console.log(`Result saved in ${file}`);

// %% [markdown]
// ## Try it
// 1. **The error listener.** Set `faults: ["threads-throw", "threads-throw-no-listener"]` and `trials: 3`
//    (`PARLAB_SET="faults=threads-throw,threads-throw-no-listener;trials=3"`). The only difference is an
//    `error` listener on the worker. In the survival chart and the claim "If one thread crashes badly, it can take
//    down the entire process", see which one takes the process down; with fewer than 3 trials per fault the
//    claim stays undecided, whatever happened.
// 2. **More workers.** Set `workers: 4`. When one of four cluster workers dies, the others should carry more
//    of the load than one of two did: compare the served share after the fault (median with its interval)
//    with the run at 2 workers — it changed only if the two intervals do not overlap.
// 3. **A larger heap.** Set `heapMb: 256`. The out-of-memory faults take longer to act; check in the table
//    whether each still acted in every trial, and whether the thread server still dies from
//    threads-oom-huge: the verdict is read from the deaths counted, each with its Wilson interval.
