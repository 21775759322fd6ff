/**
 * A deterministic synthetic image corpus: `count` images of width × height in one format, drawn
 * from a seed so that the same parameters and the same sharp/libvips give byte-identical files.
 * The content is built to compress like a photograph rather than like flat colour: smooth
 * gradients, value noise at several scales (coarse blobs to fine grain) and soft-edged discs.
 * A corpus lives in `<root>/<corpus id>/` with a manifest of per-file sha256 checksums; it is reused
 * when the manifest and files match its parameters and regenerated when they do not.
 *
 * sharp is imported lazily so that loading the lab does not load the native image library.
 * @module
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { InputError } from "../errors.ts";
import { createRng } from "../stats/mod.ts";

/** Encodings a corpus can be written in. */
export type ImageFormat = "jpeg" | "png" | "webp";
export const IMAGE_FORMATS: readonly ImageFormat[] = ["jpeg", "png", "webp"];

/** What a corpus is made of; its id derives from these alone. */
export interface CorpusParams {
  count: number;
  width: number;
  height: number;
  format: ImageFormat;
  seed: number;
}

/** One image of a corpus. */
export interface CorpusFile {
  name: string;
  bytes: number;
  sha256: string;
}

/** The manifest written beside a corpus: what made it and the checksum of every file. */
export interface CorpusManifest {
  /** Version of the drawing code: a change to it must change every checksum, so it is part of the id. */
  generator: number;
  id: string;
  params: CorpusParams;
  versions: { sharp: string; libvips: string };
  files: CorpusFile[];
}

/** A corpus on disk, ready to read. */
export interface Corpus {
  dir: string;
  manifest: CorpusManifest;
  /** Absolute paths of the images, in manifest order. */
  paths: string[];
  /** True when an existing corpus was verified and reused, false when it was (re)generated. */
  reused: boolean;
}

const GENERATOR_VERSION = 1;
const MANIFEST = "manifest.json";
const EXTENSION: Record<ImageFormat, string> = { jpeg: "jpg", png: "png", webp: "webp" };

/** Checks corpus parameters, naming the one at fault. */
export function checkCorpusParams(params: CorpusParams): CorpusParams {
  const whole = (name: keyof CorpusParams, min: number, max: number) => {
    const v = params[name];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      throw new InputError(name, `must be a whole number from ${min} to ${max}, got ${String(v)}`);
    }
  };
  whole("count", 1, 10_000);
  whole("width", 16, 16_384);
  whole("height", 16, 16_384);
  whole("seed", 0, 2 ** 31 - 1);
  if (!IMAGE_FORMATS.includes(params.format)) {
    throw new InputError("format", `unknown image format "${String(params.format)}"; expected one of ${IMAGE_FORMATS.join(", ")}`);
  }
  return params;
}

/** The folder name of a corpus: every parameter and the generator version, so different corpora coexist. */
export function corpusId(params: CorpusParams): string {
  const p = checkCorpusParams(params);
  return `${p.format}-${p.count}x${p.width}x${p.height}-seed${p.seed}-g${GENERATOR_VERSION}`;
}

/** A grid of seeded random values, sampled with bilinear interpolation: smooth noise at one scale. */
function valueNoise(rng: () => number, cellsX: number, cellsY: number) {
  const w = cellsX + 2;
  const grid = new Float32Array(w * (cellsY + 2));
  for (let i = 0; i < grid.length; i++) grid[i] = rng() - 0.5;
  return (gx: number, gy: number) => {
    const x0 = Math.floor(gx);
    const y0 = Math.floor(gy);
    const fx = gx - x0;
    const fy = gy - y0;
    const i = y0 * w + x0;
    const top = grid[i]! + (grid[i + 1]! - grid[i]!) * fx;
    const bottom = grid[i + w]! + (grid[i + w + 1]! - grid[i + w]!) * fx;
    return top + (bottom - top) * fy;
  };
}

/**
 * Raw RGB pixels of one image, from its own seed: a two-colour gradient, value noise at three
 * scales per channel (blobs, texture, grain), and a few soft-edged discs. Pure arithmetic on a
 * seeded generator, so the same seed gives the same pixels on any machine.
 */
export function drawPixels(width: number, height: number, seed: number): Buffer {
  const rng = createRng(seed);
  const colour = () => [rng() * 255, rng() * 255, rng() * 255];
  const [from, to] = [colour(), colour()];
  const angle = rng() * Math.PI * 2;
  const [dx, dy] = [Math.cos(angle), Math.sin(angle)];
  const scales = [
    { cell: Math.max(width, height) / 6, amplitude: 90 },
    { cell: 48, amplitude: 40 },
    { cell: 1.5, amplitude: 36 },
  ];
  const layers = scales.map((s) => ({
    cell: s.cell,
    amplitude: s.amplitude,
    channels: [0, 1, 2].map(() => valueNoise(rng, Math.ceil(width / s.cell), Math.ceil(height / s.cell))),
  }));
  const discs = Array.from({ length: 6 }, () => ({
    x: rng() * width,
    y: rng() * height,
    r: (0.05 + rng() * 0.2) * Math.min(width, height),
    rgb: colour(),
  }));
  const pixels = Buffer.alloc(width * height * 3);
  const span = Math.abs(dx) * width + Math.abs(dy) * height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = Math.min(1, Math.max(0, ((x - (dx < 0 ? width : 0)) * dx + (y - (dy < 0 ? height : 0)) * dy) / span));
      const o = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) {
        let v = from[c]! + (to[c]! - from[c]!) * t;
        for (const layer of layers) v += layer.amplitude * layer.channels[c]!(x / layer.cell, y / layer.cell);
        pixels[o + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
  }
  for (const d of discs) {
    const [x0, x1] = [Math.max(0, Math.floor(d.x - d.r)), Math.min(width, Math.ceil(d.x + d.r))];
    const [y0, y1] = [Math.max(0, Math.floor(d.y - d.r)), Math.min(height, Math.ceil(d.y + d.r))];
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        // A soft edge a few pixels wide, as a lens would draw it.
        const alpha = Math.min(1, Math.max(0, (d.r - Math.hypot(x - d.x, y - d.y)) / 4)) * 0.7;
        if (alpha === 0) continue;
        const o = (y * width + x) * 3;
        for (let c = 0; c < 3; c++) pixels[o + c] = pixels[o + c]! * (1 - alpha) + d.rgb[c]! * alpha;
      }
    }
  }
  return pixels;
}

async function loadSharp() {
  return (await import("sharp")).default;
}

/** Encodes raw pixels with fixed settings (no metadata, fixed quality/effort), so output depends on pixels and sharp's version alone. */
async function encode(pixels: Buffer, width: number, height: number, format: ImageFormat): Promise<Buffer> {
  const sharp = await loadSharp();
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  if (format === "jpeg") return image.jpeg({ quality: 85 }).toBuffer();
  if (format === "png") return image.png({ compressionLevel: 6 }).toBuffer();
  return image.webp({ quality: 80, effort: 4 }).toBuffer();
}

/** The sha256 of a file's bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

async function versions(): Promise<CorpusManifest["versions"]> {
  const sharp = await loadSharp();
  return { sharp: sharp.versions.sharp ?? "unknown", libvips: sharp.versions.vips };
}

/** Creates `dir` (and its parents) or throws an InputError saying why it cannot be used. */
function ensureDir(dir: string, input: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    throw new InputError(input, `cannot create or write the corpus folder ${dir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a writable folder`);
  }
}

/**
 * Checks a corpus folder against the manifest its parameters imply: same id, params and sharp
 * version, and every file present with its recorded checksum. Returns the manifest, or the reason
 * it does not match.
 */
export async function verifyCorpus(dir: string, params: CorpusParams): Promise<{ ok: true; manifest: CorpusManifest } | { ok: false; reason: string }> {
  let manifest: CorpusManifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), "utf8")) as CorpusManifest;
  } catch {
    return { ok: false, reason: "no readable manifest" };
  }
  const expected = { id: corpusId(params), versions: await versions() };
  if (manifest.id !== expected.id || manifest.generator !== GENERATOR_VERSION) return { ok: false, reason: `manifest is for ${manifest.id}` };
  if (manifest.versions?.sharp !== expected.versions.sharp || manifest.versions?.libvips !== expected.versions.libvips) {
    return { ok: false, reason: `made with sharp ${manifest.versions?.sharp} / libvips ${manifest.versions?.libvips}, this is ${expected.versions.sharp} / ${expected.versions.libvips}` };
  }
  if (!Array.isArray(manifest.files) || manifest.files.length !== params.count) return { ok: false, reason: "wrong number of files in the manifest" };
  for (const f of manifest.files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(path.join(dir, f.name));
    } catch {
      return { ok: false, reason: `${f.name} is missing` };
    }
    if (sha256(bytes) !== f.sha256) return { ok: false, reason: `${f.name} does not match its checksum` };
  }
  return { ok: true, manifest };
}

/** Writes every image of the corpus and its manifest into `dir` (which is emptied of old images first). */
export async function generateCorpus(dir: string, params: CorpusParams): Promise<CorpusManifest> {
  const id = corpusId(params);
  ensureDir(dir, "images folder");
  for (const old of fs.readdirSync(dir)) {
    if (old === MANIFEST || /^img-\d+\.(jpg|png|webp)$/.test(old)) fs.rmSync(path.join(dir, old), { force: true });
  }
  const files: CorpusFile[] = [];
  const seeds = createRng(params.seed);
  for (let i = 0; i < params.count; i++) {
    const pixels = drawPixels(params.width, params.height, Math.floor(seeds() * 2 ** 31));
    const bytes = await encode(pixels, params.width, params.height, params.format);
    const name = `img-${String(i).padStart(4, "0")}.${EXTENSION[params.format]}`;
    fs.writeFileSync(path.join(dir, name), bytes);
    files.push({ name, bytes: bytes.length, sha256: sha256(bytes) });
  }
  const manifest: CorpusManifest = { generator: GENERATOR_VERSION, id, params, versions: await versions(), files };
  // The manifest goes last, so an interrupted generation is never mistaken for a complete corpus.
  fs.writeFileSync(path.join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

/**
 * The corpus of these parameters under `root` (`root/<corpus id>/`): reused when its manifest and
 * checksums match, generated otherwise. Throws InputError when the folder cannot be created.
 */
export async function ensureCorpus(root: string, params: CorpusParams): Promise<Corpus> {
  const dir = path.resolve(root, corpusId(checkCorpusParams(params)));
  ensureDir(dir, "images folder");
  const check = await verifyCorpus(dir, params);
  const manifest = check.ok ? check.manifest : await generateCorpus(dir, params);
  return { dir, manifest, paths: manifest.files.map((f) => path.join(dir, f.name)), reused: check.ok };
}
