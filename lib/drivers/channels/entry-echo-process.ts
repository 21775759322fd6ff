/**
 * Entry module of an echo process for the messaging experiment: sends back every IPC message it
 * receives, as it received it — or, for bytes sent as base64 over JSON, decoded and encoded again —
 * and exits as soon as its parent is gone.
 * @module
 */
import { Buffer } from "node:buffer";
import process from "node:process";
import { BASE64_BUFFERS, READY } from "./protocol.ts";
import { exitWithParent } from "../_host/orphan.ts";

if (typeof process.send !== "function") throw new Error("entry-echo-process must be started with child_process.fork");
const send = process.send.bind(process);

exitWithParent();
const base64 = process.argv.includes(BASE64_BUFFERS);
process.on("message", (message: unknown) => {
  send(base64 ? Buffer.from(message as string, "base64").toString("base64") : message);
});
send(READY);
