/**
 * The data model of the decision guide: the evidence it reads (one Result per experiment, and where
 * it came from), the reader's situation, and each branch of the flow with the figures that decide it.
 * Types only; it loads nothing.
 * @module
 */
import type { Interval, Result } from "../types.ts";

/** Where a branch's Result came from: a run in the results folder, the committed reference, or nowhere. */
export type EvidenceSource = "run" | "reference" | "missing";

/** The Result the guide uses for one experiment, re-analysed from its trials. */
export interface Evidence {
  experiment: string;
  source: EvidenceSource;
  /** The file, relative to the project when inside it (never an absolute path of this machine); null when missing. */
  file: string | null;
  /** The Result with its summary recomputed from its trials; null when missing. */
  result: Result | null;
  /** Why the Result may no longer describe the library that would measure today, or null. */
  stale: string | null;
  /** Results that were found but could not be read, each with its reason. */
  skipped: string[];
}

/** The reader's situation: what the branches' answers are worked out for. */
export interface GuideQuestion {
  /** CPU time of one job of CPU-bound work on one core, in milliseconds, for a job that starts its own pool. */
  jobMs: number;
  /** Size of one message between the main thread and a worker, in bytes. */
  payloadBytes: number;
  /** Memory the workers may add, in MB (10^6 bytes). */
  memoryBudgetMb: number;
  /** How many workers the reader wants to run. */
  workersWanted: number;
}

/** What a branch recommends. */
export type Choice = "single process" | "thread pool" | "process pool" | "cluster (round-robin)" | "cluster (socket sharing)" | "cluster (reusePort)" | "either";

/** A number that decides a branch, from a Result, with its interval and how many trials it rests on. */
export interface Figure {
  name: string;
  value: number;
  ci: Interval;
  unit: string;
  /** One sentence: the value, its interval at its level and its trial counts, as computed. */
  text: string;
}

/** The branches of the flow, in the order the guide asks them. */
export const BRANCH_IDS = ["cpu", "payloads", "memory", "faults", "http", "native"] as const;
export type BranchId = (typeof BRANCH_IDS)[number];

/** One question of the flow, answered from one experiment's Result. */
export interface Branch {
  id: BranchId;
  /** The practitioner's question, e.g. "CPU-bound jobs of 500 ms". */
  question: string;
  /** The experiment whose Result decides it. */
  experiment: string;
  /** "answered" names a choice; "inconclusive" gives the intervals instead; "no evidence" has no Result. */
  status: "answered" | "inconclusive" | "no evidence";
  choice: Choice | null;
  /** The answer in one or two sentences, with its deciding numbers. */
  answer: string;
  figures: Figure[];
  /** Where the answer flips, from the same figures. */
  flips: string;
  /** The Result it rests on. */
  evidence: Evidence;
}

/** The whole flow. */
export interface Guide {
  question: GuideQuestion;
  branches: Branch[];
  evidence: Evidence[];
}

/** What a branch's own rule decides from its Result; the flow adds the id, the experiment and the evidence. */
export type BranchBody = Pick<Branch, "status" | "choice" | "answer" | "figures" | "flips">;
