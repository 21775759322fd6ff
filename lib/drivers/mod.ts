/**
 * The drivers: what starts, talks to and always tears down the processes and threads the lab
 * measures — a task pool of threads or processes, a node:cluster HTTP server, a thread-pool HTTP
 * server, a load generator, messaging channels, footprint hosts and thumbnail hosts. One folder
 * per family, each with its host side (`mod.ts`), its messages (`protocol.ts`) and its child entry
 * modules; what the families share is in `_host/`. This barrel is each family's public host-side
 * API; the live-child counts that tests and leak checks read are in `lib/testing.ts`.
 * @module
 */
export { Pool, startPool, withPool, childExecArgv, POOL_KINDS, type PoolKind, type PoolOptions, type WorkerHandle } from "./pool/mod.ts";
export {
  startCluster, clusterSupport, reusePortSupported, UnsupportedError, SCHEDULING_POLICIES, CLUSTER_FAULTS,
  type ClusterServer, type ClusterOptions, type ClusterStats, type ClusterWorkerReport, type SchedulingPolicy, type ClusterFault, type ClusterEvent, type WorkerExitPolicy, type WorkerCounters,
} from "./cluster/mod.ts";
export {
  startThreadServer, crashReason, describeExit, THREAD_FAULTS,
  type ThreadServer, type ThreadServerOptions, type ThreadServerEvent, type ThreadFault, type ProcessExit,
} from "./thread-server/mod.ts";
export {
  runLoad, checkLoadOptions, isLoopbackAddress, isLoopbackHostname, abInstalled, chooseEngine, AB_INSTALL_HINT, LOAD_ENGINE_CHOICES,
  MAX_CONCURRENCY, MAX_REQUESTS, MAX_TIME_LIMIT_MS, MAX_SAMPLE_CAP, DEFAULT_SAMPLE_CAP, DEFAULT_BUCKET_MS,
  type LoadOptions, type LoadReport, type LoadSettings, type LoadEngine, type LoadEngineChoice, type LatencySummary, type LoadTimeline,
} from "./loadgen/mod.ts";
export {
  openChannel, runRoundTrips, channelSupport, checkChannel, notTransferable, CHANNELS, CHANNEL_DESCRIPTIONS,
  type Channel, type ChannelId, type ChannelOptions, type RoundTrips, type RoundTripPlan,
} from "./channels/mod.ts";
export { measureFootprint, footprintConfig, footprintHost, type FootprintOptions, type FootprintReport, type TreeReading } from "./footprint/mod.ts";
export {
  runHostTrial, prepareCorpus, checkThumbnailFile, THUMBNAIL_MODES,
  type HostTrial, type HostReport, type ThumbnailMode, type TreePeak,
} from "./thumbnails/mod.ts";
export { isRunning } from "./_host/process.ts";
