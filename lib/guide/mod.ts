/**
 * `parlab/guide`: the decision guide. It reads the newest Result of every experiment (a run of this
 * machine, else the committed reference), re-analyses it, and answers the practitioner's question —
 * a single process, a thread pool, a process pool, or a cluster with which policy — branch by
 * branch, with the figures that decide each and where the answer flips. Pure: it measures nothing
 * and loads no driver.
 *
 * @example
 * ```ts
 * import { decisionGuide, gatherEvidence, guideMarkdown } from "parlab/guide";
 * const guide = decisionGuide(gatherEvidence(), { jobMs: 500, payloadBytes: 65536, memoryBudgetMb: 512, workersWanted: 4 });
 * console.log(guideMarkdown(guide));
 * ```
 * @module
 */
export { gatherEvidence, evidenceFor, type EvidenceOptions } from "./evidence.ts";
export { decisionGuide, checkQuestion } from "./flow.ts";
export { guideMarkdown, branchMarkdown, guideRows, branchVerdict, evidenceLine } from "./render.ts";
export { breakEvenMs, workersThatFit, jointLevel } from "./figures.ts";
export { BRANCH_IDS, type Branch, type BranchId, type Choice, type Evidence, type EvidenceSource, type Figure, type Guide, type GuideQuestion } from "./types.ts";
export { guideParams, GUIDE_PARAMS, type GuideParams } from "./params.ts";
export { guideCharts } from "./charts.ts";
