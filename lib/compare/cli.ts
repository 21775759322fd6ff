/**
 * `parlab compare A.json B.json`: two Results of one experiment, comparison by comparison — each
 * "agrees" (same verdict, or overlapping intervals) or "differs" (both intervals shown), with the
 * machine, runtime, date and profile of each named. Exit 0 when every comparison made in both
 * agrees, 1 when one differs, 2 when the files are unreadable, or Results of different experiments
 * or schemas.
 *
 * `parlab compare --across-runtimes A.json B.json [C.json …]`: Results of one experiment measured on
 * different runtimes, condition by condition against the first (see runtimes.ts). A flag of the same
 * command, as it reads the same files for the same question (what differs between runs); exit 0
 * once compared (a change across runtimes is a finding, not a failure), 2 when a file is unreadable
 * or truncated, the Results are of different experiments, one runtime is given twice or the
 * parameters differ.
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
import { compareRuntimes } from "./runtimes.ts";
import { versus, versusMarkdown } from "./versus.ts";

/** The command's line in the CLI's usage. */
export const COMPARE_USAGE = `  parlab compare <a.json> <b.json> [--json]     two Results of one experiment, comparison by
                                                comparison: agrees or differs (exit 1 when one differs)
  parlab compare --across-runtimes <a.json> <b.json> [c.json ...] [--json]
                                                one experiment measured on different runtimes:
                                                each condition's ratio to the first file's runtime,
                                                all in one Holm family (findings and a table)`;

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
    parsed = parseArgs({ args, options: { json: { type: "boolean", default: false }, "across-runtimes": { type: "boolean", default: false } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new InputError("compare", `${errorMessage(error)}; usage:\n${COMPARE_USAGE}`);
  }
  const files = parsed.positionals;
  if (parsed.values["across-runtimes"]) return acrossRuntimes(files, parsed.values.json);
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

/** `parlab compare --across-runtimes`: prints the findings and the table (or the whole comparison as JSON); returns the exit code. */
function acrossRuntimes(files: string[], json: boolean): number {
  if (files.length < 2) {
    throw new InputError("compare --across-runtimes", `give two or more Result files (.json) of one experiment, each measured on a different runtime (the first is the baseline), not ${files.length}`);
  }
  const results = files.map(analysed);
  const names = files.map((f) => path.basename(f));
  const first = results[0]!.experiment.id;
  results.forEach((r, i) => {
    if (r.experiment.id !== first) {
      throw new InputError(names[i]!, `is a "${r.experiment.id}" Result and ${names[0]} a "${first}" Result; give Results of one experiment, each measured on a different runtime`);
    }
  });
  const c = compareRuntimes(getExperiment(first, "Result experiment id"), results, { names });
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...c, chart: c.chart ? c.chart.id : null }, null, 1)}\n`);
  } else {
    process.stdout.write(`${c.markdown}\n\n${c.findings.map((f) => `- ${f}`).join("\n")}\n`);
  }
  return 0;
}
