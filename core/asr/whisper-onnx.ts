import { join } from 'node:path';
import ort from 'onnxruntime-node';
import { Tensor, type LogitsProcessorList } from '@huggingface/transformers';

/** Shape facts of a Whisper checkpoint the decoder loop needs (from its `config.json`). */
export interface WhisperShape {
  decoderLayers: number;
  decoderHeads: number;
  dModel: number;
  vocabSize: number;
}

export interface WhisperSessions {
  /** Log-mel features `[1, 80, 3000]` → encoder hidden states `[1, 1500, d_model]`. */
  encode(features: Float32Array, dims: readonly number[]): Promise<ort.Tensor>;
  /**
   * Greedy decoding with the key/value cache: `prompt` first, then one token per step until
   * end-of-text or `maxNewTokens`. `processors` edit each step's logits (transformers.js
   * processors, called with a `[1, vocab]` tensor). Returns prompt + generated tokens. With
   * `logprobs`, the log-probability of each generated token under the processed distribution
   * (what Whisper's `avg_logprob` averages) is pushed onto it, one per generated token.
   */
  decode(
    hidden: ort.Tensor,
    prompt: readonly number[],
    opts: { maxNewTokens: number; eos: number; processors: LogitsProcessorList; logprobs?: number[] },
  ): Promise<number[]>;
  dispose(): Promise<void>;
}

/**
 * Session options for the q8 Whisper graphs. Each one is a measured fix (whisper-base, 2 cores):
 * - `allow_spinning: 0`: with spinning on, each small decoder step burns its threads' time
 *   slices; on a shared 2-core machine the decoder ran 3–4× slower.
 * - `disable_quant_qdq: 1`: the q8 decoder keeps its token-embedding matrix (51865 × 512, shared
 *   with the output projection) quantized behind DequantizeLinear nodes, which onnxruntime
 *   re-runs on every step (7 ms of a 16 ms step). This setting lets constant folding turn them
 *   into float weights once at load: 16.2 → 9.7 ms per step, for ≈ 200 MB more memory.
 */
function sessionOptions(threads: number): ort.InferenceSession.SessionOptions {
  return {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' }, disable_quant_qdq: '1' } },
  };
}

/**
 * Loads the encoder and the merged decoder (`onnx/encoder_model_quantized.onnx`,
 * `onnx/decoder_model_merged_quantized.onnx` under `modelDir`) straight into onnxruntime.
 *
 * Why not transformers.js' `generate()`: it fetches every graph output on every run. The encoder
 * also exports its six attention maps (6 × 8 × 1500 × 1500 floats, 430 MB per window), and the
 * decoder hands back the unchanged cross-attention cache each step. Fetching only what is used
 * took the whisper-base encoder from 1.1 s to 0.6 s per window.
 */
export async function loadWhisperSessions(modelDir: string, shape: WhisperShape, threads: number): Promise<WhisperSessions> {
  const options = sessionOptions(threads);
  const encoder = await ort.InferenceSession.create(join(modelDir, 'onnx', 'encoder_model_quantized.onnx'), options);
  let decoder: ort.InferenceSession;
  try {
    decoder = await ort.InferenceSession.create(join(modelDir, 'onnx', 'decoder_model_merged_quantized.onnx'), options);
  } catch (err) {
    await encoder.release();
    throw err;
  }
  const headDim = shape.dModel / shape.decoderHeads;
  const pastNames = decoder.inputNames.filter((n) => n.startsWith('past_key_values.'));
  const selfCacheOutputs = decoder.outputNames.filter((n) => n.startsWith('present.') && n.includes('.decoder.'));
  const allCacheOutputs = decoder.outputNames.filter((n) => n.startsWith('present.'));
  if (pastNames.length !== shape.decoderLayers * 4 || !decoder.outputNames.includes('logits')) {
    await Promise.all([encoder.release(), decoder.release()]);
    throw new Error(`${modelDir}: the decoder is not a merged Whisper decoder with a ${shape.decoderLayers}-layer cache`);
  }
  const emptyCache = (): ort.Tensor => new ort.Tensor('float32', new Float32Array(0), [1, shape.decoderHeads, 0, headDim]);
  const pastName = (present: string): string => present.replace(/^present\./, 'past_key_values.');

  return {
    async encode(features, dims) {
      const out = await encoder.run({ input_features: new ort.Tensor('float32', features, dims) }, ['last_hidden_state']);
      return out.last_hidden_state!;
    },

    async decode(hidden, prompt, { maxNewTokens, eos, processors, logprobs }) {
      const tokens = [...prompt];
      // The same ids as bigints, grown with `tokens`: what the logits processors read each step.
      const ids = prompt.map(BigInt);
      const cache: Record<string, ort.Tensor> = {};
      for (const name of pastNames) cache[name] = emptyCache();
      let stepInput = ids.slice();
      for (let step = 0; step < maxNewTokens; step++) {
        const first = step === 0;
        const feeds: Record<string, ort.Tensor> = {
          ...cache,
          input_ids: new ort.Tensor('int64', BigInt64Array.from(stepInput), [1, stepInput.length]),
          encoder_hidden_states: hidden,
          use_cache_branch: new ort.Tensor('bool', [!first], [1]),
        };
        // The cross-attention cache is computed on the first step and constant afterwards.
        const out = await decoder.run(feeds, ['logits', ...(first ? allCacheOutputs : selfCacheOutputs)]);
        for (const name of first ? allCacheOutputs : selfCacheOutputs) cache[pastName(name)] = out[name]!;
        const all = out.logits!.data as Float32Array;
        const last = all.slice(all.length - shape.vocabSize);
        const scores = processors([ids], new Tensor('float32', last, [1, shape.vocabSize]));
        const data = scores.data as Float32Array;
        const next = argmax(data);
        // The greedy token is the best score: its value is the maximum the log-sum needs.
        if (logprobs) logprobs.push(logProbabilityOf(data, next, data[next]!));
        tokens.push(next);
        ids.push(BigInt(next));
        if (next === eos) break;
        stepInput = [ids.at(-1)!];
      }
      return tokens;
    },

    async dispose() {
      await Promise.all([encoder.release(), decoder.release()]);
    },
  };
}

/**
 * Scores this far below the best add at most vocabulary × e^-30 ≈ 5e-9 to the log-sum, so their
 * exponentials (suppressed tokens and the far tail) are skipped.
 */
const NEGLIGIBLE_BELOW_MAX = 30;

/**
 * log softmax(scores)[index], stable; suppressed tokens (-Infinity) weigh nothing. `max` is the
 * largest score, when the caller already knows it (the greedy token's own score): one pass over
 * the vocabulary fewer.
 */
export function logProbabilityOf(scores: Float32Array, index: number, max = maxOf(scores)): number {
  const floor = max - NEGLIGIBLE_BELOW_MAX;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (v > floor) sum += Math.exp(v - max);
  }
  return scores[index]! - max - Math.log(sum);
}

function maxOf(data: Float32Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) if (data[i]! > max) max = data[i]!;
  return max;
}

function argmax(data: Float32Array): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < data.length; i++) {
    if (data[i]! > bestValue) {
      bestValue = data[i]!;
      best = i;
    }
  }
  return best;
}
