/**
 * The reusePort question on the claims page is decided from the Result's own comparisons, never typed:
 * undecided (saying how to measure it) where the runtime lacked reusePort, "holds" where reusePort's
 * throughput is decided higher with an even spread, and "does not hold" where its spread is decided
 * less even than round-robin's.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { distribution, loadResult, reanalyse, type Result } from "parlab";
import { ROOT } from "../helpers.ts";

const REFERENCE = path.join(ROOT, "test/fixtures/results/distribution-2026-11-29T07-01-20-193Z.json");

/**
 * A copy of the reference where reusePort ran: the trials of `from` relabelled, with throughput scaled.
 * Every trial is taken twice (10 per condition), since 5 per side cannot decide anything in a family of 12.
 */
function withReusePort(from: "rr" | "none", throughputScale: number) {
  const result = structuredClone(loadResult(REFERENCE)) as Result;
  const n = result.trials.length;
  result.trials.push(...result.trials.map((t) => ({ ...t, index: t.index + n, seq: t.seq + n })));
  const copies = result.trials
    .filter((t) => t.condition.startsWith(`${from} `))
    .map((t) => ({
      ...t,
      condition: t.condition.replace(/^\w+ /, "reuseport "),
      metrics: { ...t.metrics, throughputRps: Number(t.metrics.throughputRps) * throughputScale },
    }));
  result.trials.push(...copies);
  result.runtime.features.reusePort = true;
  return reanalyse(result);
}

const claimOf = (result: Result) => {
  const claim = distribution.claims(result as never).find((c) => c.id === "reuseport-even-and-fast");
  assert.ok(claim, "the distribution experiment states the reusePort question");
  return claim;
};

describe("the reusePort question", () => {
  it("is undecided on a runtime without reusePort, and says how to measure it", () => {
    const claim = claimOf(reanalyse(loadResult(REFERENCE)));
    assert.equal(claim.verdict, "undecided");
    assert.match(claim.evidence, /Not measured/);
    assert.match(claim.evidence, /--runtime node@24/);
  });

  it("holds (under the shapes where the spread is shown even) where reusePort spreads as round-robin does and serves twice as fast", () => {
    const claim = claimOf(withReusePort("rr", 2));
    assert.ok(claim.verdict === "holds" || claim.verdict === "holds-only-when", `${claim.verdict}: ${claim.evidence}`);
    assert.match(claim.evidence, /had 2\.00× the throughput/);
    assert.match(claim.evidence, /equivalent within ±5%/);
  });

  it("does not hold where reusePort spreads as socket sharing does, however fast", () => {
    const claim = claimOf(withReusePort("none", 2));
    assert.equal(claim.verdict, "does-not-hold", claim.evidence);
  });

  it("is not decided where nothing separates reusePort from round-robin's throughput", () => {
    const claim = claimOf(withReusePort("rr", 1));
    assert.notEqual(claim.verdict, "does-not-hold");
  });
});
