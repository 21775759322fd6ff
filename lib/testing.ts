/**
 * Hooks for the lab's own tests and leak checks, not for notebooks: how many of each kind of
 * process or thread the lab started in this process are still alive. This is the `parlab/testing`
 * entry point, kept off the root so that what a notebook author sees is what a notebook uses.
 * @module
 */
export { liveWorkerCount } from "./drivers/pool/mod.ts";
export { liveClusterCount } from "./drivers/cluster/mod.ts";
export { liveThreadServerCount } from "./drivers/thread-server/mod.ts";
export { liveGeneratorCount, generatorsStarted, liveAbCount, abStarted } from "./drivers/loadgen/mod.ts";
export { liveFootprintHostCount } from "./drivers/footprint/mod.ts";
export { liveChannelPeerCount } from "./drivers/channels/mod.ts";
export { liveThumbnailHostCount } from "./drivers/thumbnails/mod.ts";
export { liveChildCount, startedChildCount, type ChildFamily } from "./drivers/_host/children.ts";
