/**
 * The saved Results a site is built from: every Result file of a folder, the one each experiment's
 * page and claims rest on (by one stated rule), the profile it ran at, and where and when it was
 * measured — in words a page can print.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { InputError, errorMessage } from "../errors.ts";
import { EXPERIMENTS } from "../experiments/index.ts";
import { atProfileDefaults } from "../params.ts";
import { staleness } from "../provenance.ts";
import { loadResult } from "../results.ts";
import { PROFILES, type ParamSpec, type Profile, type Result } from "../types.ts";
import { projectPath } from "./paths.ts";
import { pickPreferred } from "./pick.ts";

/** A saved Result with where it is and what the site says of it. */
export interface Evidence {
  /** Absolute path, for loading; never shown. */
  file: string;
  /** Project-relative path (or the file name alone), as pages show it. */
  shown: string;
  result: Result;
  profile: ProfileOf;
  staleness: { stale: boolean; reason: string };
}

/** The profile a Result ran at: recorded by the run, inferred from its parameters, or none (custom parameters). */
export interface ProfileOf {
  profile: Profile | null;
  how: "recorded" | "inferred" | "custom";
}

/** The rule by which a site picks the Result of each experiment, stated on the pages. */
export const PICK_RULE =
  "for each experiment, the complete Result whose parameters are exactly a profile's defaults (the run a notebook makes at that profile), on Node.js before other runtimes and on the newest Node.js release among them, the newest such run; failing that, the newest complete Result; failing that, the newest";

/**
 * The profile of a Result: the one its run recorded when its parameters are that profile's defaults,
 * else the one whose defaults equal every parameter the Result holds (parameters added to the
 * experiment since are not held against it); none when parameters were set over the profile.
 */
export function profileOf(result: Result): ProfileOf {
  const experiment = EXPERIMENTS.find((e) => e.id === result.experiment.id);
  if (!experiment) return { profile: null, how: "custom" };
  const specs = experiment.params as Record<string, ParamSpec>;
  const params = result.params as Record<string, unknown>;
  const atDefaults = (p: Profile) => atProfileDefaults(specs, params, p);
  // A run records the profile it started from; with parameters set over it, it is not that profile's run.
  const recorded = result.provenance?.profile;
  if (recorded) return atDefaults(recorded) ? { profile: recorded, how: "recorded" } : { profile: null, how: "custom" };
  const match = PROFILES.find(atDefaults);
  return match ? { profile: match, how: "inferred" } : { profile: null, how: "custom" };
}

/** The profile in words: "quick", "quick (inferred from its parameters)", "none (custom parameters)". */
export function profileWords(p: ProfileOf): string {
  if (!p.profile) return "none (custom parameters)";
  return p.how === "inferred" ? `${p.profile} (inferred from its parameters)` : p.profile;
}

/** Loads one saved Result as evidence. @throws ResultFileError naming the file and the problem. */
export function evidenceOf(file: string, root?: string): Evidence {
  const result = loadResult(file);
  return { file: path.resolve(file), shown: projectPath(file, root), result, profile: profileOf(result), staleness: staleness(result) };
}

/** What a folder of Results holds: the Results that loaded and the files that did not, with why. */
export interface EvidenceFolder {
  dir: string;
  entries: Evidence[];
  unreadable: Array<{ shown: string; reason: string }>;
}

/**
 * Loads every `*.json` Result directly in `dir`.
 * @throws InputError naming `input` when the folder does not exist or cannot be read.
 */
export function readEvidence(dir: string, input = "--from"): EvidenceFolder {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith(".json") && !n.startsWith(".")).sort();
  } catch (error) {
    throw new InputError(input, `cannot read the Results folder ${projectPath(dir)} (${errorMessage(error)}); give a folder of saved Results, such as data/results/reference`);
  }
  const entries: Evidence[] = [];
  const unreadable: EvidenceFolder["unreadable"] = [];
  for (const name of names) {
    const file = path.resolve(dir, name);
    try {
      entries.push(evidenceOf(file));
    } catch (error) {
      unreadable.push({ shown: projectPath(file), reason: errorMessage(error).replace(file, projectPath(file)) });
    }
  }
  return { dir, entries, unreadable };
}

/** The Result the site rests experiment `id` on, by {@link PICK_RULE}; undefined when the folder has none. */
export function pickEvidence(entries: readonly Evidence[], id: string): Evidence | undefined {
  const mine = entries.filter((e) => e.result.experiment.id === id).map((e) => ({ evidence: e, result: e.result, atProfile: e.profile.profile !== null }));
  return pickPreferred(mine)?.evidence;
}

/** The machine of a Result in words: "2 cores (AMD EPYC), linux x64". */
export function machineWords(result: Result): string {
  const { cpu, os } = result.machine;
  return `${cpu.cores} cores (${cpu.model}), ${os.platform} ${os.arch}`;
}

/** The runtime of a Result in words: "node 20.20.2". */
export function runtimeWords(result: Result): string {
  return `${result.runtime.name} ${result.runtime.version}`;
}

/** "measured on 2026-11-29 on 2 cores (…), node 20.20.2, profile quick": the line every page built from a Result carries. */
export function measuredLine(evidence: Evidence): string {
  const r = evidence.result;
  return `measured on ${r.startedAt.slice(0, 10)} on ${machineWords(r)}, ${runtimeWords(r)}, profile ${profileWords(evidence.profile)}${r.complete ? "" : " (interrupted: partial)"}`;
}
