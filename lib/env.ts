/**
 * Every environment variable the lab reads, in one place: its name, what it does, and how it is
 * read. Other modules call {@link labEnv} instead of touching `process.env` for these names.
 * @module
 */
import process from "node:process";

/** The lab's environment variables, by what they control. */
export const ENV = {
  /** Profile of a notebook run: tiny, quick or full. */
  profile: "PARLAB_PROFILE",
  /** Parameter overrides, `key=value` separated by `;`. */
  set: "PARLAB_SET",
  /** A saved Result a notebook loads and re-analyses instead of measuring. */
  result: "PARLAB_RESULT",
  /** Folder notebooks save their Results in (default: data/results of the project). */
  resultsDir: "PARLAB_RESULTS_DIR",
  /** Folder of the generated image corpora (default: data/images of the project). */
  imagesDir: "PARLAB_IMAGES_DIR",
  /** Saved Results of other runtimes to overlay, separated by `;` or `,`. */
  compare: "PARLAB_COMPARE",
  /** The Node.js binary that hosts Node-only servers when the lab runs under Deno (default: `node` on PATH). */
  node: "PARLAB_NODE",
  /** Folder the lab keeps the runtimes it fetches in (default: $XDG_CACHE_HOME/parlab/runtimes, else ~/.cache/parlab/runtimes). */
  runtimesDir: "PARLAB_RUNTIMES_DIR",
  /** Set by the headless exporter: the notebook source a script run belongs to. */
  notebook: "PARLAB_NOTEBOOK",
  /** Set by the headless exporter: the file a script run records its outputs in. */
  capture: "PARLAB_CAPTURE",
} as const;

/** The lab's settings as found in `env` (the process environment by default); unset or empty is undefined. */
export type LabEnv = { -readonly [K in keyof typeof ENV]: string | undefined };

/** Reads the lab's settings from `env`. */
export function labEnv(env: Record<string, string | undefined> = process.env): LabEnv {
  const out = {} as LabEnv;
  for (const [key, name] of Object.entries(ENV) as [keyof typeof ENV, string][]) {
    const value = env[name];
    out[key] = value === undefined || value === "" ? undefined : value;
  }
  return out;
}
