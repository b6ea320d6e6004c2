import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { manifestEntry, modelRootDir, verifyModelFiles } from '../../../core/asr/model-manifest.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A copy of whisper-tiny's folder: small files copied, large ONNX files symlinked. */
function copyTiny(): string {
  dir = mkdtempSync(join(tmpdir(), 'callqa-manifest-'));
  const src = modelRootDir('whisper-tiny');
  for (const f of manifestEntry('whisper-tiny').files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    if (f.path.endsWith('.onnx')) symlinkSync(join(src, f.path), join(dir, f.path));
    else copyFileSync(join(src, f.path), join(dir, f.path));
  }
  return dir;
}

describe('model manifest', () => {
  it('lists the ONNX files and tokenizer with the published hashes', () => {
    const files = Object.fromEntries(manifestEntry('whisper-base').files.map((f) => [f.path, f.sha256]));
    expect(files['onnx/encoder_model_quantized.onnx']).toBe('3e345e977b55620a37c0c2b2af0644e019afdfad562dcf71eb929bb7274285f9');
    expect(files['onnx/decoder_model_merged_quantized.onnx']).toBe('a6beb6baabb66f00b6a686d828c95ffca6146d51900cbad0266cad38f64cf861');
    expect(files['tokenizer.json']).toBe('27fc476bfe7f17299480be2273fc0608e4d5a99aba2ab5dec5374b4482d1a566');
    for (const key of ['whisper-tiny', 'whisper-base', 'whisper-small'] as const) {
      const paths = manifestEntry(key).files.map((f) => f.path);
      for (const needed of ['config.json', 'generation_config.json', 'preprocessor_config.json', 'tokenizer_config.json', 'tokenizer.json']) {
        expect(paths).toContain(needed);
      }
    }
  });

  it('verifies the installed whisper-tiny and Silero files', async () => {
    await expect(verifyModelFiles('whisper-tiny')).resolves.toBeUndefined();
    await expect(verifyModelFiles('silero-vad-v5')).resolves.toBeUndefined();
  });

  it('accepts an exact copy and rejects a tampered one, naming the file', async () => {
    const copy = copyTiny();
    await expect(verifyModelFiles('whisper-tiny', copy)).resolves.toBeUndefined();
    const config = join(copy, 'config.json');
    const text = readFileSync(config, 'utf8');
    // Same length, one character changed: only the hash can tell.
    writeFileSync(config, text.replace('"whisper"', '"whispex"'));
    await expect(verifyModelFiles('whisper-tiny', copy)).rejects.toMatchObject({
      code: 'CALLQA_MODEL_INTEGRITY',
      message: expect.stringContaining('config.json'),
    });
  });

  it('rejects a missing file and a file of the wrong size', async () => {
    const copy = copyTiny();
    unlinkSync(join(copy, 'tokenizer.json'));
    await expect(verifyModelFiles('whisper-tiny', copy)).rejects.toMatchObject({
      code: 'CALLQA_MODEL_INTEGRITY',
      message: expect.stringMatching(/missing.*tokenizer\.json/),
    });
    writeFileSync(join(copy, 'tokenizer.json'), '{}');
    await expect(verifyModelFiles('whisper-tiny', copy)).rejects.toMatchObject({ message: expect.stringMatching(/tokenizer\.json: size 2 bytes/) });
  });
});
