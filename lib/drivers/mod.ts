/**
 * The lab's drivers, for scripts that start processes and threads themselves: worker pools, a
 * cluster and a thread server to load, the load generator, message channels, the thumbnail and
 * footprint hosts. Each family lives in its own folder; this is the `parlab/drivers` entry point.
 * The live-process counts that tests and leak checks read are in `parlab/testing`.
 * @module
 */
export { Pool, startPool, withPool, type PoolKind, type PoolOptions } from "./pool/mod.ts";
export { startCluster, reusePortSupported, type ClusterServer, type ClusterOptions, type SchedulingPolicy, type ClusterFault, type ClusterEvent } from "./cluster/mod.ts";
export { startThreadServer, type ThreadServer, type ThreadServerOptions, type ThreadFault } from "./thread-server/mod.ts";
export { runLoad, type LoadOptions, type LoadReport } from "./loadgen/mod.ts";
export { openChannel, runRoundTrips, channelSupport, CHANNELS, CHANNEL_DESCRIPTIONS, type Channel, type ChannelId, type ChannelOptions, type RoundTrips } from "./channels/mod.ts";
export { runHostTrial, prepareCorpus, checkThumbnailFile, type HostTrial, type HostReport, type ThumbnailMode } from "./thumbnails/mod.ts";
export { measureFootprint, footprintConfig, type FootprintOptions, type FootprintReport, type TreeReading } from "./footprint/mod.ts";
