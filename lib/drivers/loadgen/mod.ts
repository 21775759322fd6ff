/**
 * An HTTP load generator for loopback servers, closed loop or open loop (a schedule of intended
 * send times, latency corrected for coordinated omission). The generator runs in a process of its
 * own (started from the fixed entry module `entry-generator` beside this one), so that the requests
 * it sends never compete for the event loop of the server under test or of the caller that
 * measures. This module checks the options, forks the generator, hands it the options over IPC and
 * waits for its report; the generator is always gone before the returned promise settles. A
 * closed loop with a new connection per request goes to ApacheBench instead when it is installed
 * (`engine`, see engine.ts and ab.ts): a Node client opens connections at about half ab's rate.
 * @module
 */
import { fork } from "node:child_process";
import { AbortedError, WorkerError } from "../../errors.ts";
import { liveChildCount, startedChildCount, trackChild } from "../_host/children.ts";
import { entryPath } from "../_host/entry.ts";
import { childExecArgv } from "../_host/exec-argv.ts";
import { describeExit } from "../_host/process.ts";
import { runApacheBench } from "./ab.ts";
import { chooseEngine } from "./engine.ts";
import { checkLoadOptions, type LoadOptions, type LoadSettings } from "./options.ts";
import { isLoadgenMessage, type LoadReport, type LoadStartMessage } from "./protocol.ts";

export { abStarted, liveAbCount } from "./ab.ts";
export { AB_INSTALL_HINT, abInstalled, chooseEngine } from "./engine.ts";
export { isLoopbackAddress, isLoopbackHostname } from "../_host/loopback.ts";
export {
  checkLoadOptions, DEFAULT_BUCKET_MS, DEFAULT_DROP_AFTER_MS, DEFAULT_LATE_AFTER_MS, DEFAULT_SAMPLE_CAP, MAX_CONCURRENCY, MAX_RATE, MAX_REQUESTS, MAX_SAMPLE_CAP, MAX_TIME_LIMIT_MS,
  LOAD_ENGINE_CHOICES, type Arrival, type LoadEngine, type LoadEngineChoice, type LoadOptions, type LoadSettings,
} from "./options.ts";
export type { LatencySummary, LoadgenMessage, LoadReport, LoadStartMessage, LoadTimeline, OpenLoopReport } from "./protocol.ts";

// How long the generator may take to load before it counts as failed, and how long past its time
// limit it may take to report before it is killed (it abandons in-flight requests at the limit, so
// only a wedged process needs the margin).
const STARTUP_LIMIT_MS = 30_000;
const KILL_MARGIN_MS = 5_000;
// After a report, the generator exits on the IPC disconnect; this is how long it gets before SIGKILL.
const EXIT_GRACE_MS = 1_000;

/** Number of generator processes this module has forked so far (for tests: bad input must start none). */
export function generatorsStarted(): number {
  return startedChildCount("loadgen");
}

/** Number of generator processes alive right now (for leak checks). */
export function liveGeneratorCount(): number {
  return liveChildCount("loadgen");
}

// JSON over IPC turns NaN into null; nothing completed means no latency, which is NaN, not 0.
function withLatency(report: LoadReport): LoadReport {
  if (report.completed > 0) return report;
  const nan = { p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN, mean: NaN };
  return { ...report, latencyMs: nan, openLoop: report.openLoop && { ...report.openLoop, uncorrectedMs: nan } };
}

/**
 * Runs one load test (closed loop; open loop when `rate` is given) in a forked generator process,
 * or in ApacheBench (see `engine`), and resolves with its report, which names its engine.
 * Rejects with an {@link InputError} for bad options (before any process starts; an
 * {@link UnsupportedError} when engine "ab" is asked for and not installed), an
 * {@link AbortedError} when `signal` aborts, and a {@link WorkerError} when the generator dies, fails
 * or does not report within `timeLimitMs` plus a margin. Whatever happens, the generator process
 * has exited before the promise settles.
 * @example const report = await runLoad({ url: "http://127.0.0.1:8080/", concurrency: 8, requests: 10_000, keepAlive: true, timeLimitMs: 10_000 });
 */
export function runLoad(options: LoadOptions): Promise<LoadReport> {
  let settings: LoadSettings;
  try {
    settings = checkLoadOptions(options);
    settings = { ...settings, engine: chooseEngine(settings) };
  } catch (error) {
    return Promise.reject(error);
  }
  const signal = options.signal;
  if (signal?.aborted) return Promise.reject(new AbortedError(signal.reason));
  if (settings.engine === "ab") return runApacheBench(settings, signal, options.onStarted);

  return new Promise<LoadReport>((resolve, reject) => {
    const child = fork(entryPath(import.meta.url, "entry-generator"), [], {
      execArgv: childExecArgv(),
      serialization: "json",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    trackChild("loadgen", child);

    // The first outcome wins; the promise settles with it only once the process has exited.
    let outcome: { report: LoadReport } | { error: Error } | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const arm = (ms: number, what: string) => {
      clearTimeout(timer);
      timer = setTimeout(() => conclude({ error: new WorkerError(`load generator (pid ${child.pid}) ${what} within ${ms} ms; killed`) }), ms);
    };
    const onAbort = () => conclude({ error: new AbortedError(signal?.reason) });

    const settle = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      if (outcome && "report" in outcome) resolve(withLatency(outcome.report));
      else reject(outcome?.error ?? new WorkerError("load generator exited before reporting"));
    };

    function conclude(result: { report: LoadReport } | { error: Error }): void {
      if (outcome) return;
      outcome = result;
      clearTimeout(timer);
      if ("report" in result && child.connected) {
        // Its work is done: closing the channel makes it exit by itself; SIGKILL only if it lingers.
        child.disconnect();
        timer = setTimeout(() => child.kill("SIGKILL"), EXIT_GRACE_MS);
      } else {
        child.kill("SIGKILL");
      }
      // A fork that never started has no process to wait for.
      if (child.pid === undefined) settle();
    }

    child.on("message", (message: unknown) => {
      if (!isLoadgenMessage(message) || outcome) return;
      if (message.type === "ready") {
        const start: LoadStartMessage = { type: "start", settings };
        child.send(start);
        arm(settings.timeLimitMs + KILL_MARGIN_MS, "did not report");
      } else if (message.type === "started") {
        options.onStarted?.(message.epochMs);
      } else if (message.type === "report") {
        conclude({ report: message.report });
      } else {
        conclude({ error: new WorkerError(`load generator (pid ${child.pid}) failed: ${message.message}`) });
      }
    });
    child.once("exit", (code, sig) => {
      if (!outcome) {
        outcome = { error: new WorkerError(`load generator (pid ${child.pid}) ${describeExit({ code, signal: sig })} before reporting`) };
      }
      settle();
    });
    child.on("error", (error) => conclude({ error: new WorkerError(`load generator failed: ${error.message}`) }));
    signal?.addEventListener("abort", onAbort, { once: true });
    arm(STARTUP_LIMIT_MS, "did not start");
  });
}
