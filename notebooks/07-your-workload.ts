// %% [markdown]
// # Your own workload: processes or threads?
//
// The other notebooks answer the article's questions for the lab's own workloads. This one asks
// them of **yours**: should *your* function, or *your* HTTP handler, scale with processes or with
// threads on this machine? It walks through three calls, each with a small example module from
// `notebooks/examples/`; copy a cell and point it at your own file.
//
// 1. `compareKinds` runs a function of yours over your inputs in the main thread and in pools of
//    *k* threads and *k* processes, and reports what the scaling notebook reports: time per
//    condition with intervals, speedup and efficiency against the warm main thread, start-up,
//    peak memory (RSS and PSS), and the bytes each input and result weighs in each channel.
// 2. `compareServing` serves an HTTP handler of yours from a `node:cluster` (round-robin and
//    socket sharing, and reusePort where the runtime has it) and from a server whose threads
//    answer, and loads each with the lab's generator: throughput, latency, each worker's share.
// 3. `experiment(name).condition(…)` declares conditions of your own and measures them the lab's
//    way: warm-ups, interleaved trials, failures kept, verdicts against a baseline.
//
// Every run saves a Result under `data/results/` that `npx parlab report <file>` re-renders without
// your code. A module is named by its file — absolute, or relative to this notebook's folder (else
// the working folder) — and is checked before any worker starts: it must exist, load, and export a
// function by that name. A `.ts` module runs in threads and processes as it is.

// %%
import { compareKinds, compareServing, experiment, formatCi, formatNumber, markdown, show, table } from "parlab";

// %% tags=["parameters"]
// Profiles: "tiny" (seconds, for tests), "quick" (a few minutes, for class), "full" (more trials).
// PARLAB_PROFILE, or `--profile` on a script's command line, wins over this cell. Leave `workers`
// undefined for the profile's pool sizes, or set them, e.g. `workers: [1, 2, 4]`.
const parameters = { profile: "quick", workers: undefined as number[] | undefined, inputs: 8 };

// %% [markdown]
// ## 1. Your function: main thread vs threads vs processes
// `examples/hash.ts` exports `sha256Rounds({ text, rounds })`: a CPU-bound hash chain. Each input is
// one task; a pool of *k* workers takes tasks from one queue. `check` verifies every result after
// the clock stopped (here against the main thread's own answer), so a fast wrong answer cannot win.
// A function that throws or hangs on one input fails that trial with the input's index
// (`taskTimeoutMs` bounds a hang and kills its worker), and the run goes on.

// %%
const hashInputs = Array.from({ length: parameters.inputs }, (_, i) => ({ text: `document ${i}`, rounds: 10_000 }));
const hash = await compareKinds({
  module: "examples/hash.ts",
  export: "sha256Rounds",
  inputs: hashInputs,
  kinds: ["main", "threads", "processes"],
  workers: parameters.workers,
  profile: parameters.profile,
  check: (output) => typeof output === "string" && output.length === 64,
});
console.log(`${hash.result.trials.length} trials (${hash.result.failures.length} failed); Result in ${hash.file}`);

// %%
await show(hash.charts["speedup"]);

// %%
await show(table(hash.result.summary.scaling.rows.map((r) => ({
  condition: r.label,
  n: r.computeMs.n,
  "median ms": r.computeMs.median,
  "median's interval, ms": formatCi(r.computeMs.medianCi),
  speedup: r.speedup?.ratio ?? "",
  "speedup interval": r.speedup ? formatCi(r.speedup.ci) : "",
  efficiency: r.efficiency ? `${formatNumber(r.efficiency.value * 100)}% (${formatCi(r.efficiency.ci, 100, "%")})` : "",
  "start-up ms": r.startupMs?.median ?? "",
})), "Your function: compute time per condition (each interval at the level it attains)"));

// %% [markdown]
// Start-up is paid once per pool, and memory once per worker: a process carries its own runtime.
// PSS splits the pages processes share, so it is the fairer count of what one more process costs.

// %%
await show(hash.charts["startup-time"]);
await show(hash.charts["memory"]);

// %%
await show(markdown(hash.findings.map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ### What moving the data costs
// `examples/json.ts` parses a JSON text of orders and returns a small summary. Its inputs are large
// and its results small: the table shows the bytes each task moves through each channel (structured
// clone for threads, JSON over IPC for processes). When those bytes are large next to the work,
// the channel, not the cores, sets the pace.

// %%
const orders = (n: number, seed: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({
  id: seed * n + i, price: ((i * 7919 + seed) % 10_000) / 100, tags: [`t${i % 13}`, `s${seed % 5}`, i % 2 ? "odd" : "even"],
})));
const json = await compareKinds({
  module: "examples/json.ts",
  export: "summarizeOrders",
  inputs: Array.from({ length: parameters.inputs }, (_, i) => orders(4000, i)),
  workers: [2],
  profile: parameters.profile,
});
await show(table(json.result.summary.transfer.map((t) => ({
  kind: t.kind, channel: t.channel, "bytes in per task": t.inBytesPerTask, "bytes out per task": t.outBytesPerTask,
})), "summarizeOrders: bytes moved per task, by channel"));
await show(markdown(json.findings.map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ## 2. Your HTTP handler: cluster vs thread server
// `examples/handler.ts` exports `handle({ method, url, headers, body })`, returning `{ status,
// headers, body }`: a plain function, so the same module runs in a cluster worker (which accepted
// the connection) and in a thread (to which the request is handed as a message). Each condition
// gets a fresh server on 127.0.0.1 per trial, a short warm-up, then a bounded closed-loop load.
// Throughput is compared with cluster rr, Node's default; latency percentiles and the busiest
// worker's share are printed per condition.

// %%
const serving = await compareServing({ module: "examples/handler.ts", export: "handle", workers: 2, concurrency: 16, path: "/orders?rounds=200", profile: parameters.profile });
await show(serving.charts["medians"]);
await show(markdown(serving.findings.map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ## 3. An experiment of your own
// Conditions are functions of one trial; the lab times each call (or takes `{ durationMs, metrics }`
// when the function returns them). Here: what a JSON round trip costs next to `structuredClone` —
// the two ways an object reaches a process and a thread.

// %%
const doc = JSON.parse(orders(2000, 1));
const own = await experiment("JSON round trip vs structuredClone of 2000 orders")
  .condition("JSON round trip", () => JSON.parse(JSON.stringify(doc)))
  .condition("structuredClone", () => structuredClone(doc))
  .run({ profile: parameters.profile });
await show(own.charts["trials"]);
await show(markdown(own.findings.map((f) => `- ${f}`).join("\n")));

// %% [markdown]
// ## When your module is wrong
// A missing file, a module that throws while loading, or an export that is not a function is
// refused before any worker starts, with the file and the export named:

// %%
try {
  await compareKinds({ module: "examples/hash.ts", export: "sha256", inputs: [1], profile: parameters.profile });
} catch (error) {
  console.log(String(error));
}

// %%
console.log(`Results saved: ${[hash.file, json.file, serving.file, own.file].join(", ")}`);
