/**
 * What the messaging channels and their echo peers agree on: the first message a peer sends, how a
 * thread peer is told what to do, and the layout of the shared-memory ping-pong.
 * @module
 */
import type { MessagePort } from "node:worker_threads";
import type { PayloadKind } from "../../workloads/payloads.ts";

/** A peer's first message: loaded and echoing. Payloads follow raw, with no envelope, so nothing but the payload is measured. */
export const READY = "parlab-echo-ready";

/** Argument of an echo process whose messages are base64 text of bytes: it decodes and re-encodes them, as a receiver that uses the bytes must. */
export const BASE64_BUFFERS = "--base64-buffers";

/** How an echo thread is started: echo on its parent port (optionally transferring buffers back), on a given port, or over shared memory. */
export type EchoThreadConfig =
  | { mode: "message"; transfer: boolean }
  | { mode: "port"; port: MessagePort }
  | { mode: "sab"; sab: SharedArrayBuffer; kind: PayloadKind; waitSliceMs: number };

/**
 * Shared-memory layout: an Int32 control block, then the data area. STATE holds whose turn it is,
 * LENGTH the byte length of the message in the data area.
 */
export const SAB = {
  STATE: 0,
  LENGTH: 1,
  /** Bytes before the data area (the control block, 8-byte aligned). */
  HEADER_BYTES: 16,
  /** STATE values. */
  IDLE: 0,
  REQUEST: 1,
  REPLY: 2,
  CLOSE: 3,
} as const;
