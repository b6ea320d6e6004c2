import type { WhisperModelName } from '../../core/config/runtime.js';
import { createAnalyzer } from '../../core/rules/analyze.js';
import type { CorpusIndex } from '../corpus/render.js';
import { toDetectionCall } from './detection-call.js';
import { readKeptTranscript } from './kept-transcripts.js';
import type { DetectionCallResult, ModelResults } from './results.js';

/**
 * Re-runs the analysis over the transcripts kept by the model's detection runs (every corpus call
 * that has one, even from an interrupted run), without transcribing again: after a lexicon or
 * rule change, the detection scores come back in seconds. Returns the detection task to store.
 */
export async function reanalyzeDetection(model: WhisperModelName, stored: ModelResults | undefined, corpus: CorpusIndex): Promise<ModelResults['detection']> {
  const analyzer = createAnalyzer();
  const calls: DetectionCallResult[] = [];
  const prompts = new Set<string | undefined>();
  for (const c of corpus.calls) {
    const transcript = await readKeptTranscript(model, c, corpus);
    if (!transcript) continue;
    prompts.add(transcript.asrPrompt);
    const meta = { ...c.meta, callId: c.callId, channels: { agent: 0, customer: 1 } };
    calls.push(toDetectionCall(c.callId, transcript, analyzer.analyze(transcript, meta), transcript.wallMs ?? 0));
  }
  if (calls.length === 0) throw new Error(`--reanalyze: no kept whisper-${model} transcripts of the current corpus; run the detection benchmark first`);
  const base = stored?.detection;
  // The prompt the kept transcripts were made with when they agree, else the stored run's.
  const asrPrompt = (prompts.size === 1 ? [...prompts][0] : undefined) ?? base?.asrPrompt;
  return {
    measuredAt: new Date().toISOString(),
    peakRssMb: base?.peakRssMb ?? 0,
    loadMs: base?.loadMs ?? 0,
    modelId: base?.modelId ?? `whisper-${model}-q8`,
    ...(asrPrompt !== undefined ? { asrPrompt } : {}),
    quick: calls.length < corpus.calls.length,
    data: { corpusHash: corpus.corpusHash, calls },
  };
}
