import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** `../shared/audio-zh` next to the repository. */
export const SHARED_AUDIO_DIR = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'audio-zh');

export interface ManifestItem {
  /** Absolute path of the clip. */
  path: string;
  /** Manifest-relative path, e.g. `fireredasr/IT0011W0001.wav`. */
  name: string;
  reference: string;
  origin: string;
}

/** Reads `manifest.tsv` / `manifest-tel8k.tsv` (path, reference transcript, origin; tab-separated). */
export async function readManifest(file: 'manifest.tsv' | 'manifest-tel8k.tsv', dir = SHARED_AUDIO_DIR): Promise<ManifestItem[]> {
  const text = await readFile(join(dir, file), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((line, i) => {
      const [name, reference, origin = ''] = line.split('\t');
      if (!name || !reference) throw new Error(`${file} line ${i + 1}: expected "path<TAB>reference<TAB>origin"`);
      return { path: join(dir, name), name, reference, origin };
    });
}
