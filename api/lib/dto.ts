/** Maps core records to the HTTP shapes of api/schemas (drops storage paths and internals). */
import type { Recording, StageRun, StoredFinding } from '../../core/index.js';
import type { RecordingDetailDto, RecordingDto } from '../schemas/recordings.js';
import type { FindingDto } from '../schemas/findings.js';

export function recordingDto(r: Recording): RecordingDto {
  return {
    id: r.id,
    callId: r.callId,
    agentId: r.agentId,
    agencyId: r.agencyId,
    startedAt: r.startedAt,
    originalName: r.originalName,
    sha256: r.sha256,
    byteSize: r.byteSize,
    durationMs: r.durationMs,
    priority: r.priority,
    status: r.status,
    score: r.score,
    error: r.errorCode ? { code: r.errorCode, message: r.errorMessage ?? r.errorCode } : null,
    batchId: r.batchId,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function recordingDetailDto(r: Recording, stages: StageRun[]): RecordingDetailDto {
  return {
    ...recordingDto(r),
    meta: r.meta as RecordingDetailDto['meta'],
    stages: stages.map((s) => ({
      stage: s.stage,
      status: s.status,
      attempts: s.attempts,
      errorCode: s.errorCode,
      errorMessage: s.errorMessage,
      durationMs: s.durationMs,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
    })),
  };
}

export function findingDto(f: StoredFinding & { agentId: string | null; agencyId: string | null }): FindingDto {
  const { findingId: _findingId, analysisId: _analysisId, isCurrent: _isCurrent, match, ...rest } = f;
  return { ...rest, ...(match ? { match } : {}) } as FindingDto;
}

const AUDIO_TYPES: Record<string, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  mp4: 'audio/mp4',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  flac: 'audio/flac',
  amr: 'audio/amr',
  webm: 'audio/webm',
};

/** Content type from a stored file's extension (content was checked by decoding at upload). */
export function audioContentType(path: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return (ext && AUDIO_TYPES[ext]) ?? 'application/octet-stream';
}
