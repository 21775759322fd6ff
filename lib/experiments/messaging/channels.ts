/**
 * What the analysis knows of the channels without opening one: a fixed colour per channel, and
 * why a combination a saved Result asked for was not measured, judged by the runtime that ran it.
 * @module
 */
import type { ChannelId } from "../../drivers/channels/mod.ts";
import type { RuntimeInfo } from "../../types.ts";
import type { PayloadKind } from "../../workloads/payloads.ts";

/** Fixed colours per channel, so the legend is learnt once: processes blue, threads orange, shared memory green. */
export const CHANNEL_COLORS: Readonly<Record<ChannelId, string>> = {
  "ipc-json": "#56B4E9",
  "ipc-advanced": "#0072B2",
  "thread-clone": "#E69F00",
  "thread-transfer": "#D55E00",
  "thread-port": "#CC79A7",
  "sab-wait": "#009E73",
  "sab-async": "#6B8E23",
};

/** "node 20.20.2": a runtime as labels and findings name it. */
export const runtimeLabel = (r: Pick<RuntimeInfo, "name" | "version">): string => `${r.name} ${r.version}`;

/**
 * Why a kind of payload cannot be transferred: the channels driver's own words, repeated here so
 * re-analysing a Result needs no driver (a test checks that the two agree).
 */
export function untransferableReason(kind: PayloadKind): string {
  return `only an ArrayBuffer can be transferred; ${kind === "object" ? "an" : "a"} ${kind} is always copied (thread-clone measures that)`;
}

/** Why a combination asked for in a saved Result was not measured, judged by the runtime that ran it. */
export function unavailableReason(channel: ChannelId, kind: PayloadKind, runtime: RuntimeInfo): string {
  if (channel === "thread-transfer" && kind !== "buffer") return untransferableReason(kind);
  if (channel.startsWith("sab-") && !runtime.features.sharedArrayBuffer) return `${runtimeLabel(runtime)} has no SharedArrayBuffer`;
  if (channel === "sab-async" && !runtime.features.atomicsWaitAsync) return `${runtimeLabel(runtime)} has no Atomics.waitAsync`;
  return "no trial of it completed in this run (see the Result's failures)";
}
