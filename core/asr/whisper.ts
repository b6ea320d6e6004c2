import { availableParallelism } from 'node:os';
import {
  AutoProcessor,
  AutoTokenizer,
  LogitsProcessorList,
  SuppressTokensAtBeginLogitsProcessor,
  WhisperForConditionalGeneration,
  WhisperTimeStampLogitsProcessor,
  cat,
  env,
  type PreTrainedTokenizer,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import { SAMPLE_RATE } from '../domain/audio.js';
import type { WhisperModelName } from '../config/runtime.js';
import { whisperLocalModelPath } from './model-manifest.js';
import { EarlyEndGuard, FinishedRowsProcessor, LoopStopper } from './whisper-logits.js';

/** Whisper's fixed input length. */
export const WHISPER_WINDOW_MS = 30_000;
/** 448 positions minus the 3 prompt tokens (start, language, task). */
const MAX_DECODER_TOKENS = 444;

/** A piece of text with Whisper's own timestamps, in ms from the start of its window. */
export interface AsrChunk {
  text: string;
  startMs: number;
  endMs: number;
  /** Part of a run of identical chunks: the decoder was looping (see `markLoopedChunks`). */
  looped?: boolean;
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
  /** Windows decoded together in one generate call (see the speed note). @defaultValue 1 */
  batchSize?: number;
  /** Decoder token budget per second of window audio (plus `tokenMargin`). @defaultValue 10 */
  tokensPerSecond?: number;
  /** @defaultValue 24 */
  tokenMargin?: number;
  /**
   * End-of-text is forbidden until Whisper's timestamps reach the window's end minus this (0 turns
   * the guard off). @defaultValue 2500
   */
  earlyEndGuardMs?: number;
}

/** Token cap for a window: enough for fast Mandarin speech with timestamps, never a 448-token loop. */
export function maxNewTokensFor(durationMs: number, tokensPerSecond = 10, margin = 24): number {
  return Math.min(MAX_DECODER_TOKENS, Math.ceil((durationMs / 1000) * tokensPerSecond) + margin);
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

interface WhisperGenerationSettings {
  decoder_start_token_id: number;
  eos_token_id: number | number[];
  no_timestamps_token_id: number;
  lang_to_id: Record<string, number | undefined>;
  task_to_id: Record<string, number | undefined>;
  begin_suppress_tokens: number[] | null;
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
 * Loads Whisper (q8 ONNX from the `sts-whisper-<size>` npm package) once for the process, offline.
 * This is the only module that touches transformers.js' global `env`.
 *
 * Speed (2 shared cores): `batchSize` > 1 runs several windows through one generate call and is
 * correct, but measured slower here (whisper-base, 40 s in two windows: 9.3–10 s of CPU at batch
 * 2 against 7.2–7.5 s one by one), since onnxruntime's per-step cost grows with the rows;
 * hence the default of 1. What pays: ≤ 30 s windows packed from VAD speech, no thread spinning,
 * end-of-text held back until the window's end (no re-encoding), and loops cut short.
 *
 * @example
 * const asr = await createWhisperAsr({ model: 'base', threads: 2 });
 * const [result] = await asr.transcribe([samples]);
 */
export async function createWhisperAsr(opts: WhisperAsrOptions): Promise<SpeechRecognizer> {
  const { localModelPath, modelId } = whisperLocalModelPath(opts.model);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = localModelPath;
  const threads = opts.threads ?? availableParallelism();
  const batchSize = Math.max(1, opts.batchSize ?? 1);

  let model: WhisperForConditionalGeneration;
  let processor: Processor;
  let tokenizer: AsrTokenizer;
  try {
    [model, processor, tokenizer] = await Promise.all([
      WhisperForConditionalGeneration.from_pretrained(modelId, {
        dtype: 'q8',
        device: 'cpu',
        local_files_only: true,
        session_options: {
          intraOpNumThreads: threads,
          interOpNumThreads: 1,
          graphOptimizationLevel: 'all',
          executionMode: 'sequential',
          // No busy-waiting between ops: with spinning on, each of the ~100 small decoder steps
          // per window burns its threads' time slices, and on a shared 2-core machine the
          // decoder ran 3–4× slower (measured 9.5 s vs 2.4 s for 68 whisper-base steps).
          extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
        },
      }) as Promise<WhisperForConditionalGeneration>,
      AutoProcessor.from_pretrained(modelId, { local_files_only: true }),
      AutoTokenizer.from_pretrained(modelId, { local_files_only: true }) as Promise<AsrTokenizer>,
    ]);
  } catch (cause) {
    throw new CallqaError(ErrorCodes.MODEL_INTEGRITY, `cannot load ${modelId} from ${localModelPath}`, { input: modelId, cause });
  }
  const featureConfig = (processor as unknown as { feature_extractor: { config: { chunk_length: number } } }).feature_extractor.config;
  const maxSourcePositions = (model.config as unknown as { max_source_positions: number }).max_source_positions;
  const timePrecision = featureConfig.chunk_length / maxSourcePositions;
  const gen = model.generation_config as unknown as WhisperGenerationSettings;
  const zh = gen.lang_to_id['<|zh|>'];
  const transcribeTask = gen.task_to_id.transcribe;
  if (zh === undefined || transcribeTask === undefined) {
    throw new CallqaError(ErrorCodes.MODEL_INTEGRITY, `${modelId} is not a multilingual Whisper model (no <|zh|> token)`, { input: modelId });
  }
  // Prompt: <|startoftranscript|><|zh|><|transcribe|>, timestamps on (no <|notimestamps|>).
  const initTokens = [gen.decoder_start_token_id, zh, transcribeTask];
  const timestampBegin = gen.no_timestamps_token_id + 1;
  const guardMs = opts.earlyEndGuardMs ?? 2500;
  const eosTokenId = Array.isArray(gen.eos_token_id) ? gen.eos_token_id[0]! : gen.eos_token_id;

  async function runBatch(windows: readonly Float32Array[]): Promise<AsrWindowResult[]> {
    const features: Tensor[] = [];
    for (const w of windows) {
      const out = (await processor(w)) as { input_features: Tensor };
      features.push(out.input_features);
    }
    const inputs = features.length === 1 ? features[0]! : cat(features, 0);
    const longestMs = Math.max(...windows.map((w) => (w.length / SAMPLE_RATE) * 1000));
    // transformers.js' Whisper generate() builds its timestamp and begin-suppress processors from
    // the prompt's length, which breaks for a batched (2-D) prompt; so the batch prompt is passed
    // explicitly and the two processors are built here for the 1-D prompt.
    const processors = new LogitsProcessorList();
    processors.push(new WhisperTimeStampLogitsProcessor(gen as never, initTokens));
    if (gen.begin_suppress_tokens) processors.push(new SuppressTokensAtBeginLogitsProcessor(gen.begin_suppress_tokens, initTokens.length));
    if (guardMs > 0) {
      const minEnd = windows.map((w) => timestampBegin + Math.max(0, Math.floor(((w.length / SAMPLE_RATE) * 1000 - guardMs) / (timePrecision * 1000))));
      processors.push(new EarlyEndGuard(eosTokenId, timestampBegin, minEnd));
    }
    processors.push(new LoopStopper(eosTokenId, timestampBegin, initTokens.length));
    processors.push(new FinishedRowsProcessor(eosTokenId));
    const output = (await model.generate({
      inputs,
      decoder_input_ids: windows.map(() => initTokens),
      return_timestamps: false,
      begin_suppress_tokens: null,
      logits_processor: processors,
      max_new_tokens: maxNewTokensFor(longestMs, opts.tokensPerSecond, opts.tokenMargin),
    } as unknown as Parameters<typeof model.generate>[0])) as Tensor;
    const rows = output.tolist() as bigint[][];
    return rows.map((row, i) => {
      const tokens = row.map(Number);
      // Keep the prompt and everything up to the first end-of-text; the rest is batch padding.
      const eos = tokens.indexOf(eosTokenId, initTokens.length);
      return decodeRow(eos < 0 ? tokens : tokens.slice(0, eos + 1), windows[i]!.length);
    });
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
      for (let i = 0; i < windows.length; i += batchSize) {
        const signal = transcribeOpts.signal;
        if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : new Error('aborted');
        results.push(...(await runBatch(windows.slice(i, i + batchSize))));
      }
      return results;
    },
    async dispose() {
      await model.dispose();
    },
  };
}
