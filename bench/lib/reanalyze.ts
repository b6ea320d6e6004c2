import { readFile, stat } from 'node:fs/promises';
import type { WhisperModelName } from '../../core/config/runtime.js';
import type { Transcript } from '../../core/domain/transcript.js';
import { createAnalyzer } from '../../core/rules/analyze.js';
import type { CorpusIndex } from '../corpus/render.js';
import { toDetectionCall } from './detection-call.js';
import { transcriptCachePath, type DetectionCallResult, type ModelResults } from './results.js';

type CachedTranscript = Transcript & { wallMs?: number; corpusHash?: string };

/** A kept transcript of the current corpus, or undefined (absent, or of an older corpus render). */
async function readCached(model: WhisperModelName, callId: string, corpus: CorpusIndex): Promise<CachedTranscript | undefined> {
  const path = transcriptCachePath(model, callId);
  try {
    const t = JSON.parse(await readFile(path, 'utf8')) as CachedTranscript;
    if (t.corpusHash !== undefined) return t.corpusHash === corpus.corpusHash ? t : undefined;
    // Older cache files carry no hash: accept them only when written after the corpus was rendered.
    return (await stat(path)).mtimeMs >= Date.parse(corpus.renderedAt) ? t : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Re-runs the analysis over the transcripts kept by the model's detection runs (every corpus call
 * that has one, even from an interrupted run), without transcribing again: after a lexicon or
 * rule change, the detection scores come back in seconds. Returns the detection task to store.
 */
export async function reanalyzeDetection(model: WhisperModelName, stored: ModelResults | undefined, corpus: CorpusIndex): Promise<ModelResults['detection']> {
  const analyzer = createAnalyzer();
  const calls: DetectionCallResult[] = [];
  for (const c of corpus.calls) {
    const transcript = await readCached(model, c.callId, corpus);
    if (!transcript) continue;
    const meta = { ...c.meta, callId: c.callId, channels: { agent: 0, customer: 1 } };
    calls.push(toDetectionCall(c.callId, transcript, analyzer.analyze(transcript, meta), transcript.wallMs ?? 0));
  }
  if (calls.length === 0) throw new Error(`--reanalyze: no kept whisper-${model} transcripts of the current corpus; run the detection benchmark first`);
  const base = stored?.detection;
  return {
    measuredAt: new Date().toISOString(),
    peakRssMb: base?.peakRssMb ?? 0,
    loadMs: base?.loadMs ?? 0,
    modelId: base?.modelId ?? `whisper-${model}-q8`,
    quick: calls.length < corpus.calls.length,
    data: { corpusHash: corpus.corpusHash, calls },
  };
}
