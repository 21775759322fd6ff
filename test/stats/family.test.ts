import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { adjustPValues, FAMILY_PROCEDURES } from "parlab/stats";

describe("adjustPValues", () => {
  it("applies Holm's step-down with the monotone adjustment", () => {
    // Sorted 0.001, 0.01, 0.02, 0.03, 0.5 times 5, 4, 3, 2, 1: 0.005, 0.04, 0.06, 0.06, 0.5 — the
    // fourth would be 0.06 = 2·0.03 and stays 0.06 by the running maximum.
    const adjusted = adjustPValues([0.03, 0.5, 0.001, 0.02, 0.01]);
    const expected = [0.06, 0.5, 0.005, 0.06, 0.04];
    adjusted.forEach((p, i) => assert.ok(Math.abs(p - expected[i]!) < 1e-15, `${i}: ${p} vs ${expected[i]}`));
  });

  it("keeps the order of the raw p-values and caps at 1", () => {
    const adjusted = adjustPValues([0.011, 0.012, 0.9, 0.95]);
    assert.deepEqual(adjusted.map((p) => Math.round(p * 1e6) / 1e6), [0.044, 0.044, 1, 1]);
  });

  it("Bonferroni multiplies by the family size; none changes nothing; a family of one is unchanged", () => {
    assert.deepEqual(adjustPValues([0.01, 0.3], "bonferroni"), [0.02, 0.6]);
    assert.deepEqual(adjustPValues([0.01, 0.3], "none"), [0.01, 0.3]);
    assert.deepEqual(adjustPValues([0.02]), [0.02]);
    assert.deepEqual(adjustPValues([]), []);
  });

  it("refuses an unknown procedure naming the family parameter and the valid values", () => {
    assert.deepEqual([...FAMILY_PROCEDURES], ["holm", "bonferroni", "none"]);
    assert.throws(
      () => adjustPValues([0.01], "sidak-ish" as never),
      (e: Error & { input?: string }) => e.name === "InputError" && e.input === "family" && /holm, bonferroni, none/.test(e.message),
    );
  });

  it("refuses a p-value outside [0, 1]", () => {
    assert.throws(() => adjustPValues([0.1, 1.2]), /ps\[1\] is 1.2/);
    assert.throws(() => adjustPValues([NaN]), /ps\[0\] is NaN/);
  });
});
