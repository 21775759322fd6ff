/**
 * Guarantee: security. Servers listen on loopback only, load goes to loopback only, workers start
 * from fixed entry modules and run only named workloads, and text that reaches HTML is escaped on
 * every path — also when the pages are opened in a browser.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { InputError, saveResult } from "parlab";
import { childExecArgv, reusePortSupported, runLoad, startCluster, withPool } from "parlab/drivers";
import { chartScript } from "parlab/internal";
import { ROOT, processesMatching, runCli, skipWithoutChromium, skipWithoutJupyter, tempDir } from "../helpers.ts";
import {
  DRIVERS, LOADGEN_PROCESS, NOTEBOOKS, OWNER, RUN_PROCESSES, assertNoOrphans, scalingResult, sleep, start, until,
} from "./shared.ts";

/** Listening TCP sockets by inode from /proc/net/tcp and tcp6: local address and port. */
function listeningSockets(): Map<string, { address: string; port: number }> {
  const found = new Map<string, { address: string; port: number }>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = fs.readFileSync(table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.trim().split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== "0A") continue; // LISTEN
      const [hexAddress, hexPort] = cols[1]!.split(":");
      const address = hexAddress!.length === 8
        ? hexAddress!.match(/../g)!.reverse().map((h) => parseInt(h, 16)).join(".")
        : hexAddress!; // IPv6: kept as hex, any is off loopback for our purposes unless ::1
      found.set(cols[9]!, { address, port: parseInt(hexPort!, 16) });
    }
  }
  return found;
}

/** Socket inodes a process holds open. */
function socketInodes(pid: number): string[] {
  const inodes: string[] = [];
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.push(m[1]!);
    } catch {
      // closed while we looked
    }
  }
  return inodes;
}

/** Listening sockets held by `pids`. */
function listenersOf(pids: number[]): Array<{ pid: number; address: string; port: number }> {
  const all = listeningSockets();
  return pids.flatMap((pid) => socketInodes(pid).flatMap((inode) => (all.has(inode) ? [{ pid, ...all.get(inode)! }] : [])));
}

/** An IPv4 address of this machine off the loopback interface, if it has one. */
const outsideAddress = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal)?.address;

const PAYLOAD = `<script>alert(1)</script>"><img src=x onerror=alert(1)>`;
/** The start of the payload, escaped (vega may shorten long labels after it). */
const ESCAPED = "&lt;script&gt;alert(1)";

// A start tag with its attributes, quoted values included, so that text inside a value is never taken for markup.
const START_TAG = /<([a-zA-Z][\w:-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g;
const ATTRIBUTE = /([^\s"'>\/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

/** Elements and attributes of a page that could run code: script elements, event handlers, javascript: URLs. */
function activeMarkup(html: string): string[] {
  const found: string[] = [];
  for (const tag of html.matchAll(START_TAG)) {
    if (tag[1]!.toLowerCase() === "script") found.push(tag[0]);
    for (const attribute of tag[2]!.matchAll(ATTRIBUTE)) {
      const name = attribute[1]!.toLowerCase();
      const value = (attribute[2] ?? "").replace(/^["']|["']$/g, "");
      if (name.startsWith("on") || (/(^|:)(href|src|action)$/.test(name) && /^\s*javascript:/i.test(value))) found.push(tag[0].slice(0, 200));
    }
  }
  // Raw text never holds "<script": escaped, it reads "&lt;script".
  if (/<script\b/i.test(html) && found.length === 0) found.push("<script");
  return found;
}

/** A chart's spec as a JSON data block: never run, and it holds no "<", so nothing in it can end it early. */
const SPEC_BLOCK = /<script type="application\/json" class="parlab-chart-spec">[^<]*<\/script>/g;

/**
 * The page without the lab's own scripts: its one inlined library script (byte for byte the lab's,
 * at most once) and its charts' JSON data blocks, with how many of each there were.
 */
function withoutLabScripts(html: string): { rest: string; libraries: number; specs: number } {
  const library = `<script>${chartScript().text}</script>`;
  const libraries = html.split(library).length - 1;
  const rest = html.split(library).join("");
  return { rest: rest.replace(SPEC_BLOCK, ""), libraries, specs: [...rest.matchAll(SPEC_BLOCK)].length };
}

/**
 * Fails if a page holds a script element, an event-handler attribute or a javascript: URL, other
 * than the lab's own: the library script inlined once on a page with `charts` charts (none without),
 * and one JSON data block per chart.
 */
function assertInert(html: string, label: string, charts = 0): void {
  assert.ok([...html.matchAll(START_TAG)].length > 3, `${label}: markup was parsed`);
  const { rest, libraries, specs } = withoutLabScripts(html);
  assert.deepEqual([libraries, specs], [charts > 0 ? 1 : 0, charts], `${label}: the lab's scripts, once, and a spec per chart`);
  assert.deepEqual(activeMarkup(rest), [], `${label}: nothing else that runs code`);
}

/** Pages written by the escaping tests, opened in a browser at the end. */
const pages: string[] = [];

describe("guarantee: security", () => {
  after(() => assertNoOrphans());

  for (const policy of ["rr", "none", ...(reusePortSupported() ? ["reuseport" as const] : [])] as const) {
    it(`a ${policy} cluster listens on 127.0.0.1 only`, async () => {
      const server = await startCluster({ policy, workers: 2 });
      try {
        assert.equal(server.host, "127.0.0.1");
        const listeners = listenersOf([server.primaryPid, ...server.workerPids]);
        assert.ok(listeners.some((l) => l.port === server.port), `the server's socket is found (${JSON.stringify(listeners)})`);
        for (const l of listeners) assert.equal(l.address, "127.0.0.1", `pid ${l.pid} listens on ${l.address}:${l.port}`);
        const reply = await fetch(`http://127.0.0.1:${server.port}/`);
        assert.equal(reply.status, 200);
        if (outsideAddress) {
          const outcome = await new Promise<string>((resolve) => {
            const socket = net.connect({ host: outsideAddress, port: server.port });
            socket.setTimeout(2000, () => (socket.destroy(), resolve("timeout")));
            socket.once("connect", () => (socket.destroy(), resolve("connected")));
            socket.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
          });
          assert.notEqual(outcome, "connected", `${outsideAddress}:${server.port} must not be reachable`);
        }
      } finally {
        await server.close();
      }
    });
  }

  it("the load generator opens no listening socket and sends load to loopback only", async () => {
    await assert.rejects(
      runLoad({ url: `http://${outsideAddress ?? "192.0.2.1"}:80/`, concurrency: 1, requests: 1, keepAlive: true, timeLimitMs: 1000 }),
      (e: Error) => e instanceof InputError && e.input === "url",
    );
    const server = await startCluster({ policy: "rr", workers: 1, handlerCostMs: 1 });
    try {
      let seen = 0;
      let polling = true;
      const listeners: unknown[] = [];
      const poll = (async () => {
        while (polling) {
          const pids = processesMatching(LOADGEN_PROCESS).map((l) => Number(l.split(" ")[0]));
          if (pids.length > 0) seen++;
          listeners.push(...listenersOf(pids));
          await sleep(20);
        }
      })();
      const report = await runLoad({ url: `http://127.0.0.1:${server.port}/`, concurrency: 2, requests: 150, keepAlive: false, timeLimitMs: 30_000, engine: "node" });
      polling = false;
      await poll;
      assert.ok(report.completed > 0);
      assert.ok(seen > 0, "the generator process was observed while it ran");
      assert.deepEqual(listeners, []);
    } finally {
      await server.close();
    }
  });

  it("workers run only named workloads: anything else is rejected, naming the known ones", async () => {
    await withPool({ kind: "processes", size: 1 }, async (pool) => {
      for (const name of ["__proto__", "constructor", "toString", "process.exit", "require('child_process')"]) {
        await assert.rejects(pool.run(name), (e: Error) => new RegExp(`unknown workload "${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"; known: (\\w+, )*\\w+$`).test(e.message) && /known: .*\bprimes\b/.test(e.message), name);
      }
      assert.equal(await pool.run("primes", [0, 100]), 25, "the worker still serves");
    });
  });

  it("workers start from fixed entry modules, never with the owner's eval code or test runner", async () => {
    assert.deepEqual(
      childExecArgv(["-e", "code", "--eval", "code", "-p", "1", "--print", "1", "--test", "--test-only", "--test-name-pattern=x", "--inspect", "--inspect-brk=0", "--input-type=module", "--import", "tsx", "--require=./x.cjs", "--max-old-space-size=256"], true),
      ["--import", "tsx", "--require=./x.cjs", "--max-old-space-size=256"],
    );
    // An owner started from eval code: its pool, cluster and load generator must not re-run that code.
    const code = `await import(${JSON.stringify(new URL(`file://${OWNER}`).href)})`;
    const owner = start(process.execPath, ["--max-old-space-size=256", "--input-type=module", "-e", code, "serve"]);
    try {
      await until("the owner's pids", () => owner.stdout().includes("\n"));
      await until("the load generator", () => processesMatching(LOADGEN_PROCESS).length > 0);
      const children = RUN_PROCESSES.flatMap((needle) => processesMatching(needle));
      assert.ok(children.length >= 2 + 1 + 2 + 1, `pool, primary, cluster workers and generator (${children.length})`);
      for (const line of children) {
        const cmd = line.slice(line.indexOf(" ") + 1);
        assert.ok(/^\S+ (--max-old-space-size=256 )?\S+\/(pool\/entry-process|cluster\/entry-primary|cluster\/entry-worker|loadgen\/entry-generator)\.js$/.test(cmd) && cmd.includes(DRIVERS), cmd);
      }
    } finally {
      owner.child.kill("SIGKILL");
      await owner.exited;
    }
    await assertNoOrphans();
  });

  it("the report escapes the title, parameter values, machine text, chart labels and failure reasons", async () => {
    const base = scalingResult();
    const hostile = scalingResult({
      experiment: { id: "scaling", version: 1, title: `title ${PAYLOAD}` },
      params: { ...base.params, order: `param ${PAYLOAD}` },
      // The model reaches the findings, which are markdown: a link there must not become a javascript: URL.
      machine: { ...base.machine, cpu: { model: `cpu ${PAYLOAD} [link](javascript:alert(1)) <javascript:alert(1)>`, cores: 2, speedMHz: 1 } },
      trials: [
        ...base.trials,
        { condition: `label ${PAYLOAD}`, index: 0, seq: 4, startedAt: base.startedAt, durationMs: 99, ok: true, metrics: { computeMs: 99 } },
        { condition: "threads×1", index: 2, seq: 5, startedAt: base.startedAt, durationMs: NaN, ok: false, error: `reason ${PAYLOAD}`, metrics: {} },
      ],
      failures: [{ condition: "threads×1", index: 2, reason: `reason ${PAYLOAD}`, at: base.startedAt }],
    });
    const dir = tempDir();
    const saved = saveResult(hostile, dir);
    const r = await runCli(["report", saved.json, "--out", dir]);
    assert.equal(r.code, 0, r.stderr);
    const page = path.join(dir, path.basename(saved.json, ".json") + ".html");
    const html = fs.readFileSync(page, "utf8");
    assertInert(html, "report");
    for (const where of ["title", "param", "cpu", "label", "reason"]) {
      assert.ok(html.includes(`${where} ${ESCAPED}`), `${where} is in the page, escaped`);
    }
    assert.ok(html.includes(`<title>title ${ESCAPED}`), "the page title is escaped");
    for (const svg of fs.readdirSync(dir).filter((f) => f.endsWith(".svg"))) assertInert(fs.readFileSync(path.join(dir, svg), "utf8"), svg);
    pages.push(page);
  });

  it("the headless notebook export escapes prose, code, console output, tables, markdown, charts, worker errors and uncaught errors", async () => {
    const out = tempDir();
    const r = await runCli(["notebooks", "01", "--dir", NOTEBOOKS, "--profile", "tiny", "--out", out], { env: { PARLAB_RESULTS_DIR: tempDir() } });
    assert.equal(r.code, 1, `the notebook ends with an uncaught error on purpose (${r.stderr})`);
    const html = fs.readFileSync(path.join(out, "01-hostile.html"), "utf8");
    const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
    assertInert(html, "notebook page", 1);
    assertInert(index, "index page");
    for (const where of ["Hostile", "Raw HTML in prose:", "stdout", "stderr", "caption", "cell", "heading", "text", "chart", "worker", "uncaught"]) {
      assert.ok(html.includes(`${where} ${ESCAPED}`), `${where}: the text is in the page, escaped`);
    }
    assert.ok(html.includes(`const P = \`${ESCAPED}`), "code cells are escaped");
    assert.ok(html.includes(`<th>${ESCAPED}`), "table headers are escaped");
    assert.ok(html.includes(`<title>Hostile ${ESCAPED}`), "the page title is escaped");
    assert.ok(index.includes(`Hostile ${ESCAPED}`), "the index escapes the title");
    pages.push(path.join(out, "01-hostile.html"), path.join(out, "index.html"));
  });

  it("the Jupyter export (nbconvert, offline template, tslab) leaves no markup from prose or outputs active", { skip: skipWithoutJupyter() }, async () => {
    const sync = await runCli(["notebooks", "sync", "--check", "--dir", NOTEBOOKS]);
    assert.equal(sync.code, 0, `the fixture .ipynb is up to date (${sync.stderr})`);
    // A kernelspec of this checkout's tslab, so the test needs no kernel registered system-wide.
    const jupyterPath = tempDir();
    fs.mkdirSync(path.join(jupyterPath, "kernels", "tslab"), { recursive: true });
    fs.writeFileSync(path.join(jupyterPath, "kernels", "tslab", "kernel.json"), JSON.stringify({
      argv: [path.join(ROOT, "node_modules", ".bin", "tslab"), "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript",
    }));
    const out = tempDir();
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn("bash", [path.join(ROOT, "notebooks", "jupyter-html.sh"), "tslab", path.join(NOTEBOOKS, "01-hostile.ipynb")], {
        cwd: ROOT, env: { ...process.env, JUPYTER_PATH: jupyterPath, OUT: out, PARLAB_PROFILE: "tiny", PARLAB_RESULTS_DIR: tempDir() }, stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (d) => (stderr += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
      child.once("exit", (code) => (clearTimeout(timer), resolve({ code, stderr })));
    });
    assert.equal(r.code, 0, r.stderr.slice(-3000));
    const page = path.join(out, "01-hostile.html");
    const html = fs.readFileSync(page, "utf8");
    assertInert(html, "nbconvert page", 1);
    for (const where of ["stdout", "stderr", "caption", "cell", "heading", "text", "worker"]) {
      assert.ok(html.includes(`${where} ${ESCAPED}`), `${where}: the text is in the page, escaped`);
    }
    const svgs = [...html.matchAll(/<img class="chart"[^>]*src="data:image\/svg\+xml;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1]!, "base64").toString("utf8"));
    assert.equal(svgs.length, 1, "the chart is embedded as an image");
    assert.ok(svgs[0]!.includes(`chart ${ESCAPED}`), "its title is escaped in the SVG");
    assertInert(svgs[0]!, "nbconvert chart");
    pages.push(page);
  });

  it("no exported page runs script in a browser", { skip: skipWithoutChromium() }, async () => {
    assert.ok(pages.length >= 3, `earlier tests wrote pages (${pages.length})`);
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
    try {
      for (const file of pages) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const dialogs: string[] = [];
        page.on("dialog", (d) => (dialogs.push(d.message()), void d.dismiss()));
        const url = `file://${file}`;
        await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
        await page.goto(url, { waitUntil: "load" });
        // Pages with charts draw them (the payloads in their data included) before they are checked.
        await page.waitForFunction(`[...document.querySelectorAll("figure.parlab-chart")].every((f) => f.classList.contains("interactive"))`, undefined, { timeout: 20_000 });
        await page.waitForTimeout(200);
        // The lab's own scripts aside: its library script and its charts' JSON data blocks.
        const library = chartScript().text;
        const active: number = await page.evaluate(`[...document.querySelectorAll("script, [onerror], [onload], [onclick]")].filter((e) =>
          !(e.matches("script[type='application/json'].parlab-chart-spec") || (e.matches("script:not([type])") && e.textContent === ${JSON.stringify(library)}))).length`);
        assert.equal(active, 0, `${path.basename(file)}: no script elements or handlers in the DOM but the lab's`);
        assert.deepEqual(dialogs, [], `${path.basename(file)}: no dialog opened`);
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
});
