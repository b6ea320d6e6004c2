import type { CallMeta } from '../../core/domain/call-meta.js';
import type { SpeechSpan, Transcript, TranscriptSegment } from '../../core/domain/transcript.js';
import type { CorpusCall } from '../corpus/types.js';

/** Rough Mandarin speaking rate of the transcripts: ms per character. */
const MS_PER_CHAR = 260;

/**
 * Realistic 3-minute call transcripts for the analysis-speed benchmark, made from the corpus
 * scripts: the turns of several calls strung together until `durationMs` is filled, each turn
 * split at clause punctuation into VAD-like segments (≈ 60–80 per call), with loudness, speech
 * activity and metadata as the transcript stage produces them. Includes violations and clean
 * talk in the corpus's proportions. Deterministic.
 */
export function synthesizeTranscripts(calls: readonly CorpusCall[], count: number, durationMs = 180_000): Transcript[] {
  if (calls.length === 0) throw new Error('synthesizeTranscripts: no corpus calls');
  const out: Transcript[] = [];
  for (let k = 0; k < count; k++) {
    const segments: TranscriptSegment[] = [];
    const activity: Required<Pick<Record<'agent' | 'customer', SpeechSpan[]>, 'agent' | 'customer'>> = { agent: [], customer: [] };
    let at = 600;
    let j = 0;
    outer: for (;;) {
      const call = calls[(k * 7 + j * 11) % calls.length] as CorpusCall;
      j++;
      for (const [i, turn] of call.turns.entries()) {
        const clauses = turn.text.split(/(?<=[，。？！；])/).filter((c) => c.trim().length > 0);
        const turnStart = at;
        for (const clause of clauses) {
          const lenMs = [...clause].length * MS_PER_CHAR;
          if (at + lenMs > durationMs - 300) break outer;
          const loud = -20 + ((k + i) % 5) - 2 + (turn.gainDb ?? 0);
          segments.push({
            speaker: turn.who,
            startMs: at,
            endMs: at + lenMs,
            text: clause,
            textRaw: clause,
            trusted: true,
            channel: turn.who === 'agent' ? 0 : 1,
            loudnessDb: loud,
            peakLoudnessDb: loud + 6,
          });
          at += lenMs + 150;
        }
        activity[turn.who].push({ startMs: turnStart, endMs: at - 150 });
        at += 350 + ((k * 31 + i * 17) % 500);
      }
    }
    const meta: CallMeta = {
      callId: `synthetic-${k}`,
      startedAt: '2026-11-23T10:30:00+08:00',
      calleeRole: k % 3 === 0 ? 'debtor' : 'unknown',
      isStudent: k % 5 === 0,
      daysOverdue: 10 + (k % 90),
      channels: { agent: 0, customer: 1 },
    };
    out.push({ callId: meta.callId as string, durationMs, segments, meta, activity, asrModel: 'synthetic' });
  }
  return out;
}
