/**
 * Messages between the thread server's caller, the server process, and the server's worker
 * threads.
 * @module
 */
import type { UserRequest } from "../pool/user-handler.ts";

/** Faults a thread can be made to suffer, by name (see entry-thread for what each does). */
export type ThreadFault = "throw" | "oom-small" | "oom-huge" | "abort" | "segv";

/** The thread server's configuration, already validated by `startThreadServer`. */
export interface ThreadServerConfig {
  threads: number;
  handlerCostMs: number;
  /**
   * True: every thread has an `error` listener, and a thread that dies is replaced. False: no
   * listener, so a thread's uncaught error is re-thrown in the main thread (EventEmitter semantics).
   */
  errorListener: boolean;
  /** `resourceLimits.maxOldGenerationSizeMb` of every thread. */
  heapMb: number;
  /** A user's request handler the threads answer with instead of burning `handlerCostMs` (checked by the caller first). */
  handler?: { url: string; exportName: string } | null;
}

/** Parent → server. The first message is always "start". */
export type ToThreadServer =
  | { type: "start"; config: ThreadServerConfig }
  | { type: "fault"; fault: ThreadFault; index: number }
  | { type: "close" };

/** Server → parent. */
export type FromThreadServer =
  | { type: "ready"; port: number; threadIds: number[] }
  | { type: "thread-exit"; index: number; threadId: number; code: number; error: string | null; atEpochMs: number }
  | { type: "replaced"; index: number; threadId: number; atEpochMs: number };

/** Server → thread: burn a request's CPU time, answer a request with the user's handler, or suffer a fault. */
export type ToFaultThread =
  | { type: "task"; id: number; costMs: number }
  | { type: "request"; id: number; request: UserRequest }
  | { type: "fault"; fault: ThreadFault };
/** Thread → server: the request is done (with the handler's response or its error, for a user handler). */
export type FromFaultThread =
  | { type: "done"; id: number }
  | { type: "response"; id: number; ok: true; value: unknown }
  | { type: "response"; id: number; ok: false; error: string };
