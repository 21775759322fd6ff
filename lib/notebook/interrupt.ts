/**
 * Stopping a notebook's run when the notebook is stopped: the stop button of a Jupyter kernel, or
 * Ctrl-C of a notebook run as a script. Both arrive as SIGINT: Jupyter interrupts a kernel whose
 * kernelspec has no `interrupt_mode` (tslab's and Deno's have none) by sending SIGINT to its process
 * group.
 *
 * Why the lab must listen itself: tslab's own SIGINT listener (installed once at kernel start, in
 * its `startKernel`) only rejects a promise that the cell's promise is raced against, so the cell is
 * freed while the code behind it goes on. A run would go on starting clusters, workers and load
 * generators for the trials it has left, measured against by whatever the next cell runs. So the
 * run listens for SIGINT too, for as long as it runs, and aborts: its trials tear down what they
 * started and the run returns the trials completed so far. (Deno's kernel, which ends on an
 * interrupt when nothing listens, stays up while a run does, and the cell ends with the run.)
 *
 * Nothing here happens at import time: the listener exists only between {@link stopOnInterrupt}
 * and `dispose()`, and the listeners already there (tslab's, which frees the cell) are left alone.
 * @module
 */
import process from "node:process";
import { AbortedError } from "../errors.ts";
import type { RuntimeInfo } from "../types.ts";

/** A run's link to SIGINT, from {@link stopOnInterrupt}. */
export interface Interruption {
  /** Aborted on the first SIGINT, with an {@link AbortedError}. */
  readonly signal: AbortSignal;
  /** True once SIGINT arrived. */
  readonly interrupted: boolean;
  /** Stops listening; call it once the run is over, whatever its end. */
  dispose(): void;
}

/** The exit code of a script stopped by SIGINT: what a shell reports for a process killed by it. */
export const SIGINT_EXIT_CODE = 130;

/**
 * Listens for SIGINT for the duration of a run: the first one aborts `signal`, then calls `onFirst`
 * (synchronously, while a tslab cell is still the current one, so what it prints lands in it; what
 * it throws is ignored).
 * In a script a second SIGINT exits at once, as Ctrl-C did before the run listened; in a kernel a
 * second interrupt only frees the cell again, so the run's tear-down keeps going.
 *
 * Under the test runner nothing is installed: SIGINT keeps its default there.
 */
export function stopOnInterrupt(mode: RuntimeInfo["mode"], onFirst: () => void = () => {}): Interruption {
  const controller = new AbortController();
  let interrupted = false;
  const listener = () => {
    if (interrupted) {
      if (mode === "script") process.exit(SIGINT_EXIT_CODE);
      return;
    }
    interrupted = true;
    // Abort first: on a restart the kernel may already have closed its channels, so that saying so
    // throws, and nothing it throws may keep the run going.
    controller.abort(new AbortedError("SIGINT"));
    try {
      onFirst();
    } catch {
      // Nowhere left to say it.
    }
  };
  let disposed = false;
  let listening = false;
  if (mode !== "test") {
    // Not before the current script returns: tslab evaluates a cell with `breakOnSigint`, under
    // which Node takes the SIGINT listeners off and lets a watchdog of its own catch SIGINT; when
    // the evaluation is done it puts back its default handler (exit) and re-adds the listeners it
    // took off, which re-arms their handler only if no listener was added in between. One added
    // in the cell's synchronous part, where `runOrLoad` is called, would leave SIGINT killing the
    // kernel. Microtasks run only once the evaluation has returned.
    queueMicrotask(() => {
      if (disposed) return;
      process.on("SIGINT", listener);
      listening = true;
    });
  }
  return {
    signal: controller.signal,
    get interrupted() {
      return interrupted;
    },
    dispose() {
      disposed = true;
      if (listening) process.off("SIGINT", listener);
      listening = false;
    },
  };
}
