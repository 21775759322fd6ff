/**
 * Payloads of the messaging experiment: strings, plain objects and byte buffers of a given size,
 * their byte encoding for the shared-memory channel, and the check that an echo equals what was
 * sent. The same module runs in the caller and in the echo peers.
 * @module
 */
import { Buffer } from "node:buffer";
import { isDeepStrictEqual } from "node:util";
import { InputError } from "../errors.ts";

/** What a payload is: a string, a plain object (nested, JSON-able), or a byte buffer. */
export type PayloadKind = "string" | "object" | "buffer";
export const PAYLOAD_KINDS: readonly PayloadKind[] = ["string", "object", "buffer"];

/** Smallest payload, in bytes: an object payload's envelope alone is about 30 bytes of JSON. */
export const MIN_PAYLOAD_BYTES = 64;
/** Largest payload any channel accepts, in bytes (256 MiB): beyond it a round trip holds gigabytes of copies. */
export const MAX_PAYLOAD_BYTES = 256 * 2 ** 20;

/** A payload and its size in bytes (UTF-8 bytes of a string, JSON bytes of an object, bytes of a buffer). */
export type Payload = string | Record<string, unknown> | Buffer;

/** Checks a payload kind; an InputError names the valid ones. */
export function checkKind(kind: unknown, input = "kind"): PayloadKind {
  if (!PAYLOAD_KINDS.includes(kind as PayloadKind)) {
    throw new InputError(input, `unknown payload kind ${JSON.stringify(kind)}; valid kinds are ${PAYLOAD_KINDS.join(", ")}`);
  }
  return kind as PayloadKind;
}

/** Checks a payload size; an InputError names the valid range. */
export function checkSize(sizeBytes: unknown, input = "sizeBytes"): number {
  if (typeof sizeBytes !== "number" || !Number.isInteger(sizeBytes) || sizeBytes < MIN_PAYLOAD_BYTES || sizeBytes > MAX_PAYLOAD_BYTES) {
    throw new InputError(input, `payload size ${String(sizeBytes)} is not valid; give a whole number of bytes from ${MIN_PAYLOAD_BYTES} to ${MAX_PAYLOAD_BYTES} (256 MiB)`);
  }
  return sizeBytes;
}

/** A deterministic byte pattern, so that a corrupted or truncated echo cannot pass by chance. */
function fillPattern(bytes: Uint8Array, seed: number): void {
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < bytes.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
}

/** Printable ASCII text of exactly `length` characters (one UTF-8 byte each). */
function asciiText(length: number, seed: number): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_";
  const bytes = new Uint8Array(Math.min(length, 4096));
  fillPattern(bytes, seed);
  let chunk = "";
  for (const b of bytes) chunk += alphabet[b % alphabet.length];
  return chunk.repeat(Math.ceil(length / Math.max(chunk.length, 1))).slice(0, length);
}

/**
 * A plain object whose JSON text is exactly `sizeBytes` long: records with numbers, strings,
 * booleans, a short text and a nested array, like rows of an API response, then a pad string to hit the size.
 */
function objectPayload(sizeBytes: number, seed: number): Record<string, unknown> {
  const items: Array<Record<string, unknown>> = [];
  const envelope = { kind: "parlab-payload", seed, items, pad: "" };
  let length = JSON.stringify(envelope).length;
  // About 160 bytes of JSON per record, half of it a text field: a row of an API response, not a swarm of tiny objects.
  const note = asciiText(80, seed);
  for (let i = 0; ; i++) {
    const item = { id: i, name: `item-${seed}-${i}`, price: (i * 37) % 1000 + 0.25, ok: i % 3 === 0, tags: ["a", `t${i % 7}`], note };
    const added = JSON.stringify(item).length + (items.length > 0 ? 1 : 0);
    if (length + added > sizeBytes) break;
    items.push(item);
    length += added;
  }
  envelope.pad = asciiText(sizeBytes - length, seed);
  return envelope;
}

/**
 * A payload of `kind` whose size is exactly `sizeBytes`: UTF-8 bytes of a string, bytes of the JSON
 * text of an object, or bytes of a buffer. Buffers own an ArrayBuffer of exactly their size, so they
 * can be transferred and a structured clone copies nothing more than the payload.
 *
 * @throws {InputError} On an unknown kind or a size outside 64 B – 256 MiB.
 * @example
 * makePayload("buffer", 1024).byteLength; // 1024
 */
export function makePayload(kind: PayloadKind, sizeBytes: number, seed = 1): Payload {
  checkKind(kind);
  checkSize(sizeBytes);
  if (kind === "string") return asciiText(sizeBytes, seed);
  if (kind === "object") return objectPayload(sizeBytes, seed);
  const buffer = Buffer.from(new ArrayBuffer(sizeBytes));
  fillPattern(buffer, seed);
  return buffer;
}

/** A copy of a payload that shares no memory with it (for the transfer channel, whose buffer moves). */
export function copyPayload(payload: Payload): Payload {
  if (payload instanceof Uint8Array) {
    const copy = Buffer.from(new ArrayBuffer(payload.byteLength));
    copy.set(payload);
    return copy;
  }
  return payload;
}

/** Size of a payload in bytes, as {@link makePayload} counts it. */
export function payloadBytes(payload: Payload): number {
  if (payload instanceof Uint8Array) return payload.byteLength;
  if (typeof payload === "string") return Buffer.byteLength(payload, "utf8");
  return Buffer.byteLength(JSON.stringify(payload), "utf8");
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The bytes the shared-memory channel copies for a value: UTF-8 text, JSON text, or the bytes themselves. */
export function encodePayload(kind: PayloadKind, value: unknown): Uint8Array {
  if (kind === "buffer") return value as Uint8Array;
  return encoder.encode(kind === "string" ? (value as string) : JSON.stringify(value));
}

/** The value back from bytes the shared-memory channel copied out (the bytes must be a private copy). */
export function decodePayload(kind: PayloadKind, bytes: Uint8Array): unknown {
  if (kind === "buffer") return bytes;
  const text = decoder.decode(bytes);
  return kind === "string" ? text : JSON.parse(text);
}

/**
 * Why an echo differs from the payload sent, or null when it is equal: the same string, a deeply
 * equal plain object, or the same bytes (a Buffer or any Uint8Array: a structured clone delivers the latter).
 */
export function echoMismatch(kind: PayloadKind, sent: Payload, echoed: unknown): string | null {
  if (kind === "string") {
    if (typeof echoed !== "string") return `expected a string, got ${typeof echoed}`;
    return echoed === sent ? null : `the string came back changed (${(sent as string).length} characters sent, ${echoed.length} received)`;
  }
  if (kind === "object") {
    if (typeof echoed !== "object" || echoed === null) return `expected an object, got ${echoed === null ? "null" : typeof echoed}`;
    return isDeepStrictEqual(echoed, sent) ? null : "the object came back different";
  }
  if (!(echoed instanceof Uint8Array)) return `expected bytes, got ${Object.prototype.toString.call(echoed)}`;
  const bytes = echoed;
  const want = sent as Uint8Array;
  if (bytes.byteLength !== want.byteLength) return `${want.byteLength} bytes sent, ${bytes.byteLength} received`;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).equals(want) ? null : "the bytes came back changed";
}
