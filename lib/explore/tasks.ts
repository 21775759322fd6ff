/**
 * One input's task, bounded and named: a task that throws fails its trial with the input's index
 * and the reason; one that outlives its time limit fails it as a timeout (the trial's pool is then
 * killed by the trial, so the hung worker goes with it).
 * @module
 */
import { errorMessage, TrialTimeoutError } from "../errors.ts";

/** An input's task did not finish within its limit. */
export class TaskTimeoutError extends TrialTimeoutError {
  override name = "TaskTimeoutError";
  constructor(readonly inputIndex: number, timeoutMs: number, where: string) {
    super(timeoutMs);
    this.message = `input ${inputIndex} did not finish within ${timeoutMs} ms (taskTimeoutMs) in ${where}; its worker was killed`;
  }
}

/** An input's task threw, or its worker died while running it. */
export class TaskError extends Error {
  override name = "TaskError";
  constructor(readonly inputIndex: number, reason: string, where: string) {
    super(`input ${inputIndex} failed in ${where}: ${reason}`);
  }
}

/** The reason of a pool's task error, without the pool's own "task … failed in a thread:" prefix. */
function reasonOf(error: unknown): string {
  return errorMessage(error).replace(/^task \S+ failed in an? (thread|process): /, "");
}

/**
 * Runs `task` for input `index` within `timeoutMs`; its error or timeout becomes a TaskError or
 * TaskTimeoutError naming the index and `where` ("the main thread", "threads×2").
 */
export async function boundedTask<T>(index: number, timeoutMs: number, where: string, task: () => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TaskTimeoutError(index, timeoutMs, where)), timeoutMs);
  });
  try {
    return await Promise.race([task().catch((error) => Promise.reject(new TaskError(index, reasonOf(error), where))), limit]);
  } finally {
    clearTimeout(timer);
  }
}
