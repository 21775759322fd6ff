/**
 * The thumbnails experiment's parameter specs with their per-profile defaults, and the rules that
 * tie parameters together. Kept apart from the experiment object so that its claims can quote how
 * many trials each profile runs.
 * @module
 */
import { InputError } from "../../errors.ts";
import type { ParamSpec } from "../../types.ts";
import { checkCorpusParams } from "../../workloads/corpus.ts";
import { trialParamSpecs, VERDICT_PARAM_SPECS } from "../_shared/params.ts";
import { CONDITION_SETS, corpusOf } from "./conditions.ts";
import type { ThumbnailsParams } from "./types.ts";

/** Every thumbnails parameter's spec. */
export const THUMBNAILS_PARAMS: { [K in keyof ThumbnailsParams]: ParamSpec } = {
  images: { type: "integer", description: "images in the corpus", unit: "images", min: 1, max: 10_000, default: { tiny: 6, quick: 20, full: 100 } },
  width: { type: "integer", description: "width of every image", unit: "px", min: 16, max: 16_384, default: { tiny: 640, quick: 1600, full: 4000 } },
  height: { type: "integer", description: "height of every image", unit: "px", min: 16, max: 16_384, default: { tiny: 480, quick: 1200, full: 3000 } },
  format: { type: "string", description: "encoding of the corpus", choices: ["jpeg", "png", "webp"], default: "jpeg" },
  corpusSeed: { type: "integer", description: "seed of the image corpus", min: 0, max: 2 ** 31 - 1, default: 1 },
  imagesDir: { type: "string", description: "folder of the corpora (empty: data/images of the project, or PARLAB_IMAGES_DIR)", default: "" },
  thumbWidth: { type: "integer", description: "width of every thumbnail", unit: "px", min: 1, max: 4096, default: 320 },
  thumbHeight: { type: "integer", description: "height of every thumbnail", unit: "px", min: 1, max: 4096, default: 240 },
  workers: { type: "integer[]", description: "pool sizes k of the scaling set", unit: "workers", min: 1, max: 64, default: { tiny: [1, 2], quick: [1, 2], full: [1, 2, 3, 4] } },
  sets: {
    type: "string[]",
    description: "condition sets: baseline (sequential, all at once), article (2 vs 2, sharp defaults), matched (2 vs 2, same total threads), scaling (k of each), knobs (UV_THREADPOOL_SIZE, concurrency, cache, buffer input)",
    choices: CONDITION_SETS,
    default: { tiny: ["baseline", "article", "matched", "scaling"], quick: ["baseline", "article", "matched", "scaling"], full: ["baseline", "article", "matched", "scaling", "knobs"] },
  },
  warmupImages: {
    type: "integer",
    description: "images each host (or each pool worker) resizes, unmeasured, before the clock starts, so that the measured span and the single-thread limit are warm; 0: cold hosts",
    unit: "images",
    min: 0,
    max: 100,
    default: { tiny: 1, quick: 3, full: 3 },
  },
  includeStartup: { type: "boolean", description: "count pool start-up (spawn until every worker has loaded sharp) in the time", default: false },
  ...trialParamSpecs({ trials: { tiny: 2, quick: 6, full: 6 }, warmups: { tiny: 0, quick: 1, full: 2 }, minTimeoutMs: 1000,
    stopping: { precision: { tiny: 0, quick: 0, full: 0.02 }, maxTrials: { tiny: 2, quick: 6, full: 15 } },
  }),
  ...VERDICT_PARAM_SPECS,
};

/** Checks what the parameter specs cannot: the corpus as a whole, pool sizes and condition sets. Throws an InputError naming the parameter. */
export function checkThumbnailsParams(params: ThumbnailsParams): void {
  checkCorpusParams(corpusOf(params));
  for (const k of params.workers) {
    if (!Number.isInteger(k) || k < 1) throw new InputError("workers", `pool sizes must be whole numbers ≥ 1, got ${k}`);
  }
  if (params.sets.length === 0) throw new InputError("sets", `give at least one of ${CONDITION_SETS.join(", ")}`);
  for (const s of params.sets) {
    if (!CONDITION_SETS.includes(s)) throw new InputError("sets", `unknown condition set "${s}"; expected one of ${CONDITION_SETS.join(", ")}`);
  }
}
