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

/** The label of a condition, e.g. "none c=64 new conn": the policy first, so that `split(" ")[0]` reads it back. */
export function conditionLabel(policy: SchedulingPolicy, concurrency: number, keepAlive: boolean): string {
  return `${policy} ${shapeLabel(concurrency, keepAlive)}`;
}

/** Why a runtime cannot run the "reuseport" policy. */
export function noReusePort(runtime: string): string {
  return `${runtime} has no reusePort option in net.Server.listen (Node 22.12+ or 23.1+ on Linux)`;
}

/** Every load shape × policy, in run order. */
export function crossConditions(params: Pick<DistributionParams, "concurrency" | "keepAlive">, policies: readonly SchedulingPolicy[]): DistributionCondition[] {
  return params.keepAlive.flatMap((keepAlive) => params.concurrency.flatMap((concurrency) =>
    policies.map((policy) => ({ label: conditionLabel(policy, concurrency, keepAlive), policy, concurrency, keepAlive }))));
}
