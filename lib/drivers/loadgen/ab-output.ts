/**
 * What ApacheBench (`ab`) printed, read into counts a load report can hold: its summary on
 * stdout, and its per-request data (the `-g` file). ab's counts overlap in ways its output does
 * not say, measured against real servers:
 * - "Complete requests" counts every request whose connection closed, failures among them;
 * - a connection the server resets, or refuses, counts twice among "Failed requests", once as
 *   Receive and once as Exceptions (refused: not always both), though it is one request;
 * - "Non-2xx responses" are complete requests, not failed ones;
 * - Length failures (a body longer or shorter than the first one) are not failures of the server,
 *   so the lab runs ab with `-l`, which turns them off.
 * @module
 */

/** ab's summary of one run, as counts of requests. */
export interface AbSummary {
  /** Requests ab finished ("Complete requests"): successes, non-2xx answers and receive failures. */
  done: number;
  connectFailures: number;
  receiveFailures: number;
  exceptions: number;
  writeErrors: number;
  non2xx: number;
  /** "Time taken for tests", in milliseconds. */
  durationMs: number;
}

function count(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  return match ? Number(match[1]) : 0;
}

/** Reads ab's summary from its stdout; null when it printed none (it failed before reporting). */
export function parseAbSummary(stdout: string): AbSummary | null {
  const done = /^Complete requests:\s+(\d+)/m.exec(stdout);
  const taken = /^Time taken for tests:\s+([\d.]+) seconds/m.exec(stdout);
  if (!done || !taken) return null;
  return {
    done: Number(done[1]),
    connectFailures: count(stdout, /\(Connect: (\d+)/),
    receiveFailures: count(stdout, /Receive: (\d+)/),
    exceptions: count(stdout, /Exceptions: (\d+)\)/),
    writeErrors: count(stdout, /^Write errors:\s+(\d+)/m),
    non2xx: count(stdout, /^Non-2xx responses:\s+(\d+)/m),
    durationMs: Number(taken[1]) * 1000,
  };
}

/** One request of ab's `-g` data: the whole second (epoch) it started in, and its total time in whole milliseconds. */
export interface AbRequest {
  startSecond: number;
  totalMs: number;
}

/**
 * Reads ab's `-g` file (tab-separated: starttime, seconds, ctime, dtime, ttime, wait, after a
 * header line). ab writes the rows sorted by total time, not in the order requests ran.
 */
export function parseAbRequests(tsv: string): AbRequest[] {
  const rows: AbRequest[] = [];
  for (const line of tsv.split("\n").slice(1)) {
    const cells = line.split("\t");
    if (cells.length < 6) continue;
    const startSecond = Number(cells[1]);
    const totalMs = Number(cells[4]);
    if (Number.isFinite(startSecond) && Number.isFinite(totalMs)) rows.push({ startSecond, totalMs });
  }
  return rows;
}

/**
 * Requests that failed, by kind, one count per request: ab's Receive and Exceptions count the same
 * reset twice, so the larger of the two stands for both. Kinds: `connect`, `receive`, `write` and
 * `status non-2xx` (ab does not split non-2xx answers by status class).
 */
export function abFailures(s: AbSummary): Record<string, number> {
  const kinds: Record<string, number> = {};
  const add = (kind: string, n: number) => {
    if (n > 0) kinds[kind] = n;
  };
  add("connect", s.connectFailures);
  add("receive", Math.max(s.receiveFailures, s.exceptions));
  add("write", s.writeErrors);
  add("status non-2xx", s.non2xx);
  return kinds;
}
