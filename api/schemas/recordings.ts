/** HTTP shapes of recordings: upload answer, status view, list query and page. */
import { Type, type Static } from 'typebox';
import { IsoDateTime, Nullable, PageQuery, pageOf } from './common.js';

export const RECORDING_STATUSES = ['queued', 'transcribing', 'transcribed', 'analyzing', 'scored', 'failed'] as const;
export const PRIORITIES = ['realtime', 'batch'] as const;

/** Contract section 2, as echoed back (every field optional). */
export const CallMetaSchema = Type.Object(
  {
    callId: Type.Optional(Type.String()),
    agentId: Type.Optional(Type.String()),
    agencyId: Type.Optional(Type.String()),
    startedAt: Type.Optional(Type.String()),
    calleeRole: Type.Optional(Type.Enum(['debtor', 'third_party', 'unknown'])),
    accountClass: Type.Optional(Type.String()),
    daysOverdue: Type.Optional(Type.Number()),
    isStudent: Type.Optional(Type.Boolean()),
    channels: Type.Optional(Type.Union([Type.Literal('mono'), Type.Object({ agent: Type.Integer(), customer: Type.Integer() })])),
    policy: Type.Optional(Type.String()),
  },
  { title: 'CallMeta', description: 'call metadata, contract section 2' },
);

export const UploadAcceptedSchema = Type.Object(
  {
    id: Type.String({ description: 'recording id' }),
    status: Type.String({ description: 'recording status (queued on a new upload)' }),
    duplicate: Type.Boolean({ description: 'true when identical content was already stored; nothing is reprocessed' }),
  },
  { title: 'UploadAccepted' },
);
export type UploadAcceptedDto = Static<typeof UploadAcceptedSchema>;

export const StageRunSchema = Type.Object({
  stage: Type.String({ description: 'transcribe | analyze' }),
  status: Type.String({ description: 'running | completed | failed | retrying' }),
  attempts: Type.Integer(),
  errorCode: Nullable(Type.String()),
  errorMessage: Nullable(Type.String()),
  durationMs: Nullable(Type.Integer()),
  startedAt: Nullable(IsoDateTime),
  finishedAt: Nullable(IsoDateTime),
});

export const RecordingSchema = Type.Object(
  {
    id: Type.String(),
    callId: Type.String(),
    agentId: Nullable(Type.String()),
    agencyId: Nullable(Type.String()),
    startedAt: Nullable(IsoDateTime),
    originalName: Type.String(),
    sha256: Type.String(),
    byteSize: Type.Integer(),
    durationMs: Nullable(Type.Integer()),
    priority: Type.Enum(PRIORITIES),
    status: Type.Enum(RECORDING_STATUSES),
    score: Nullable(Type.Integer({ minimum: 0, maximum: 100 })),
    error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
    batchId: Nullable(Type.String()),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
  },
  { title: 'Recording' },
);
export type RecordingDto = Static<typeof RecordingSchema>;

export const RecordingDetailSchema = Type.Object(
  {
    ...RecordingSchema.properties,
    meta: CallMetaSchema,
    stages: Type.Array(StageRunSchema),
  },
  { title: 'RecordingDetail' },
);
export type RecordingDetailDto = Static<typeof RecordingDetailSchema>;

export const RecordingListQuerySchema = Type.Object({
  agentId: Type.Optional(Type.String({ maxLength: 200 })),
  agencyId: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.Enum(RECORDING_STATUSES)),
  batchId: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'call start (or upload time) at or after' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'call start (or upload time) before' })),
  minScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  maxScore: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  ...PageQuery,
});
export type RecordingListQuery = Static<typeof RecordingListQuerySchema>;

export const RecordingPageSchema = pageOf(RecordingSchema, 'RecordingPage');
