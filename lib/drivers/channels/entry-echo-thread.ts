/**
 * Entry module of an echo thread for the messaging experiment: sends back every message it
 * receives — on its parent port, on a port it was given, or through shared memory.
 * @module
 */
import { parentPort, workerData, type MessagePort } from "node:worker_threads";
import { decodePayload, encodePayload } from "../../workloads/payloads.ts";
import { READY, SAB, type EchoThreadConfig } from "./protocol.ts";

if (!parentPort) throw new Error("entry-echo-thread must be started as a worker thread");
const parent = parentPort;
const config = workerData as EchoThreadConfig;

function echoOn(port: MessagePort, transfer: boolean): void {
  port.on("message", (message: unknown) => {
    // A transferred buffer goes back the way it came: moved, not copied.
    if (transfer && message instanceof Uint8Array) port.postMessage(message, [message.buffer as ArrayBuffer]);
    else port.postMessage(message);
  });
}

/**
 * The shared-memory peer: blocks in Atomics.wait until a request is in, copies it out of shared
 * memory and decodes it (what a receiver must do to use it), encodes it again and copies it in as
 * the reply. Waits in slices, so that a close is seen even if a notify were lost.
 */
function serveShared(sab: SharedArrayBuffer, kind: Extract<EchoThreadConfig, { mode: "sab" }>["kind"], sliceMs: number): void {
  const control = new Int32Array(sab, 0, SAB.HEADER_BYTES / 4);
  const data = new Uint8Array(sab, SAB.HEADER_BYTES);
  parent.postMessage(READY);
  for (;;) {
    const state = Atomics.load(control, SAB.STATE);
    if (state === SAB.CLOSE) break;
    if (state !== SAB.REQUEST) {
      Atomics.wait(control, SAB.STATE, state, sliceMs);
      continue;
    }
    const length = control[SAB.LENGTH]!;
    const value = decodePayload(kind, data.slice(0, length));
    const reply = encodePayload(kind, value);
    if (reply.byteLength > data.byteLength) throw new Error(`reply of ${reply.byteLength} bytes does not fit the ${data.byteLength}-byte shared buffer`);
    data.set(reply);
    Atomics.store(control, SAB.LENGTH, reply.byteLength);
    Atomics.store(control, SAB.STATE, SAB.REPLY);
    Atomics.notify(control, SAB.STATE);
  }
  // Nothing is listening any more, so the thread ends here.
}

if (config.mode === "sab") {
  serveShared(config.sab, config.kind, config.waitSliceMs);
} else if (config.mode === "port") {
  echoOn(config.port, false);
  parent.postMessage(READY);
} else {
  echoOn(parent, config.transfer);
  parent.postMessage(READY);
}
