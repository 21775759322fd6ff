/**
 * HTTP/1.1 on the wire, as little of it as the load generator needs: one request prebuilt as bytes
 * and sent as is, and an incremental parser of responses that reads the status code, the
 * `x-worker` header and where the body ends (Content-Length, chunked, or the connection's close),
 * without building header objects or copying the body. Pure: no sockets here.
 * @module
 */
import { Buffer } from "node:buffer";

/** The bytes of one GET request for `url`, with `Connection: keep-alive` or `close`. */
export function requestBytes(url: URL, keepAlive: boolean): Buffer {
  const path = `${url.pathname}${url.search}` || "/";
  return Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: ${keepAlive ? "keep-alive" : "close"}\r\n\r\n`, "latin1");
}

const HEAD_END = Buffer.from("\r\n\r\n", "latin1");
const CR = 13;
const LF = 10;
/** Longest header block accepted, in bytes; a longer one is a protocol error. */
const MAX_HEAD = 64 * 1024;

// Body framing once the head is read.
const HEAD = 0;
const LENGTH = 1;
const CHUNK_SIZE = 2;
const CHUNK_DATA = 3;
const CHUNK_DATA_END = 4;
const TRAILER = 5;
const UNTIL_CLOSE = 6;
const DONE = 7;

/**
 * Parses one response at a time from the chunks of a socket. `feed` returns true once the
 * response is complete (then `status` and `worker` hold its status code and `x-worker` value);
 * `closed` says whether a response that runs until the connection closes is complete at the close.
 * A malformed response throws an Error whose `code` is `EPROTO`.
 */
export class ResponseParser {
  status = 0;
  worker = "none";
  /** Whether the server announced it closes the connection after this response. */
  closes = false;
  private state = HEAD;
  private head: Buffer | null = null;
  private remaining = 0;
  private line = "";

  /** Ready for the next response on the same connection. */
  reset(): void {
    this.status = 0;
    this.worker = "none";
    this.closes = false;
    this.state = HEAD;
    this.head = null;
    this.remaining = 0;
    this.line = "";
  }

  /** True when a response has started arriving (some of its bytes were read). */
  get started(): boolean {
    return this.state !== HEAD || this.head !== null;
  }

  /** Feeds one chunk; true when the response it belongs to is complete. Bytes after the end are ignored (one request in flight per connection). */
  feed(chunk: Buffer): boolean {
    let at = 0;
    if (this.state === HEAD) {
      const data = this.head ? Buffer.concat([this.head, chunk]) : chunk;
      const end = data.indexOf(HEAD_END);
      if (end < 0) {
        if (data.length > MAX_HEAD) throw protocolError(`response head longer than ${MAX_HEAD} bytes`);
        this.head = data === chunk ? Buffer.from(chunk) : data;
        return false;
      }
      this.parseHead(data.toString("latin1", 0, end));
      this.head = null;
      // Continue with the body bytes of this chunk (positions in `data`, which may include an earlier head).
      chunk = data;
      at = end + 4;
    }
    return this.body(chunk, at);
  }

  /** The connection closed: true when that ends a response framed by the close. */
  closed(): boolean {
    return this.state === UNTIL_CLOSE || this.state === DONE;
  }

  private parseHead(head: string): void {
    // "HTTP/1.1 200 OK"
    const status = Number(head.slice(9, 12));
    if (!head.startsWith("HTTP/1.") || !Number.isInteger(status) || status < 100) throw protocolError(`bad status line ${JSON.stringify(head.slice(0, 40))}`);
    this.status = status;
    // One lower-cased copy of the head, searched for the four headers that matter: no header objects.
    const lower = head.toLowerCase();
    const value = (name: string): string | null => {
      const at = lower.indexOf(`\r\n${name}:`);
      if (at < 0) return null;
      const from = at + name.length + 3;
      const end = lower.indexOf("\r\n", from);
      return lower.slice(from, end < 0 ? lower.length : end).trim();
    };
    const lengthText = value("content-length");
    const length = lengthText === null ? -1 : Number(lengthText);
    const chunked = value("transfer-encoding")?.includes("chunked") ?? false;
    const at = lower.indexOf("\r\nx-worker:");
    if (at >= 0) {
      // The worker's name as the server wrote it (the lower-cased copy has the same positions).
      const end = head.indexOf("\r\n", at + 11);
      this.worker = head.slice(at + 11, end < 0 ? head.length : end).trim() || "none";
    }
    this.closes = value("connection") === "close";
    if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
      this.state = DONE;
    } else if (chunked) {
      this.state = CHUNK_SIZE;
    } else if (length >= 0) {
      if (!Number.isSafeInteger(length)) throw protocolError(`bad content-length ${JSON.stringify(lengthText)}`);
      this.remaining = length;
      this.state = length === 0 ? DONE : LENGTH;
    } else {
      this.state = UNTIL_CLOSE;
    }
  }

  private body(data: Buffer, at: number): boolean {
    while (at < data.length || this.state === DONE) {
      switch (this.state) {
        case DONE:
          return true;
        case UNTIL_CLOSE:
          return false;
        case LENGTH: {
          const take = Math.min(this.remaining, data.length - at);
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) this.state = DONE;
          break;
        }
        case CHUNK_SIZE:
        case TRAILER:
        case CHUNK_DATA_END: {
          const lf = data.indexOf(LF, at);
          const end = lf < 0 ? data.length : lf;
          this.line += data.toString("latin1", at, end);
          at = end;
          if (lf < 0) break;
          at = lf + 1;
          const line = this.line.charCodeAt(this.line.length - 1) === CR ? this.line.slice(0, -1) : this.line;
          this.line = "";
          if (this.state === CHUNK_DATA_END) {
            if (line !== "") throw protocolError("chunk not followed by CRLF");
            this.state = CHUNK_SIZE;
          } else if (this.state === TRAILER) {
            if (line === "") this.state = DONE;
          } else {
            const size = Number.parseInt(line, 16);
            if (!Number.isSafeInteger(size) || size < 0) throw protocolError(`bad chunk size ${JSON.stringify(line.slice(0, 20))}`);
            this.remaining = size;
            this.state = size === 0 ? TRAILER : CHUNK_DATA;
          }
          break;
        }
        case CHUNK_DATA: {
          const take = Math.min(this.remaining, data.length - at);
          this.remaining -= take;
          at += take;
          if (this.remaining === 0) this.state = CHUNK_DATA_END;
          break;
        }
      }
    }
    return false;
  }
}

function protocolError(message: string): Error {
  return Object.assign(new Error(`malformed HTTP response: ${message}`), { code: "EPROTO" });
}
