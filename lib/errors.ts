/**
 * The lab's typed errors, in one file so that callers can tell bad input from a failed measurement.
 * @module
 */

/** Bad input: a parameter, argument, file or environment the caller can fix. The CLI exits with code 2. */
export class InputError extends Error {
  override name = "InputError";
  /** The input at fault, e.g. `--trials`, `workers`, or a file path. */
  readonly input: string;
  constructor(input: string, message: string) {
    super(`${input}: ${message}`);
    this.input = input;
  }
}

/** A Result file that cannot be loaded: missing, corrupt, truncated, or of another schema. */
export class ResultFileError extends InputError {
  override name = "ResultFileError";
}

/** A worker (thread or process) failed, exited or could not start. */
export class WorkerError extends Error {
  override name = "WorkerError";
}

/** A trial took longer than its time limit and was torn down. */
export class TrialTimeoutError extends Error {
  override name = "TrialTimeoutError";
  constructor(readonly timeoutMs: number) {
    super(`trial timed out after ${timeoutMs} ms`);
  }
}

/** The run was aborted (Ctrl-C, a kernel interrupt or an AbortSignal). */
export class AbortedError extends Error {
  override name = "AbortedError";
  constructor(reason?: unknown) {
    super(reason instanceof Error ? reason.message : reason ? String(reason) : "aborted");
  }
}

/** Message of any thrown value, for Result files and reports. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
