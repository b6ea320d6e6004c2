import { describe, expect, it } from 'vitest';
import { parseRange } from '../../../api/lib/http-range.js';

describe('parseRange', () => {
  it('serves the whole body without a Range header or for another unit', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'full' });
    expect(parseRange('items=0-5', 100)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-1,5-6', 100)).toEqual({ kind: 'full' });
  });
  it('parses closed, open and suffix ranges, clamping the end', () => {
    expect(parseRange('bytes=10-19', 100)).toEqual({ kind: 'partial', range: { start: 10, end: 19 } });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(parseRange('bytes=-500', 100)).toEqual({ kind: 'partial', range: { start: 0, end: 99 } });
    expect(parseRange('bytes=50-5000', 100)).toEqual({ kind: 'partial', range: { start: 50, end: 99 } });
  });
  it('rejects ranges past the end, reversed or malformed', () => {
    for (const h of ['bytes=100-', 'bytes=200-300', 'bytes=20-10', 'bytes=abc', 'bytes=-', 'bytes=-0']) {
      expect(parseRange(h, 100), h).toEqual({ kind: 'unsatisfiable' });
    }
  });
});
