/**
 * `parlab compare A.json B.json`: two Results of one experiment, comparison by comparison — each
 * "agrees" (same verdict, or overlapping intervals) or "differs" (both intervals shown), with the
 * machine, runtime, date and profile of each named. Exit 0 when every comparison made in both
 * agrees, 1 when one differs, 2 when the files are unreadable, or Results of different experiments
 * or schemas.
 * @module
 */
import path from "node:path";
import process from "node:process";
import { parseArgs } from "node:util";
import { InputError, ResultFileError, errorMessage } from "../errors.ts";
import { reanalyse } from "../report.ts";
import { loadResult } from "../results.ts";
import { getExperiment } from "../experiments/index.ts";
import type { ParamSpec, Result } from "../types.ts";
import { versus, versusMarkdown } from "./versus.ts";

/** The command's line in the CLI's usage. */
export const COMPARE_USAGE = `  parlab compare <a.json> <b.json> [--json]     two Results of one experiment, comparison by
                                                comparison: agrees or differs (exit 1 when one differs)`;

function analysed(file: string): Result {
  const result = loadResult(file);
  try {
    return reanalyse(result);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new ResultFileError(file, `cannot be analysed as a "${result.experiment.id}" Result (${errorMessage(error)}); give a Result file saved by parlab`);
  }
}

/** Runs `parlab compare` with its arguments; returns the exit code. */
export function compareCommand(args: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { json: { type: "boolean", default: false } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InputError("compare", `${errorMessage(error)}; usage:\n${COMPARE_USAGE}`);
  }
  const files = parsed.positionals;
  if (files.length !== 2) throw new InputError("compare", `give exactly two Result files (.json) of one experiment, not ${files.length}`);
  const [a, b] = files.map(analysed) as [Result, Result];
  const names = files.map((f) => path.basename(f)) as [string, string];
  if (a.experiment.id !== b.experiment.id) {
    throw new InputError("compare", `${names[0]} is a "${a.experiment.id}" Result and ${names[1]} a "${b.experiment.id}" Result; give two Results of the same experiment`);
  }
  const v = versus(a, b, names, getExperiment(a.experiment.id, "Result experiment id").params as Record<string, ParamSpec>);
  process.stdout.write(parsed.values.json ? `${JSON.stringify(v, null, 1)}\n` : `${versusMarkdown(v)}\n`);
  return v.pairs.some((p) => p.status === "differs") ? 1 : 0;
}
