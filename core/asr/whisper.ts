import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import {
  AutoProcessor,
  AutoTokenizer,
  LogitsProcessorList,
  SuppressTokensAtBeginLogitsProcessor,
  SuppressTokensLogitsProcessor,
  env,
  type PreTrainedTokenizer,
  type Processor,
} from '@huggingface/transformers';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import { SAMPLE_RATE } from '../domain/audio.js';
import type { WhisperModelName } from '../config/runtime.js';
import { createLogMelExtractor, logMelSpecOf } from './log-mel.js';
import { whisperLocalModelPath } from './model-manifest.js';
import { EarlyEndGuard, LoopStopper, WhisperTimestampRules } from './whisper-logits.js';
import { loadWhisperSessions, type WhisperSessions } from './whisper-onnx.js';

/** Whisper's fixed input length. */
export const WHISPER_WINDOW_MS = 30_000;
/** Whisper's decoder positions. */
const DECODER_POSITIONS = 448;
/** Whisper's own bound on previous-text tokens: half the decoder's context, less <|startofprev|>. */
const MAX_PROMPT_TOKENS = DECODER_POSITIONS / 2 - 1;

/** A piece of text with Whisper's own timestamps, in ms from the start of its window. */
export interface AsrChunk {
  text: string;
  startMs: number;
  endMs: number;
  /** Part of a run of identical chunks: the decoder was looping (see `markLoopedChunks`). */
  looped?: boolean;
  /**
   * Mean log-probability of the chunk's text tokens (Whisper's `avg_logprob`, per chunk): how
   * sure the decoder was of these words. Absent when the chunk could not be tied to its tokens.
   */
  logprob?: number;
}

export interface AsrWindowResult {
  /** Whole window text as the recogniser produced it. */
  text: string;
  /** Timestamped chunks (may be one chunk covering the window when Whisper gave no stamps). */
  chunks: AsrChunk[];
}

export interface SpeechRecognizer {
  /** e.g. `whisper-base-q8`: recorded in every transcript and report. */
  readonly modelId: string;
  /**
   * Transcribes windows of 16 kHz mono float32 audio, each at most 30 s. Results are in input
   * order, times relative to each window.
   */
  transcribe(windows: readonly Float32Array[], opts?: { signal?: AbortSignal }): Promise<AsrWindowResult[]>;
  dispose(): Promise<void>;
}

export interface WhisperAsrOptions {
  model: WhisperModelName;
  /** onnxruntime intra-op threads. @defaultValue number of CPUs */
  threads?: number | undefined;
  /** Decoder token budget per second of window audio (plus `tokenMargin`). @defaultValue 10 */
  tokensPerSecond?: number;
  /** @defaultValue 24 */
  tokenMargin?: number;
  /**
   * End-of-text is forbidden until Whisper's timestamps reach the window's end minus this (0 turns
   * the guard off). @defaultValue 2500
   */
  earlyEndGuardMs?: number;
  /**
   * Text given to the decoder as if it preceded the window (Whisper's `initial_prompt`): it biases
   * spelling towards its words and its script. Empty or absent: none.
   */
  prompt?: string | undefined;
}

/** Token cap for a window: enough for fast Mandarin speech with timestamps, never a 448-token loop. */
export function maxNewTokensFor(durationMs: number, tokensPerSecond = 10, margin = 24, promptTokens = 3): number {
  return Math.min(DECODER_POSITIONS - promptTokens - 1, Math.ceil((durationMs / 1000) * tokensPerSecond) + margin);
}

/**
 * Flags runs of at least `minRun` consecutive chunks with the same text: a decoder loop that
 * re-stamps every repeat ("共一年，" ×9), which the per-segment repetition test cannot see once
 * the repeats are spread over several VAD spans.
 */
export function markLoopedChunks(chunks: AsrChunk[], minRun = 4): AsrChunk[] {
  let start = 0;
  for (let i = 1; i <= chunks.length; i++) {
    if (i < chunks.length && chunks[i]!.text.trim() === chunks[start]!.text.trim()) continue;
    if (i - start >= minRun) for (let k = start; k < i; k++) chunks[k]!.looped = true;
    start = i;
  }
  return chunks;
}

/** A run of text tokens between two timestamp tokens, with its mean log-probability. */
export interface TextRun {
  tokens: number[];
  logprob: number;
}

/**
 * Splits generated tokens (after the start tokens) into runs of text tokens separated by
 * timestamp tokens, each with the mean of its tokens' log-probabilities (`logprobs[i]` belongs to
 * `generated[i]`). Special tokens (end-of-text and the ids between it and the timestamps) end
 * nothing and count nothing.
 */
export function textRuns(generated: readonly number[], logprobs: readonly number[], ids: { eos: number; timestampBegin: number }): TextRun[] {
  const runs: TextRun[] = [];
  let tokens: number[] = [];
  let sum = 0;
  const close = () => {
    if (tokens.length > 0) runs.push({ tokens, logprob: sum / tokens.length });
    tokens = [];
    sum = 0;
  };
  generated.forEach((t, i) => {
    if (t >= ids.timestampBegin) close();
    else if (t < ids.eos && logprobs[i] !== undefined) {
      tokens.push(t);
      sum += logprobs[i]!;
    }
  });
  close();
  return runs;
}

/**
 * The log-probability of each chunk `_decode_asr` made, from the runs of text tokens it was made
 * of: one run per chunk, or several consecutive runs joined (it merges chunks whose timestamps
 * touch), weighted by their token counts. Undefined when the texts do not line up, so a
 * confidence is never put on words it was not measured on.
 */
export function chunkLogprobs(chunkTexts: readonly string[], runs: readonly (TextRun & { text: string })[]): number[] | undefined {
  const squash = (t: string) => t.replace(/\s+/gu, '');
  const out: number[] = [];
  let r = 0;
  for (const chunkText of chunkTexts) {
    const want = squash(chunkText);
    let got = '';
    let sum = 0;
    let n = 0;
    while (r < runs.length && got.length < want.length) {
      const run = runs[r++]!;
      got += squash(run.text);
      sum += run.logprob * run.tokens.length;
      n += run.tokens.length;
    }
    if (got !== want || n === 0) return undefined;
    out.push(sum / n);
  }
  // Runs left over that carry text mean the two disagree.
  return runs.slice(r).some((x) => squash(x.text) !== '') ? undefined : out;
}

interface WhisperGenerationSettings {
  decoder_start_token_id: number;
  eos_token_id: number | number[];
  no_timestamps_token_id: number;
  lang_to_id: Record<string, number | undefined>;
  task_to_id: Record<string, number | undefined>;
  suppress_tokens: number[] | null;
  begin_suppress_tokens: number[] | null;
}

interface WhisperModelConfig {
  d_model: number;
  decoder_attention_heads: number;
  decoder_layers: number;
  vocab_size: number;
  max_source_positions: number;
}

interface DecodedAsr {
  chunks?: { text: string; timestamp: [number, number | null] }[];
}

type AsrTokenizer = PreTrainedTokenizer & {
  _decode_asr(
    sequences: { tokens: number[]; stride: number[] }[],
    opts: { return_timestamps: boolean; time_precision: number; force_full_sequences: boolean },
  ): [string, DecodedAsr];
};

/**
 * `<|startofprev|>` and the prompt's tokens (with the leading space Whisper's own `initial_prompt`
 * adds), cut to the last {@link MAX_PROMPT_TOKENS}; none for an empty prompt.
 */
function previousTextTokens(tokenizer: PreTrainedTokenizer, prompt: string | undefined): number[] {
  const text = prompt?.trim() ?? '';
  if (text === '') return [];
  const startOfPrev = tokenizer.get_vocab().get('<|startofprev|>');
  if (startOfPrev === undefined) throw new CallqaError(ErrorCodes.MODEL_INTEGRITY, 'the Whisper tokenizer has no <|startofprev|> token');
  const ids = tokenizer.encode(` ${text}`, { add_special_tokens: false });
  return [startOfPrev, ...ids.slice(-MAX_PROMPT_TOKENS)];
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

/**
 * Loads Whisper (q8 ONNX from the `sts-whisper-<size>` npm package) once for the process, offline.
 * The encoder and decoder run straight on onnxruntime (see `loadWhisperSessions` for why and what
 * it measured); transformers.js supplies the feature extractor's configuration, the tokenizer and the
 * suppress-list processors. The log-mel features (`createLogMelExtractor`: the same values as two
 * matrix products) and the timestamp rules (`WhisperTimestampRules`: the same edits at about a
 * tenth of the cost) are ours. This is the only module that touches transformers.js' global `env`.
 *
 * Decoding is greedy, one window at a time, language forced to Chinese, with timestamps: the
 * suppress lists of the model's generation config, Whisper's timestamp rules, end-of-text held
 * back until the window's end (no re-encoding of a tail) and loops cut short. Batching windows
 * was measured slower on 2 cores (9.3–10 s of CPU for two windows at batch 2, against 7.2–7.5 s
 * one by one), as was running two windows at once.
 *
 * @example
 * const asr = await createWhisperAsr({ model: 'base', threads: 2 });
 * const [result] = await asr.transcribe([samples]);
 */
export async function createWhisperAsr(opts: WhisperAsrOptions): Promise<SpeechRecognizer> {
  const { localModelPath, modelId } = whisperLocalModelPath(opts.model);
  const modelDir = join(localModelPath, modelId);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = localModelPath;
  const threads = opts.threads ?? availableParallelism();

  let sessions: WhisperSessions;
  let processor: Processor;
  let tokenizer: AsrTokenizer;
  let config: WhisperModelConfig;
  let gen: WhisperGenerationSettings;
  try {
    [config, gen, processor, tokenizer] = await Promise.all([
      readJson<WhisperModelConfig>(join(modelDir, 'config.json')),
      readJson<WhisperGenerationSettings>(join(modelDir, 'generation_config.json')),
      AutoProcessor.from_pretrained(modelId, { local_files_only: true }),
      AutoTokenizer.from_pretrained(modelId, { local_files_only: true }) as Promise<AsrTokenizer>,
    ]);
    sessions = await loadWhisperSessions(
      modelDir,
      { decoderLayers: config.decoder_layers, decoderHeads: config.decoder_attention_heads, dModel: config.d_model, vocabSize: config.vocab_size },
      threads,
    );
  } catch (cause) {
    throw new CallqaError(ErrorCodes.MODEL_INTEGRITY, `cannot load ${modelId} from ${localModelPath}`, { input: modelId, cause });
  }
  const melSpec = logMelSpecOf(processor);
  const logMel = createLogMelExtractor(melSpec);
  // Seconds per timestamp token: the window's length (30 s of 16 kHz samples) over the encoder positions.
  const timePrecision = melSpec.nSamples / SAMPLE_RATE / config.max_source_positions;
  const zh = gen.lang_to_id['<|zh|>'];
  const transcribeTask = gen.task_to_id.transcribe;
  if (zh === undefined || transcribeTask === undefined) {
    await sessions.dispose();
    throw new CallqaError(ErrorCodes.MODEL_INTEGRITY, `${modelId} is not a multilingual Whisper model (no <|zh|> token)`, { input: modelId });
  }
  // Prompt: [<|startofprev|> previous text] <|startoftranscript|><|zh|><|transcribe|>, timestamps on
  // (no <|notimestamps|>).
  const previous = previousTextTokens(tokenizer, opts.prompt);
  const initTokens = [...previous, gen.decoder_start_token_id, zh, transcribeTask];
  const timestampBegin = gen.no_timestamps_token_id + 1;
  const guardMs = opts.earlyEndGuardMs ?? 2500;
  const eosTokenId = Array.isArray(gen.eos_token_id) ? gen.eos_token_id[0]! : gen.eos_token_id;

  function processorsFor(windowMs: number): LogitsProcessorList {
    const processors = new LogitsProcessorList();
    if (gen.suppress_tokens) processors.push(new SuppressTokensLogitsProcessor(gen.suppress_tokens));
    processors.push(new WhisperTimestampRules(eosTokenId, gen.no_timestamps_token_id, initTokens.length));
    if (gen.begin_suppress_tokens) processors.push(new SuppressTokensAtBeginLogitsProcessor(gen.begin_suppress_tokens, initTokens.length));
    if (guardMs > 0) {
      const minEnd = timestampBegin + Math.max(0, Math.floor((windowMs - guardMs) / (timePrecision * 1000)));
      processors.push(new EarlyEndGuard(eosTokenId, timestampBegin, [minEnd]));
    }
    processors.push(new LoopStopper(eosTokenId, timestampBegin, initTokens.length));
    return processors;
  }

  async function transcribeWindow(samples: Float32Array): Promise<AsrWindowResult> {
    const features = await logMel.extract(samples);
    const hidden = await sessions.encode(features.data, features.dims);
    const windowMs = (samples.length / SAMPLE_RATE) * 1000;
    const logprobs: number[] = [];
    const tokens = await sessions.decode(hidden, initTokens, {
      maxNewTokens: maxNewTokensFor(windowMs, opts.tokensPerSecond, opts.tokenMargin, initTokens.length),
      eos: eosTokenId,
      processors: processorsFor(windowMs),
      logprobs,
    });
    // The previous text is context, not output: decode from <|startoftranscript|> on.
    const result = decodeRow(tokens.slice(previous.length), samples.length);
    const runs = textRuns(tokens.slice(initTokens.length), logprobs, { eos: eosTokenId, timestampBegin });
    const texts = runs.map((r) => ({ ...r, text: tokenizer.decode(r.tokens, { skip_special_tokens: true }) }));
    const perChunk = chunkLogprobs(result.chunks.map((c) => c.text), texts);
    perChunk?.forEach((lp, i) => (result.chunks[i]!.logprob = lp));
    return result;
  }

  function decodeRow(tokens: number[], samples: number): AsrWindowResult {
    const windowMs = Math.round((samples / SAMPLE_RATE) * 1000);
    const [text, decoded] = tokenizer._decode_asr([{ tokens, stride: [samples / SAMPLE_RATE, 0, 0] }], {
      return_timestamps: true,
      time_precision: timePrecision,
      force_full_sequences: false,
    });
    const chunks: AsrChunk[] = [];
    for (const c of decoded.chunks ?? []) {
      if (c.text.trim() === '') continue;
      const startMs = Math.min(windowMs, Math.max(0, Math.round(c.timestamp[0] * 1000)));
      const endRaw = c.timestamp[1] === null ? windowMs : Math.round(c.timestamp[1] * 1000);
      chunks.push({ text: c.text, startMs, endMs: Math.min(windowMs, Math.max(startMs, endRaw)) });
    }
    if (chunks.length === 0 && text.trim() !== '') chunks.push({ text, startMs: 0, endMs: windowMs });
    return { text, chunks: markLoopedChunks(chunks) };
  }

  return {
    modelId: `whisper-${opts.model}-q8`,
    async transcribe(windows, transcribeOpts = {}) {
      for (const w of windows) {
        if (w.length > (WHISPER_WINDOW_MS / 1000) * SAMPLE_RATE) {
          throw new CallqaError(ErrorCodes.INTERNAL, `ASR window of ${w.length} samples exceeds Whisper's 30 s`);
        }
      }
      const results: AsrWindowResult[] = [];
      for (const w of windows) {
        const signal = transcribeOpts.signal;
        if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
        results.push(await transcribeWindow(w));
      }
      return results;
    },
    async dispose() {
      await sessions.dispose();
    },
  };
}
