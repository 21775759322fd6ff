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

/** The runtime cannot run this condition (e.g. no `reusePort`, no `node:cluster` fork); callers report it as unavailable. */
export class UnsupportedError extends InputError {
  override name = "UnsupportedError";
}

/** A measured piece of work returned a result that fails its check: the trial's numbers cannot be trusted. */
export class WrongAnswerError extends Error {
  override name = "WrongAnswerError";
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

/** Why a trial failed, by kind, so that analyses and reports can tell a timeout from a crash. */
export type FailureKind = "timeout" | "aborted" | "worker-exit" | "wrong-answer" | "input" | "unsupported" | "error";

/** The {@link FailureKind} of a thrown value. */
export function failureKind(error: unknown): FailureKind {
  if (error instanceof TrialTimeoutError) return "timeout";
  if (error instanceof AbortedError) return "aborted";
  if (error instanceof UnsupportedError) return "unsupported";
  if (error instanceof InputError) return "input";
  if (error instanceof WorkerError) return "worker-exit";
  if (error instanceof WrongAnswerError) return "wrong-answer";
  return "error";
}

/** Message of any thrown value, for Result files and reports. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
