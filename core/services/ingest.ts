import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { probeAudio, type AudioProbe } from '../audio/probe.js';
import { lastMeaningfulLine, runProcess } from '../audio/run-process.js';
import type { ServiceConfig } from '../config/env.js';
import type { CallMeta } from '../domain/call-meta.js';
import { CallqaError, ErrorCodes, isCallqaError } from '../domain/errors.js';
import type { Priority, Recording, RecordingsRepository } from '../db/repositories/recordings.repository.js';
import type { Logger } from '../logger.js';
import type { QueueProducer } from '../queue/producer.js';
import { parseCallMeta } from '../rules/analyze-input.js';

export type IngestSource = { stream: Readable } | { buffer: Buffer } | { path: string };

export interface IngestInput {
  source: IngestSource;
  /** The upload's file name (metadata `callId` defaults to it without extension). */
  originalName: string;
  /** Call metadata (contract section 2); validated here. */
  meta?: unknown;
  /** @defaultValue 'realtime' */
  priority?: Priority;
  batchId?: string | null;
}

export interface IngestResult {
  recording: Recording;
  /** True when identical content was already stored: nothing new was queued. */
  duplicate: boolean;
  /** The transcribe job id (absent for duplicates). */
  jobId?: string;
}

export interface IngestDeps {
  config: Pick<ServiceConfig, 'dataDir' | 'maxUploadBytes' | 'runtime' | 'pipelineVersion'>;
  recordings: RecordingsRepository;
  queue: Pick<QueueProducer, 'enqueueTranscribe' | 'assertAvailable'>;
  logger: Logger;
}

/** How much audio is decoded at ingest to prove the content is audio (the full decode happens in the worker). */
const CHECK_DECODE_SECONDS = 10;

const EXT_BY_CONTAINER: [RegExp, string][] = [
  [/^wav$/, 'wav'], [/^mp3$/, 'mp3'], [/^ogg$/, 'ogg'], [/^flac$/, 'flac'], [/^amr$/, 'amr'], [/mp4|m4a|mov/, 'm4a'],
  [/^matroska,webm$/, 'webm'], [/^aiff$/, 'aiff'], [/^au$/, 'au'], [/^caf$/, 'caf'], [/^asf$/, 'wma'], [/^aac$/, 'aac'],
];

function extensionFor(probe: AudioProbe, originalName: string): string {
  for (const [re, ext] of EXT_BY_CONTAINER) if (re.test(probe.container)) return ext;
  const fromName = extname(originalName).slice(1).toLowerCase();
  return /^[a-z0-9]{1,5}$/.test(fromName) ? fromName : 'bin';
}

/** Content-addressed path under the data dir: `recordings/ab/abcdef….wav`. */
export function storagePathFor(sha256: string, ext: string): string {
  return join('recordings', sha256.slice(0, 2), `${sha256}.${ext}`);
}

async function spoolToTemp(source: IngestSource, tmpPath: string, maxBytes: number, name: string): Promise<{ sha256: string; byteSize: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        cb(new CallqaError(ErrorCodes.UPLOAD_TOO_LARGE, `${name}: larger than the ${Math.round(maxBytes / 1024 / 1024)} MB upload limit`, { input: name }));
        return;
      }
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  let input: Readable;
  if ('stream' in source) input = source.stream;
  else if ('buffer' in source) {
    const { Readable: R } = await import('node:stream');
    input = R.from([source.buffer]);
  } else input = createReadStream(source.path);
  try {
    await pipeline(input, meter, createWriteStream(tmpPath, { flags: 'wx' }));
  } catch (err) {
    if (isCallqaError(err)) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if ('path' in source && (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR')) {
      throw new CallqaError(ErrorCodes.INPUT_UNREADABLE, `${name}: cannot read (${code})`, { input: name, cause: err });
    }
    throw err;
  }
  return { sha256: hash.digest('hex'), byteSize: bytes };
}

async function checkAudio(path: string, name: string, meta: CallMeta, deps: IngestDeps): Promise<AudioProbe> {
  const { runtime } = deps.config;
  // probeAudio names errors after the path it was given; callers know the upload's name.
  let probe: AudioProbe;
  try {
    probe = await probeAudio({ path }, { ffprobePath: runtime.ffprobePath });
  } catch (err) {
    if (isCallqaError(err)) throw new CallqaError(err.code, err.message.split(path).join(name), { input: name, cause: err });
    throw err;
  }
  if (probe.durationMs !== undefined && probe.durationMs > runtime.maxAudioMs) {
    throw new CallqaError(ErrorCodes.AUDIO_TOO_LONG, `${name}: ${Math.round(probe.durationMs / 1000)} s is longer than the ${Math.round(runtime.maxAudioMs / 60_000)} min limit`, { input: name });
  }
  const ch = meta.channels;
  if (ch && ch !== 'mono' && Math.max(ch.agent, ch.customer) >= probe.channels) {
    throw new CallqaError(ErrorCodes.AUDIO_CHANNELS_MISMATCH, `${name}: metadata maps agent/customer to channels ${ch.agent}/${ch.customer} but the recording has ${probe.channels} channel(s)`, { input: name });
  }
  // Decoding the start proves the codec works (a renamed text file or a broken stream fails here).
  let samples = 0;
  const result = await runProcess(runtime.ffmpegPath, ['-v', 'error', '-t', String(CHECK_DECODE_SECONDS), '-i', `file:${path}`, '-ac', '1', '-ar', '8000', '-f', 's16le', 'pipe:1'], {
    onStdout: (chunk) => {
      samples += chunk.length / 2;
    },
  });
  if (result.exitCode !== 0 || samples === 0) {
    const reason = lastMeaningfulLine(result.stderr, [{ from: `file:${path}`, to: name }]) ?? (samples === 0 ? 'no audio samples' : `ffmpeg exited with ${result.exitCode}`);
    throw new CallqaError(samples === 0 && result.exitCode === 0 ? ErrorCodes.AUDIO_EMPTY : ErrorCodes.AUDIO_UNDECODABLE, `${name}: not decodable audio (${reason})`, { input: name });
  }
  return probe;
}

/**
 * Stores a recording and queues it for transcription.
 *
 * Order: spool to `<dataDir>/tmp` while hashing (sha256) and enforcing the size limit → identical
 * content already stored? return it (`duplicate: true`, nothing queued) → probe + decode the
 * start (by content, not extension) → move into content-addressed storage → insert the row →
 * enqueue `transcribe`. Bad input throws a {@link CallqaError} and leaves nothing behind. When
 * Redis is down the call fails fast with `CALLQA_UNAVAILABLE`; if the enqueue fails after the
 * insert, the row and the file are removed again (compensation), so there is never a row without
 * a job. (A process crash between insert and enqueue leaves a `queued` row without a job: the
 * worker's start-up sweep, `requeueOrphans`, re-enqueues those.)
 *
 * @example
 * const { recording, duplicate } = await ingestRecording(deps, { source: { path: 'call.wav' }, originalName: 'call.wav', meta, priority: 'batch' });
 */
export async function ingestRecording(deps: IngestDeps, input: IngestInput): Promise<IngestResult> {
  const name = input.originalName || 'upload';
  const meta = parseCallMeta(input.meta ?? {}, `${name} metadata`);
  await deps.queue.assertAvailable();
  const tmpDir = join(deps.config.dataDir, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  const tmpPath = join(tmpDir, `upload-${process.pid}-${randomBytes(8).toString('hex')}`);
  let moved: string | undefined;
  try {
    const { sha256, byteSize } = await spoolToTemp(input.source, tmpPath, deps.config.maxUploadBytes, name);
    if (byteSize === 0) throw new CallqaError(ErrorCodes.AUDIO_EMPTY, `${name}: empty upload (0 bytes)`, { input: name });
    const existing = await deps.recordings.findBySha256(sha256);
    if (existing) return { recording: existing, duplicate: true };

    const probe = await checkAudio(tmpPath, name, meta, deps);
    const storagePath = storagePathFor(sha256, extensionFor(probe, name));
    const absolute = join(deps.config.dataDir, storagePath);
    await mkdir(dirname(absolute), { recursive: true });
    await rename(tmpPath, absolute);
    moved = absolute;

    const callId = meta.callId ?? (name.replace(/\.[^.]*$/, '') || sha256.slice(0, 12));
    const { recording, created } = await deps.recordings.insertOrGet({
      sha256, storagePath, originalName: name, byteSize, durationMs: probe.durationMs ?? null, channels: probe.channels,
      meta, callId, priority: input.priority ?? 'realtime', batchId: input.batchId ?? null,
    });
    if (!created) {
      moved = undefined; // the concurrent upload that won owns the (identical) file
      return { recording, duplicate: true };
    }
    try {
      const jobId = await deps.queue.enqueueTranscribe({ recordingId: recording.id, pipelineVersion: deps.config.pipelineVersion }, recording.priority);
      deps.logger.info({ recordingId: recording.id, jobId, byteSize, priority: recording.priority }, 'recording accepted');
      moved = undefined;
      return { recording, duplicate: false, jobId };
    } catch (err) {
      await deps.recordings.delete(recording.id).catch((e: unknown) => deps.logger.error({ err: e, recordingId: recording.id }, 'compensation failed: row left'));
      throw err;
    }
  } finally {
    await rm(tmpPath, { force: true });
    if (moved) await rm(moved, { force: true });
  }
}

/** Absolute path of a stored recording's audio. */
export function recordingFilePath(dataDir: string, recording: Pick<Recording, 'storagePath'>): string {
  return join(dataDir, recording.storagePath);
}

/** Size on disk, or undefined when the file is missing. */
export async function storedFileSize(path: string): Promise<number | undefined> {
  return stat(path).then((s) => s.size, () => undefined);
}
