import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError, resolveParams, scaling } from "parlab";
// Parsing of overrides is internal (notebookParams and the CLI use it): parlab/internal exports it for tests.
import { externalParams, parseSetArg } from "parlab/internal";

describe("parameters", () => {
  it("takes the profile's defaults", () => {
    assert.deepEqual(resolveParams(scaling.params, "tiny").workers, [1, 2]);
    const full = resolveParams(scaling.params, "full");
    assert.deepEqual([full.trials, full.maxTrials, full.precision, full.looks], [6, 20, 0.02, 3], "full runs 6 to 20 trials, stopping once within ±2%");
    assert.equal(resolveParams(scaling.params, "quick").precision, 0, "quick runs a fixed count");
    assert.deepEqual(resolveParams(scaling.params, "quick").kinds, ["threads", "processes"]);
  });

  it("parses text overrides by type", () => {
    const p = resolveParams(scaling.params, "tiny", [
      parseSetArg("workers=1,2,4"),
      parseSetArg("kinds=threads"),
      parseSetArg("order=abba"),
      { key: "trials", value: "3", input: "--trials" },
    ]);
    assert.deepEqual(p.workers, [1, 2, 4]);
    assert.deepEqual(p.kinds, ["threads"]);
    assert.equal(p.order, "abba");
    assert.equal(p.trials, 3);
  });

  const bad: Array<[string, () => unknown, RegExp]> = [
    ["trials 0", () => resolveParams(scaling.params, "tiny", [{ key: "trials", value: "0", input: "--trials" }]), /^--trials: "0" is not valid for trials; expected whole numbers from 1 to 10000 \(trials\)$/],
    ["trials abc", () => resolveParams(scaling.params, "tiny", [{ key: "trials", value: "abc", input: "--trials" }]), /^--trials: "abc" is not valid for trials; expected whole numbers/],
    ["unknown key", () => resolveParams(scaling.params, "tiny", [parseSetArg("wrokers=2")]), /--set wrokers=2: unknown parameter "wrokers"; valid parameters are workers, kinds, n/],
    ["bad choice", () => resolveParams(scaling.params, "tiny", [parseSetArg("kinds=fibers")]), /not valid for kinds; expected a comma-separated list of one of threads, processes/],
    ["empty list", () => resolveParams(scaling.params, "tiny", [parseSetArg("workers=")]), /workers must be a non-empty list/],
    ["no equals", () => parseSetArg("trials"), /expected key=value/],
    ["fraction", () => resolveParams(scaling.params, "tiny", [parseSetArg("n=1.5")]), /not valid for n/],
    ["bad profile env", () => externalParams({ PARLAB_PROFILE: "huge" }), /PARLAB_PROFILE: unknown profile "huge"; valid profiles are tiny, quick, full/],
    ["bad argv", () => externalParams({}, ["--colour"]), /command line: .*--colour/],
  ];
  for (const [name, f, message] of bad) {
    it(`rejects ${name} with a message naming the input`, () => {
      assert.throws(f, (e: Error) => e instanceof InputError && message.test(e.message));
    });
  }

  it("reads overrides from the environment, then the script's own command line", () => {
    const ext = externalParams({ PARLAB_PROFILE: "tiny", PARLAB_SET: "trials=3;order=abba" }, ["--profile", "quick", "--set", "seed=9", "--trials", "4"]);
    assert.equal(ext.profile, "quick");
    assert.deepEqual(ext.overrides.map((o) => `${o.key}=${o.value}`), ["trials=3", "order=abba", "seed=9", "trials=4"]);
    const p = resolveParams(scaling.params, ext.profile!, ext.overrides);
    assert.equal(p.trials, 4, "the later override wins");
  });

  it("a script's --precision sets the stopping rule's precision, checked like any parameter", () => {
    const ext = externalParams({}, ["--precision", "0.03"]);
    assert.deepEqual(ext.overrides.map((o) => [o.key, o.value, o.input]), [["precision", "0.03", "--precision"]]);
    assert.equal(resolveParams(scaling.params, "quick", ext.overrides).precision, 0.03);
    assert.throws(() => resolveParams(scaling.params, "quick", externalParams({}, ["--precision", "2"]).overrides), /--precision: "2" is not valid for precision; expected numbers from 0 to 0\.5/);
  });
});
