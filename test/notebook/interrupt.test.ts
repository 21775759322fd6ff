/**
 * The stop button stops: a notebook cell running an experiment in a real Jupyter kernel (tslab and
 * Deno's), stopped the ways a student stops it, leaves none of the run's processes (cluster
 * primaries and workers, pool processes, load generators) within 2 s, keeps the completed trials in
 * a Result marked incomplete, and leaves a kernel that answers the next cell. The ways:
 * - the stop button (Jupyter sends SIGINT to the kernel's process group, which reaches the run's
 *   processes too: the run must not go on starting new ones);
 * - SIGINT to the kernel process alone, as a front end may send it (the lab tears its processes
 *   down itself);
 * - a restart (Jupyter interrupts, asks the kernel to shut down, then signals it);
 * - a killed kernel (SIGKILL to the kernel process alone, so its children learn it from the
 *   closed IPC channel or their new parent).
 *
 * The kernels are this checkout's tslab and Deno, through a private JUPYTER_PATH, started in
 * notebooks/ so that cells import this checkout's "parlab" (node_modules/parlab for tslab, deno.json
 * for Deno); tslab runs the compiled library, so `npm run build` first (test/run.sh does). A small
 * Python script (test/fixtures/drive_kernel.py) drives each kernel with jupyter_client.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { DENO, ROOT, needTool, processesMatching, skipWithoutDeno, tempDir } from "../helpers.ts";

const DRIVER = path.join(ROOT, "test", "fixtures", "drive_kernel.py");
const TSLAB = path.join(ROOT, "node_modules", ".bin", "tslab");
/** How long the lab's processes may outlive an interrupt, a restart or a killed kernel. */
const GONE_WITHIN_S = 2;
/** How long after it to watch, so that a run which goes on starting processes is caught at it. */
const WATCH_S = 2.5;

/** A Python that has jupyter_client, as notebooks/install-kernels.sh looks for it (a pyenv python3 often lacks it). */
const PYTHON = ["python3", "/usr/bin/python3"].find(
  (candidate) => spawnSync(candidate, ["-c", "import jupyter_client"], { stdio: "ignore", timeout: 30_000 }).status === 0,
);
const skipWithoutJupyterClient = () =>
  needTool("jupyter_client", () => PYTHON !== undefined, "apt-get install python3-jupyter-client");

/** A JUPYTER_PATH holding kernelspecs of this checkout's tslab and Deno, named apart from any registered ones. */
function kernelspecs(): string {
  const dir = tempDir();
  const specs = {
    "parlab-tslab": { argv: [TSLAB, "kernel", "--config-path", "{connection_file}"], display_name: "TypeScript", language: "typescript" },
    "parlab-deno": { argv: [DENO, "jupyter", "--kernel", "--conn", "{connection_file}"], display_name: "Deno", language: "typescript" },
  };
  for (const [name, spec] of Object.entries(specs)) {
    fs.mkdirSync(path.join(dir, "kernels", name), { recursive: true });
    fs.writeFileSync(path.join(dir, "kernels", name, "kernel.json"), JSON.stringify(spec));
  }
  return dir;
}

type Action = "interrupt" | "sigint" | "restart" | "kill";

interface Step {
  action: Action;
  outputs: string[];
  error?: string;
  under_way_s: number;
  before: number;
  gone_s: number | null;
  left?: string[];
  /** [seconds after the action, lab processes alive] at every change. */
  timeline: Array<[number, number]>;
  cell_freed?: boolean;
  kernel_alive: boolean;
  answered?: boolean;
  answer_s?: number;
  restarted_s?: number;
  results: Array<{ file: string; complete: boolean; trials: number }>;
}

interface Report {
  kernel: string;
  /** What went wrong driving the kernel (not the lab's doing), if anything. */
  error?: string;
  steps: Step[];
  ready_s: number;
  left_at_end: string[];
  total_s: number;
}

/** Runs the driver: one kernel, one fresh run of `code` per action. */
function drive(kernel: string, code: string, actions: Action[], minProcesses: number): Promise<Report> {
  const options = {
    kernel,
    actions,
    code,
    cwd: path.join(ROOT, "notebooks"),
    results: tempDir("parlab-interrupt-"),
    prefix: path.join(ROOT, "lib") + path.sep,
    pattern: String.raw`/drivers/[\w-]+/entry-`,
    min_processes: minProcesses,
    // A trial saved before the stop button, so that there is something to keep and show.
    checkpoint: ["interrupt", "sigint"],
    start_s: 30,
    watch_s: WATCH_S,
  };
  return new Promise((resolve, reject) => {
    // The cells' own parameters, not a PARLAB_PROFILE or PARLAB_RESULT of whoever runs the tests.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("PARLAB_")));
    const child = spawn(PYTHON!, [DRIVER, JSON.stringify(options)], {
      env: { ...env, JUPYTER_PATH: jupyterPath },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    // SIGINT, not SIGKILL: the driver then shuts its kernel down on the way out.
    const timer = setTimeout(() => child.kill("SIGINT"), 120_000);
    child.on("exit", (status) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(last) as Report);
      } catch {
        reject(new Error(`the kernel driver ended with ${status} and no report\n${stdout}\n${stderr.slice(-4000)}`));
      }
    });
  });
}

/**
 * Checks what every action must leave: no lab process within 2 s, the completed trials in a Result
 * marked incomplete, and a kernel that answers — unless the action ended it: a kill, or, for a
 * kernel that `mayEndOnInterrupt` (Deno's ends on an interrupt outside a run, an upstream problem),
 * an interrupt.
 */
function checkStep(step: Step, kernel: string, mayEndOnInterrupt: boolean): void {
  const what = `${kernel}, ${step.action}`;
  assert.equal(step.error, undefined, `${what}: ${step.error}\n${step.outputs.join("")}`);
  assert.ok(step.before >= 1, `${what}: the run had started its processes`);
  const timeline = `(seconds after, processes alive: ${JSON.stringify(step.timeline)})`;
  assert.notEqual(step.gone_s, null, `${what}: lab processes still alive ${WATCH_S} s later ${timeline}:\n${(step.left ?? []).join("\n")}`);
  assert.ok(step.gone_s! <= GONE_WITHIN_S, `${what}: the last lab process was seen ${step.gone_s} s after (at most ${GONE_WITHIN_S} s) ${timeline}`);
  const stopped = step.action === "interrupt" || step.action === "sigint";
  // Stopped after a trial was saved: it is kept. A restart or a kill may come before any was.
  assert.ok(step.results.length <= 1, `${what}: one Result (${JSON.stringify(step.results)})`);
  if (stopped) assert.equal(step.results.length, 1, `${what}: the Result is saved`);
  for (const r of step.results) {
    assert.equal(r.complete, false, `${what}: the Result is marked incomplete`);
    if (stopped) assert.ok(r.trials >= 1, `${what}: the completed trials are kept`);
  }
  if (step.action === "kill") {
    assert.equal(step.kernel_alive, false, `${what}: the kernel is gone`);
    return;
  }
  if (mayEndOnInterrupt && !step.kernel_alive && step.action !== "restart") return;
  assert.equal(step.kernel_alive, true, `${what}: the kernel is alive`);
  assert.equal(step.answered, true, `${what}: the kernel answers the next cell`);
  if (stopped) {
    assert.equal(step.cell_freed, true, `${what}: the cell is freed`);
    const said = step.outputs.join("\n");
    assert.match(said, /the run was interrupted; \d+ completed trials? kept in .+\.json \(marked incomplete\)/, `${what}: the cell says so\n${said}`);
  }
}

const jupyterPath = kernelspecs();

/** The cells: one per kernel, each a quick run that keeps processes busy for many seconds. */
const KERNELS = [
  {
    // A cluster of 8 workers and a load generator per trial: the issue's ten processes.
    name: "tslab",
    kernel: "parlab-tslab",
    skip: () => skipWithoutJupyterClient() || needTool("tslab", () => fs.existsSync(TSLAB), "npm ci installs it"),
    code: [
      `import { distribution, notebookParams, runOrLoad } from "parlab";`,
      `const params = notebookParams(distribution, { profile: "quick", warmups: 0 });`,
      `const { result } = await runOrLoad(distribution, params);`,
      `console.log("the run ended", result.complete);`,
    ].join("\n"),
    minProcesses: 5,
    mayEndOnInterrupt: false,
  },
  {
    // Deno's node:cluster cannot fork workers, so a scaling run on pools of processes.
    name: "deno",
    kernel: "parlab-deno",
    skip: () => skipWithoutJupyterClient() || skipWithoutDeno(),
    code: [
      `import { notebookParams, runOrLoad, scaling } from "parlab";`,
      `const params = notebookParams(scaling, { profile: "quick", kinds: ["processes"], warmups: 0 });`,
      `const { result } = await runOrLoad(scaling, params);`,
      `console.log("the run ended", result.complete);`,
    ].join("\n"),
    minProcesses: 2,
    mayEndOnInterrupt: true,
  },
] as const;

describe("a run in a Jupyter kernel ends with the stop button, a restart or a killed kernel", () => {
  after(() => {
    const kernels = processesMatching(path.join(ROOT, "node_modules") + path.sep).filter((p) => / kernel|--kernel/.test(p));
    assert.deepEqual(kernels, [], "no kernel of this checkout left");
  });

  for (const k of KERNELS) {
    it(`${k.name}: interrupted (both ways), restarted and killed mid-run, nothing of the run outlives it by ${GONE_WITHIN_S} s`, { skip: k.skip(), timeout: 150_000 }, async () => {
      const report = await drive(k.kernel, k.code, ["interrupt", "sigint", "restart", "kill"], k.minProcesses);
      const summary = report.steps.map((s) =>
        `${s.action}: ${s.before} processes gone after ${s.gone_s} s, kernel ${s.kernel_alive ? `alive${s.answer_s !== undefined ? `, answered in ${s.answer_s} s` : ""}` : "ended"}`);
      console.log(`${k.name} (${report.total_s} s): ${summary.join("; ")}`);
      assert.equal(report.error, undefined, `driving the kernel: ${report.error}`);
      assert.equal(report.steps.length, 4, `every action was tried (${JSON.stringify(report.steps.map((s) => s.action))})`);
      for (const step of report.steps) checkStep(step, k.name, k.mayEndOnInterrupt);
      assert.deepEqual(report.left_at_end, [], "nothing left once the kernel is shut down");
    });
  }
});
