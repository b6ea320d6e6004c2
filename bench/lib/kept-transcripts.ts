import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { WhisperModelName } from '../../core/config/runtime.js';
import type { Transcript } from '../../core/domain/transcript.js';
import type { RenderedCallLabels } from '../corpus/index.js';
import type { CorpusIndex } from '../corpus/render.js';
import { transcriptCachePath } from './results.js';

/** A detection transcript kept for `--reanalyze` and `--reuse-transcripts`, with what it was made from. */
export type KeptTranscript = Transcript & { wallMs?: number; corpusHash?: string; callHash?: string; asrPrompt?: string };

/**
 * The kept transcript of a corpus call, or undefined when absent or made from other audio: the
 * call's own hash decides (a call added to or dropped from the corpus leaves the others' kept
 * transcripts valid); files written before calls had hashes fall back to the whole corpus' hash,
 * and files older still to being written after the corpus was rendered. With `asrPrompt`, a
 * transcript made with another Whisper prompt (none recorded: none given) is not reused.
 */
export async function readKeptTranscript(model: WhisperModelName, call: RenderedCallLabels, corpus: CorpusIndex, asrPrompt?: string): Promise<KeptTranscript | undefined> {
  const path = transcriptCachePath(model, call.callId);
  try {
    const t = JSON.parse(await readFile(path, 'utf8')) as KeptTranscript;
    if (asrPrompt !== undefined && (t.asrPrompt ?? '') !== asrPrompt) return undefined;
    if (t.callHash !== undefined && call.callHash !== undefined) return t.callHash === call.callHash ? t : undefined;
    if (t.corpusHash !== undefined) return t.corpusHash === corpus.corpusHash ? t : undefined;
    return (await stat(path)).mtimeMs >= Date.parse(corpus.renderedAt) ? t : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a call's detection transcript with its wall time, the hashes of the audio it came from and the Whisper prompt. */
export async function writeKeptTranscript(model: WhisperModelName, call: RenderedCallLabels, corpus: CorpusIndex, transcript: Transcript, wallMs: number, asrPrompt: string): Promise<void> {
  const path = transcriptCachePath(model, call.callId);
  await mkdir(dirname(path), { recursive: true });
  const kept: KeptTranscript = { ...transcript, wallMs, corpusHash: corpus.corpusHash, ...(call.callHash ? { callHash: call.callHash } : {}), asrPrompt };
  await writeFile(path, JSON.stringify(kept));
}
