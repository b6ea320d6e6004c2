import { loadRuntimeConfig, type WhisperModelName } from '../../core/config/runtime.js';
import type { CallMeta } from '../../core/domain/call-meta.js';
import type { Transcript } from '../../core/domain/transcript.js';
import { createSpeechEngine, transcribeCall } from '../../core/pipeline/transcribe-call.js';

/** The real transcript pipeline (decode → VAD → window packing → Whisper), one model loaded once. */
export interface BenchPipeline {
  modelId: string;
  /** The Whisper prompt in use ('' for none): kept with each detection transcript. */
  asrPrompt: string;
  transcribe(path: string, meta: CallMeta): Promise<Transcript>;
  dispose(): Promise<void>;
}

/** Loads VAD + Whisper `model` the way `callqa scan` does (environment settings apply, e.g. CALLQA_ASR_THREADS). */
export async function openBenchPipeline(model: WhisperModelName): Promise<BenchPipeline> {
  const runtime = loadRuntimeConfig(process.env, { whisperModel: model });
  const engine = await createSpeechEngine(runtime);
  return {
    modelId: engine.asr.modelId,
    asrPrompt: runtime.asrPrompt,
    transcribe: (path, meta) => transcribeCall({ path }, meta, { runtime, engine }),
    dispose: () => engine.dispose(),
  };
}
