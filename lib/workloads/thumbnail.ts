/**
 * The thumbnail work: resize one image to a fixed-size JPEG with sharp, and check a thumbnail.
 * A batch is one worker's share, resized one image at a time, so the only parallelism inside a
 * batch is libvips' own threads (`sharp.concurrency`). A corrupt image fails that image with a
 * message naming the file, never the batch.
 *
 * This module imports sharp; the workload table loads it lazily, so pools that never resize
 * images never load sharp.
 * @module
 */
import fs from "node:fs/promises";
import path from "node:path";
import { InputError } from "../errors.ts";
import sharp from "sharp";

/** How a thumbnail is made and where it goes. */
export interface ThumbnailSpec {
  /** Exact size of every thumbnail, in pixels (cropped to cover). */
  width: number;
  height: number;
  /** Folder the thumbnails are written to. */
  outDir: string;
  /** "path": libvips reads the file; "buffer": the file is read into memory first and decoded from there. */
  input: "path" | "buffer";
}

/** libvips settings of the process that resizes; they are process-wide, so every thread of it shares them. */
export interface SharpSettings {
  /** Threads libvips may use per image; 0 keeps sharp's default. */
  concurrency: number;
  /** Whether libvips caches operations. */
  cache: boolean;
}

/** One image's outcome. */
export type ThumbnailOutcome =
  | { file: string; ok: true; out: string; latencyMs: number; startMs: number }
  | { file: string; ok: false; error: string; latencyMs: number; startMs: number };

/** A batch: one worker's share of the files. */
export interface BatchInput {
  files: string[];
  spec: ThumbnailSpec;
  settings: SharpSettings;
  /** performance.timeOrigin + now() of the host when the clock started, so start times line up across processes. */
  epochMs?: number;
}

/** Versions of sharp and the libvips it bundles. */
export const sharpVersions = (): { sharp: string; libvips: string } => ({ sharp: sharp.versions.sharp ?? "unknown", libvips: sharp.versions.vips });

/** Applies process-wide libvips settings; returns the concurrency libvips now uses. */
export function applySettings(settings: SharpSettings): number {
  sharp.concurrency(settings.concurrency);
  sharp.cache(settings.cache);
  return sharp.concurrency();
}

/** Name of a thumbnail of `file`. */
export const thumbnailName = (file: string) => `${path.basename(file).replace(/\.[^.]+$/, "")}.thumb.jpg`;

/**
 * Resizes one image to spec.width × spec.height (cover crop) as a JPEG in spec.outDir.
 * Throws an InputError whose message names the file, what is wrong with it and what would do.
 */
export async function makeThumbnail(file: string, spec: ThumbnailSpec): Promise<string> {
  const out = path.join(spec.outDir, thumbnailName(file));
  try {
    const source = spec.input === "buffer" ? await fs.readFile(file) : file;
    // failOn "error" rejects truncated and corrupt data instead of returning a half-grey picture.
    await sharp(source, { failOn: "error" }).resize(spec.width, spec.height, { fit: "cover" }).jpeg({ quality: 80 }).toFile(out);
  } catch (error) {
    throw new InputError(file, `cannot make a thumbnail: not a readable image (${(error as Error).message.trim()}); give a JPEG, PNG or WebP file`);
  }
  return out;
}

/** Resizes a share of files one after another; per-image failures are kept, not thrown. */
export async function thumbnailBatch(input: BatchInput): Promise<{ outcomes: ThumbnailOutcome[]; concurrency: number }> {
  const concurrency = applySettings(input.settings);
  const origin = input.epochMs ?? performance.timeOrigin + performance.now();
  const outcomes: ThumbnailOutcome[] = [];
  for (const file of input.files) outcomes.push(await timedThumbnail(file, input.spec, origin));
  return { outcomes, concurrency };
}

/** One thumbnail with its latency and its start relative to `originMs` (an epoch time in ms). */
export async function timedThumbnail(file: string, spec: ThumbnailSpec, originMs: number): Promise<ThumbnailOutcome> {
  const t0 = performance.now();
  const startMs = performance.timeOrigin + t0 - originMs;
  try {
    const out = await makeThumbnail(file, spec);
    return { file, ok: true, out, latencyMs: performance.now() - t0, startMs };
  } catch (error) {
    return { file, ok: false, error: (error as Error).message, latencyMs: performance.now() - t0, startMs };
  }
}

/** Checks a thumbnail's size and format with sharp's metadata; returns what is wrong, or null. */
export async function checkThumbnail(out: string, spec: Pick<ThumbnailSpec, "width" | "height">): Promise<string | null> {
  try {
    const m = await sharp(out).metadata();
    if (m.format !== "jpeg") return `${out} is ${m.format}, expected jpeg`;
    if (m.width !== spec.width || m.height !== spec.height) return `${out} is ${m.width}×${m.height}, expected ${spec.width}×${spec.height}`;
    return null;
  } catch (error) {
    return `${out} cannot be read: ${(error as Error).message}`;
  }
}
