/**
 * Is the lab's load generator the bottleneck? Its request rate against the same cluster server as a
 * well-known generator's, rounds interleaved in one run: autocannon for keep-alive, ApacheBench (`ab`,
 * Debian's apache2-utils) for a new connection per request. Same server, same client count. Each
 * round also shows how much CPU the generator and the server used, as a share of one core over the
 * round, so a reader sees who was saturated. With a new connection per request the lab drives ab
 * itself (runLoad's engine "auto" picks it when installed), so that row should sit at about 1.0×
 * bare ab; the lab's Node engine is measured beside it, to show what a Node client reaches.
 * Loopback only, bounded in count.
 * Run: npm run bench:loadgen   (BENCH_ROUNDS, BENCH_REQUESTS scale it)
 */
import { execFile } from "node:child_process";
import os from "node:os";
import { promisify } from "node:util";
import autocannon from "autocannon";
import { formatInterval, formatNumber } from "parlab";
import { runLoad, startCluster, type LoadEngineChoice } from "parlab/drivers";
import { ownCpuMs, treeCpuMs } from "parlab/machine";
import { compareRatio, summarize } from "parlab/stats";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 10_000);
const CONCURRENCY = 8;

/** One generator's round: its rate, and the CPU (in cores) it and the server used over the round. */
interface Round {
  rps: number;
  generatorCores: number;
  serverCores: number;
}

const server = await startCluster({ policy: "rr", workers: 2 });
const url = `http://${server.host}:${server.port}/`;

/** Runs `load`, which returns its rate and wall time (and its own CPU when it knows it), and accounts the CPU. */
async function measured(load: () => Promise<{ rps: number; wallMs: number; generatorCpuMs?: number }>): Promise<Round> {
  const self0 = process.cpuUsage();
  const own0 = ownCpuMs(process.pid) ?? 0;
  const server0 = treeCpuMs(server.primaryPid);
  const { rps, wallMs, generatorCpuMs } = await load();
  const selfMs = (() => { const d = process.cpuUsage(self0); return (d.user + d.system) / 1000; })();
  const serverMs = treeCpuMs(server.primaryPid) - server0;
  // Without a figure of its own, the generator is what this process and its reaped children used beyond the server.
  const generatorMs = generatorCpuMs ?? (ownCpuMs(process.pid) ?? 0) - own0 - serverMs - selfMs;
  return { rps, generatorCores: generatorMs / wallMs, serverCores: serverMs / wallMs };
}

async function ours(keepAlive: boolean, requests: number, engine: LoadEngineChoice = "auto"): Promise<Round> {
  return measured(async () => {
    const r = await runLoad({ url, concurrency: CONCURRENCY, requests, keepAlive, timeLimitMs: 120_000, engine });
    if (r.errors > 0) throw new Error(`parlab runLoad: ${r.errors} errors ${JSON.stringify(r.errorKinds)}`);
    if (engine === "auto" && !keepAlive && r.engine !== "ab") throw new Error(`runLoad's auto engine picked ${r.engine}, not ab, for a new connection per request`);
    return { rps: r.throughputRps, wallMs: r.durationMs, generatorCpuMs: r.generatorCpuMs };
  });
}

async function autocannonRound(requests: number): Promise<Round> {
  return measured(async () => {
    // autocannon runs in this process: its CPU is this process's.
    const self0 = process.cpuUsage();
    const t0 = performance.now();
    const result = await autocannon({ url, connections: CONCURRENCY, amount: requests, pipelining: 1 });
    const wallMs = performance.now() - t0;
    const d = process.cpuUsage(self0);
    return { rps: result.requests.total / (wallMs / 1000), wallMs, generatorCpuMs: (d.user + d.system) / 1000 };
  });
}

async function abRound(requests: number): Promise<Round | null> {
  try {
    return await measured(async () => {
      const { stdout } = await promisify(execFile)("ab", ["-q", "-n", String(requests), "-c", String(CONCURRENCY), url], { timeout: 120_000 });
      const rate = /Requests per second:\s+([\d.]+)/.exec(stdout);
      const failed = Number(/Failed requests:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
      if (!rate) throw new Error("ab printed no rate");
      if (failed > 0) throw new Error(`ab: ${failed} failed requests`);
      return { rps: Number(rate[1]), wallMs: (requests / Number(rate[1])) * 1000 };
    });
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return null;
    throw error;
  }
}

function line(name: string, rounds: Round[]): string {
  const s = summarize(rounds.map((r) => r.rps));
  const cores = (xs: number[]) => formatNumber(summarize(xs).median);
  return `  ${name.padEnd(30)} ${formatNumber(s.median).padStart(8)} req/s (${formatInterval(s.medianCi)}; n = ${s.n}); ` +
    `CPU, median share of a core: generator ${cores(rounds.map((r) => r.generatorCores))}, server ${cores(rounds.map((r) => r.serverCores))}`;
}

/** Prints each of the lab's rows and the peer's, then each lab row's rate as a ratio of the peer's, with its interval. */
function compare(title: string, ours: Array<[string, Round[]]>, peer: [string, Round[]]): void {
  console.log(`\n${title}`);
  for (const [name, rounds] of [...ours, peer]) console.log(line(name, rounds));
  for (const [name, rounds] of ours) {
    console.log(`  ${compareRatio(rounds.map((r) => r.rps), peer[1].map((r) => r.rps), { labelA: name, labelB: peer[0], quantity: "request rate", lowerIsBetter: false }).verdict}`);
  }
}

try {
  console.log(`load generator bench on ${os.cpus()[0]?.model.trim()} × ${os.availableParallelism?.() ?? os.cpus().length}, node ${process.versions.node}; cluster rr × 2 on ${url}; ${CONCURRENCY} clients, ${REQUESTS} requests per round (a quarter of them with a new connection each), ${ROUNDS} rounds interleaved; load average at start ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  const mine = { keepAlive: [] as Round[], newConnAb: [] as Round[], newConnNode: [] as Round[] };
  const peers = { keepAlive: [] as Round[], newConn: [] as Round[] };
  let haveAb = true;
  // Warm-up, discarded: the cluster's primary and workers run much slower until their code is compiled.
  await ours(true, 2000);
  await autocannonRound(2000);
  await ours(false, 2000, "node");
  if ((await abRound(1000)) === null) haveAb = false;
  else await ours(false, 1000, "ab");
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which generator goes first, so drift over the run hits both alike.
    const oursFirst = round % 2 === 0;
    if (oursFirst) mine.keepAlive.push(await ours(true, REQUESTS));
    peers.keepAlive.push(await autocannonRound(REQUESTS));
    if (!oursFirst) mine.keepAlive.push(await ours(true, REQUESTS));
    if (haveAb) {
      // Three generators in turn, the one that goes first rotating from round to round.
      const turns = [
        async () => void mine.newConnAb.push(await ours(false, REQUESTS / 4, "auto")),
        async () => void mine.newConnNode.push(await ours(false, REQUESTS / 4, "node")),
        async () => {
          const ab = await abRound(REQUESTS / 4);
          if (ab === null) throw new Error("ab went missing during the bench");
          peers.newConn.push(ab);
        },
      ];
      for (let i = 0; i < turns.length; i++) await turns[(round + i) % turns.length]!();
    }
  }
  compare("keep-alive", [["parlab runLoad", mine.keepAlive]], ["autocannon", peers.keepAlive]);
  if (haveAb && peers.newConn.length > 0) {
    compare("a new connection per request", [["parlab runLoad (auto: ab)", mine.newConnAb], ["parlab runLoad (node engine)", mine.newConnNode]], ["ab (ApacheBench)", peers.newConn]);
  }
  else console.log("\nab is not installed (apt-get install apache2-utils): the new-connection comparison was not run");
  console.log(`\nload average at end ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`);
} finally {
  await server.close();
}
