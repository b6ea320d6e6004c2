/**
 * HTTP Range parsing for audio seeking (RFC 9110 §14). One byte range per request: browsers
 * seeking media ask for one; a multi-range request is answered with the whole body (allowed).
 */
export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

export type RangeResult = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

/**
 * @param header - the `Range` request header, if any
 * @param size - the resource length in bytes
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'full' };
  const m = /^\s*([A-Za-z]+)=(.*)$/.exec(header);
  // A unit we do not understand is ignored, as the RFC asks.
  if (!m || m[1]?.toLowerCase() !== 'bytes') return { kind: 'full' };
  const specs = (m[2] ?? '').split(',').map((s) => s.trim());
  if (specs.length !== 1) return { kind: 'full' };
  const spec = /^(\d*)-(\d*)$/.exec(specs[0] ?? '');
  if (!spec || (spec[1] === '' && spec[2] === '')) return { kind: 'unsatisfiable' };
  const first = spec[1] === '' ? undefined : Number(spec[1]);
  const last = spec[2] === '' ? undefined : Number(spec[2]);
  if (size === 0) return { kind: 'unsatisfiable' };
  if (first === undefined) {
    // Suffix range: the last N bytes.
    const n = last ?? 0;
    if (n === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { start: Math.max(0, size - n), end: size - 1 } };
  }
  if (first >= size) return { kind: 'unsatisfiable' };
  if (last !== undefined && last < first) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start: first, end: Math.min(last ?? size - 1, size - 1) } };
}
