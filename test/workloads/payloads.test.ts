/** Payloads of an exact size, and the integrity check of their echoes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError } from "parlab";
import { echoMismatch, makePayload, payloadBytes, type PayloadKind } from "parlab/workloads";

const KINDS: PayloadKind[] = ["string", "object", "buffer"];

describe("payloads", () => {
  for (const kind of KINDS) {
    it(`${kind}: exactly the size asked for, and a changed echo is caught`, () => {
      for (const size of [64, 1000, 65_536]) assert.equal(payloadBytes(makePayload(kind, size)), size);
      const sent = makePayload(kind, 4096);
      assert.equal(echoMismatch(kind, sent, structuredClone(sent)), null);
      const other = makePayload(kind, 4096, 2);
      assert.match(echoMismatch(kind, sent, other) ?? "", /changed|different/);
      assert.notEqual(echoMismatch(kind, sent, makePayload(kind, 2048)), null, "a truncated echo is caught");
    });
  }

  it("a buffer echo must be bytes, not what JSON makes of a Buffer", () => {
    const sent = makePayload("buffer", 64) as Buffer;
    assert.equal(echoMismatch("buffer", sent, new Uint8Array(sent)), null, "a clone's Uint8Array is the same bytes");
    assert.match(echoMismatch("buffer", sent, JSON.parse(JSON.stringify(sent))) ?? "", /expected bytes/);
  });

  it("rejects an unknown kind and sizes outside 64 B – 256 MiB with InputErrors", () => {
    assert.throws(() => makePayload("xml" as PayloadKind, 64), (e: Error) => e instanceof InputError && /unknown payload kind "xml"; valid kinds are string, object, buffer/.test(e.message));
    assert.throws(() => makePayload("buffer", 300 * 2 ** 20), (e: Error) => e instanceof InputError && /from 64 to 268435456/.test(e.message));
    assert.throws(() => makePayload("buffer", 10), InputError);
  });
});
