/**
 * Which experiment each notebook shows, read off its source: the experiments it passes to
 * `runOrLoad` or `runOnRuntimes`, by the names the lab exports them as (`runOnRuntimes(scaling, …)`).
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { EXPERIMENTS } from "../experiments/index.ts";

/** The experiments a notebook source runs through `runOrLoad` or `runOnRuntimes`. */
export function notebookExperiments(source: string): string[] {
  const ids = new Set(EXPERIMENTS.map((e) => e.id));
  return [...new Set([...source.matchAll(/\b(?:runOrLoad|runOnRuntimes)\(\s*([A-Za-z_$][\w$]*)/g)].map((m) => m[1]!))].filter((id) => ids.has(id));
}

/** Experiment id → the name (NN-name) of the notebook in `dir` that runs it alone; empty when `dir` has none. */
export function notebookOfExperiment(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir).filter((n) => /^\d+-[\w-]+\.ts$/.test(n)).sort();
  } catch {
    return found;
  }
  for (const name of names) {
    const ids = notebookExperiments(fs.readFileSync(path.join(dir, name), "utf8"));
    if (ids.length === 1 && !found.has(ids[0]!)) found.set(ids[0]!, path.basename(name, ".ts"));
  }
  return found;
}

/**
 * True when a notebook measures through the calls that run a reader's own code (`compareKinds`,
 * `compareServing`, `experiment("…")`) rather than through `runOrLoad`: no one saved Result stands
 * for its run, so a page built from saved Results cannot execute it without measuring.
 */
export function measuresOwnWorkload(source: string): boolean {
  return /\b(compareKinds|compareServing)\(|\bexperiment\(\s*["'`]/.test(source);
}
