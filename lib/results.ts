/**
 * Saving and loading Results: versioned JSON plus a CSV of the raw trials, written atomically,
 * never clobbering another run's file, and loaded with errors that name the file and the problem.
 * @module
 */
import fs from "node:fs";
import path from "node:path";
import { InputError, ResultFileError, errorMessage } from "./errors.ts";
import { RESULT_SCHEMA, type Result, type RuntimeParts } from "./types.ts";

/** Keys every Result file must have. */
export const RESULT_KEYS = [
  "schema", "experiment", "params", "runtime", "machine", "startedAt", "finishedAt", "trials", "failures", "summary",
] as const;

/**
 * The `data` folder of the project the lab runs in, found upwards from the working folder (a
 * notebook's own folder in Jupyter) as the one beside `notebooks`; `./data` outside a project.
 */
export function projectDataDir(): string {
  let dir = process.cwd();
  for (;;) {
    if (fs.existsSync(path.join(dir, "data")) && fs.existsSync(path.join(dir, "notebooks"))) return path.join(dir, "data");
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve("data");
    dir = parent;
  }
}

/**
 * Makes sure `dir` exists and is writable, before anything is measured.
 * @throws InputError naming `input` (e.g. "--out") when it cannot be created or written.
 */
export function ensureWritableDir(dir: string, input = "output folder"): string {
  const abs = path.resolve(dir);
  try {
    fs.mkdirSync(abs, { recursive: true });
    const probe = path.join(abs, `.parlab-write-test-${process.pid}-${Date.now()}`);
    fs.writeFileSync(probe, "");
    fs.rmSync(probe);
  } catch (error) {
    throw new InputError(input, `cannot write to ${abs} (${errorMessage(error)}); give a folder you can create and write`);
  }
  return abs;
}

/**
 * Writes `data` to `file` atomically: readers see the old file or the new one, never a part. The
 * temp file is hidden and ends in .tmp, so one left by a crash never passes for a Result or a page.
 */
export function writeFileAtomic(file: string, data: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Creates a new file with a name no other run has taken: `base.ext`, else `base-2.ext`, `base-3.ext`…
 * The claim is atomic (hard link of a complete temp file), so two runs in one folder never clobber each other.
 */
export function createUniqueFile(dir: string, base: string, ext: string, data: string): string {
  const tmp = path.join(dir, `.${base}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  fs.writeFileSync(tmp, data);
  try {
    for (let i = 1; i < 10_000; i++) {
      const file = path.join(dir, i === 1 ? `${base}${ext}` : `${base}-${i}${ext}`);
      try {
        fs.linkSync(tmp, file);
        return file;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
    throw new Error(`no free file name for ${base}${ext} in ${dir}`);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** A file-name-safe timestamp, e.g. 2026-11-29T05-52-12-345Z. */
export function fileTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, "-");
}

/** Quotes one CSV field when it needs quoting (RFC 4180). Twelve lines do not justify a dependency. */
function csvField(value: unknown): string {
  if (value === undefined || value === null) return "";
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV row per trial: condition, index, seq, startedAt, durationMs, ok, error, then every metric. */
export function trialsToCsv(result: Pick<Result, "trials">): string {
  const metricNames = [...new Set(result.trials.flatMap((t) => Object.keys(t.metrics)))].sort();
  const header = ["condition", "index", "seq", "startedAt", "durationMs", "ok", "error", ...metricNames];
  const rows = result.trials.map((t) => [
    t.condition, t.index, t.seq, t.startedAt, t.durationMs, t.ok, t.error ?? "", ...metricNames.map((m) => t.metrics[m]),
  ]);
  return [header, ...rows].map((r) => r.map(csvField).join(",")).join("\n") + "\n";
}

/** Paths of a saved Result. */
export interface SavedResult {
  json: string;
  csv: string;
}

/**
 * Keeps one run's Result file up to date as trials finish, so that an interrupted run loses nothing.
 * The first write claims a unique name; later writes replace that file atomically.
 */
export class ResultWriter {
  #paths: SavedResult | undefined;
  constructor(readonly dir: string, readonly base: string) {}

  /** Writes the Result (partial or complete) and its CSV, recording which runtime served each part; returns their paths. */
  write(result: Result): SavedResult {
    const json = resultJson(result.runtime.parts ? result : { ...result, runtime: { ...result.runtime, parts: runtimeParts(result) } });
    if (!this.#paths) {
      const file = createUniqueFile(this.dir, this.base, ".json", json);
      this.#paths = { json: file, csv: file.replace(/\.json$/, ".csv") };
    } else {
      writeFileAtomic(this.#paths.json, json);
    }
    writeFileAtomic(this.#paths.csv, trialsToCsv(result));
    return this.#paths;
  }

  get paths(): SavedResult | undefined {
    return this.#paths;
  }
}

/**
 * Which runtime served each part of a run: the caller and its pools ran on the Result's runtime;
 * the servers and hosts on what their trials recorded (`serverRuntime`, or a footprint host's `hostRuntime`).
 */
export function runtimeParts(result: Pick<Result, "runtime" | "trials">): RuntimeParts {
  const caller = `${result.runtime.name} ${result.runtime.version}`;
  const server = new Set<string>();
  for (const t of result.trials) {
    for (const key of ["serverRuntime", "hostRuntime"]) {
      const value = t.detail?.[key];
      if (typeof value === "string") server.add(value);
    }
  }
  return { caller, pool: caller, server: [...server].sort() };
}

/** The text of a Result file: how every writer of the lab serializes one. */
export function resultJson(result: Result): string {
  return JSON.stringify(result, null, 1) + "\n";
}

/** Saves a Result as `dir/<experiment>-<timestamp>.json` plus a CSV of its trials; returns both paths. */
export function saveResult(result: Result, dir: string): SavedResult {
  const abs = ensureWritableDir(dir);
  return new ResultWriter(abs, `${result.experiment.id}-${fileTimestamp(new Date(result.startedAt))}`).write(result);
}

/**
 * Loads and checks a Result file.
 * @throws ResultFileError naming the file and what is wrong: missing, not JSON (truncated or corrupt),
 * another schema version, or missing keys.
 */
export function loadResult<P = Record<string, unknown>, S = unknown>(file: string): Result<P, S> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new ResultFileError(file, `cannot read the Result file (${errorMessage(error)})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ResultFileError(file, `not valid JSON, the file is corrupt or truncated (${errorMessage(error)})`);
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new ResultFileError(file, "not a Result: expected a JSON object");
  }
  const record = data as Record<string, unknown>;
  if (record.schema !== RESULT_SCHEMA) {
    throw new ResultFileError(
      file,
      `Result schema ${JSON.stringify(record.schema)} is not supported; this version of parlab reads schema ${RESULT_SCHEMA}`,
    );
  }
  const missing = RESULT_KEYS.filter((k) => !(k in record));
  if (missing.length > 0) throw new ResultFileError(file, `not a complete Result: missing ${missing.join(", ")}`);
  if (!Array.isArray(record.trials)) throw new ResultFileError(file, "not a Result: `trials` must be an array");
  const experiment = record.experiment as { id?: unknown };
  if (typeof experiment?.id !== "string") throw new ResultFileError(file, "not a Result: `experiment.id` must be a string");
  return data as Result<P, S>;
}
