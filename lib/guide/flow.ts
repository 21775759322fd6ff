/**
 * The decision flow: each branch of the guide answered from its experiment's evidence, marked "no
 * evidence" where no Result was found, and carrying the staleness the evidence was judged with.
 * @module
 */
import { InputError } from "../errors.ts";
import type { DistributionResult } from "../experiments/distribution/types.ts";
import type { FaultsResult } from "../experiments/faults/types.ts";
import type { FootprintResult } from "../experiments/footprint/types.ts";
import type { MessagingResult } from "../experiments/messaging/types.ts";
import type { ScalingResult } from "../experiments/scaling/types.ts";
import type { ThumbnailsResult } from "../experiments/thumbnails/types.ts";
import type { Result } from "../types.ts";
import { cpuBranch, cpuQuestion } from "./cpu.ts";
import { faultsBranch, faultsQuestion } from "./faults.ts";
import { httpBranch, httpQuestion } from "./http.ts";
import { memoryBranch, memoryQuestion } from "./memory.ts";
import { nativeBranch, nativeQuestion } from "./native.ts";
import { payloadsBranch, payloadsQuestion } from "./payloads.ts";
import type { Branch, BranchBody, BranchId, Evidence, Guide, GuideQuestion } from "./types.ts";

/** Each branch: the experiment it rests on, its question, and its rule. */
const BRANCHES: ReadonlyArray<{ id: BranchId; experiment: string; question: (q: GuideQuestion) => string; decide: (r: Result, q: GuideQuestion) => BranchBody }> = [
  { id: "cpu", experiment: "scaling", question: cpuQuestion, decide: (r, q) => cpuBranch(r as unknown as ScalingResult, q) },
  { id: "payloads", experiment: "messaging", question: payloadsQuestion, decide: (r, q) => payloadsBranch(r as unknown as MessagingResult, q) },
  { id: "memory", experiment: "footprint", question: memoryQuestion, decide: (r, q) => memoryBranch(r as unknown as FootprintResult, q) },
  { id: "faults", experiment: "faults", question: faultsQuestion, decide: (r) => faultsBranch(r as unknown as FaultsResult) },
  { id: "http", experiment: "distribution", question: httpQuestion, decide: (r) => httpBranch(r as unknown as DistributionResult) },
  { id: "native", experiment: "thumbnails", question: nativeQuestion, decide: (r) => nativeBranch(r as unknown as ThumbnailsResult) },
];

/** The experiments the branches rest on (the calibration, which measures the machine, is none of them). */
export const GUIDED_EXPERIMENTS: ReadonlySet<string> = new Set(BRANCHES.map((b) => b.experiment));

/** The reader's situation, checked: every field a positive number, counts whole. */
export function checkQuestion(q: GuideQuestion): GuideQuestion {
  const positive = (name: keyof GuideQuestion, whole: boolean) => {
    const v = q[name];
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0 || (whole && !Number.isInteger(v))) {
      throw new InputError(name, `got ${JSON.stringify(v)}; expected ${whole ? "a whole number ≥ 1" : "a finite number > 0"}`);
    }
  };
  positive("jobMs", false);
  positive("payloadBytes", true);
  positive("memoryBudgetMb", false);
  positive("workersWanted", true);
  return q;
}

/** A missing experiment's branch: no choice, and how to get the evidence. */
function noEvidence(experiment: string): BranchBody {
  return {
    status: "no evidence",
    choice: null,
    answer: `No evidence: no readable Result of the ${experiment} experiment, neither from a run nor among the references.`,
    figures: [],
    flips: `Run \`npx parlab run ${experiment} --profile quick\` (or its notebook) to decide this branch on this machine.`,
  };
}

/** The guide: every branch answered from `evidence` (one per experiment; see `gatherEvidence`) for the reader's situation. */
export function decisionGuide(evidence: readonly Evidence[], question: GuideQuestion): Guide {
  checkQuestion(question);
  const branches: Branch[] = BRANCHES.map((b) => {
    const ev = evidence.find((e) => e.experiment === b.experiment) ??
      { experiment: b.experiment, source: "missing" as const, file: null, result: null, stale: null, skipped: [] };
    const body = ev.result ? b.decide(ev.result, question) : noEvidence(b.experiment);
    return { id: b.id, question: b.question(question), experiment: b.experiment, ...body, evidence: ev };
  });
  return { question, branches, evidence: [...evidence] };
}
