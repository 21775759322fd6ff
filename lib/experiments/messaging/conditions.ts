/**
 * What a messaging run is made of: the experiment's id, its conditions (channel × payload kind ×
 * size) with their labels, and the bounds on round trips per trial. Pure, so the analysis can find
 * a saved Result's conditions without opening a channel.
 * @module
 */
import type { ChannelId } from "../../drivers/channels/mod.ts";
import type { PayloadKind } from "../../workloads/payloads.ts";
import type { MessagingCondition, MessagingParams } from "./types.ts";

/** The experiment's id, as Results record it. */
export const MESSAGING_ID = "messaging";

/** Fewest measured round trips per trial, however large the payload: at 16 MiB one round trip can take seconds. */
export const MIN_ROUND_TRIPS = 1;

/** A byte count as people write it: 64 B, 4 KiB, 16 MiB (exact, so labels stay unique). */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20 && bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20} MiB`;
  if (bytes >= 2 ** 10 && bytes % 2 ** 10 === 0) return `${bytes / 2 ** 10} KiB`;
  return `${bytes} B`;
}

/** The label of a condition: "thread-clone buffer 64 KiB". */
export const conditionLabel = (channel: ChannelId, kind: PayloadKind, sizeBytes: number): string => `${channel} ${kind} ${formatBytes(sizeBytes)}`;

/** The distinct sizes asked for, ascending, in bytes. */
export const sortedSizes = (sizes: readonly number[]): number[] => [...new Set(sizes)].sort((a, b) => a - b);

/** Every channel × kind × size asked for, in run order (sizes ascending). */
export function allConditions(params: Pick<MessagingParams, "channels" | "kinds" | "sizes">): MessagingCondition[] {
  const sizes = sortedSizes(params.sizes);
  return params.channels.flatMap((channel) => params.kinds.flatMap((kind) =>
    sizes.map((sizeBytes) => ({ label: conditionLabel(channel, kind, sizeBytes), channel, kind, sizeBytes }))));
}
