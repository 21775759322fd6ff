/**
 * Experiment parameters: defaults per profile, parsing of `key=value` overrides from the command
 * line or the environment, and checks that name the parameter and what would be valid.
 * @module
 */
import process from "node:process";
import { parseArgs } from "node:util";
import { InputError } from "./errors.ts";
import { PROFILES, type ParamSpec, type Profile } from "./types.ts";
import { ENV, labEnv } from "./env.ts";

/** True when `value` is a per-profile default ({tiny, quick, full}). */
function isPerProfile(value: unknown): value is { [K in Profile]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value) && PROFILES.every((p) => p in value);
}

/** The default of one parameter under a profile. */
export function defaultOf(spec: ParamSpec, profile: Profile): unknown {
  const value = isPerProfile(spec.default) ? spec.default[profile] : spec.default;
  return Array.isArray(value) ? [...value] : value;
}

/**
 * True when every parameter `params` holds that `specs` declares equals its default under `profile`
 * (lists element by element, through their JSON text). Parameters the specs declare but `params`
 * lacks (added to an experiment after a run) are not held against it; those it holds but the specs
 * no longer declare are ignored.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { atProfileDefaults } from "./params.ts";
 * import type { ParamSpec } from "./types.ts";
 * const specs: Record<string, ParamSpec> = {
 *   trials: { type: "integer", description: "trials per side", default: { tiny: 2, quick: 5, full: 20 } },
 *   sizes: { type: "integer[]", description: "pool sizes", default: [1, 2] },
 * };
 * assert.equal(atProfileDefaults(specs, { trials: 5, sizes: [1, 2] }, "quick"), true);
 * assert.equal(atProfileDefaults(specs, { trials: 5, sizes: [1, 4] }, "quick"), false);
 * ```
 */
export function atProfileDefaults(specs: Readonly<Record<string, ParamSpec>>, params: Readonly<Record<string, unknown>>, profile: Profile): boolean {
  return Object.keys(params)
    .filter((k) => Object.hasOwn(specs, k))
    .every((k) => JSON.stringify(defaultOf(specs[k]!, profile)) === JSON.stringify(params[k]));
}

/** Checks a profile name. */
export function checkProfile(value: string, input = "--profile"): Profile {
  if (!(PROFILES as readonly string[]).includes(value)) {
    throw new InputError(input, `unknown profile "${value}"; valid profiles are ${PROFILES.join(", ")}`);
  }
  return value as Profile;
}

/** Describes what a parameter accepts, for error messages and `parlab list`. */
export function describeValid(spec: ParamSpec): string {
  const each = spec.type.endsWith("[]") ? "a comma-separated list of " : "";
  const base = spec.type.replace("[]", "");
  let what = base === "integer" ? "whole numbers" : base === "number" ? "numbers" : base === "boolean" ? "true or false" : "text";
  if (spec.choices) what = `one of ${spec.choices.join(", ")}`;
  const bounds = spec.min !== undefined && spec.max !== undefined
    ? spec.exclusiveBounds ? ` between ${spec.min} and ${spec.max} (exclusive)` : ` from ${spec.min} to ${spec.max}`
    : spec.min !== undefined ? ` ≥ ${spec.min}` : spec.max !== undefined ? ` ≤ ${spec.max}` : "";
  return `${each}${what}${bounds}${spec.unit ? ` (${spec.unit})` : ""}`;
}

function checkScalar(name: string, spec: ParamSpec, value: unknown, input: string): unknown {
  const base = spec.type.replace("[]", "");
  const bad = () => new InputError(input, `${JSON.stringify(value)} is not valid for ${name}; expected ${describeValid(spec)}`);
  if (base === "integer" || base === "number") {
    if (typeof value !== "number" || !Number.isFinite(value) || (base === "integer" && !Number.isInteger(value))) throw bad();
    const below = spec.min !== undefined && (spec.exclusiveBounds ? value <= spec.min : value < spec.min);
    const above = spec.max !== undefined && (spec.exclusiveBounds ? value >= spec.max : value > spec.max);
    if (below || above) throw bad();
  } else if (base === "boolean") {
    if (typeof value !== "boolean") throw bad();
  } else {
    if (typeof value !== "string") throw bad();
    if (spec.choices && !spec.choices.includes(value)) throw bad();
  }
  return value;
}

/** Checks one parameter value (already typed) against its spec. */
export function checkParam(name: string, spec: ParamSpec, value: unknown, input = name): unknown {
  if (spec.type.endsWith("[]")) {
    if (!Array.isArray(value) || value.length === 0) {
      throw new InputError(input, `${name} must be a non-empty list; expected ${describeValid(spec)}`);
    }
    return value.map((v) => checkScalar(name, spec, v, input));
  }
  return checkScalar(name, spec, value, input);
}

/** Parses the text form of a value (`4`, `1,2,4`, `true`, `abba`) by the parameter's type. */
export function parseParamText(name: string, spec: ParamSpec, text: string, input = name): unknown {
  const base = spec.type.replace("[]", "");
  const one = (t: string): unknown => {
    const s = t.trim();
    if (base === "integer" || base === "number") return s === "" ? NaN : Number(s);
    if (base === "boolean") return s === "true" ? true : s === "false" ? false : s;
    return s;
  };
  const value = spec.type.endsWith("[]") ? text.split(",").filter((s) => s.trim() !== "").map(one) : one(text);
  try {
    return checkParam(name, spec, value, input);
  } catch (error) {
    // Name the text as typed ("abc"), not what it parsed to (NaN).
    if (error instanceof InputError && !(Array.isArray(value) && value.length === 0)) {
      throw new InputError(input, `"${text}" is not valid for ${name}; expected ${describeValid(spec)}`);
    }
    throw error;
  }
}

/** Where overrides come from, for error messages. */
export interface Override {
  key: string;
  value: unknown;
  /** Names the input at fault in errors, e.g. `--set trials=abc` or `PARLAB_SET`. */
  input: string;
}

/**
 * Resolves an experiment's parameters: defaults of the profile, then the given values, then
 * overrides (text values are parsed by type). Unknown keys and invalid values throw an InputError
 * that names the input and what would be valid.
 */
export function resolveParams<P extends Record<string, unknown>>(
  specs: { [K in keyof P]: ParamSpec },
  profile: Profile,
  overrides: readonly Override[] = [],
): P {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs) as Array<[string, ParamSpec]>) out[name] = defaultOf(spec, profile);
  for (const { key, value, input } of overrides) {
    const spec = (specs as Record<string, ParamSpec>)[key];
    if (!spec || !Object.hasOwn(specs, key)) {
      throw new InputError(input, `unknown parameter "${key}"; valid parameters are ${Object.keys(specs).join(", ")}`);
    }
    out[key] = typeof value === "string" && spec.type !== "string" ? parseParamText(key, spec, value, input) : checkParam(key, spec, value, input);
  }
  return out as P;
}

/** Splits `key=value` into an override. */
export function parseSetArg(text: string, input = "--set"): Override {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new InputError(`${input} ${text}`, "expected key=value, e.g. --set trials=10");
  return { key: text.slice(0, eq).trim(), value: text.slice(eq + 1), input: `${input} ${text}` };
}

/** Profile and overrides a notebook was asked to use from outside. */
export interface ExternalParams {
  profile?: Profile;
  overrides: Override[];
}

/**
 * Reads parameter overrides meant for a notebook: the environment (`PARLAB_PROFILE`, `PARLAB_SET`
 * as `key=value;key=value`), then, when the notebook runs as a script, its own command line
 * (`--profile quick --set trials=3`, `--precision 0.02`). Kernels are never read from argv: theirs is not the notebook's.
 */
export function externalParams(env: Record<string, string | undefined> = process.env, argv?: string[]): ExternalParams {
  const overrides: Override[] = [];
  const { profile: profileVar, set } = labEnv(env);
  let profile = profileVar ? checkProfile(profileVar, ENV.profile) : undefined;
  for (const part of (set ?? "").split(";").filter((s) => s.trim())) overrides.push(parseSetArg(part.trim(), "PARLAB_SET"));
  if (argv && argv.length > 0) {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: { profile: { type: "string" }, set: { type: "string", multiple: true }, trials: { type: "string" }, precision: { type: "string" } },
        strict: true,
      });
    } catch (error) {
      throw new InputError("command line", `${(error as Error).message}; accepted: --profile tiny|quick|full, --set key=value, --trials N, --precision P`);
    }
    if (parsed.values.profile) profile = checkProfile(parsed.values.profile);
    for (const s of parsed.values.set ?? []) overrides.push(parseSetArg(s));
    if (parsed.values.trials !== undefined) overrides.push({ key: "trials", value: parsed.values.trials, input: "--trials" });
    if (parsed.values.precision !== undefined) overrides.push({ key: "precision", value: parsed.values.precision, input: "--precision" });
  }
  return { profile, overrides };
}
