/** HTTP shapes of findings, transcripts and the contract report (section 3 and 4). */
import { Type, type Static } from 'typebox';
import { CATEGORIES } from '../../core/domain/report.js';
import { IsoDateTime, Nullable, PageQuery, pageOf, SEVERITY_VALUES } from './common.js';

export const FindingMatchSchema = Type.Object({
  term: Type.String(),
  variant: Type.String(),
  method: Type.Enum(['exact', 'pinyin', 'fuzzy', 'regex']),
});

/** One finding as in the contract report (section 4), with the additions core produces. */
export const ReportFindingSchema = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  category: Type.Enum(CATEGORIES),
  severity: Type.Enum(SEVERITY_VALUES),
  source: Type.Enum(['lexicon', 'acoustic', 'metadata', 'script']),
  speaker: Type.Enum(['agent', 'customer', 'unknown']),
  startMs: Type.Integer(),
  endMs: Type.Integer(),
  evidence: Type.String(),
  match: Type.Optional(FindingMatchSchema),
  confidence: Type.Number(),
  penaltyClass: Type.Optional(Type.String()),
  penaltyYuan: Type.Optional(Type.Number()),
  detail: Type.Optional(Type.String()),
});

/** A finding in a cross-recording list: the report finding plus where it comes from. */
export const FindingSchema = Type.Object(
  {
    ...ReportFindingSchema.properties,
    recordingId: Type.String(),
    agentId: Nullable(Type.String()),
    agencyId: Nullable(Type.String()),
    lexiconVersion: Type.String(),
    asrModel: Nullable(Type.String()),
    createdAt: IsoDateTime,
  },
  { title: 'Finding' },
);
export type FindingDto = Static<typeof FindingSchema>;

export const FindingListQuerySchema = Type.Object({
  agentId: Type.Optional(Type.String({ maxLength: 200 })),
  agencyId: Type.Optional(Type.String({ maxLength: 200 })),
  category: Type.Optional(Type.Enum(CATEGORIES)),
  severity: Type.Optional(Type.Enum(SEVERITY_VALUES)),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  minScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'score of the recording' })),
  maxScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  ...PageQuery,
});
export type FindingListQuery = Static<typeof FindingListQuerySchema>;

export const FindingPageSchema = pageOf(FindingSchema, 'FindingPage');
export const RecordingFindingsSchema = Type.Object({ recordingId: Type.String(), items: Type.Array(ReportFindingSchema) }, { title: 'RecordingFindings' });

export const TranscriptSegmentSchema = Type.Object({
  speaker: Type.Enum(['agent', 'customer', 'unknown']),
  startMs: Type.Integer(),
  endMs: Type.Integer(),
  text: Type.String(),
  textRaw: Type.Optional(Type.String()),
  trusted: Type.Optional(Type.Boolean()),
  speakerInferred: Type.Optional(Type.Boolean()),
  channel: Type.Optional(Type.Integer()),
  loudnessDb: Type.Optional(Type.Number()),
  peakLoudnessDb: Type.Optional(Type.Number()),
  asrLogprob: Type.Optional(Type.Number({ maximum: 0 })),
  untrustedReason: Type.Optional(Type.String()),
});

/** Contract section 3. */
export const TranscriptSchema = Type.Object(
  {
    callId: Type.String(),
    durationMs: Type.Integer(),
    segments: Type.Array(TranscriptSegmentSchema),
    asrModel: Type.Optional(Type.String()),
  },
  { title: 'Transcript' },
);

/** Contract section 4. */
export const ReportSchema = Type.Object(
  {
    contract: Type.Literal('callqa.report/v1'),
    callId: Type.String(),
    durationMs: Type.Integer(),
    score: Type.Integer({ minimum: 0, maximum: 100 }),
    penaltyYuan: Type.Number(),
    findings: Type.Array(ReportFindingSchema),
    metrics: Type.Record(Type.String(), Type.Number()),
    transcript: Type.Object({ segments: Type.Array(TranscriptSegmentSchema) }),
    engine: Type.Object({
      asrModel: Nullable(Type.String()),
      lexiconVersion: Type.String(),
      version: Type.String(),
      policy: Type.Optional(Type.String()),
    }),
    calleeRole: Type.Optional(Type.Enum(['debtor', 'third_party', 'unknown'])),
  },
  { title: 'Report' },
);
