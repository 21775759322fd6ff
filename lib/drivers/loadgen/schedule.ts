/**
 * The open loop's schedule: the gaps between intended send times, either constant (1/rate) or
 * those of a Poisson process of the same mean rate drawn from a seeded generator, so that two runs
 * with the same seed offer the same arrivals. Pure.
 * @module
 */
import { createRng } from "../../stats/mod.ts";

/** How requests arrive in an open loop. */
export type Arrival = "constant" | "poisson";

/** The arrival processes, in the order error messages name them. */
export const ARRIVALS: readonly Arrival[] = ["constant", "poisson"];

/** A function giving the gap before each next request, in milliseconds, for `rate` requests per second. */
export function arrivalGaps(rate: number, arrival: Arrival, seed: number): () => number {
  const mean = 1000 / rate;
  if (arrival === "constant") return () => mean;
  const random = createRng(seed);
  // Exponential gaps: −ln(1 − U) · mean, with U in [0, 1) so the logarithm stays finite.
  return () => -Math.log(1 - random()) * mean;
}
