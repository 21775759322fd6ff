/**
 * parlab/explore: the lab's questions for one's own code. compareKinds runs a function of one's own
 * in the main thread, in threads and in processes; experiment() declares conditions of one's own.
 * Each saves a Result that re-plots and re-renders like the lab's own.
 * @module
 */
export { compareServing, type CompareServingOptions } from "./serving.ts";
export { compareKinds, type CompareKindsOptions, type KindsRun } from "./kinds.ts";
export { experiment, runExperiment, ExperimentBuilder, type ConditionFn, type CustomRun, type ExperimentDefinition, type RunExperimentOptions } from "./experiment.ts";
export { checkUserModule, moduleBases, resolveModuleFile, type CheckedUserModule, type UserFunctionSpec } from "./module.ts";
export { exploreKinds } from "./kinds-analyse.ts";
export { customExperiment, type CustomParams, type CustomSummary, type CustomResult, type CustomCharts } from "./custom-analyse.ts";
export { KINDS_CHART_IDS, type KindsParams, type KindsSummary, type KindsResult, type KindsCharts, type ExploreKind } from "./kinds-types.ts";
export { TaskError, TaskTimeoutError } from "./tasks.ts";
