import type { AudioInput } from '../audio/probe.js';
import type { RuntimeConfig } from '../config/runtime.js';
import type { CallMeta } from '../domain/call-meta.js';
import type { Report } from '../domain/report.js';
import type { Transcript } from '../domain/transcript.js';
import type { PolicySet } from '../rules/policy/load.js';

/**
 * The transcribe stage's port: decode + VAD + ASR of one recording. The default is the Whisper
 * pipeline (`core/pipeline`); tests and other engines plug in through `CALLQA_ENGINE_MODULE` or
 * `createCore(config, { transcriber })`.
 */
export interface CallTranscriber {
  /** e.g. `whisper-tiny-q8`. */
  readonly asrModel: string;
  transcribe(input: AudioInput, meta: CallMeta, opts?: { signal?: AbortSignal; onProgress?: (fraction: number) => void }): Promise<Transcript>;
  dispose(): Promise<void>;
}

/** The analyze stage's port: the rules (`core/rules` `createAnalyzer()`). */
export interface CallAnalyzer {
  analyze(transcript: Transcript, metaOverride?: CallMeta, opts?: { asrModel?: string }): Report;
  readonly lexiconVersion: string;
  readonly policies?: PolicySet;
}

/** What a module named by `CALLQA_ENGINE_MODULE` exports. */
export interface EngineModule {
  createCallTranscriber(runtime: RuntimeConfig): Promise<CallTranscriber>;
}
