/**
 * What `--runtime` names: the runtime running the lab (`current`), Deno (`deno`), or a Node.js
 * release from the npm registry (`node@24`, `node@22.12`, `node@24.11.1`). A spec is checked before
 * anything is fetched, so that `node@19` or `node@banana` fails at once with what would be valid.
 * @module
 */
import { InputError } from "../errors.ts";
import { atLeast, parseVersion } from "../runtime.ts";

/** The oldest Node.js the lab runs on: the engines range of its package (>= 20.19). */
export const MIN_NODE = "20.19.0";

/** The Node.js majors offered by name: the even (long-term) releases the lab is tested on. */
export const NODE_MAJORS = [20, 22, 24] as const;

/** A parsed `--runtime` value. */
export type RuntimeSpec =
  | { kind: "current"; text: string }
  | { kind: "deno"; text: string }
  /** `prefix`: the version numbers given, 1 to 3 of them (24 → [24], 24.11.1 → [24, 11, 1]). */
  | { kind: "node"; text: string; prefix: number[] };

/** What a `--runtime` value may be, for error messages. */
export const VALID_SPECS =
  `current, deno, ${NODE_MAJORS.map((m) => `node@${m}`).join(", ")}, or node@MAJOR[.MINOR[.PATCH]] of Node.js ${MIN_NODE} or later`;

/**
 * Parses a `--runtime` value.
 * @throws InputError naming `input` when the spec is malformed or below the lab's engines range.
 */
export function parseRuntimeSpec(text: string, input = "--runtime"): RuntimeSpec {
  const value = text.trim();
  if (value === "current") return { kind: "current", text: value };
  if (value === "deno") return { kind: "deno", text: value };
  const match = /^node@(\d+)(?:\.(\d+)(?:\.(\d+))?)?$/.exec(value);
  if (!match) {
    const why = value.startsWith("node@") ? `"${value.slice(5)}" is not a Node.js version` : `unknown runtime "${value}"`;
    throw new InputError(input, `${why}; valid: ${VALID_SPECS}`);
  }
  const prefix = match.slice(1).filter((p) => p !== undefined).map(Number);
  // The newest release the prefix can name must still be inside the engines range.
  const highest = [prefix[0]!, prefix[1] ?? Number.MAX_SAFE_INTEGER, prefix[2] ?? Number.MAX_SAFE_INTEGER].join(".");
  if (!atLeast(highest, MIN_NODE)) {
    throw new InputError(input, `${value} is older than the lab supports (Node.js ${MIN_NODE} or later, its engines range); valid: ${VALID_SPECS}`);
  }
  return { kind: "node", text: value, prefix };
}

/** True when Node.js `version` ("24.11.1") is one `spec` names and the lab can run on. */
export function nodeMatches(spec: Extract<RuntimeSpec, { kind: "node" }>, version: string): boolean {
  const parts = parseVersion(version);
  return spec.prefix.every((p, i) => parts[i] === p) && atLeast(version, MIN_NODE);
}

/** Compares two "x.y.z" versions, for sorting: negative when `a` is older. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** The newest of `versions` that `spec` names, or undefined. */
export function newestMatching(spec: Extract<RuntimeSpec, { kind: "node" }>, versions: Iterable<string>): string | undefined {
  return [...versions].filter((v) => /^\d+\.\d+\.\d+$/.test(v) && nodeMatches(spec, v)).sort(compareVersions).at(-1);
}
