/**
 * A strict fake of the transcribe port (CallTranscriber): returns the transcript registered for
 * the audio's sha256 and throws for any other audio. Usable in-process
 * (`createCore(config, { transcriber: createFakeTranscriber(file) })`) and in the sandboxed
 * worker child through `CALLQA_ENGINE_MODULE=fakeEngineModule(file)`. Fixtures live in a JSON
 * file that is re-read on every call, so tests can register audio after the worker started.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { RuntimeConfig } from '../../../core/config/runtime.js';
import type { CallTranscriber } from '../../../core/services/ports.js';
import type { Transcript } from '../../../core/domain/transcript.js';
import { CallqaError, ErrorCodes } from '../../../core/domain/errors.js';

interface Fixture {
  transcript: Transcript;
  /** Simulated transcription time. */
  delayMs?: number;
}

export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex');
}

/** Registers the transcript the fake returns for this audio. */
export function registerFakeTranscript(fixturesFile: string, audio: Buffer, transcript: Transcript, delayMs = 0): void {
  const all = existsSync(fixturesFile) ? (JSON.parse(readFileSync(fixturesFile, 'utf8')) as Record<string, Fixture>) : {};
  all[sha256(audio)] = { transcript, delayMs };
  writeFileSync(fixturesFile, JSON.stringify(all));
}

/** The CALLQA_ENGINE_MODULE value that loads this fake with a fixtures file. */
export function fakeEngineModule(fixturesFile: string): string {
  // base64url: tsx treats a module URL whose query ends in `.json` as a JSON import.
  return `${pathToFileURL(new URL(import.meta.url).pathname).href}?fixtures=${Buffer.from(fixturesFile).toString('base64url')}`;
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason as Error);
    }, { once: true });
  });

export function createFakeTranscriber(fixturesFile: string): CallTranscriber & { calls: string[] } {
  const calls: string[] = [];
  return {
    asrModel: 'fake-asr',
    calls,
    async transcribe(input, _meta, opts = {}) {
      const bytes = 'path' in input ? await readFile(input.path) : input.buffer;
      const hash = sha256(bytes);
      calls.push(hash);
      const all = JSON.parse(await readFile(fixturesFile, 'utf8')) as Record<string, Fixture>;
      const fixture = all[hash];
      if (!fixture) throw new CallqaError(ErrorCodes.AUDIO_UNDECODABLE, `fake transcriber: no transcript registered for audio ${hash.slice(0, 12)}`, { retryable: false });
      if (fixture.delayMs) await sleep(fixture.delayMs, opts.signal);
      opts.onProgress?.(1);
      return structuredClone({ ...fixture.transcript, asrModel: 'fake-asr' });
    },
    async dispose() {},
  };
}

/** CALLQA_ENGINE_MODULE entry point. */
export function createCallTranscriber(_runtime: RuntimeConfig): Promise<CallTranscriber> {
  const encoded = new URL(import.meta.url).searchParams.get('fixtures');
  if (!encoded) throw new Error('fake transcriber: module URL needs ?fixtures=<base64url file path>');
  return Promise.resolve(createFakeTranscriber(Buffer.from(encoded, 'base64url').toString('utf8')));
}
