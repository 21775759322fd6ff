/**
 * The rule by which the site, the claims table and the README rest each experiment on one Result:
 * it picks by runtime, not by the order runs were made in, so the same folder always gives the same pick.
 */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { loadResult, type Result } from "parlab";
import { pickEvidence, profileOf, type Evidence } from "parlab/internal";
import { ROOT } from "../helpers.ts";

const base = loadResult(path.join(ROOT, "test/fixtures/results/scaling-2026-11-29T06-33-25-942Z.json"));

/** The fixture as if measured on `name version`, starting at `startedAt`, complete or not, with `params` set over. */
function evidence(name: "node" | "deno", version: string, startedAt: string, over: Partial<Result> = {}): Evidence {
  const result = { ...base, ...over, startedAt, runtime: { ...base.runtime, name, version } } as Result;
  return { file: `/x/${name}-${version}-${startedAt}.json`, shown: `${name}-${version}.json`, result, profile: profileOf(result), staleness: { stale: false, reason: "" } };
}

describe("pickEvidence", () => {
  it("prefers Node.js, then its newest release, whatever order the runs were made in", () => {
    const n20 = evidence("node", "20.20.2", "2026-12-04T10:00:00Z");
    const n24 = evidence("node", "24.22.3", "2026-12-04T09:00:00Z");
    const n22 = evidence("node", "22.23.5", "2026-12-04T11:00:00Z");
    const deno = evidence("deno", "2.5.6", "2026-12-04T12:00:00Z");
    assert.ok(n20.profile.profile !== null, "the fixture is at a profile's defaults");
    for (const order of [[n20, n24, n22, deno], [deno, n22, n24, n20], [n24, deno, n20, n22]]) {
      assert.equal(pickEvidence(order, "scaling"), n24);
    }
    assert.equal(pickEvidence([deno, n20], "scaling"), n20, "Node.js before Deno, even an older release measured earlier");
  });

  it("among runs on one runtime, the newest; a complete run at a profile before an incomplete or custom one", () => {
    const older = evidence("node", "24.22.3", "2026-12-01T00:00:00Z");
    const newer = evidence("node", "24.22.3", "2026-12-04T00:00:00Z");
    const partial = evidence("node", "24.22.3", "2026-12-05T00:00:00Z", { complete: false });
    const custom = evidence("node", "24.22.3", "2026-12-06T00:00:00Z", { params: { ...base.params, n: 12345 } });
    assert.equal(custom.profile.profile, null);
    assert.equal(pickEvidence([older, partial, custom, newer], "scaling"), newer);
    assert.equal(pickEvidence([partial, custom], "scaling"), custom, "failing a profile's run, the newest complete one");
    assert.equal(pickEvidence([partial], "scaling"), partial);
    assert.equal(pickEvidence([partial], "messaging"), undefined);
  });
});
