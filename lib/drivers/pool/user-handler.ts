/**
 * A user's HTTP handler in a form that runs alike in a cluster worker (called in the process that
 * accepted the request) and in a thread of the thread server (the request crosses to the thread as
 * a message): a function of a plain request object that returns a plain response object.
 * @module
 */
import { Buffer } from "node:buffer";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A request as a user's handler receives it. */
export interface UserRequest {
  method: string;
  /** Path and query, e.g. "/orders?id=3". */
  url: string;
  headers: Record<string, string>;
  /** The body as UTF-8 text ("" when there is none). */
  body: string;
}

/** What a user's handler returns: a status (default 200), headers and a text body. */
export interface UserResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Reads a request and its whole body. */
export function readRequest(request: IncomingMessage): Promise<UserRequest> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("error", reject);
    request.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
      resolve({ method: request.method ?? "GET", url: request.url ?? "/", headers, body: Buffer.concat(chunks).toString("utf8") });
    });
  });
}

/** Writes a handler's response, with `x-worker` naming who served it; a handler that failed answers 500 with its reason. */
export function writeResponse(response: ServerResponse, outcome: { ok: true; value: unknown } | { ok: false; error: string }, worker: number): void {
  if (response.writableEnded || response.destroyed) return;
  const r = outcome.ok ? ((outcome.value ?? {}) as UserResponse) : { status: 500, body: JSON.stringify({ error: outcome.error }), headers: { "content-type": "application/json" } };
  const body = typeof r.body === "string" ? r.body : r.body === undefined ? "" : JSON.stringify(r.body);
  const status = Number.isInteger(r.status) && r.status! >= 100 && r.status! <= 599 ? r.status! : 200;
  response.writeHead(status, { ...(r.headers ?? {}), "content-length": Buffer.byteLength(body), "x-worker": String(worker) });
  response.end(body);
}
