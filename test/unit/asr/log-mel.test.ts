import { AutoProcessor, env, type Processor, type Tensor } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogMelExtractor, logMelSpecOf, type LogMelExtractor } from '../../../core/asr/log-mel.js';
import { whisperLocalModelPath } from '../../../core/asr/model-manifest.js';
import { decodeMono16k, sharedPath } from '../../model/fixtures.js';

// Our GEMM log-mel against transformers.js' WhisperFeatureExtractor (the reference), on real speech.
const { localModelPath, modelId } = whisperLocalModelPath('tiny');
let processor: Processor;
let ours: LogMelExtractor;

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = localModelPath;
  processor = await AutoProcessor.from_pretrained(modelId, { local_files_only: true });
  ours = createLogMelExtractor(logMelSpecOf(processor));
});

async function reference(samples: Float32Array): Promise<Tensor> {
  return ((await processor(samples)) as { input_features: Tensor }).input_features;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)));
  return d;
}

const speech = decodeMono16k(sharedPath('audio-zh/fireredasr/BAC009S0764W0121.wav'));
/** 30 s of real speech: the manifest clips one after another, repeated to fill a window. */
function fullWindow(): Float32Array {
  const clips = ['fireredasr/TEST_MEETING_T0000000001_S00000.wav', 'wenet/gpu-long.wav', 'fireredasr/BAC009S0764W0121.wav'].map((f) => decodeMono16k(sharedPath(`audio-zh/${f}`)));
  const out = new Float32Array(480_000);
  for (let at = 0, k = 0; at < out.length; k++) {
    const clip = clips[k % clips.length] as Float32Array;
    const n = Math.min(clip.length, out.length - at);
    out.set(clip.subarray(0, n), at);
    at += n;
  }
  return out;
}

describe('createLogMelExtractor', () => {
  it.each([
    ['a short clip, zero-padded to 30 s', speech],
    ['a full 30 s window (reflect padding at both ends)', fullWindow()],
    ['a clip that ends mid-frame', speech.subarray(0, 16_000 + 77)],
  ])('matches transformers.js on %s', async (_name, samples) => {
    expect(samples.length).toBeGreaterThan(0);
    const ref = await reference(samples);
    const got = await ours.extract(samples);
    expect(got.dims).toEqual(ref.dims);
    // Features lie in about [−1.5, 1.5]; float32 GEMM against a float64 FFT differs by rounding
    // only (measured 3e-5).
    expect(maxAbsDiff(got.data, ref.data as Float32Array)).toBeLessThan(5e-4);
  });

  it('gives the reference value for silence and rejects more than one window', async () => {
    const silence = new Float32Array(8000);
    const ref = await reference(silence);
    const got = await ours.extract(silence);
    expect(maxAbsDiff(got.data, ref.data as Float32Array)).toBe(0);
    await expect(ours.extract(new Float32Array(480_001))).rejects.toThrow(/at most 480000/);
  });
});
