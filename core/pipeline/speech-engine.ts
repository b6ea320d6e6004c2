import type { RuntimeConfig } from '../config/runtime.js';
import { verifyModelFiles } from '../asr/model-manifest.js';
import { createWhisperAsr, type SpeechRecognizer } from '../asr/whisper.js';
import { createSileroVad, type SileroVad } from '../vad/silero.js';

/** The loaded models of one process: Silero VAD and Whisper, shared by every call it transcribes. */
export interface SpeechEngine {
  vad: SileroVad;
  asr: SpeechRecognizer;
  /** Releases both onnxruntime sessions. */
  dispose(): Promise<void>;
}

/**
 * Verifies the model files against `models/manifest.json` (sha256, `CALLQA_MODEL_INTEGRITY` on
 * any mismatch), then loads Silero VAD and the configured Whisper model once. Create one per
 * process (CLI run, transcribe worker child) and pass it to every `transcribeCall`.
 *
 * @example
 * const engine = await createSpeechEngine(loadRuntimeConfig(process.env));
 * try { await transcribeCall({ path }, meta, { runtime, engine }); } finally { await engine.dispose(); }
 */
export async function createSpeechEngine(runtime: RuntimeConfig): Promise<SpeechEngine> {
  await verifyModelFiles('silero-vad-v5');
  await verifyModelFiles(`whisper-${runtime.whisperModel}`);
  const vad = await createSileroVad();
  let asr: SpeechRecognizer;
  try {
    asr = await createWhisperAsr({ model: runtime.whisperModel, threads: runtime.asrThreads, prompt: runtime.asrPrompt });
  } catch (err) {
    await vad.dispose();
    throw err;
  }
  return {
    vad,
    asr,
    async dispose() {
      await Promise.allSettled([vad.dispose(), asr.dispose()]);
    },
  };
}
