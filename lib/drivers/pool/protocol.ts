/**
 * Messages between a pool and its workers, the same for threads and processes.
 * @module
 */

/**
 * Pool → worker: run the named workload on `input`. Workload names are looked up in a fixed table,
 * never evaluated; USER_TASK runs the function of the user module the pool was started with.
 */
export interface TaskMessage {
  type: "task";
  id: number;
  workload: string;
  input: unknown;
}

/** Pool → worker: finish and exit. */
export interface CloseMessage {
  type: "close";
}

/** Worker → pool: loaded and ready for tasks. */
export interface ReadyMessage {
  type: "ready";
  pid: number;
  threadId: number;
}

/** Worker → pool: the user module given to the pool could not be loaded; the worker then exits. */
export interface FailedMessage {
  type: "failed";
  error: string;
}

/** Worker → pool: the outcome of a task. */
export type ResultMessage =
  | { type: "result"; id: number; ok: true; value: unknown }
  | { type: "result"; id: number; ok: false; error: string };

export type ToWorker = TaskMessage | CloseMessage;
export type FromWorker = ReadyMessage | FailedMessage | ResultMessage;

/** True for objects that look like a message of this protocol. */
export function isFromWorker(value: unknown): value is FromWorker {
  const type = (value as { type?: unknown } | null)?.type;
  return type === "ready" || type === "result" || type === "failed";
}
