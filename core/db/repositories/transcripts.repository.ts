import type { SpeechActivity, Transcript, TranscriptSegment } from '../../domain/transcript.js';
import type { Queryable } from '../pool.js';

export interface StoredTranscript {
  recordingId: string;
  pipelineVersion: string;
  asrModel: string | null;
  durationMs: number;
  activity: SpeechActivity | null;
  segments: TranscriptSegment[];
  createdAt: string;
}

interface SegmentRow {
  speaker: TranscriptSegment['speaker'];
  start_ms: number;
  end_ms: number;
  text: string;
  text_raw: string | null;
  trusted: boolean;
  speaker_inferred: boolean | null;
  channel: number | null;
  loudness_db: number | null;
  peak_loudness_db: number | null;
  untrusted_reason: TranscriptSegment['untrustedReason'] | null;
  asr_logprob: number | null;
}

function toSegment(r: SegmentRow): TranscriptSegment {
  const s: TranscriptSegment = { speaker: r.speaker, startMs: r.start_ms, endMs: r.end_ms, text: r.text, trusted: r.trusted };
  if (r.text_raw !== null) s.textRaw = r.text_raw;
  if (r.speaker_inferred !== null) s.speakerInferred = r.speaker_inferred;
  if (r.channel !== null) s.channel = r.channel;
  if (r.loudness_db !== null) s.loudnessDb = r.loudness_db;
  if (r.peak_loudness_db !== null) s.peakLoudnessDb = r.peak_loudness_db;
  if (r.untrusted_reason !== null) s.untrustedReason = r.untrusted_reason;
  if (r.asr_logprob !== null) s.asrLogprob = r.asr_logprob;
  return s;
}

/** Transcripts and their segments. Writes expect a transaction client. */
export function createTranscriptsRepository(db: Queryable) {
  return {
    /**
     * Replaces the recording's transcript (one per recording): upserts the row and rewrites the
     * segments. Call inside a transaction so a crash leaves the old or the new transcript whole.
     */
    async upsert(q: Queryable, recordingId: string, pipelineVersion: string, transcript: Transcript): Promise<void> {
      await q.query(
        `INSERT INTO transcripts (recording_id, pipeline_version, asr_model, duration_ms, activity)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (recording_id) DO UPDATE SET pipeline_version = EXCLUDED.pipeline_version,
           asr_model = EXCLUDED.asr_model, duration_ms = EXCLUDED.duration_ms, activity = EXCLUDED.activity, created_at = now()`,
        [recordingId, pipelineVersion, transcript.asrModel ?? null, Math.round(transcript.durationMs),
          transcript.activity ? JSON.stringify(transcript.activity) : null],
      );
      await q.query('DELETE FROM segments WHERE recording_id = $1', [recordingId]);
      if (transcript.segments.length === 0) return;
      const rows = transcript.segments.map((s, idx) => ({
        idx,
        speaker: s.speaker,
        start_ms: Math.round(s.startMs),
        end_ms: Math.round(s.endMs),
        text: s.text,
        text_raw: s.textRaw ?? null,
        trusted: s.trusted ?? true,
        speaker_inferred: s.speakerInferred ?? null,
        channel: s.channel ?? null,
        loudness_db: s.loudnessDb ?? null,
        peak_loudness_db: s.peakLoudnessDb ?? null,
        untrusted_reason: s.untrustedReason ?? null,
        asr_logprob: s.asrLogprob ?? null,
      }));
      await q.query(
        `INSERT INTO segments (recording_id, idx, speaker, start_ms, end_ms, text, text_raw, trusted, speaker_inferred,
           channel, loudness_db, peak_loudness_db, untrusted_reason, asr_logprob)
         SELECT $1, x.* FROM jsonb_to_recordset($2::jsonb) AS x(idx int, speaker text, start_ms int, end_ms int, text text,
           text_raw text, trusted boolean, speaker_inferred boolean, channel smallint, loudness_db real, peak_loudness_db real,
           untrusted_reason text, asr_logprob real)`,
        [recordingId, JSON.stringify(rows)],
      );
    },

    async get(recordingId: string, q: Queryable = db): Promise<StoredTranscript | undefined> {
      const t = await q.query<{ pipeline_version: string; asr_model: string | null; duration_ms: number; activity: SpeechActivity | null; created_at: Date }>(
        'SELECT pipeline_version, asr_model, duration_ms, activity, created_at FROM transcripts WHERE recording_id = $1',
        [recordingId],
      );
      const row = t.rows[0];
      if (!row) return undefined;
      const segs = await q.query<SegmentRow>('SELECT * FROM segments WHERE recording_id = $1 ORDER BY idx', [recordingId]);
      return {
        recordingId,
        pipelineVersion: row.pipeline_version,
        asrModel: row.asr_model,
        durationMs: row.duration_ms,
        activity: row.activity,
        segments: segs.rows.map(toSegment),
        createdAt: row.created_at.toISOString(),
      };
    },

    async count(): Promise<number> {
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM transcripts');
      return rows[0]?.n ?? 0;
    },
  };
}

export type TranscriptsRepository = ReturnType<typeof createTranscriptsRepository>;
