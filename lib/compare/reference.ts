/**
 * A notebook's run against the committed reference Result of the same experiment, and the
 * calibration of this machine beside it: finds the reference in `data/results/reference/` on the
 * run's own runtime release, picked by the site's rule (and says which), pairs the two runs' comparisons (`versus.ts`), and returns the markdown and the
 * chart of the two intervals side by side. Reads files only; measures nothing.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { versusIntervals } from "../charts/versus.ts";
import { labEnv } from "../env.ts";
import { errorMessage } from "../errors.ts";
import { formatNumber } from "../format.ts";
import { loadResult, projectDataDir } from "../results.ts";
import { PROFILES, type Chart, type Experiment, type MachineSnapshot, type ParamSpec, type Result } from "../types.ts";
import { atProfileDefaults } from "../params.ts";
import { pickPreferred, type Ranked } from "../site/pick.ts";
import { versus, versusMarkdown, type Versus } from "./versus.ts";

/** Result files of experiment `id` in `dir`, oldest first (their names end in the run's start time). */
export function resultFilesOf(id: string, dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const pattern = new RegExp(`^${id.replace(/[^\w-]/g, "\\$&")}-\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z(-\\d+)?\\.json$`);
  return names.filter((n) => pattern.test(n)).sort().map((n) => path.join(dir, n));
}

/** The folder of the committed reference Results. */
export function referenceDir(): string {
  return path.join(projectDataDir(), "results", "reference");
}

/** What {@link versusReference} returns. */
export interface VersusReference {
  /** The reference file compared with, or null when the experiment has none. */
  reference: string | null;
  versus: Versus | null;
  /** Both runs named, the calibration of this machine, and one line per comparison. */
  markdown: string;
  /** The two runs' intervals side by side, or null when there is nothing to pair. */
  chart: Chart | null;
}

/** The chart of a pairing: each comparison made in both runs, the two intervals side by side. */
export function versusChart(v: Versus): Chart | null {
  const both = v.pairs.filter((p) => p.a && p.b);
  if (both.length === 0) return null;
  return versusIntervals(
    both.flatMap((p) => [p.a!, p.b!].map((c, i) => ({
      comparison: p.key, side: i === 0 ? v.a.name : v.b.name, ratio: c.ratio, lo: c.ratioCi.lo, hi: c.ratioCi.hi, status: p.status,
    }))),
    { id: "versus-reference", title: `${v.a.name} vs ${v.b.name}: each comparison's ratio and interval`, valueTitle: "ratio A/B of each comparison (log scale)" },
  );
}

/**
 * This run against the committed reference Result of the same experiment on its runtime release
 * (else the site's pick among all). The reference is
 * re-analysed by the experiment, so both sides come from the same analysis.
 * @param options.dir The reference folder (default `data/results/reference/` of the project).
 */
export function versusReference<P extends Record<string, unknown>, S>(
  experiment: Experiment<P, S>,
  result: Result<P, S>,
  options: { dir?: string; calibrationDirs?: string[] } = {},
): VersusReference {
  const calibration = calibrationNote(result.machine, options.calibrationDirs);
  const files = resultFilesOf(experiment.id, options.dir ?? referenceDir());
  const file = referenceFor(experiment as unknown as Experiment, result, files);
  if (file === null) {
    return { reference: null, versus: null, chart: null, markdown: `${calibration}\n\nNo committed reference Result of "${experiment.id}" exists, so this run is compared with none.` };
  }
  let loaded: Result<P, S>;
  try {
    loaded = loadResult<P, S>(file);
    loaded = { ...loaded, summary: experiment.summarize(loaded) };
  } catch (error) {
    return { reference: file, versus: null, chart: null, markdown: `${calibration}\n\nThe reference ${path.basename(file)} could not be read (${errorMessage(error)}), so this run is compared with none.` };
  }
  const v = versus(result as Result, loaded as Result, ["this run", "reference"], experiment.params as Record<string, ParamSpec>);
  const runtime = `${loaded.runtime.name} ${loaded.runtime.version}`;
  const same = sameRuntime(loaded, result) ? `the same runtime release as this run` : `no reference on this run's runtime release (${result.runtime.name} ${result.runtime.version}) exists`;
  const which = `Compared with the reference \`${path.basename(file)}\` (${runtime}; ${same}), picked from ${files.length} for "${experiment.id}" by the site's rule.`;
  return { reference: file, versus: v, chart: versusChart(v), markdown: `${calibration}\n\n${which}\n\n${versusMarkdown(v)}` };
}

/** Same runtime and major release ("node 20.x" with "node 20.y"). */
function sameRuntime(a: Pick<Result, "runtime">, b: Pick<Result, "runtime">): boolean {
  return a.runtime.name === b.runtime.name && a.runtime.version.split(".")[0] === b.runtime.version.split(".")[0];
}

/**
 * The reference a run is compared with: among the references on its runtime and major release, the
 * one the site would rest the experiment on (the same ranking, `pickPreferred`, with the profile read
 * off this experiment's parameters); when there is none on that runtime, the pick among all. So a run on Node 20 meets Node 20's reference, and a
 * difference it shows is not the runtime's. Unreadable files are passed over here and, when nothing
 * else is left, reported by the caller.
 */
function referenceFor(experiment: Experiment, result: Pick<Result, "runtime">, files: readonly string[]): string | null {
  const specs = experiment.params as Record<string, ParamSpec>;
  const readable: Array<Ranked & { file: string }> = [];
  for (const file of files) {
    try {
      const loaded = loadResult(file);
      const atProfile = PROFILES.some((p) => atProfileDefaults(specs, loaded.params as Record<string, unknown>, p));
      readable.push({ file, result: loaded, atProfile });
    } catch {
      // An unreadable reference is left for the caller to report if it is the only one.
    }
  }
  const onMine = readable.filter((e) => sameRuntime(e.result, result));
  return (pickPreferred(onMine) ?? pickPreferred(readable))?.file ?? files.at(-1) ?? null;
}

/** What a calibration Result's summary says of each virtual-run size (the part of it read here). */
interface CalibrationResolutions {
  resolutions: Array<{ profile: string; trialsPerSide: number; runs: number; mde: number | null }>;
}

const sameMachine = (a: MachineSnapshot, b: MachineSnapshot) =>
  a.hostname === b.hostname && a.cpu.model === b.cpu.model && a.cpu.cores === b.cpu.cores;

/** The folders calibration Results are looked for in: the results folder and its reference folder. */
function calibrationDirs(): string[] {
  const results = labEnv().resultsDir ? path.resolve(labEnv().resultsDir!) : path.join(projectDataDir(), "results");
  return [results, path.join(results, "reference")];
}

/**
 * What the latest calibration Result of this machine says a run resolves, as one sentence ("On this
 * machine the quick profile resolves differences of about 8%, the full profile about 3%"), or that
 * no calibration of this machine exists.
 */
export function calibrationNote(machine: MachineSnapshot, dirs: string[] = calibrationDirs()): string {
  const candidates = dirs.flatMap((d) => resultFilesOf("calibration", d))
    .sort((a, b) => path.basename(a).localeCompare(path.basename(b)));
  for (const file of candidates.reverse()) {
    let r: Result<Record<string, unknown>, CalibrationResolutions>;
    try {
      r = loadResult(file);
    } catch {
      continue;
    }
    if (!r.complete || !sameMachine(r.machine, machine) || !Array.isArray(r.summary?.resolutions)) continue;
    const parts = r.summary.resolutions.map((res) =>
      res.mde === null
        ? `what the ${res.profile} profile (${res.trialsPerSide} trials per side) resolves is not estimable`
        : `the ${res.profile} profile (${res.trialsPerSide} trials per side) resolves differences of about ${formatNumber(res.mde * 100, 2)}%`);
    if (parts.length === 0) continue;
    return `**Calibration:** on this machine ${parts.join(", ")} (80% power; from \`${path.basename(file)}\`, ${r.startedAt.slice(0, 10)}, ` +
      `${r.summary.resolutions.map((res) => `${res.runs} virtual runs of ${res.trialsPerSide}`).join(" and ")}).`;
  }
  return `**Calibration:** no calibration Result of this machine (${machine.cpu.model} × ${machine.cpu.cores}, ${machine.hostname}) exists; ` +
    "run notebooks/00-calibration.ts to measure which differences this machine resolves.";
}
