/**
 * The message channels to an echo peer: each round-trips every payload kind it supports intact, a
 * transfer moves the buffer, a dead or silent peer fails the round trip instead of hanging, and bad
 * options are refused naming the input.
 */
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { CHANNELS, channelSupport, openChannel, runRoundTrips } from "parlab/drivers";
import { echoMismatch, makePayload, type PayloadKind } from "parlab/workloads";
import { leftovers } from "../helpers.ts";

const KINDS: PayloadKind[] = ["string", "object", "buffer"];
const LARGEST = 16 * 2 ** 20;

after(async () => {
  assert.deepEqual(await leftovers("channels/entry-echo"), [], "no echo process left");
});

describe("channels", () => {
  for (const channel of CHANNELS) {
    for (const kind of KINDS) {
      if (!channelSupport(channel, kind).available) continue;
      it(`${channel} round-trips ${kind === "object" ? "an" : "a"} ${kind} intact at 64 B and at 16 MiB`, async () => {
        const ch = await openChannel({ channel, kind, capacityBytes: LARGEST });
        try {
          for (const size of [64, LARGEST]) {
            const payload = makePayload(kind, size, size);
            // runRoundTrips checks every echo against the payload and throws on a difference.
            const { latenciesMs } = await runRoundTrips(ch, payload, { count: 2, minCount: 2, budgetMs: 0 });
            assert.equal(latenciesMs.length, 2);
            assert.ok(latenciesMs.every((ms) => ms > 0));
          }
        } finally {
          await ch.close();
        }
      });
    }
  }

  it("transfer moves the buffer: the sender's copy is detached, the echo carries the bytes", async () => {
    const ch = await openChannel({ channel: "thread-transfer", kind: "buffer" });
    try {
      const payload = makePayload("buffer", 4096) as Buffer;
      const travelling = new Uint8Array(new ArrayBuffer(4096));
      travelling.set(payload);
      const echo = (await ch.roundTrip(travelling as Buffer)) as Uint8Array;
      assert.equal(travelling.byteLength, 0, "the sent buffer was transferred, not copied");
      assert.equal(echoMismatch("buffer", payload, echo), null);
    } finally {
      await ch.close();
    }
  });

  for (const channel of CHANNELS) {
    it(`${channel}: a dead peer fails the round trip with an error, not a hang`, async () => {
      const ch = await openChannel({ channel, kind: "buffer", capacityBytes: 64, replyTimeoutMs: 500 });
      try {
        await ch.crashPeer();
        const t0 = performance.now();
        await assert.rejects(async () => await ch.roundTrip(makePayload("buffer", 64)), /exited|killed|no reply within 500 ms|no echo within 500 ms/);
        assert.ok(performance.now() - t0 < 5000, "failed within the reply limit");
      } finally {
        await ch.close();
      }
    });
  }

  it("a shared-memory peer that stops answering fails by the wait's time limit", async () => {
    // The blocked caller cannot hear of the peer's exit; only the timed Atomics.wait ends the round trip.
    const ch = await openChannel({ channel: "sab-wait", kind: "string", capacityBytes: 1024, replyTimeoutMs: 300 });
    try {
      await ch.crashPeer();
      const t0 = performance.now();
      assert.throws(() => ch.roundTrip(makePayload("string", 64)), /sab-wait: no reply within 300 ms/);
      assert.ok(performance.now() - t0 >= 290, "it waited for the limit");
    } finally {
      await ch.close();
    }
  });

  it("bad options give InputErrors naming the input", async () => {
    await assert.rejects(openChannel({ channel: "pigeon" as never, kind: "buffer" }), /channel: unknown channel "pigeon"; valid channels are ipc-json, ipc-advanced/);
    await assert.rejects(openChannel({ channel: "thread-clone", kind: "xml" as never }), /kind: unknown payload kind "xml"/);
    await assert.rejects(openChannel({ channel: "thread-transfer", kind: "object" }), /only an ArrayBuffer can be transferred/);
    await assert.rejects(openChannel({ channel: "sab-wait", kind: "buffer", capacityBytes: 0 }), /capacityBytes: must be a whole number/);
    const ch = await openChannel({ channel: "sab-wait", kind: "buffer", capacityBytes: 64 });
    try {
      assert.throws(() => ch.roundTrip(makePayload("buffer", 128)), /128-byte message does not fit the 64-byte shared buffer/);
    } finally {
      await ch.close();
    }
  });
});
