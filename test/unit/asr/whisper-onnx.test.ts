import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AutoProcessor,
  LogitsProcessorList,
  SuppressTokensAtBeginLogitsProcessor,
  SuppressTokensLogitsProcessor,
  WhisperForConditionalGeneration,
  env,
  log_softmax,
  type Tensor,
} from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whisperLocalModelPath } from '../../../core/asr/model-manifest.js';
import { WhisperTimestampRules } from '../../../core/asr/whisper-logits.js';
import { loadWhisperSessions, logProbabilityOf, type WhisperSessions } from '../../../core/asr/whisper-onnx.js';
import { decodeMono16k, sharedPath } from '../../model/fixtures.js';

// Our cached greedy decoder against transformers.js' own generate(), on whisper-tiny and real speech.
const { localModelPath, modelId } = whisperLocalModelPath('tiny');
const modelDir = join(localModelPath, modelId);
const gen = JSON.parse(readFileSync(join(modelDir, 'generation_config.json'), 'utf8')) as {
  suppress_tokens: number[];
  begin_suppress_tokens: number[];
  eos_token_id: number;
  lang_to_id: Record<string, number>;
  decoder_start_token_id: number;
  no_timestamps_token_id: number;
};
const config = JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')) as { decoder_layers: number; decoder_attention_heads: number; d_model: number; vocab_size: number };
const prompt = [gen.decoder_start_token_id, gen.lang_to_id['<|zh|>']!, 50359];

let sessions: WhisperSessions;
let features: Tensor;

beforeAll(async () => {
  env.allowRemoteModels = false;
  env.localModelPath = localModelPath;
  sessions = await loadWhisperSessions(modelDir, { decoderLayers: config.decoder_layers, decoderHeads: config.decoder_attention_heads, dModel: config.d_model, vocabSize: config.vocab_size }, 2);
  const processor = await AutoProcessor.from_pretrained(modelId, { local_files_only: true });
  features = ((await processor(decodeMono16k(sharedPath('audio-zh/fireredasr/BAC009S0764W0121.wav')))) as { input_features: Tensor }).input_features;
});
afterAll(async () => {
  await sessions?.dispose();
});

describe('loadWhisperSessions (whisper-tiny)', () => {
  it('decodes exactly the tokens transformers.js generate() picks with the same rules (our timestamp rules)', async () => {
    const processors = new LogitsProcessorList();
    processors.push(new SuppressTokensLogitsProcessor(gen.suppress_tokens));
    processors.push(new WhisperTimestampRules(gen.eos_token_id, gen.no_timestamps_token_id, prompt.length));
    processors.push(new SuppressTokensAtBeginLogitsProcessor(gen.begin_suppress_tokens, prompt.length));
    const hidden = await sessions.encode(features.data as Float32Array, features.dims);
    expect(hidden.dims).toEqual([1, 1500, config.d_model]);
    const ours = await sessions.decode(hidden, prompt, { maxNewTokens: 60, eos: gen.eos_token_id, processors });

    const model = (await WhisperForConditionalGeneration.from_pretrained(modelId, { dtype: 'q8', device: 'cpu', local_files_only: true })) as WhisperForConditionalGeneration;
    try {
      const reference = (await model.generate({
        inputs: features,
        decoder_input_ids: prompt,
        return_timestamps: true,
        max_new_tokens: 60,
      } as unknown as Parameters<typeof model.generate>[0])) as Tensor;
      const expected = (reference.tolist() as bigint[][])[0]!.map(Number);
      expect(ours.slice(0, prompt.length)).toEqual(prompt);
      expect(ours.length).toBeGreaterThan(prompt.length + 5);
      expect(ours).toEqual(expected);
    } finally {
      await model.dispose();
    }
  });

  it('reports each generated token\'s log-probability without changing the tokens', async () => {
    const processors = new LogitsProcessorList();
    processors.push(new SuppressTokensLogitsProcessor(gen.suppress_tokens));
    processors.push(new WhisperTimestampRules(gen.eos_token_id, gen.no_timestamps_token_id, prompt.length));
    const hidden = await sessions.encode(features.data as Float32Array, features.dims);
    const plain = await sessions.decode(hidden, prompt, { maxNewTokens: 40, eos: gen.eos_token_id, processors });
    const logprobs: number[] = [];
    const withLp = await sessions.decode(hidden, prompt, { maxNewTokens: 40, eos: gen.eos_token_id, processors, logprobs });
    expect(withLp).toEqual(plain);
    expect(logprobs).toHaveLength(plain.length - prompt.length);
    for (const lp of logprobs) {
      expect(lp).toBeLessThanOrEqual(0);
      // Greedy picks the most probable token: never below log(1 / vocabulary).
      expect(lp).toBeGreaterThan(-Math.log(config.vocab_size));
    }
    // Clean read speech: the decoder is sure of most of it.
    expect(logprobs.reduce((a, b) => a + b, 0) / logprobs.length).toBeGreaterThan(-1);
  });

  it('computes log softmax like transformers.js, suppressed tokens included', () => {
    const scores = Float32Array.from([2, -1, Number.NEGATIVE_INFINITY, 0.5, 7.25]);
    const reference = log_softmax(Float32Array.from([2, -1, -1e30, 0.5, 7.25]));
    for (const i of [0, 1, 3, 4]) expect(logProbabilityOf(scores, i)).toBeCloseTo(reference[i]!, 5);
    expect(logProbabilityOf(scores, 2)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('stops at the token budget', async () => {
    const hidden = await sessions.encode(features.data as Float32Array, features.dims);
    const tokens = await sessions.decode(hidden, prompt, { maxNewTokens: 4, eos: gen.eos_token_id, processors: new LogitsProcessorList() });
    expect(tokens).toHaveLength(prompt.length + 4);
  });

  it('rejects a folder without Whisper graphs, naming it', async () => {
    await expect(loadWhisperSessions('/nonexistent-model-dir', { decoderLayers: 4, decoderHeads: 6, dModel: 384, vocabSize: 51865 }, 1)).rejects.toThrow(/nonexistent-model-dir/);
  });
});
