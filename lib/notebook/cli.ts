/**
 * The `parlab notebooks sync` and `parlab notebooks strip` commands: the notebook files' side of
 * the CLI, kept apart from the commands that run experiments. Bad input throws InputError, which
 * the CLI turns into exit code 2 with the message.
 * @module
 */
import fs from "node:fs";
import process from "node:process";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { InputError, errorMessage } from "../errors.ts";
import { writeFileAtomic } from "../results.ts";
import { stripText } from "./strip.ts";
import { syncNotebooks } from "./sync.ts";

/** The usage lines of the two commands, for the CLI's help. */
export const NOTEBOOK_FILES_USAGE = `  parlab notebooks sync [--check] [--from ts|ipynb] [--dir DIR] [name ...]
                                                bring each .ts/.ipynb pair up to date from the side that changed
                                                (--check: exit 1 if a pair differs in cells, tags or kernel)
  parlab notebooks strip [file.ipynb ...]       remove outputs and execution counts (no file: stdin to stdout)
`;

const say = (text: string) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`);

function parse<const O extends NonNullable<ParseArgsConfig["options"]>>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true as const, strict: true as const });
  } catch (error) {
    throw new InputError(`notebooks ${command}`, `${errorMessage(error)}\n\nUsage:\n${NOTEBOOK_FILES_USAGE}`);
  }
}

function sync(args: string[]): number {
  const { values, positionals } = parse("sync", args, {
    check: { type: "boolean", default: false },
    from: { type: "string" },
    dir: { type: "string", default: "notebooks" },
  });
  const from = values.from as string | undefined;
  if (from !== undefined && from !== "ts" && from !== "ipynb") throw new InputError("--from", `unknown side "${from}"; valid: ts, ipynb`);
  if (from && values.check) throw new InputError("--from", "--check only compares the two sides; drop --from");
  const report = syncNotebooks({ dir: values.dir as string, names: positionals, from, check: values.check as boolean });
  for (const m of report.messages) say(m);
  return report.code;
}

/** All of stdin. Read as a stream: git hands a filter a non-blocking pipe, on which a synchronous read fails with EAGAIN. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Strips files in place (all checked before any is written), or stdin to stdout as a git clean filter. */
async function strip(args: string[]): Promise<number> {
  const { positionals } = parse("strip", args, {});
  if (positionals.length === 0) {
    if (process.stdin.isTTY) throw new InputError("notebooks strip", "give the notebooks to strip, or pipe one through stdin (as a git clean filter does)");
    process.stdout.write(stripText(await readStdin(), "stdin"));
    return 0;
  }
  const read = (file: string) => {
    try {
      return fs.readFileSync(file, "utf8");
    } catch (error) {
      throw new InputError(file, `cannot read the notebook (${errorMessage(error)})`);
    }
  };
  const planned = positionals.map((file) => {
    const text = read(file);
    return { file, text, stripped: stripText(text, file) };
  });
  for (const { file, text, stripped } of planned) {
    if (stripped === text) continue;
    writeFileAtomic(file, stripped);
    say(`stripped ${file}`);
  }
  return 0;
}

/** Runs `parlab notebooks sync|strip …`; resolves with the exit code. */
export async function notebookFilesCommand(command: "sync" | "strip", args: string[]): Promise<number> {
  return command === "sync" ? sync(args) : await strip(args);
}
