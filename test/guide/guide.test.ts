/**
 * The decision guide answers from the Results it is given: its figures move when a Result's trials
 * change, a missing experiment's branch says "no evidence", an injected staleness marks its branch,
 * and each branch's answer flips where its own figures say it should.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { InputError, type Result } from "parlab";
import { decisionGuide, gatherEvidence, guideCharts, guideMarkdown, guideRows, type Branch, type Guide, type GuideQuestion } from "parlab/guide";
import { ROOT, tempDir } from "../helpers.ts";

const REFERENCE = path.join(ROOT, "data", "results", "reference");
const QUESTION: GuideQuestion = { jobMs: 500, payloadBytes: 65536, memoryBudgetMb: 512, workersWanted: 4 };
const SCRATCH = tempDir("parlab-guide-");
let made = 0;
/** A fresh empty folder. */
function EMPTY(): string {
  const dir = path.join(SCRATCH, String(made++));
  fs.mkdirSync(dir);
  return dir;
}

/** The reference the guide rests experiment `id` on when there is no run of ours (the site's pick, not simply the newest file). */
const referenceFile = (id: string) => {
  const evidence = gatherEvidence({ runsDir: EMPTY() }).find((e) => e.experiment === id);
  assert.ok(evidence?.file && evidence.source === "reference", `a reference of ${id}`);
  return path.join(ROOT, evidence.file);
};
const branch = (guide: Guide, id: Branch["id"]) => guide.branches.find((b) => b.id === id)!;
const figureOf = (b: Branch, name: string) => {
  const f = b.figures.find((x) => x.name === name);
  assert.ok(f, `${b.id} has a figure "${name}" (has: ${b.figures.map((x) => x.name).join("; ")})`);
  return f;
};

/** A copy of the reference Result of `id` in `dir`, under a newer name, with `edit` applied to its trials. */
function copyWith(id: string, dir: string, edit: (r: Result) => void, name = `${id}-2099-01-01T00-00-00-000Z.json`): string {
  const result = JSON.parse(fs.readFileSync(referenceFile(id), "utf8")) as Result;
  edit(result);
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(result));
  return file;
}

describe("the decision guide's evidence", () => {
  it("takes the newest readable run over the reference, skips an unreadable newer file with its reason, and names files without this machine's paths", () => {
    const runs = EMPTY();
    copyWith("scaling", runs, () => {}, "scaling-2099-01-01T00-00-00-000Z.json");
    fs.writeFileSync(path.join(runs, "scaling-2099-02-01T00-00-00-000Z.json"), "{ truncated");
    const [scaling, faults] = [gatherEvidence({ runsDir: runs }).find((e) => e.experiment === "scaling")!, gatherEvidence({ runsDir: runs }).find((e) => e.experiment === "faults")!];
    assert.equal(scaling.source, "run");
    assert.equal(scaling.file, "scaling-2099-01-01T00-00-00-000Z.json");
    assert.equal(scaling.skipped.length, 1);
    assert.match(scaling.skipped[0]!, /scaling-2099-02-01.*not valid JSON/);
    assert.equal(faults.source, "reference");
    assert.match(faults.file!, /^data\/results\/reference\/faults-/);
    assert.ok(!guideMarkdown(decisionGuide(gatherEvidence({ runsDir: runs }), QUESTION)).includes(runs), "no absolute path of this machine in the text");
  });

  it("marks every branch 'no evidence', with no choice, when no Result exists", () => {
    const guide = decisionGuide(gatherEvidence({ runsDir: EMPTY(), referenceDir: EMPTY() }), QUESTION);
    assert.equal(guide.branches.length, 6);
    for (const b of guide.branches) {
      assert.equal(b.status, "no evidence", b.id);
      assert.equal(b.choice, null);
      assert.deepEqual(b.figures, []);
      assert.match(b.answer, /^No evidence/);
    }
    assert.ok(guideRows(guide).every((r) => r.answer === "no evidence" && r.evidence === "none"));
  });

  it("a missing experiment leaves only its own branch without evidence", () => {
    const ref = EMPTY();
    for (const f of fs.readdirSync(REFERENCE).filter((n) => !n.startsWith("messaging-"))) fs.copyFileSync(path.join(REFERENCE, f), path.join(ref, f));
    const guide = decisionGuide(gatherEvidence({ runsDir: EMPTY(), referenceDir: ref }), QUESTION);
    assert.equal(branch(guide, "payloads").status, "no evidence");
    assert.ok(guide.branches.filter((b) => b.id !== "payloads").every((b) => b.status !== "no evidence"));
  });

  it("marks a branch stale with the reason the injected rule gives, and only that branch", () => {
    const isStale = (r: Result) => (r.experiment.id === "footprint" ? "lib/drivers/footprint changed since this Result" : null);
    const guide = decisionGuide(gatherEvidence({ runsDir: EMPTY(), isStale }), QUESTION);
    const memory = branch(guide, "memory");
    assert.equal(memory.evidence.stale, "lib/drivers/footprint changed since this Result");
    assert.match(guideRows(guide)[guide.branches.indexOf(memory)]!.answer, /\(stale evidence\)$/);
    assert.match(guideMarkdown(guide), /Stale evidence\.\*\* lib\/drivers\/footprint changed/);
    assert.ok(guide.branches.filter((b) => b.id !== "memory").every((b) => b.evidence.stale === null));
    // A rule answering with a record reads the same; a current Result is not marked.
    const record = (r: Result) => ({ stale: r.experiment.id === "faults", reason: "lib/experiments/faults changed" });
    const marked = decisionGuide(gatherEvidence({ runsDir: EMPTY(), isStale: record }), QUESTION);
    assert.deepEqual(marked.branches.map((b) => b.evidence.stale), marked.branches.map((b) => (b.id === "faults" ? "lib/experiments/faults changed" : null)));
  });

  it("answers no branch from Results without trials, or with too few, and prints no undefined number", () => {
    for (const keep of [0, 2]) {
      const runs = EMPTY();
      for (const id of ["scaling", "distribution", "thumbnails", "messaging", "footprint", "faults"]) {
        copyWith(id, runs, (r) => {
          const seen = new Map<string, number>();
          r.trials = r.trials.filter((t) => {
            seen.set(t.condition, (seen.get(t.condition) ?? 0) + 1);
            return seen.get(t.condition)! <= keep;
          });
        });
      }
      const guide = decisionGuide(gatherEvidence({ runsDir: runs }), QUESTION);
      assert.ok(guide.evidence.every((e) => e.source === "run"), "the copies are the evidence");
      for (const id of ["cpu", "payloads", "faults", "http", "native"] as const) assert.equal(branch(guide, id).status, "inconclusive", `${id} with ${keep} trials per condition`);
      assert.doesNotMatch(guideMarkdown(guide), /NaN|undefined/);
    }
  });

  it("rejects a situation that is not a positive number, naming the field", () => {
    assert.throws(() => decisionGuide([], { ...QUESTION, jobMs: -1 }), (e: unknown) => e instanceof InputError && e.input === "jobMs");
    assert.throws(() => decisionGuide([], { ...QUESTION, workersWanted: 2.5 }), (e: unknown) => e instanceof InputError && /whole number/.test(e.message));
  });
});

describe("the decision guide's figures come from the Results", () => {
  it("a slower thread start-up in a copy of the scaling Result moves the break-even figure and the answer", () => {
    const reference = decisionGuide(gatherEvidence({ runsDir: EMPTY() }), QUESTION);
    const before = figureOf(branch(reference, "cpu"), "break-even job length for threads×2");
    const runs = EMPTY();
    copyWith("scaling", runs, (r) => {
      for (const t of r.trials) if (t.condition === "threads×2" && typeof t.metrics.startupMs === "number") t.metrics.startupMs *= 10;
    });
    const evidence = gatherEvidence({ runsDir: runs });
    const after = figureOf(branch(decisionGuide(evidence, QUESTION), "cpu"), "break-even job length for threads×2");
    const startup = figureOf(branch(decisionGuide(evidence, QUESTION), "cpu"), "threads×2 start-up");
    const startupBefore = figureOf(branch(reference, "cpu"), "threads×2 start-up");
    assert.ok(Math.abs(after.value / before.value - 10) < 1e-6, `break-even ×10 (${before.value} → ${after.value})`);
    assert.ok(Math.abs(after.ci.lo / before.ci.lo - 10) < 1e-6, "its low end too");
    assert.ok(Math.abs(startup.value / startupBefore.value - 10) < 1e-6, "the start-up figure is the copy's");
    // A job between the two low ends: a pool of threads could pay before, and surely cannot now.
    const processes = figureOf(branch(reference, "cpu"), "break-even job length for processes×2");
    const jobMs = (before.ci.lo + Math.min(processes.ci.lo, after.ci.lo)) / 2;
    assert.ok(jobMs > before.ci.lo && jobMs < processes.ci.lo && jobMs < after.ci.lo, "the job lies above the threads' low end before, below every low end after");
    assert.notEqual(branch(decisionGuide(gatherEvidence({ runsDir: EMPTY() }), { ...QUESTION, jobMs }), "cpu").choice, "single process");
    assert.equal(branch(decisionGuide(evidence, { ...QUESTION, jobMs }), "cpu").choice, "single process");
  });

  it("fewer trials in a copy of the footprint Result widen the workers-that-fit interval", () => {
    // A budget large enough that whole workers do not hide how wide the slope's interval is.
    const big = { ...QUESTION, memoryBudgetMb: 100_000 };
    const fitFigure = (guide: Guide) => {
      const f = branch(guide, "memory").figures.find((x) => x.name.startsWith("processes that fit"));
      assert.ok(f, "a processes-that-fit figure");
      return f;
    };
    const before = fitFigure(decisionGuide(gatherEvidence({ runsDir: EMPTY() }), big));
    const runs = EMPTY();
    copyWith("footprint", runs, (r) => {
      const seen = new Map<string, number>();
      r.trials = r.trials.filter((t) => {
        const k = (seen.get(t.condition) ?? 0) + 1;
        seen.set(t.condition, k);
        return k <= 2;
      });
    });
    const after = fitFigure(decisionGuide(gatherEvidence({ runsDir: runs }), big));
    assert.ok(after.ci.hi - after.ci.lo > before.ci.hi - before.ci.lo, `wider: ${before.ci.lo}–${before.ci.hi} → ${after.ci.lo}–${after.ci.hi}`);
  });
});

describe("the decision guide's answers flip where its figures say", () => {
  const evidence = gatherEvidence({ runsDir: EMPTY() });
  const at = (q: Partial<GuideQuestion>, id: Branch["id"]) => branch(decisionGuide(evidence, { ...QUESTION, ...q }), id);

  it("CPU-bound: a single process below every break-even's low end, a pool above a break-even's high end, inconclusive within", () => {
    const cpu = at({}, "cpu");
    const bes = cpu.figures.filter((f) => f.name.startsWith("break-even"));
    assert.ok(bes.length > 0);
    const lowest = Math.min(...bes.map((f) => f.ci.lo));
    const firstHigh = Math.min(...bes.map((f) => f.ci.hi));
    assert.equal(at({ jobMs: lowest * 0.99 }, "cpu").choice, "single process");
    assert.ok(["thread pool", "process pool", "either"].includes(at({ jobMs: firstHigh * 1.01 }, "cpu").choice ?? ""), "a pool pays above a high end");
    // Just above the lowest low end and below every other end: inside one interval, below the rest.
    const others = bes.flatMap((f) => [f.ci.lo, f.ci.hi]).filter((x) => x > lowest);
    const inside = at({ jobMs: (lowest + Math.min(...others)) / 2 }, "cpu");
    assert.equal(inside.status, "inconclusive", "within a break-even's interval and below the others, the guide does not choose");
    assert.equal(inside.choice, null);
  });

  it("memory: either while the processes surely fit, threads only beyond, neither beyond the threads' interval", () => {
    const memory = at({}, "memory");
    const procs = figureOf(memory, "processes that fit 512 MB").ci;
    const threads = figureOf(memory, "threads that fit 512 MB").ci;
    assert.ok(threads.lo > procs.hi, "the reference separates them");
    assert.equal(at({ workersWanted: procs.lo }, "memory").choice, "either");
    assert.equal(at({ workersWanted: threads.lo }, "memory").choice, "thread pool");
    assert.equal(at({ workersWanted: threads.hi + 1 }, "memory").choice, "single process");
    assert.equal(at({ workersWanted: procs.hi }, "memory").status, procs.hi > procs.lo ? "inconclusive" : "answered");
  });
});

describe("the decision guide's charts", () => {
  it("draw the branches' own figures against the reader's values", () => {
    const guide = decisionGuide(gatherEvidence({ runsDir: EMPTY() }), { ...QUESTION, jobMs: 1234, workersWanted: 7 });
    const charts = guideCharts(guide);
    const layers = (id: keyof typeof charts) => (charts[id].spec as { data: { values: Array<{ value: number }> }; layer: Array<{ data?: { values: Array<{ value: number; lo?: number; hi?: number }> } }> });
    const cpu = branch(guide, "cpu").figures.filter((f) => f.name.startsWith("break-even"));
    assert.deepEqual(layers("break-even").data.values.map((v) => v.value), cpu.map((f) => f.value));
    assert.deepEqual(layers("break-even").layer[0]!.data!.values.map((v) => [v.lo, v.hi]), cpu.map((f) => [f.ci.lo, f.ci.hi]));
    assert.equal(layers("break-even").layer[2]!.data!.values[0]!.value, 1234, "the rule is the reader's job");
    assert.equal(layers("break-even").layer[3]!.data!.values[0]!.value, 1234, "and so is its marker");
    assert.equal(layers("workers-fit").layer[2]!.data!.values[0]!.value, 7);
    const ratios = guide.branches.flatMap((b) => b.figures.filter((f) => f.unit === "×"));
    assert.deepEqual(layers("ratios").data.values.map((v) => v.value), ratios.map((f) => f.value));
  });
});
