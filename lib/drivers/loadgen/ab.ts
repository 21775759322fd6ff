/**
 * A closed-loop, new-connection-per-request load run by ApacheBench (`ab`, Debian's
 * apache2-utils) instead of this lab's Node generator. Opening a TCP connection costs a Node
 * client about twice what it costs ab, so with a new connection per request a Node client reaches
 * only about half of ab's rate and cannot load a server as hard; ab can. ab runs as a child process
 * tracked like the generator (family `apachebench`), bounded by the time limit (SIGINT, on which
 * ab prints what it did, then SIGKILL) and by `signal`; it has exited before the promise settles.
 *
 * ab fills a {@link LoadReport} less finely than the node engine: latencies in whole milliseconds,
 * counting every request ab recorded (its data has no status); no per-worker counts (`byWorker`
 * is `{}`: ab reads no headers); a timeline of whole seconds; `sent` and `connectionsOpened` are
 * the requests it finished or failed to connect (ab also opens up to `concurrency` − 1 connections
 * near the end that it closes unused, which the server sees and ab does not report). See
 * ab-output.ts for how its counts are read.
 * @module
 */
import { spawn } from "node:child_process";
import dns from "node:dns";
import fs from "node:fs";
import path from "node:path";
import { AbortedError, WorkerError } from "../../errors.ts";
import { liveChildCount, startedChildCount, trackChild } from "../_host/children.ts";
import { isLoopbackAddress } from "../_host/loopback.ts";
import { describeExit } from "../_host/process.ts";
import { abDataDir } from "./ab-data-dir.ts";
import { abFailures, type AbRequest, parseAbRequests, parseAbSummary } from "./ab-output.ts";
import type { LoadSettings } from "./options.ts";
import type { LoadReport, LoadTimeline } from "./protocol.ts";
import { deathSignalAvailable } from "./engine.ts";
import { Recorder } from "./recorder.ts";

/** How long ab gets to print its partial results after SIGINT at the time limit before SIGKILL. */
const INTERRUPT_GRACE_MS = 2_000;

/** Number of ab processes started so far (for tests: bad input must start none). */
export function abStarted(): number {
  return startedChildCount("apachebench");
}

/** Number of ab processes alive right now (for leak checks). */
export function liveAbCount(): number {
  return liveChildCount("apachebench");
}

/** The URL with its host replaced by the one loopback address it resolves to: ab must never send load off the machine. */
async function loopbackUrl(href: string): Promise<string> {
  const url = new URL(href);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = await dns.promises.lookup(hostname, { all: true });
  const outside = addresses.find((a) => !isLoopbackAddress(a.address));
  if (outside || addresses.length === 0) throw new WorkerError(`${hostname} resolved to ${outside?.address ?? "nothing"}, not a loopback address`);
  const address = addresses[0]!;
  url.hostname = address.family === 6 ? `[${address.address}]` : address.address;
  return url.href;
}

/**
 * CPU time (user + system) of this process's waited-for children, in milliseconds, from
 * /proc/self/stat (clock ticks of 10 ms). Its growth across one ab run is ab's own CPU time: Node
 * waits for ab as it exits, and the lab reaps no other child meanwhile. NaN where /proc is absent.
 */
function childrenCpuMs(): number {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return NaN;
  }
}

/** The timeline in whole seconds: requests counted in the second they started (ab records nothing finer). */
function secondsTimeline(rows: AbRequest[]): LoadTimeline {
  if (rows.length === 0) return { bucketMs: 1000, startEpochMs: Date.now(), completed: [], failed: [] };
  const first = Math.min(...rows.map((r) => r.startSecond));
  const last = Math.max(...rows.map((r) => r.startSecond));
  const completed = new Array<number>(last - first + 1).fill(0);
  for (const r of rows) completed[r.startSecond - first]!++;
  return { bucketMs: 1000, startEpochMs: first * 1000, completed, failed: completed.map(() => 0) };
}

/** ab's arguments for `s`: errors counted, not fatal (`-r`); bodies may differ in length (`-l`); bounded in time. */
function abArguments(s: LoadSettings, url: string, dataFile: string): string[] {
  const limitSeconds = Math.ceil(s.timeLimitMs / 1000);
  return [
    "-r", "-l", "-q", "-S", "-d",
    "-c", String(Math.min(s.concurrency, s.requests)),
    // -t implies 50 000 requests; -n after it sets the count back. ab checks -t only between
    // events, so the SIGINT at timeLimitMs is what bounds the run; -t is a backstop.
    "-t", String(limitSeconds + 1),
    "-n", String(s.requests),
    // A stalled response makes ab quit without results after -s seconds: let the SIGINT come first.
    "-s", String(limitSeconds + 2),
    "-g", dataFile,
    url,
  ];
}

/** Builds the report from ab's stdout and `-g` data. */
function report(s: LoadSettings, stdout: string, tsv: string, interrupted: boolean, cpuMs: number): LoadReport {
  const summary = parseAbSummary(stdout);
  if (!summary) throw new WorkerError(`ab printed no results: ${stdout.trim().split("\n").slice(-3).join(" / ")}`);
  const errorKinds = abFailures(summary);
  const inDone = summary.done - summary.non2xx - Math.max(summary.receiveFailures, summary.exceptions) - summary.writeErrors;
  const completed = Math.max(0, inDone);
  const sent = summary.done + summary.connectFailures;
  const errors = Object.values(errorKinds).reduce((a, b) => a + b, 0);
  // The data rows run in ab's order (by latency); ordered by start second they feed the sample in roughly the order they ran.
  const rows = parseAbRequests(tsv).sort((a, b) => a.startSecond - b.startSecond);
  const recorder = new Recorder(s.latencySampleCap, 1000, s.timeLimitMs);
  recorder.start(0);
  for (const r of rows) recorder.complete("ab", 0, 0, r.totalMs);
  const { latencyMs, latencySample } = recorder.finish();
  const nan = { p50: NaN, p90: NaN, p99: NaN, p999: NaN, max: NaN, mean: NaN };
  return {
    engine: "ab",
    latencyResolutionMs: 1,
    sent,
    completed,
    errors,
    errorKinds,
    durationMs: summary.durationMs,
    throughputRps: summary.durationMs > 0 ? completed / (summary.durationMs / 1000) : 0,
    latencyMs: rows.length > 0 && completed > 0 ? latencyMs : nan,
    latencySample,
    byWorker: {},
    connectionsOpened: sent,
    truncated: interrupted && completed + errors < s.requests,
    timeline: secondsTimeline(rows),
    generatorCpuMs: cpuMs,
    openLoop: null,
  };
}

/**
 * Runs the closed-loop, new-connection load of `s` with ab and resolves with its report. Rejects
 * with an {@link AbortedError} when `signal` aborts and a {@link WorkerError} when ab fails or
 * does not report after its SIGINT; failed requests, refused connections among them, are counted
 * in the report. ab has exited, and its data file is gone, before the promise settles.
 */
export async function runApacheBench(s: LoadSettings, signal?: AbortSignal, onStarted?: (epochMs: number) => void): Promise<LoadReport> {
  const url = await loopbackUrl(s.url);
  if (signal?.aborted) throw new AbortedError(signal.reason);
  const dir = abDataDir();
  const dataFile = path.join(dir, "requests.tsv");
  try {
    const cpu0 = childrenCpuMs();
    // Through setpriv where it exists, the kernel kills ab with SIGKILL when this process dies,
    // even by SIGKILL (a killed kernel); setpriv execs ab, so the child's pid is ab's.
    const args = abArguments(s, url, dataFile);
    const child = deathSignalAvailable()
      ? spawn("setpriv", ["--pdeathsig", "KILL", "--", "ab", ...args], { stdio: ["ignore", "pipe", "pipe"] })
      : spawn("ab", args, { stdio: ["ignore", "pipe", "pipe"] });
    trackChild("apachebench", child);
    onStarted?.(Date.now());
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    let interrupted = false;
    let aborted = false;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const limitTimer = setTimeout(() => {
      interrupted = true;
      child.kill("SIGINT");
      killTimer = setTimeout(() => child.kill("SIGKILL"), INTERRUPT_GRACE_MS);
    }, s.timeLimitMs);
    const onAbort = () => {
      aborted = true;
      child.kill("SIGKILL");
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const exit = await new Promise<{ code: number | null; signal: string | null } | Error>((resolve) => {
      child.once("error", (error) => resolve(error));
      child.once("close", (code, sig) => resolve({ code, signal: sig }));
    });
    clearTimeout(limitTimer);
    clearTimeout(killTimer);
    signal?.removeEventListener("abort", onAbort);
    if (aborted) throw new AbortedError(signal?.reason);
    if (exit instanceof Error) throw new WorkerError(`ab could not start: ${exit.message}`);
    const cpuMs = childrenCpuMs() - cpu0;
    if (exit.code !== 0 && !interrupted) {
      throw new WorkerError(`ab ${describeExit(exit)}: ${(stderr.trim() || stdout.trim()).split("\n").slice(-2).join(" / ")}`);
    }
    const tsv = fs.existsSync(dataFile) ? fs.readFileSync(dataFile, "utf8") : "";
    return report(s, stdout, tsv, interrupted, cpuMs);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
