/** HTTP shapes of API keys, alerts and batch summaries. */
import { Type, type Static } from 'typebox';
import { ROLES } from '../lib/principal.js';
import { IsoDateTime, Nullable } from './common.js';

export const CreateKeyBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.Enum(ROLES),
  agencyId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'required for role agency; scopes any role' })),
});
export type CreateKeyBody = Static<typeof CreateKeyBodySchema>;

export const ApiKeySchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    role: Type.Enum(ROLES),
    agencyId: Nullable(Type.String()),
    createdAt: IsoDateTime,
    lastUsedAt: Nullable(IsoDateTime),
    revokedAt: Nullable(IsoDateTime),
  },
  { title: 'ApiKey' },
);
export type ApiKeyDto = Static<typeof ApiKeySchema>;

export const CreatedKeySchema = Type.Object(
  { ...ApiKeySchema.properties, key: Type.String({ description: 'the secret; shown once, stored only as sha256' }) },
  { title: 'CreatedApiKey' },
);

export const AlertSchema = Type.Object(
  {
    id: Type.Integer({ description: 'also the SSE event id; resume with Last-Event-ID' }),
    recordingId: Type.String(),
    findingId: Type.String(),
    category: Type.String(),
    severity: Type.String(),
    agencyId: Nullable(Type.String()),
    agentId: Nullable(Type.String()),
    createdAt: IsoDateTime,
    payload: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: 'Alert', description: 'the data of one `alert` event on /v1/alerts/stream' },
);

export const AlertStreamQuerySchema = Type.Object({
  lastEventId: Type.Optional(Type.Integer({ minimum: 0, description: 'alternative to the Last-Event-ID header' })),
});

export const BatchSummaryQuerySchema = Type.Object({
  format: Type.Optional(Type.Enum(['json', 'csv'])),
});

const GroupSummarySchema = Type.Object({
  key: Type.String(),
  calls: Type.Integer(),
  scored: Type.Integer(),
  failed: Type.Integer(),
  findings: Type.Integer(),
  criticalFindings: Type.Integer(),
  averageScore: Nullable(Type.Number()),
  penaltyYuan: Type.Number(),
});

export const BatchSummarySchema = Type.Object(
  {
    batch: Type.Object({ id: Type.String(), name: Type.String(), createdAt: IsoDateTime }),
    calls: Type.Integer(),
    byStatus: Type.Record(Type.String(), Type.Integer()),
    scored: Type.Integer(),
    failed: Type.Integer(),
    pending: Type.Integer(),
    finished: Type.Boolean(),
    failures: Type.Array(
      Type.Object({ recordingId: Type.String(), callId: Type.String(), originalName: Type.String(), errorCode: Nullable(Type.String()), errorMessage: Nullable(Type.String()) }),
    ),
    failuresByCode: Type.Record(Type.String(), Type.Integer()),
    findings: Type.Array(Type.Object({ category: Type.String(), severity: Type.String(), count: Type.Integer() })),
    averageScore: Nullable(Type.Number()),
    penaltyYuan: Type.Number(),
    byAgent: Type.Array(GroupSummarySchema),
    byAgency: Type.Array(GroupSummarySchema),
  },
  { title: 'BatchSummary' },
);
