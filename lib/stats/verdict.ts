/**
 * Small pieces of how verdicts are worded: p-values in sentences. The verdict rule itself is in
 * decide.ts.
 * @module
 */
import { formatNumber } from "../format.ts";

/**
 * A p-value for a sentence: "p < 0.001" below 0.001, otherwise two significant digits.
 *
 * @param p A p-value in [0, 1].
 * @returns Text such as "p = 0.41".
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatPValue } from "./verdict.ts";
 *
 * assert.equal(formatPValue(0.0002), "p < 0.001");
 * assert.equal(formatPValue(0.4128), "p = 0.41");
 * assert.equal(formatPValue(0.0123), "p = 0.012");
 * ```
 */
export function formatPValue(p: number): string {
  return p < 0.001 ? "p < 0.001" : `p = ${formatNumber(p, 2)}`;
}

