/**
 * What the lab's workers run, for scripts and tests that prepare or check it themselves: the
 * generated image corpus and its thumbnails, the message payloads, and the module graphs a worker
 * loads. This is the `parlab/workloads` entry point; `index.ts` beside it is the registry workers
 * look tasks up in.
 * @module
 */
export { corpusId, ensureCorpus, generateCorpus, verifyCorpus, checkCorpusParams, IMAGE_FORMATS, type CorpusParams, type CorpusManifest, type Corpus, type ImageFormat } from "./corpus.ts";
export { makeThumbnail } from "./thumbnail.ts";
export { makePayload, echoMismatch, payloadBytes, PAYLOAD_KINDS, MAX_PAYLOAD_BYTES, type Payload, type PayloadKind } from "./payloads.ts";
export { MODULE_GRAPHS, type ModuleGraph } from "./graphs.ts";
