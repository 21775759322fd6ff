/**
 * Example HTTP handler for notebook 07: a function of a plain request that returns a plain
 * response, so the lab can serve it from cluster workers and from the thread server's threads
 * alike. It parses a JSON body (or the query), does a little CPU work, and answers JSON.
 * @module
 */
import { createHash } from "node:crypto";

/** The request the lab passes: method, path with query, headers and the body as text. */
export interface Request {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Answers `{ path, digest }`: the SHA-256 of the path and body, hashed `?rounds=` times (default 200). */
export function handle(request: Request): { status: number; headers: Record<string, string>; body: string } {
  const url = new URL(request.url, "http://127.0.0.1");
  const rounds = Math.min(100_000, Math.max(1, Number(url.searchParams.get("rounds") ?? 200) || 200));
  let digest = createHash("sha256").update(url.pathname + request.body).digest();
  for (let i = 1; i < rounds; i++) digest = createHash("sha256").update(digest).digest();
  return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ path: url.pathname, digest: digest.toString("hex") }) };
}
