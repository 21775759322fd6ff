/**
 * One run against another of the same experiment: every comparison the two Results' summaries
 * decided, paired by what was compared (quantity, A and B), each said to agree (the same verdict, or
 * intervals that overlap) or to differ (both intervals given). The machine, runtime, start date,
 * profile and trial count of each side are named, so that a difference between machines or runtimes
 * is read as such and not hidden. Pure: it reads the Results it is given and measures nothing.
 * @module
 */
import { InputError } from "../errors.ts";
import { formatCi, formatNumber } from "../format.ts";
import { defaultOf } from "../params.ts";
import { PROFILES, type Comparison, type ParamSpec, type Result } from "../types.ts";

/** Where one side of a pairing was measured. */
export interface Side {
  /** Short name of the side, e.g. "this run" or a file name. */
  name: string;
  machine: string;
  runtime: string;
  /** Start date of the run (YYYY-MM-DD). */
  date: string;
  /**
   * The profile the run was made at: recorded in its parameters, or the one whose defaults its
   * parameters all equal ("quick"), "custom" when they match none; null when unknown.
   */
  profile: string | null;
  /** Trials per condition asked for, when its parameters record it. */
  trials: number | null;
}

/** One comparison found in both Results, or in one of them only. */
export interface PairedComparison {
  /** "compute time: threads×1 vs processes×1". */
  key: string;
  a: Comparison | null;
  b: Comparison | null;
  /**
   * agrees: the same outcome, or intervals of the ratio that overlap; differs: neither; only-a /
   * only-b: the comparison was made in one Result alone.
   */
  status: "agrees" | "differs" | "only-a" | "only-b";
}

/** Two Results of one experiment, compared comparison by comparison. */
export interface Versus {
  experiment: { id: string; title: string };
  a: Side;
  b: Side;
  pairs: PairedComparison[];
  /** How the two sides differ in machine, runtime or profile, in words; empty when they do not. */
  differences: string[];
}

/** True for an object shaped like a decided {@link Comparison}. */
function isComparison(x: unknown): x is Comparison {
  if (typeof x !== "object" || x === null) return false;
  const c = x as Partial<Comparison>;
  return typeof c.a === "string" && typeof c.b === "string" && typeof c.quantity === "string" && typeof c.outcome === "string" &&
    typeof c.ratio === "number" && typeof c.ratioCi === "object" && c.ratioCi !== null;
}

/** The key a comparison is paired by. */
export function comparisonKey(c: Comparison): string {
  return `${c.quantity}: ${c.a} vs ${c.b}`;
}

/**
 * Every decided comparison a summary holds, wherever the experiment keeps it (a list of comparisons,
 * a comparison per row, a nested pair), in the order the summary holds them, each key once.
 */
export function comparisonsOf(summary: unknown): Comparison[] {
  const found = new Map<string, Comparison>();
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const item of x) walk(item);
    } else if (isComparison(x)) {
      const key = comparisonKey(x);
      if (!found.has(key)) found.set(key, x);
    } else if (typeof x === "object" && x !== null) {
      for (const value of Object.values(x)) walk(value);
    }
  };
  walk(summary);
  return [...found.values()];
}

/**
 * The profile whose defaults a Result's parameters all equal, "custom" when none does; null without
 * the experiment's parameter specs.
 */
export function profileOf(params: Record<string, unknown>, specs?: Record<string, ParamSpec>): string | null {
  if (typeof params.profile === "string") return params.profile;
  if (!specs) return null;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const found = PROFILES.find((p) => Object.entries(specs).every(([k, spec]) => !(k in params) || same(params[k], defaultOf(spec, p))));
  return found ?? "custom";
}

/** Where a Result was measured, under the name `name`; `specs` (the experiment's parameters) let its profile be recognised. */
export function sideOf(result: Result, name: string, specs?: Record<string, ParamSpec>): Side {
  const m = result.machine;
  const params = (result.params ?? {}) as Record<string, unknown>;
  return {
    name,
    machine: `${m.cpu.model} × ${m.cpu.cores} cores, ${m.os.platform} ${m.os.arch} (${m.hostname})`,
    runtime: `${result.runtime.name} ${result.runtime.version}`,
    date: result.startedAt.slice(0, 10),
    profile: profileOf(params, specs),
    trials: typeof params.trials === "number" ? params.trials : null,
  };
}

/** Whether two comparisons agree: the same outcome, or ratio intervals that overlap. */
export function agree(a: Comparison, b: Comparison): boolean {
  return a.outcome === b.outcome || (a.ratioCi.lo <= b.ratioCi.hi && b.ratioCi.lo <= a.ratioCi.hi);
}

/**
 * Compares two Results of one experiment, comparison by comparison, from their summaries.
 * @throws {InputError} When the two are Results of different experiments or of different schemas.
 */
export function versus(a: Result, b: Result, names: [string, string] = ["A", "B"], specs?: Record<string, ParamSpec>): Versus {
  if (a.schema !== b.schema) {
    throw new InputError("Result", `${names[0]} has schema ${String(a.schema)} and ${names[1]} schema ${String(b.schema)}; compare two Results of the same schema`);
  }
  if (a.experiment.id !== b.experiment.id) {
    throw new InputError("Result", `${names[0]} is a "${a.experiment.id}" Result and ${names[1]} a "${b.experiment.id}" Result; compare two Results of the same experiment`);
  }
  const inA = comparisonsOf(a.summary);
  const inB = new Map(comparisonsOf(b.summary).map((c) => [comparisonKey(c), c]));
  const pairs: PairedComparison[] = inA.map((ca) => {
    const key = comparisonKey(ca);
    const cb = inB.get(key) ?? null;
    inB.delete(key);
    return { key, a: ca, b: cb, status: cb === null ? "only-a" : agree(ca, cb) ? "agrees" : "differs" };
  });
  for (const [key, cb] of inB) pairs.push({ key, a: null, b: cb, status: "only-b" });
  const sa = sideOf(a, names[0], specs);
  const sb = sideOf(b, names[1], specs);
  const differences: string[] = [];
  if (sa.machine !== sb.machine) differences.push(`different machines: ${sa.machine} vs ${sb.machine}`);
  if (sa.runtime !== sb.runtime) differences.push(`different runtimes: ${sa.runtime} vs ${sb.runtime}`);
  if (sa.profile !== sb.profile) differences.push(`different profiles: ${sa.profile ?? "not recorded"} vs ${sb.profile ?? "not recorded"}`);
  if (sa.trials !== sb.trials) differences.push(`different trial counts: ${sa.trials ?? "not recorded"} vs ${sb.trials ?? "not recorded"} per condition`);
  return { experiment: { id: a.experiment.id, title: a.experiment.title }, a: sa, b: sb, pairs, differences };
}

/** "0.952× (95.8% CI 0.866–1.04×; inconclusive; n = 6 vs 6)". */
function figure(c: Comparison): string {
  return `${formatNumber(c.ratio)}× (${formatCi(c.ratioCi, 1, "×")}; ${c.outcome}; n = ${c.nA} vs ${c.nB})`;
}

function sideLine(s: Side): string {
  const profile = s.profile === null ? "profile not recorded" : s.profile === "custom" ? "parameters of no profile" : `${s.profile} profile`;
  const trials = s.trials === null ? "" : `, ${s.trials} trials per condition`;
  return `**${s.name}**: ${s.machine}; ${s.runtime}; started ${s.date}; ${profile}${trials}`;
}

/** The pairing as markdown: both sides named, then one line per comparison. */
export function versusMarkdown(v: Versus): string {
  const counts = (status: PairedComparison["status"]) => v.pairs.filter((p) => p.status === status).length;
  const both = v.pairs.filter((p) => p.a && p.b).length;
  const lines = [
    `${sideLine(v.a)}.`,
    `${sideLine(v.b)}.`,
    v.differences.length === 0 ? "Same machine, runtime and profile." : `Not like for like — ${v.differences.join("; ")}.`,
    "",
  ];
  if (v.pairs.length === 0) {
    lines.push(`Neither Result of "${v.experiment.id}" holds a decided ratio comparison, so there is nothing to pair.`);
    return lines.join("\n");
  }
  const agreeing = counts("agrees");
  const differing = counts("differs");
  lines.push(`Of ${both} comparisons made in both, ${agreeing} agree${agreeing === 1 ? "s" : ""} (same verdict, or overlapping intervals) and ${differing} differ${differing === 1 ? "s" : ""}` +
    (counts("only-a") + counts("only-b") > 0 ? `; ${counts("only-a")} only in ${v.a.name}, ${counts("only-b")} only in ${v.b.name}.` : "."), "");
  for (const p of v.pairs) {
    if (p.status === "only-a") lines.push(`- ${p.key}: only in ${v.a.name}: ${figure(p.a!)}`);
    else if (p.status === "only-b") lines.push(`- ${p.key}: only in ${v.b.name}: ${figure(p.b!)}`);
    else lines.push(`- ${p.key}: **${p.status}** — ${v.a.name} ${figure(p.a!)}; ${v.b.name} ${figure(p.b!)}`);
  }
  return lines.join("\n");
}
