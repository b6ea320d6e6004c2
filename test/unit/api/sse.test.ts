import { describe, expect, it } from 'vitest';
import { formatSseEvent } from '../../../api/lib/sse.js';

describe('formatSseEvent', () => {
  it('frames id, event and JSON data, ending with a blank line', () => {
    expect(formatSseEvent({ id: 7, event: 'alert', data: { a: 1 } })).toBe('id: 7\nevent: alert\ndata: {"a":1}\n\n');
  });
  it('splits multi-line data and strips newlines from id and event', () => {
    expect(formatSseEvent({ id: '1\n2', event: 'x\ry', data: 'a\nb' })).toBe('id: 12\nevent: xy\ndata: a\ndata: b\n\n');
  });
});
