import { describe, expect, it } from 'vitest';
import { CallqaError, ErrorCodes } from '../../../core/domain/errors.js';
import { HttpError, HttpErrorCodes, mapError } from '../../../api/http-errors.js';

describe('mapError', () => {
  it('maps input codes to 4xx and keeps their message and input', () => {
    const m = mapError(new CallqaError(ErrorCodes.AUDIO_UNDECODABLE, 'x.wav: not audio', { input: 'file' }));
    expect(m.statusCode).toBe(415);
    expect(m.body.error).toEqual({ code: ErrorCodes.AUDIO_UNDECODABLE, message: 'x.wav: not audio', details: [{ field: 'file', message: 'x.wav: not audio' }] });
    expect(mapError(new CallqaError(ErrorCodes.META_INVALID, 'bad')).statusCode).toBe(400);
    expect(mapError(new CallqaError(ErrorCodes.AUDIO_EMPTY, 'empty')).statusCode).toBe(422);
    expect(mapError(new CallqaError(ErrorCodes.NOT_FOUND, 'gone')).statusCode).toBe(404);
  });
  it('answers 503 with Retry-After and no internals for UNAVAILABLE', () => {
    const m = mapError(new CallqaError(ErrorCodes.UNAVAILABLE, 'connect ECONNREFUSED 127.0.0.1:6379'));
    expect(m.statusCode).toBe(503);
    expect(m.headers['retry-after']).toBe('5');
    expect(m.body.error.message).not.toContain('6379');
  });
  it('hides messages of internal errors and unknown throws', () => {
    for (const err of [new Error('SELECT * FROM secrets failed'), new CallqaError(ErrorCodes.CONFIG_INVALID, 'DATABASE_URL=postgres://u:p@h'), 'boom']) {
      const m = mapError(err);
      expect(m.statusCode).toBe(500);
      expect(m.internal).toBe(true);
      expect(m.body).toEqual({ error: { code: ErrorCodes.INTERNAL, message: 'internal error' } });
    }
  });
  it('turns schema validation into 400 with field details', () => {
    const err = Object.assign(new Error('querystring/limit must be <= 500'), {
      validation: [{ instancePath: '/limit', message: 'must be <= 500', params: {} }],
      validationContext: 'querystring',
    });
    const m = mapError(err);
    expect(m.statusCode).toBe(400);
    expect(m.body.error.code).toBe(HttpErrorCodes.VALIDATION);
    expect(m.body.error.details).toEqual([{ field: 'querystring.limit', message: 'must be <= 500' }]);
  });
  it('recognises an upload size error even wrapped by core', () => {
    const tooLarge = Object.assign(new Error('request file too large'), { code: 'FST_REQ_FILE_TOO_LARGE', statusCode: 413 });
    expect(mapError(tooLarge).statusCode).toBe(413);
    const wrapped = new CallqaError(ErrorCodes.INPUT_UNREADABLE, 'upload failed', { cause: tooLarge });
    expect(mapError(wrapped)).toMatchObject({ statusCode: 413, body: { error: { code: ErrorCodes.UPLOAD_TOO_LARGE } } });
  });
  it('passes HTTP errors through with their headers', () => {
    const m = mapError(new HttpError(416, HttpErrorCodes.RANGE_NOT_SATISFIABLE, 'bad range', { headers: { 'content-range': 'bytes */10' } }));
    expect(m).toMatchObject({ statusCode: 416, headers: { 'content-range': 'bytes */10' } });
  });
});
