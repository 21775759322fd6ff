/**
 * The distribution experiment's conditions and their labels, derived from its parameters alone:
 * what both the measuring side (what to run) and the analysing side (what ran) need. Loads no driver.
 * @module
 */
import type { SchedulingPolicy } from "../../drivers/cluster/mod.ts";
import type { DistributionCondition, DistributionParams } from "./types.ts";

/** The load shape part of a label, e.g. "c=64 new conn". */
export function shapeLabel(concurrency: number, keepAlive: boolean): string {
  return `c=${concurrency} ${keepAlive ? "keep-alive" : "new conn"}`;
}

/** The load shape part of an open-loop label, e.g. "50% load new conn": the offered rate as a percentage of round-robin's capacity. */
export function levelLabel(percent: number, keepAlive: boolean): string {
  return `${percent}% load ${keepAlive ? "keep-alive" : "new conn"}`;
}

/** The label of a condition, e.g. "none c=64 new conn" or "none 50% load new conn": the policy first, so that `split(" ")[0]` reads it back. */
export function conditionLabel(policy: SchedulingPolicy, concurrency: number, keepAlive: boolean, loadPercent: number | null = null): string {
  return `${policy} ${loadPercent === null ? shapeLabel(concurrency, keepAlive) : levelLabel(loadPercent, keepAlive)}`;
}

/** The sweep's load levels in percent of capacity, lowest first; none when the parameter is absent (older Results) or 0. */
export function sweepLevels(params: Pick<DistributionParams, "loadLevels">): number[] {
  return [...new Set((params.loadLevels ?? []).filter((x) => x > 0))].sort((a, b) => a - b);
}

/** Why a runtime cannot run the "reuseport" policy. */
export function noReusePort(runtime: string): string {
  return `${runtime} has no reusePort option in net.Server.listen (Node 22.12+ or 23.1+ on Linux)`;
}

/**
 * How many requests an open loop of the sweep may have in flight: four times the highest client
 * count, at least 64 (at most 1024), so that only a server that holds them all — one that cannot
 * take the offered load — makes requests wait for a slot.
 */
export function openLoopSlots(params: Pick<DistributionParams, "concurrency">): number {
  return Math.min(1024, Math.max(64, 4 * Math.max(...params.concurrency)));
}

/**
 * Every load shape × policy, in run order: the closed loops (one per client count), then the open
 * loops of the sweep (one per load level), whose requests in flight are bounded by the highest client count.
 */
export function crossConditions(params: Pick<DistributionParams, "concurrency" | "keepAlive" | "loadLevels">, policies: readonly SchedulingPolicy[]): DistributionCondition[] {
  const closed = params.keepAlive.flatMap((keepAlive) => params.concurrency.flatMap((concurrency) =>
    policies.map((policy) => ({ label: conditionLabel(policy, concurrency, keepAlive), policy, concurrency, keepAlive, loadPercent: null }))));
  const bound = openLoopSlots(params);
  const open = params.keepAlive.flatMap((keepAlive) => sweepLevels(params).flatMap((loadPercent) =>
    policies.map((policy) => ({ label: conditionLabel(policy, bound, keepAlive, loadPercent), policy, concurrency: bound, keepAlive, loadPercent }))));
  return [...closed, ...open];
}
