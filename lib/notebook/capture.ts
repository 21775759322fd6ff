/**
 * Output capture for the headless notebook export. The exporter runs a notebook as a script with
 * a starter module preloaded ({@link startCapture} through `entry-capture`); from then on console
 * output, displayed bundles, uncaught errors and a stopping signal are recorded, each tied to the
 * notebook line that produced it (found in the call stack, so the notebook source stays exactly as
 * written), and written to the capture file when the script ends, however it ends.
 *
 * Nothing here runs on import: a notebook, a kernel or a test that imports the library patches
 * nothing. The capture is process-wide, so its state lives on the global object under a registered
 * symbol: the copy of the library a notebook loads (compiled under Node, the TypeScript source under
 * Deno) finds the capture that the starter began, whichever copy the starter came from.
 * @module
 */
import fs from "node:fs";
import process from "node:process";
import { formatWithOptions } from "node:util";
import { exitWithParent } from "../drivers/_host/orphan.ts";
import type { MimeBundle } from "../html.ts";

/** One recorded output of a notebook run as a script. */
export interface CapturedOutput {
  /** 1-based line of the notebook source that produced the output, or null when not found. */
  line: number | null;
  kind: "display" | "stdout" | "stderr";
  bundle?: MimeBundle;
  text?: string;
}

interface Capture {
  outputs: CapturedOutput[];
  /** The notebook source whose lines outputs are tied to. */
  notebook: string | undefined;
  lastLine: number | null;
}

const KEY = Symbol.for("parlab.notebook.capture");
type CaptureHolder = { [KEY]?: Capture };

function current(): Capture | undefined {
  return (globalThis as CaptureHolder)[KEY];
}

function notebookLine(capture: Capture): number | null {
  if (!capture.notebook) return null;
  const stack = new Error().stack ?? "";
  const escaped = capture.notebook.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}:(\\d+):\\d+`).exec(stack);
  if (match) capture.lastLine = Number(match[1]);
  // Output from a callback the notebook did not call directly belongs to the last line seen.
  return capture.lastLine;
}

/** Records a displayed MIME bundle when capturing and returns true; returns false (nothing recorded) otherwise. */
export function captureDisplay(bundle: MimeBundle): boolean {
  const capture = current();
  if (!capture) return false;
  capture.outputs.push({ line: notebookLine(capture), kind: "display", bundle });
  return true;
}

/**
 * Starts recording this process's outputs into `target` (a JSON file written at exit), tied to
 * lines of `notebook`. Also makes the script end with the exporter and keep its outputs when
 * stopped by SIGINT or SIGTERM or by an uncaught error. A second call does nothing.
 */
export function startCapture(target: string, notebook?: string): void {
  if (current()) return;
  const capture: Capture = { outputs: [], notebook, lastLine: null };
  (globalThis as CaptureHolder)[KEY] = capture;
  const { outputs } = capture;
  const methods = [["log", "stdout"], ["info", "stdout"], ["warn", "stderr"], ["error", "stderr"]] as const;
  for (const [method, stream] of methods) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      outputs.push({ line: notebookLine(capture), kind: stream, text: formatWithOptions({ colors: false }, ...args) + "\n" });
      original(...args);
    };
  }
  const flush = () => fs.writeFileSync(target, JSON.stringify(outputs));
  process.on("exit", flush);
  // Run by the exporter: end with it, even when it was killed outright, rather than measure for no one.
  exitWithParent(() => process.exit(1));
  // Stopped by the exporter (Ctrl-C, SIGTERM, its time limit): keep the outputs so far. Exiting
  // through process.exit runs the exit hooks, which write them and kill the pools' workers.
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    process.once(signal, () => {
      outputs.push({ line: capture.lastLine, kind: "stderr", text: `stopped by ${signal}\n` });
      process.exit(code);
    });
  }
  // An uncaught error is part of the notebook's output too.
  const fail = (error: unknown) => {
    outputs.push({ line: notebookLine(capture), kind: "stderr", text: `${error instanceof Error ? error.stack ?? error.message : String(error)}\n` });
    flush();
    process.exit(1);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
}
