/**
 * Multiple comparisons: p-values adjusted so that, across a family of comparisons, the chance of
 * declaring any difference that is not there stays at most α (family-wise error control).
 *
 * An experiment that compares 20 conditions at α = 0.05 each, with no real difference anywhere,
 * declares at least one "winner" with probability 1 − 0.95^20 ≈ 64%. Holm's step-down procedure
 * (Holm 1979, Scand. J. Statist. 6:65) controls the family-wise error at α under any dependence
 * between the tests and is uniformly more powerful than Bonferroni: sort the m p-values ascending,
 * multiply the i-th smallest by m − i + 1, and carry the running maximum so that the adjusted values
 * keep the order of the raw ones (the "monotone" adjustment, as in R's p.adjust). A comparison is
 * declared when its adjusted p < α. Bonferroni multiplies every p by m; "none" leaves them alone (a
 * family of one, or an exploratory look that says so).
 * @module
 */
import { InputError } from "../errors.ts";

/**
 * The adjustment procedures, the first the default.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FAMILY_PROCEDURES } from "./family.ts";
 * assert.deepEqual([...FAMILY_PROCEDURES], ["holm", "bonferroni", "none"]);
 * ```
 */
export const FAMILY_PROCEDURES = ["holm", "bonferroni", "none"] as const;

/**
 * A family-wise adjustment procedure: one of {@link FAMILY_PROCEDURES}.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adjustPValues, type FamilyProcedure } from "./family.ts";
 * const procedure: FamilyProcedure = "bonferroni";
 * assert.deepEqual(adjustPValues([0.01, 0.2], procedure), [0.02, 0.4]);
 * ```
 */
export type FamilyProcedure = (typeof FAMILY_PROCEDURES)[number];

/**
 * Checks a procedure name given by a user.
 *
 * @param procedure The name, e.g. from a parameter.
 * @returns The procedure, typed.
 * @throws {InputError} With input "family", listing the valid procedures.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { requireFamilyProcedure } from "./family.ts";
 * assert.equal(requireFamilyProcedure("holm"), "holm");
 * assert.throws(() => requireFamilyProcedure("sidak-ish"), /family: .*holm, bonferroni, none/);
 * ```
 */
export function requireFamilyProcedure(procedure: unknown): FamilyProcedure {
  if (typeof procedure === "string" && (FAMILY_PROCEDURES as readonly string[]).includes(procedure)) return procedure as FamilyProcedure;
  throw new InputError("family", `${JSON.stringify(procedure)} is not a multiple-comparison procedure; give one of ${FAMILY_PROCEDURES.join(", ")}`);
}

/**
 * Adjusts the p-values of one family of comparisons for family-wise error control.
 *
 * @param ps Raw p-values in [0, 1], one per comparison of the family.
 * @param procedure "holm" (default), "bonferroni" or "none".
 * @returns Adjusted p-values in [0, 1], in the order given; each ≥ its raw p.
 * @throws {InputError} On an unknown procedure, with input "family".
 * @throws {RangeError} Naming the index of a p-value that is not a number in [0, 1].
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { adjustPValues } from "./family.ts";
 * // Holm: sorted 0.01, 0.02, 0.04 times 3, 2, 1, then the running maximum.
 * assert.deepEqual(adjustPValues([0.04, 0.01, 0.02]), [0.04, 0.03, 0.04]);
 * assert.deepEqual(adjustPValues([0.04, 0.01, 0.02], "bonferroni"), [0.12, 0.03, 0.06]);
 * ```
 */
export function adjustPValues(ps: readonly number[], procedure: FamilyProcedure = "holm"): number[] {
  const checked = requireFamilyProcedure(procedure);
  if (!Array.isArray(ps)) throw new RangeError("ps is not an array; give the family's p-values");
  ps.forEach((p, i) => {
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new RangeError(`ps[${i}] is ${String(p)}; every p-value must be a number in [0, 1]`);
  });
  const m = ps.length;
  if (checked === "none") return ps.slice();
  if (checked === "bonferroni") return ps.map((p) => Math.min(1, m * p));
  const order = ps.map((_, i) => i).sort((i, j) => ps[i]! - ps[j]!);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * ps[index]!));
    adjusted[index] = running;
  });
  return adjusted;
}
