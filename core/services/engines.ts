import { pathToFileURL } from 'node:url';
import { isAbsolute, resolve } from 'node:path';
import type { RuntimeConfig } from '../config/runtime.js';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import type { CallAnalyzer, CallTranscriber, EngineModule } from './ports.js';

/**
 * Creates the transcriber a worker uses: the module named by `engineModule` when set (it must
 * export `createCallTranscriber(runtime)`), else the Whisper pipeline (`createSpeechEngine` +
 * `transcribeCall`), with the model loaded once.
 */
export async function createCallTranscriber(runtime: RuntimeConfig, engineModule?: string): Promise<CallTranscriber> {
  if (engineModule) {
    const spec = engineModule.startsWith('file:') ? engineModule : isAbsolute(engineModule) || engineModule.startsWith('.') ? pathToFileURL(resolve(engineModule)).href : engineModule;
    const mod = (await import(spec)) as Partial<EngineModule>;
    if (typeof mod.createCallTranscriber !== 'function') {
      throw new CallqaError(ErrorCodes.CONFIG_INVALID, `CALLQA_ENGINE_MODULE ${engineModule}: does not export createCallTranscriber(runtime)`);
    }
    return mod.createCallTranscriber(runtime);
  }
  // Loaded lazily: the API process never loads onnxruntime.
  const pipeline = await import('../pipeline/transcribe-call.js');
  const engine = await pipeline.createSpeechEngine(runtime);
  const asrModel = engine.asr.modelId;
  return {
    asrModel,
    transcribe: (input, meta, opts = {}) =>
      pipeline.transcribeCall(input, meta, {
        runtime,
        engine,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: (p: { fraction: number }) => opts.onProgress?.(p.fraction) } : {}),
      }),
    dispose: () => engine.dispose(),
  };
}

/** The rules engine (lexicons + policies compiled once per process). */
export async function createCallAnalyzer(): Promise<CallAnalyzer> {
  const { createAnalyzer } = await import('../rules/analyze.js');
  return createAnalyzer();
}
