/**
 * The messaging experiment's parameter rules: every channel, payload kind and size named is one the
 * lab knows. Pure, so that checking parameters (as the CLI and notebooks do before anything starts,
 * and before re-plotting a saved Result) loads no channel peer.
 * @module
 */
import { checkChannel } from "../../drivers/channels/channel.ts";
import { InputError } from "../../errors.ts";
import { checkKind, checkSize } from "../../workloads/payloads.ts";
import type { MessagingParams } from "./types.ts";

/** Checks parameters that may come from anywhere (a notebook, the CLI, a direct call); InputErrors name the field. */
export function checkMessagingParams(params: Pick<MessagingParams, "channels" | "kinds" | "sizes">): void {
  for (const [name, list] of [["channels", params.channels], ["kinds", params.kinds], ["sizes", params.sizes]] as const) {
    if (!Array.isArray(list) || list.length === 0) throw new InputError(name, `must be a non-empty list`);
  }
  params.channels.forEach((c) => checkChannel(c, "channels"));
  params.kinds.forEach((k) => checkKind(k, "kinds"));
  params.sizes.forEach((s) => checkSize(s, "sizes"));
}
