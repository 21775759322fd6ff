/**
 * compareServing: should *my* HTTP handler be served by a cluster of processes or by threads? The
 * handler module is checked in the host first; then each condition — node:cluster under rr and
 * none (and reusePort where the runtime has it), and the thread server — serves it on 127.0.0.1 in
 * fresh servers per trial, loaded by the lab's generator. Throughput is compared with cluster rr
 * (Node's default) by the lab's verdict rule; latency percentiles and each worker's share are kept
 * per trial. The Result is a "custom" one: it re-renders through `parlab report` without the handler.
 * @module
 */
import { InputError } from "../errors.ts";
import { notebookParams, runOrLoad } from "../notebook/context.ts";
import type { Experiment, Profile } from "../types.ts";
import { runConditions } from "../experiments/_shared/run.ts";
import { customExperiment, type CustomCharts, type CustomParams, type CustomSummary } from "./custom-analyse.ts";
import type { CustomRun } from "./experiment.ts";
import { checkUserModule, type UserFunctionSpec } from "./module.ts";

/** The handler and the load; unset values take the profile's defaults. */
export interface CompareServingOptions extends UserFunctionSpec {
  /** Workers of every server (cluster processes, or threads of the thread server); default 2. */
  workers?: number;
  /** Clients of the closed-loop generator; default 16. */
  concurrency?: number;
  /** Requests per trial; default by profile (tiny 400, quick 4000, full 20000). */
  requests?: number;
  /** Keep connections alive (default true); false opens one per request. */
  keepAlive?: boolean;
  /** Path requested, default "/". */
  path?: string;
  profile?: string;
  trials?: number;
  warmups?: number;
  timeoutMs?: number;
  seed?: number;
}

const REQUESTS: Record<Profile, number> = { tiny: 400, quick: 4000, full: 20_000 };

/**
 * Serves `export` of `module` — `(request: { method, url, headers, body }) => { status?, headers?, body }` —
 * under each condition and compares their throughput.
 */
export async function compareServing(options: CompareServingOptions): Promise<CustomRun> {
  const user = await checkUserModule(options, "module");
  const { servingConditions, measureServing } = await import("./serving-measure.ts");
  const conditions = servingConditions();
  const labels = conditions.map((c) => c.label);
  const params = notebookParams(customExperiment, {
    profile: options.profile ?? "quick", conditions: labels, baseline: labels[0], metric: "requestsPerSecond", lowerIsBetter: false,
    trials: options.trials, warmups: options.warmups ?? 0, timeoutMs: options.timeoutMs, seed: options.seed,
  });
  const path = options.path ?? "/";
  if (typeof path !== "string" || !path.startsWith("/")) throw new InputError("path", `give a path starting with "/"; got ${JSON.stringify(path)}`);
  const shape = {
    workers: options.workers ?? 2, concurrency: options.concurrency ?? 16, requests: options.requests ?? REQUESTS[params.profile],
    keepAlive: options.keepAlive ?? true, path, loadTimeLimitMs: Math.max(1000, params.timeoutMs - 5000),
  };
  const run: CustomParams = { ...params, handler: user.file, export: user.exportName, ...shape };
  const experiment: Experiment<CustomParams, CustomSummary> = {
    ...customExperiment,
    title: `Your handler: cluster vs thread server, ${user.exportName}()`,
    run: (p, runOptions = {}) => runConditions(experiment, p, runOptions, conditions, (c, ctx) => measureServing(c, ctx, user, shape)),
  };
  const saved = await runOrLoad(experiment, run);
  const result = saved.result;
  return { result, file: saved.file, path: saved.path, charts: customExperiment.charts(result) as CustomCharts, findings: customExperiment.findings(result) };
}
