/**
 * `npm run models:verify`: checks every model file callqa loads (Whisper tiny/base/small and
 * Silero VAD) against the sha256 and sizes in models/manifest.json. Exit 0 when all match.
 */
import { isCallqaError } from '../core/domain/errors.js';
import { manifestEntry, verifyModelFiles, type ManifestModelKey } from '../core/asr/model-manifest.js';

const KEYS: ManifestModelKey[] = ['whisper-tiny', 'whisper-base', 'whisper-small', 'silero-vad-v5'];

let failed = 0;
for (const key of KEYS) {
  const t0 = performance.now();
  try {
    await verifyModelFiles(key);
    const entry = manifestEntry(key);
    const bytes = entry.files.reduce((a, f) => a + f.bytes, 0);
    process.stderr.write(`ok    ${key} (${entry.package}@${entry.packageVersion}, ${entry.files.length} files, ${(bytes / 1e6).toFixed(1)} MB, ${Math.round(performance.now() - t0)} ms)\n`);
  } catch (err) {
    failed++;
    process.stderr.write(`FAIL  ${key}: ${isCallqaError(err) ? err.message : String(err)}\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
