// %% [markdown]
// # Calibration: what differences this machine resolves
//
// Every other notebook decides comparisons from a handful of trials on a shared machine. Before
// reading their verdicts we need to know **what such a run can and cannot see here**: how often it
// declares a difference that is not there, how often it finds one that is, whether its intervals
// really cover what they claim to, and the smallest difference it resolves.
//
// **What is measured.** The lab's CPU workload — counting primes in a fixed range by trial
// division — sent as identical tasks through one worker thread of the lab's pool, by the lab's trial
// runner, in a seeded random order. Five conditions: the base work under two labels (`base` and
// `base-again`, an A/A pair: any verdict between them is a false positive) and the base work with 2%,
// 5% and 10% more tasks. Every trial counts its work (tasks answered × primes per task), so the
// injected ratio is known exactly, not simulated.
//
// **How.** The trials of each condition are cut, in run order, into many *virtual runs* of n trials
// per side — n = 6 as the quick profile of the other notebooks runs, n = 20 as the full profile — and
// each virtual run is decided exactly as an experiment's family is (exact rank-sum test, Hodges–Lehmann
// interval, Holm adjustment, the lab's one verdict rule). Over the virtual runs we count, each
// proportion with its Wilson interval: false positives, power for each injected effect, and how often
// the reported interval covered the true ratio.
//
// **Caveat.** The virtual runs come from one run, so slow drift of the machine is shared between
// them; and a task here takes about a millisecond, so the noise is that of short trials on this
// machine under its current load — a run on a quiet machine resolves smaller differences.

// %%
import { formatNumber, markdown, notebookParams, runOrLoad, show, table } from "parlab";
import { calibration, mdeSentence, rateText } from "parlab/experiments";

// %% tags=["parameters"]
// Profiles: "tiny" (seconds, for tests), "quick" (about a minute), "full" (several minutes, more virtual runs).
// Set any experiment parameter here to override the profile's default, e.g. `trials: 300`.
// PARLAB_PROFILE / PARLAB_SET in the environment, or `--profile` / `--set` on a script's command line, win.
const parameters = { profile: "quick", trials: undefined };

// %%
const params = notebookParams(calibration, parameters);
console.log(`profile ${params.profile}: ${params.trials} trials per condition; virtual runs of ${params.quickTrials} and ${params.fullTrials} trials per side`);

// %% [markdown]
// ## Run
// The Result is saved under `data/results/` after every trial; the other notebooks read the latest
// calibration of this machine from there.

// %%
const { result, file } = await runOrLoad(calibration, params);
const s = result.summary;
console.log(`${result.trials.length} trials (${result.failures.length} failed) on ${s.cores} cores; Result in ${file}`);

// %% [markdown]
// ## The work really injected
// Each condition's tasks and primes are counted in every trial; a trial whose count is wrong fails.
// The ratio of tasks is the true ratio of work each interval below should cover.

// %%
await show(table(s.work.map((w) => ({
  condition: w.label,
  "tasks per trial": w.tasks,
  "× the base": s.work[0] && s.work[0].tasks > 0 ? w.tasks / s.work[0].tasks : "",
  "primes per trial": w.primesPerTrial ?? "",
  "median ms": w.medianMs,
})), "Work counted per trial"));

// %% [markdown]
// ## False positives and power
// The A/A bar is the share of virtual runs that declared `base-again` different from `base`: with a
// 95% target it should stay near or below 5%. The other bars are the power: the share of virtual runs
// that declared the slowed condition slower. The dashed rule marks 80% power.

// %%
const charts = calibration.charts(result);
await show(charts["power"]);

// %%
await show(table([...s.resolutions, ...(s.sequential ? [s.sequential] : [])].flatMap((r) => [
  { profile: `${r.profile} (n = ${r.trialsPerSide})`, comparison: "A/A: false positive", "virtual runs with a verdict": rateText(r.falsePositive), "interval covered the true ratio": rateText(r.nullCoverage) },
  { profile: `${r.profile} (n = ${r.trialsPerSide})`, comparison: "family: any wrong side", "virtual runs with a verdict": rateText(r.familyFalsePositive), "interval covered the true ratio": "" },
  ...r.effects.map((e) => ({ profile: `${r.profile} (n = ${r.trialsPerSide})`, comparison: `${e.label}: power`, "virtual runs with a verdict": rateText(e.power), "interval covered the true ratio": rateText(e.coverage) })),
]), "Per virtual-run size: rates with Wilson intervals"));

// %% [markdown]
// ## Do the intervals cover what they claim?
// A 95% interval should contain the true ratio (1 for the A/A pair, the ratio of tasks for the others)
// in about 95% of runs. Fixed costs per trial that do not grow with the work make the true time ratio
// a little smaller than the work ratio, so coverage of the larger effects can fall short for that reason.

// %%
await show(charts["coverage"]);

// %% [markdown]
// ## Stopping when precise enough
// The full profile of the other notebooks does not run a fixed count. Each condition runs the quick
// profile's trials, is looked at again up to the full profile's count (after 6, 13 and 20 trials),
// and stops at the first look where its median interval lies within ±2% of its median. Looking three
// times would make a 95% interval cover less often, so the run's 5% error is split over the looks:
// each interval and test is at 98.3%, and then the run's intervals cover at 95% whichever look it
// stopped at. The last group of bars above ("full, stopping once precise") replays that rule on
// these trials: each virtual run starts every condition at the same trial, as a real run starts them
// in its first round, and takes each condition's trials up to where a real run would have stopped.
// A condition that stops early keeps only early trials, so drift between early and late trials
// weighs on its comparisons, as in a real run. Its A/A bar should stay at or below 5% and its
// coverage at or above 95%; the line below says how many trials the rule saved.

// %%
if (s.sequential) {
  const rule = s.sequential.stopping;
  console.log(`Stopping rule replayed: ${s.sequential.runs} virtual runs took ${formatNumber(rule.meanTrials, 3)} trials per side on average (from ${rule.minTrials} to ${rule.maxTrials}); ` +
    `sides that stopped before ${rule.maxTrials}: ${rateText(rule.stoppedEarly)}; A/A false positives: ${rateText(s.sequential.falsePositive)}; A/A intervals covering 1: ${rateText(s.sequential.nullCoverage)}.`);
} else {
  console.log("No stopping rule replayed here (stopPrecision is 0, or fullTrials is not above quickTrials).");
}

// %%
await show(charts["trials"]);

// %% [markdown]
// ## The minimum detectable effect
// Estimated from the median width of the A/A intervals at each run size: the ratio whose interval
// would clear 1 in 80% of runs. The other notebooks print this sentence beside their verdicts.

// %%
await show(markdown([...calibration.findings(result).map((f) => `- ${f}`), "", `**${mdeSentence(s.resolutions)}**`].join("\n")));
console.log(`MDE: ${s.resolutions.map((r) => `${r.profile} ${r.mde === null ? "n/a" : `${formatNumber(r.mde * 100, 2)}%`}`).join(", ")}`);

// %%
console.log(`Result saved in ${file}`);
