import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import type { WhisperModelName } from '../config/runtime.js';
import manifestJson from '../../models/manifest.json' with { type: 'json' };

export interface ManifestFile {
  /** Path relative to the model's root folder. */
  path: string;
  bytes: number;
  sha256: string;
}

export interface ManifestModel {
  /** npm package that ships the files. */
  package: string;
  packageVersion: string;
  /** Folder inside the package that holds `files`. */
  root: string;
  license: string;
  files: ManifestFile[];
}

/** Keys of `models/manifest.json`. */
export type ManifestModelKey = `whisper-${WhisperModelName}` | 'silero-vad-v5';

const MANIFEST = manifestJson as { models: Record<ManifestModelKey, ManifestModel> };

export function manifestEntry(key: ManifestModelKey): ManifestModel {
  return MANIFEST.models[key];
}

/** Absolute folder of a model's files inside its installed npm package. */
export function modelRootDir(key: ManifestModelKey): string {
  const entry = manifestEntry(key);
  const require = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${entry.package}/package.json`);
  } catch (cause) {
    throw new CallqaError(ErrorCodes.MODEL_INTEGRITY, `model package ${entry.package} is not installed`, { input: entry.package, cause });
  }
  return join(dirname(pkgJson), entry.root);
}

/**
 * transformers.js layout for Whisper: `env.localModelPath` is `<package>/models/` and the model id
 * is `Xenova/whisper-<size>`.
 */
export function whisperLocalModelPath(model: WhisperModelName): { localModelPath: string; modelId: string } {
  const root = modelRootDir(`whisper-${model}`);
  return { localModelPath: join(root, '..', '..'), modelId: `Xenova/whisper-${model}` };
}

/**
 * Hashes are memoised per process, keyed by path + size + mtime. Hashing is cheap next to loading
 * (measured ≈ 750 MB/s: 0.05 s tiny, 0.1 s base, 0.35 s small, against 0.6–1.5 s to load the
 * sessions), so every process start re-hashes once. An on-disk stamp would save that but would be
 * trusted on size + mtime alone, which anyone able to swap a model file can forge too.
 */
const hashCache = new Map<string, Promise<string>>();

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/** Verifies one file against its manifest entry; throws MODEL_INTEGRITY naming the file. */
async function verifyFile(path: string, expected: ManifestFile): Promise<void> {
  let size: number;
  let mtimeMs: number;
  try {
    ({ size, mtimeMs } = await stat(path));
  } catch (cause) {
    throw new CallqaError(ErrorCodes.MODEL_INTEGRITY, `model file missing: ${path}`, { input: path, cause });
  }
  if (size !== expected.bytes) {
    throw new CallqaError(ErrorCodes.MODEL_INTEGRITY, `model file ${path}: size ${size} bytes, manifest says ${expected.bytes}`, { input: path });
  }
  const key = `${path}\0${size}\0${mtimeMs}`;
  let pending = hashCache.get(key);
  if (!pending) {
    pending = sha256File(path);
    hashCache.set(key, pending);
    pending.catch(() => hashCache.delete(key));
  }
  const actual = await pending;
  if (actual !== expected.sha256) {
    throw new CallqaError(ErrorCodes.MODEL_INTEGRITY, `model file ${path}: sha256 ${actual} does not match the manifest (${expected.sha256})`, {
      input: path,
    });
  }
}

/**
 * Checks every file of a model against `models/manifest.json` (byte size, then sha256) before it
 * is loaded. Throws `CallqaError` `MODEL_INTEGRITY` naming the first missing or altered file.
 *
 * @param key - e.g. `whisper-base` or `silero-vad-v5`
 * @param rootDir - where the files are; @defaultValue the installed npm package's folder
 * @example
 * await verifyModelFiles('whisper-base');
 */
export async function verifyModelFiles(key: ManifestModelKey, rootDir: string = modelRootDir(key)): Promise<void> {
  const entry = manifestEntry(key);
  for (const file of entry.files) {
    await verifyFile(join(rootDir, file.path), file);
  }
}
