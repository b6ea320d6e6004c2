import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js/t2cn';
import { createWhisperAsr, type SpeechRecognizer } from '../../../core/asr/whisper.js';
import { configToEnv, loadServiceConfig, pipelineVersionOf } from '../../../core/config/env.js';
import { loadRuntimeConfig } from '../../../core/config/runtime.js';
import { decodeMono16k, sharedPath } from '../../model/fixtures.js';

// Real whisper-tiny on a real Mandarin clip (../shared/audio-zh): 甚至出现交易几乎停滞的情况.
const CLIP = sharedPath('audio-zh/fireredasr/BAC009S0764W0121.wav');
// The call-centre vocabulary prompt measured in BENCHMARKS.md / README (Model choice).
const VOCABULARY = '以下是普通话的电话录音，关于信用卡欠款的还款事宜：逾期、本金、利息、分期、最低还款额、还款日。';
const toSimplified: (text: string) => string = OpenCC.Converter({ from: 'tw', to: 'cn' });
const isSimplified = (text: string): boolean => toSimplified(text) === text;

let traditional: SpeechRecognizer;
let simplified: SpeechRecognizer;
let samples: Float32Array;

beforeAll(async () => {
  samples = decodeMono16k(CLIP);
  traditional = await createWhisperAsr({ model: 'tiny', threads: 2, prompt: '以下是繁體中文的句子。' });
  simplified = await createWhisperAsr({ model: 'tiny', threads: 2, prompt: VOCABULARY });
});
afterAll(async () => {
  await Promise.all([traditional?.dispose(), simplified?.dispose()]);
});

describe('Whisper prompt (previous text)', () => {
  it('reaches the decoder: the prompt picks the script of the output', async () => {
    const [trad] = await traditional.transcribe([samples]);
    const [simp] = await simplified.transcribe([samples]);
    expect(isSimplified(trad!.text)).toBe(false);
    expect(isSimplified(simp!.text)).toBe(true);
    // Same speech either way: the Traditional output converts to text sharing most characters.
    const shared = [...new Set(toSimplified(trad!.text))].filter((c) => simp!.text.includes(c));
    expect(shared.length).toBeGreaterThanOrEqual(8);
  });

  it('is context, never output: no prompt words come back and timestamps stay in the window', async () => {
    const [simp] = await simplified.transcribe([samples]);
    expect(simp!.text).not.toContain('以下是');
    expect(simp!.text).not.toContain('最低还款额');
    for (const c of simp!.chunks) {
      expect(c.startMs).toBeGreaterThanOrEqual(0);
      expect(c.endMs).toBeLessThanOrEqual(Math.round(samples.length / 16));
    }
  });

  it('is off unless CALLQA_ASR_PROMPT sets one', () => {
    expect(loadRuntimeConfig({}).asrPrompt).toBe('');
    expect(loadRuntimeConfig({ CALLQA_ASR_PROMPT: ' 以下是普通话的句子。 ' }).asrPrompt).toBe('以下是普通话的句子。');
    expect(loadRuntimeConfig({ CALLQA_ASR_PROMPT: '' }).asrPrompt).toBe('');
  });

  it('is part of the pipeline version, so a changed prompt transcribes stored calls again', () => {
    expect(pipelineVersionOf('base', '')).toBe('1-base');
    const a = pipelineVersionOf('base', VOCABULARY);
    expect(a).toMatch(/^1-base-p[0-9a-f]{8}$/);
    expect(pipelineVersionOf('base', '以下是普通话的句子。')).not.toBe(a);
    const source = { DATABASE_URL: 'postgres://x@127.0.0.1/db', REDIS_URL: 'redis://127.0.0.1:6379' };
    expect(loadServiceConfig(source).pipelineVersion).toBe('1-base');
    expect(loadServiceConfig({ ...source, CALLQA_ASR_PROMPT: VOCABULARY }).pipelineVersion).toBe(a);
  });

  it('reaches the sandboxed transcriber children, an empty prompt included', () => {
    const source = { DATABASE_URL: 'postgres://x@127.0.0.1/db', REDIS_URL: 'redis://127.0.0.1:6379' };
    for (const prompt of ['', '以下是普通话的句子。']) {
      const parent = loadServiceConfig({ ...source, CALLQA_ASR_PROMPT: prompt });
      const child = loadServiceConfig(configToEnv(parent));
      expect(child.runtime.asrPrompt).toBe(prompt);
      expect(child.pipelineVersion).toBe(parent.pipelineVersion);
    }
  });
});
