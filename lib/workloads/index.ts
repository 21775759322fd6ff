/**
 * The fixed table of workloads a worker can run. Workers look tasks up here by name; no code is
 * ever built from parameters.
 * @module
 */
import { countPrimes } from "./cpu.ts";

/** A workload: takes the task's input, returns its result (or a promise of it). */
export type Workload = (input: never) => unknown;

function rangeInput(input: unknown): [number, number] {
  const [lo, hi] = (input ?? []) as [unknown, unknown];
  if (typeof lo !== "number" || typeof hi !== "number") throw new TypeError("primes expects [lo, hi] numbers");
  return [lo, hi];
}

/** Every workload by name. */
export const WORKLOADS: Readonly<Record<string, (input: unknown) => unknown>> = {
  /** Returns nothing: measures the cost of a round trip through a pool. */
  noop: () => null,
  /** Echoes its input: checks that payloads arrive intact. */
  echo: (input) => input,
  /** Counts primes in [lo, hi). */
  primes: (input) => countPrimes(...rangeInput(input)),
  /** Resizes one worker's share of images (see thumbnail.ts); sharp loads on first use, so other pools never load it. */
  thumbnails: async (input) => (await import("./thumbnail.ts")).thumbnailBatch(input as import("./thumbnail.ts").BatchInput),
  /** Throws: lets tests check that a failing task fails cleanly. */
  fail: (input) => {
    throw new Error(typeof input === "string" ? input : "task failed on purpose");
  },
  /** Never finishes: lets tests check time limits and tear-down. */
  hang: () => new Promise(() => {}),
  /** Ends the worker abruptly: lets tests check that a dying worker fails the trial, not the lab. */
  exit: (input) => {
    (globalThis as { process?: { exit(code: number): never } }).process?.exit(typeof input === "number" ? input : 3);
  },
};

/** Runs the named workload; unknown names are an error, not a lookup of arbitrary code. */
export async function runWorkload(name: string, input: unknown): Promise<unknown> {
  const workload = Object.hasOwn(WORKLOADS, name) ? WORKLOADS[name] : undefined;
  if (!workload) throw new Error(`unknown workload "${name}"; known: ${Object.keys(WORKLOADS).join(", ")}`);
  return await workload(input);
}
