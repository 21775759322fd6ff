/**
 * Internals the lab's own tests check directly: the notebook pairing machinery (percent format,
 * `.ipynb` files, the in-sync check, strip and sync), the parsing of parameter overrides, the trial
 * order and the vega-lite compilation behind every chart. This is the `parlab/internal` entry
 * point, so that tests load the same compiled modules as everything else does instead of reaching
 * into files. It is not for notebooks or other users: nothing here is a stable API, and any of it
 * may change without notice. Importing it starts nothing and patches nothing.
 * @module
 */

// Notebooks: the percent format, .ipynb files, pairing, strip and sync.
export { cellIndexOfLine, markerLineIn, parsePercent, parsePercentNotebook, writePercent } from "./notebook/percent.ts";
export { readIpynb, serializeIpynb, toIpynb, type Ipynb, type IpynbCell } from "./notebook/ipynb.ts";
export { describeDifferences, hashShared, recordedHash, sharedOfIpynb, sharedOfSource, sourceOf } from "./notebook/pair.ts";
export { stripNotebook, stripText } from "./notebook/strip.ts";
export { syncNotebooks } from "./notebook/sync.ts";
export { listNotebooks } from "./notebook/export.ts";

// Parameters given on the command line or in the environment.
export { externalParams, parseSetArg } from "./params.ts";

// The order trials run in.
export { trialOrder } from "./trials.ts";
export { abDataDir, removeOrphanedAbDirs } from "./drivers/loadgen/ab-data-dir.ts";
export { resolution, sequentialResolution } from "./experiments/calibration/analyse.ts";
export { verdictRules } from "./experiments/_shared/analysis.ts";

// Charts: vega-lite compiled to vega, and an SVG as a data URI.
export { compileVegaLite, svgToDataUri } from "./render.ts";
export { slopeDifferenceTest } from "./experiments/footprint/slopes.ts";

// Exported pages: charts as figures with their spec, data links, the inlined libraries, Result links.
export { chartFigure, specJson } from "./page/figure.ts";
export { chartRows, dataLinks, rowsToCsv } from "./page/data-links.ts";
export { chartCount, interactivePage } from "./page/interactive.ts";
export { chartScript } from "./page/libraries.ts";
export { linkResultFiles } from "./page/result-links.ts";
export { finishNotebookPage } from "./page/exported.ts";
export { writeFileAtomic } from "./results.ts";
export { pickEvidence, profileOf, type Evidence } from "./site/evidence.ts";
