/**
 * Is the lab's load generator the bottleneck? Its request rate against the same cluster server as a
 * well-known generator's, rounds interleaved in one run: autocannon for keep-alive, ApacheBench (`ab`,
 * Debian's apache2-utils) for a new connection per request. Loopback only, bounded in count.
 * Run: npm run bench:loadgen   (BENCH_ROUNDS, BENCH_REQUESTS scale it)
 */
import { execFile } from "node:child_process";
import os from "node:os";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { formatInterval, formatNumber } from "parlab";
import { runLoad, startCluster } from "parlab/drivers";
import { compareRatio, summarize } from "parlab/stats";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const CONCURRENCY = 8;

async function autocannonRps(url: string, requests: number): Promise<number> {
  // autocannon's own duration is coarse for short runs; time it the same way for both generators.
  const t0 = performance.now();
  const result = await autocannon({ url, connections: CONCURRENCY, amount: requests, pipelining: 1 });
  return result.requests.total / ((performance.now() - t0) / 1000);
}

async function abRps(url: string, requests: number): Promise<number | null> {
  try {
    const { stdout } = await promisify(execFile)("ab", ["-q", "-n", String(requests), "-c", String(CONCURRENCY), url], { timeout: 120_000 });
    const m = /Requests per second:\s+([\d.]+)/.exec(stdout);
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function line(name: string, xs: number[]): string {
  const s = summarize(xs);
  return `  ${name.padEnd(28)} ${formatNumber(s.median).padStart(8)} req/s (95% CI ${formatInterval(s.medianCi)}; n = ${s.n})`;
}

const server = await startCluster({ policy: "rr", workers: 2 });
const url = `http://${server.host}:${server.port}/`;
try {
  console.log(`load generator bench on ${os.cpus()[0]?.model.trim()} × ${os.availableParallelism?.() ?? os.cpus().length}, node ${process.versions.node}; cluster rr × 2 on ${url}; ${CONCURRENCY} clients, ${REQUESTS} requests per round, ${ROUNDS} rounds interleaved`);
  const ours = { keepAlive: [] as number[], newConn: [] as number[] };
  const theirs = { keepAlive: [] as number[], newConn: [] as number[] };
  let haveAb = true;
  await runLoad({ url, concurrency: CONCURRENCY, requests: 1000, keepAlive: true, timeLimitMs: 60_000 }); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const oursFirst = round % 2 === 0;
    const mine = async (keepAlive: boolean) => (await runLoad({ url, concurrency: CONCURRENCY, requests: keepAlive ? REQUESTS : REQUESTS / 4, keepAlive, timeLimitMs: 120_000 })).throughputRps;
    if (oursFirst) ours.keepAlive.push(await mine(true));
    theirs.keepAlive.push(await autocannonRps(url, REQUESTS));
    if (!oursFirst) ours.keepAlive.push(await mine(true));
    if (haveAb) {
      if (oursFirst) ours.newConn.push(await mine(false));
      const ab = await abRps(url, REQUESTS / 4);
      if (ab === null) haveAb = false;
      else theirs.newConn.push(ab);
      if (!oursFirst && haveAb) ours.newConn.push(await mine(false));
    }
  }
  console.log("\nkeep-alive");
  console.log(line("parlab runLoad", ours.keepAlive));
  console.log(line("autocannon", theirs.keepAlive));
  console.log(`  ${compareRatio(ours.keepAlive, theirs.keepAlive, { labelA: "parlab", labelB: "autocannon", quantity: "request rate", lowerIsBetter: false }).verdict}`);
  if (haveAb && theirs.newConn.length > 0) {
    console.log("\na new connection per request");
    console.log(line("parlab runLoad", ours.newConn));
    console.log(line("ab (ApacheBench)", theirs.newConn));
    console.log(`  ${compareRatio(ours.newConn, theirs.newConn, { labelA: "parlab", labelB: "ab", quantity: "request rate", lowerIsBetter: false }).verdict}`);
  } else {
    console.log("\nab is not installed (apt-get install apache2-utils): the new-connection comparison was not run");
  }
} finally {
  await server.close();
}
