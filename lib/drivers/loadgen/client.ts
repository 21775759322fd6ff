/**
 * The load generator's HTTP client on raw `net` sockets: one prebuilt request written as is, one
 * request in flight per connection, responses read by the minimal parser of `wire.ts`. With
 * keep-alive it keeps idle connections for the next request; otherwise each request opens a
 * connection of its own and closes it once its response is read, as ApacheBench does.
 * @module
 */
import { Buffer } from "node:buffer";
import net from "node:net";
import { ResponseParser } from "./wire.ts";

/** Where and what to send: a loopback address already resolved and checked, and the request's bytes. */
export interface Target {
  host: string;
  port: number;
  bytes: Buffer;
  keepAlive: boolean;
}

/** Called once per request: `failure` is null for a response below 400 read to its end, else its kind. */
export type Settled = (failure: string | null, worker: string) => void;

interface Connection {
  socket: net.Socket;
  parser: ResponseParser;
  pending: Settled | null;
  error: string | null;
}

/** Kind of a failed request for `errorKinds`: its error code when it has one. */
export function kindOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code ? code : error instanceof Error ? error.name : "unknown";
}

/**
 * One read buffer for every socket: with `onread` the runtime reads into it and calls back at once,
 * so no Buffer is allocated per read and no stream event is emitted. The parser copies what it keeps.
 */
const READ_BUFFER_BYTES = 64 * 1024;

/** Sends requests to one target; `close()` abandons everything in flight without calling back. */
export class HttpClient {
  /** TCP connections opened so far. */
  connectionsOpened = 0;
  private readonly idle: Connection[] = [];
  private readonly live = new Set<Connection>();
  private closing = false;
  private readonly readBuffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);

  constructor(private readonly target: Target) {}

  /** Requests now in flight. */
  get inFlight(): number {
    return this.live.size - this.idle.length;
  }

  /** Sends one request; `settled` is called exactly once, unless `close()` comes first. */
  send(settled: Settled): void {
    const connection = this.idle.pop() ?? this.open();
    connection.pending = settled;
    connection.socket.write(this.target.bytes);
  }

  /** Destroys every connection; pending requests are abandoned, not failed. */
  close(): void {
    this.closing = true;
    for (const c of this.live) c.socket.destroy();
    this.live.clear();
    this.idle.length = 0;
  }

  private open(): Connection {
    this.connectionsOpened++;
    // Returns true: keep reading (false would pause the socket).
    const onread = (bytes: number): boolean => {
      if (!c.pending) return true; // nothing asked: stray bytes of a server, ignored
      let done: boolean;
      try {
        done = c.parser.feed(this.readBuffer.subarray(0, bytes));
      } catch (error) {
        c.error = kindOf(error);
        socket.destroy();
        return true;
      }
      if (done) this.finish(c);
      return true;
    };
    const socket = net.connect({ port: this.target.port, host: this.target.host, noDelay: true, onread: { buffer: this.readBuffer, callback: onread } });
    const c: Connection = { socket, parser: new ResponseParser(), pending: null, error: null };
    this.live.add(c);
    socket.on("error", (error) => {
      c.error = kindOf(error);
    });
    socket.on("close", () => {
      this.live.delete(c);
      const at = this.idle.indexOf(c);
      if (at >= 0) this.idle.splice(at, 1);
      if (this.closing || !c.pending) return;
      // A response framed by the close is complete now; anything else was cut off.
      if (!c.error && c.parser.started && c.parser.closed()) return this.finish(c, true);
      const settled = c.pending;
      c.pending = null;
      settled(c.error ?? "ECONNRESET", "none");
    });
    return c;
  }

  private finish(c: Connection, atClose = false): void {
    const settled = c.pending!;
    c.pending = null;
    const { status, worker, closes } = c.parser;
    c.parser.reset();
    if (!atClose) {
      // Reuse only what keep-alive allows. A connection the server announced it closes is left for
      // the server to close, as ApacheBench does: the side that closes first keeps the port in
      // TIME_WAIT, and on the client that slows every later connect() as free local ports get scarce.
      if (this.target.keepAlive && !closes) this.idle.push(c);
      else if (!closes) c.socket.destroy();
    }
    settled(status >= 400 ? `status ${Math.floor(status / 100)}xx` : null, worker);
  }
}
