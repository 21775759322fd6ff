/**
 * The module the headless exporter preloads into a notebook script (`node --import`, `deno run
 * --preload`): it starts the output capture before the notebook's first line runs, so console output
 * before the first `show()` is recorded too. An entry of its own, and the only place capture starts;
 * importing the library starts nothing.
 * @module
 */
import { isMainThread } from "node:worker_threads";
import { labEnv } from "../env.ts";
import { startCapture } from "./capture.ts";

const { capture, notebook } = labEnv();
// Worker threads that inherit the preload belong to the notebook's process, which already captures.
if (capture && isMainThread) startCapture(capture, notebook);
