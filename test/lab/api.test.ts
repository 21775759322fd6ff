/**
 * The library's public face: what the root and each subpath export, and that every subpath resolves
 * in each way the lab is imported — Node from the compiled package (exports with types), Deno through
 * deno.json's import map, and tslab's old CommonJS/node10 resolution (typesVersions) with the
 * TypeScript version tslab really compiles cells with. Importing it must start and patch nothing.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, it } from "node:test";
import { DENO, ROOT, skipWithoutDeno, tempDir } from "../helpers.ts";

/** Runtime names each entry point promises (a subset: entry points may hold more). */
const PROMISED: Readonly<Record<string, readonly string[]>> = {
  "parlab": [
    "scaling", "distribution", "thumbnails", "messaging", "footprint", "faults", "EXPERIMENTS", "getExperiment",
    "notebookParams", "runOrLoad", "resultsDir", "show", "table", "markdown", "claimsMarkdown", "loadResult", "saveResult", "staleness",
    "reanalyse", "reportHtml", "writeReport", "runTrials", "formatInterval", "formatNumber", "runtimeInfo",
    "InputError", "ResultFileError", "UnsupportedError", "WrongAnswerError", "WorkerError", "TrialTimeoutError", "AbortedError",
    "compareRuntimes",
  ],
  "parlab/stats": ["summarize", "compareRatio", "bootstrapCi", "permutationPValue", "cliffsDelta", "fairness", "fitAmdahlMedians", "fitSlope", "slopeRatioInterval", "wilsonInterval", "createRng"],
  "parlab/charts": ["distribution", "speedup", "efficiency", "ecdf", "barsWithCi", "timeline", "scatter", "byId", "seriesColors", "runtimeRatios"],
  "parlab/drivers": ["Pool", "startPool", "withPool", "startCluster", "reusePortSupported", "startThreadServer", "runLoad", "openChannel", "runRoundTrips", "channelSupport", "CHANNELS", "runHostTrial", "checkThumbnailFile", "measureFootprint"],
  "parlab/workloads": ["corpusId", "ensureCorpus", "generateCorpus", "verifyCorpus", "makeThumbnail", "makePayload", "echoMismatch", "payloadBytes", "MODULE_GRAPHS"],
  "parlab/experiments": ["EXPERIMENTS", "getExperiment", "compareRuntimes"],
  "parlab/machine": ["machineSnapshot", "startSampler", "processTree", "processMemory", "treeMemory", "treeCpuMs", "startTreeSampler", "canReadProcessTree"],
  "parlab/explore": ["compareKinds", "compareServing", "experiment", "runExperiment", "ExperimentBuilder", "checkUserModule", "resolveModuleFile", "exploreKinds", "customExperiment", "TaskError", "TaskTimeoutError"],
  "parlab/guide": ["gatherEvidence", "evidenceFor", "decisionGuide", "checkQuestion", "guideMarkdown", "branchMarkdown", "guideRows", "guideCharts", "guideParams", "GUIDE_PARAMS", "BRANCH_IDS"],
  "parlab/testing": ["liveWorkerCount", "liveClusterCount", "liveThreadServerCount", "liveGeneratorCount", "generatorsStarted", "liveFootprintHostCount", "liveChannelPeerCount", "liveThumbnailHostCount", "liveChildCount", "startedChildCount"],
  "parlab/internal": [
    "cellIndexOfLine", "markerLineIn", "parsePercent", "parsePercentNotebook", "writePercent", "readIpynb", "serializeIpynb", "toIpynb",
    "describeDifferences", "hashShared", "recordedHash", "sharedOfIpynb", "sharedOfSource", "sourceOf", "stripNotebook", "stripText", "syncNotebooks",
    "listNotebooks", "externalParams", "parseSetArg", "trialOrder", "compileVegaLite", "svgToDataUri", "slopeDifferenceTest",
    "chartFigure", "specJson", "chartRows", "dataLinks", "rowsToCsv", "chartCount", "interactivePage", "chartScript", "linkResultFiles",
    "finishNotebookPage", "writeFileAtomic",
  ],
};

/** Type names each entry point promises, checked by compiling a file that uses them. */
const PROMISED_TYPES: Readonly<Record<string, readonly string[]>> = {
  "parlab": ["Result", "Experiment", "Summary", "Comparison", "Claim", "Chart", "Charts", "Profile", "ScalingParams", "ScalingSummary", "DistributionParams", "ThumbnailsParams", "MessagingParams", "FootprintParams", "FaultsParams", "Displayable", "RuntimeComparison", "RuntimeMetric"],
  "parlab/stats": ["BootstrapOptions", "CompareOptions", "SlopeFit", "LinePoint"],
  "parlab/charts": ["ChartOptions", "DistributionRow"],
  "parlab/drivers": ["PoolOptions", "ClusterOptions", "LoadReport", "ChannelId"],
  "parlab/workloads": ["CorpusParams", "PayloadKind", "ModuleGraph"],
  "parlab/experiments": [],
  "parlab/machine": ["Sampler", "TreeMemory"],
  "parlab/explore": ["CompareKindsOptions", "CompareServingOptions", "KindsRun", "CustomRun", "ConditionFn", "ExperimentDefinition"],
  "parlab/guide": ["Guide", "GuideQuestion", "Branch", "Evidence", "Figure", "GuideParams", "EvidenceOptions"],
  "parlab/testing": [],
  "parlab/internal": ["Ipynb", "IpynbCell"],
};

const SPECIFIERS = Object.keys(PROMISED);
/** Names of the live-process counters tests and leak checks read (liveWorkerCount, startedChildCount, generatorsStarted…). */
const TEST_HOOK = /^(live\w*Count|started\w*Count|\w*Started)$/;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "lib", "package.json"), "utf8")) as {
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
};
const denoJson = JSON.parse(fs.readFileSync(path.join(ROOT, "deno.json"), "utf8")) as { imports: Record<string, string> };

/** The package subpath of a specifier: "parlab/stats" → "./stats", "parlab" → ".". */
const subpathOf = (specifier: string) => `.${specifier.slice("parlab".length)}`;

/** Export names of every entry point as Node loads them from the compiled package. */
async function nodeExports(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const specifier of SPECIFIERS) out[specifier] = Object.keys(await import(specifier)).sort();
  return out;
}

/** A scratch folder inside the project, so that `node_modules/parlab` resolves from it as from a notebook's folder. */
function scratchInProject(): string {
  const cache = path.join(ROOT, "node_modules", ".cache");
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(cache, "parlab-api-test-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("the root", () => {
  it("holds what a notebook uses and no test hook", async () => {
    const root = await import("parlab");
    for (const name of PROMISED.parlab!) assert.ok(name in root, `parlab exports ${name}`);
    assert.deepEqual(Object.keys(root).filter((name) => TEST_HOOK.test(name)), [], "no test hook on the root");
  });
});

describe("subpaths under Node, from the compiled package", () => {
  it("every entry point has exports with types and default, a typesVersions entry and a deno.json import of its source", () => {
    const mapped = Object.keys(pkg.exports).filter((key) => key !== "./package.json").sort();
    assert.deepEqual(mapped, SPECIFIERS.map(subpathOf).sort(), "package.json exports exactly the promised entry points");
    const versions = pkg.typesVersions["*"] ?? {};
    for (const specifier of SPECIFIERS) {
      const entry = pkg.exports[subpathOf(specifier)];
      assert.ok(typeof entry === "object", `${specifier}: conditional export`);
      assert.deepEqual(Object.keys(entry), ["types", "default"], `${specifier}: types first, then default`);
      assert.ok(fs.existsSync(path.join(ROOT, "lib", entry.types)), `${specifier}: ${entry.types} is built`);
      assert.ok(fs.existsSync(path.join(ROOT, "lib", entry.default)), `${specifier}: ${entry.default} is built`);
      const source = entry.default.replace(/^\.\/dist\//, "./lib/").replace(/\.js$/, ".ts");
      assert.equal(denoJson.imports[specifier], source, `${specifier}: deno.json maps it to the source of the same module`);
      if (specifier !== "parlab") assert.deepEqual(versions[specifier.slice("parlab/".length)], [entry.types], `${specifier}: typesVersions points at its types`);
    }
  });

  it("each subpath resolves to lib/dist and exports what it promises; only parlab/testing holds test hooks", async () => {
    const loaded = await nodeExports();
    for (const specifier of SPECIFIERS) {
      assert.ok(import.meta.resolve(specifier).startsWith(`file://${path.join(ROOT, "lib", "dist")}/`), `${specifier} resolves to the compiled library`);
      for (const name of PROMISED[specifier]!) assert.ok(loaded[specifier]!.includes(name), `${specifier} exports ${name}`);
      if (specifier !== "parlab/testing") assert.deepEqual(loaded[specifier]!.filter((name) => TEST_HOOK.test(name)), [], `${specifier} holds no test hook`);
    }
  });
});

describe("subpaths under Deno, through deno.json's import map", () => {
  it("each entry point imports with the same exports as under Node, and with PARLAB_CAPTURE set patches no console method", { skip: skipWithoutDeno() }, async () => {
    const script = `
      const before = console.log;
      const out = {};
      for (const specifier of ${JSON.stringify(SPECIFIERS)}) out[specifier] = Object.keys(await import(specifier)).sort();
      out.patched = console.log !== before;
      before(JSON.stringify(out));
    `;
    const r = spawnSync(DENO, ["eval", script], { cwd: ROOT, encoding: "utf8", timeout: 120_000, env: { ...process.env, PARLAB_CAPTURE: path.join(tempDir(), "capture.json"), NO_COLOR: "1" } });
    assert.equal(r.status, 0, r.stderr);
    const { patched, ...loaded } = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, string[]> & { patched: boolean };
    assert.equal(patched, false, "console.log is untouched");
    assert.deepEqual(loaded, await nodeExports());
  });
});

describe("subpaths under tslab's resolution (CommonJS, moduleResolution node10)", () => {
  const tslabRequire = createRequire(path.join(ROOT, "node_modules", "tslab", "package.json"));
  const tslabTs = path.dirname(tslabRequire.resolve("@tslab/typescript-for-tslab/package.json"));

  it("a file importing every entry point, its values and types, type-checks with tslab's TypeScript", () => {
    const wanted = (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "tslab", "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["@tslab/typescript-for-tslab"];
    const version = (JSON.parse(fs.readFileSync(path.join(tslabTs, "package.json"), "utf8")) as { version: string }).version;
    assert.equal(version, wanted, "the TypeScript tslab depends on");
    const dir = scratchInProject();
    const lines = SPECIFIERS.map((specifier, i) => {
      const values = PROMISED[specifier]!.map((n) => `${n} as m${i}_${n}`);
      const types = PROMISED_TYPES[specifier]!.map((t) => `type ${t} as m${i}_${t}`);
      return `import { ${[...values, ...types].join(", ")} } from "${specifier}";`;
    });
    const uses = SPECIFIERS.flatMap((specifier, i) => [
      ...PROMISED[specifier]!.map((n) => `m${i}_${n}`),
      ...PROMISED_TYPES[specifier]!.map((t) => `undefined as unknown as m${i}_${t}`),
    ]);
    const file = path.join(dir, "check.ts");
    fs.writeFileSync(file, [
      ...lines,
      `export const used: unknown[] = [${uses.join(", ")}];`,
      // Types that resolved to nothing would be any, and the expected error below would be missing.
      `import { summarize } from "parlab/stats";`,
      `// @ts-expect-error a median is a number`,
      `export const wrong: string = summarize([1, 2, 3]).median;`,
      "",
    ].join("\n"));
    const r = spawnSync(process.execPath, [
      path.join(tslabTs, "bin", "tsc"), "--noEmit", "--module", "commonjs", "--moduleResolution", "node", "--target", "es2022", "--lib", "es2022",
      "--types", "node", "--esModuleInterop", "--strict", "--skipLibCheck", file,
    ], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, `tsc ${version}:\n${r.stdout}${r.stderr}`);
  });

  it("a cell importing every entry point runs in tslab's own converter and executor (require of the ES modules)", { timeout: 120_000 }, () => {
    const dir = scratchInProject();
    const runner = path.join(dir, "run-cells.cjs");
    fs.writeFileSync(runner, `
      const dist = ${JSON.stringify(path.join(ROOT, "node_modules", "tslab", "dist"))};
      const { createConverter } = require(dist + "/converter.js");
      const { createExecutor } = require(dist + "/executor.js");
      const conv = createConverter({ isJS: false, isBrowser: false });
      const executor = createExecutor(process.cwd(), { node: conv, browser: conv, close: () => conv.close() }, { log: console.log, error: console.error });
      (async () => {
        let ok = true;
        for (const cell of JSON.parse(process.argv[2])) ok = (await executor.execute(cell)) && ok;
        executor.close();
        process.exit(ok ? 0 : 1);
      })();
    `);
    const cells = [
      SPECIFIERS.map((specifier, i) => `import * as m${i} from "${specifier}";`).join("\n"),
      `const found: Record<string, string[]> = {};\n${SPECIFIERS.map((specifier, i) => `found[${JSON.stringify(specifier)}] = Object.keys(m${i});`).join("\n")}\nconsole.log("FOUND " + JSON.stringify(found));`,
    ];
    const r = spawnSync(process.execPath, [runner, JSON.stringify(cells)], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    const found = JSON.parse(/^FOUND (.*)$/m.exec(r.stdout)![1]!) as Record<string, string[]>;
    for (const specifier of SPECIFIERS) {
      for (const name of PROMISED[specifier]!) assert.ok(found[specifier]!.includes(name), `${specifier} exports ${name} in tslab`);
    }
  });
});

describe("no import-time side effects", () => {
  it("importing every entry point with PARLAB_CAPTURE set patches no console method, adds no process listener and writes no capture", () => {
    const capture = path.join(tempDir(), "capture.json");
    const script = `
      const methods = ["log", "info", "warn", "error", "debug"];
      const events = ["exit", "SIGINT", "SIGTERM", "uncaughtException", "unhandledRejection", "disconnect"];
      const before = { methods: methods.map((m) => console[m]), listeners: events.map((e) => process.listenerCount(e)) };
      for (const specifier of ${JSON.stringify(SPECIFIERS)}) await import(specifier);
      const patched = methods.filter((m, i) => console[m] !== before.methods[i]);
      const listened = events.filter((e, i) => process.listenerCount(e) !== before.listeners[i]);
      process.stdout.write(JSON.stringify({ patched, listened }));
    `;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      cwd: ROOT, encoding: "utf8", timeout: 60_000, env: { ...process.env, PARLAB_CAPTURE: capture, PARLAB_NOTEBOOK: path.join(ROOT, "notebooks", "01-scaling.ts") },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { patched: [], listened: [] });
    assert.equal(fs.existsSync(capture), false, "nothing was captured, so nothing was written at exit");
  });
});
