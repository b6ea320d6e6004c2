import { describe, expect, it } from 'vitest';
import { keepUnmeasured } from '../../../bench/lib/report-merge.js';

const doc = (...parts: string[]): string => `${parts.join('\n\n')}\n`;
const targets = (...rows: string[]): string => ['## Targets', '', '| target | goal | result | status |', '| --- | --- | --- | --- |', ...rows].join('\n');

const previous = doc(
  '# Benchmarks\n\nLast run 2026-11-20.',
  '## Machine\n\nold machine',
  targets('| base speed | ≥ 10× | 8.6× | **missed** |', '| analysis | ≥ 500 | 326 | **missed** |', '| recall | ≥ 0.9 | 0.524 | **missed** |'),
  '## ASR: accuracy, speed, memory\n\nold ASR table',
  '## Analysis speed\n\nold: 326 per second',
  '## Detection benchmark\n\nold detection\n\n### base misses\n\n- a miss',
  '## service\n\nold service',
);

describe('keepUnmeasured', () => {
  it('keeps the sections and target rows a partial run has no results for, and replaces the ones it measured', () => {
    const rendered = doc(
      '# Benchmarks\n\nLast run 2026-11-23.',
      '## Machine\n\nnew machine',
      targets('| base speed | ≥ 10× | – | not measured |', '| analysis | ≥ 500 | 540 | **met** |', '| recall | ≥ 0.9 | – | not measured |'),
      '## Analysis speed\n\nnew: 540 per second',
    );
    const merged = keepUnmeasured(rendered, previous);
    expect(merged).toBe(
      doc(
        '# Benchmarks\n\nLast run 2026-11-23.',
        '## Machine\n\nnew machine',
        targets('| base speed | ≥ 10× | 8.6× | **missed** |', '| analysis | ≥ 500 | 540 | **met** |', '| recall | ≥ 0.9 | 0.524 | **missed** |'),
        '## ASR: accuracy, speed, memory\n\nold ASR table',
        '## Analysis speed\n\nnew: 540 per second',
        '## Detection benchmark\n\nold detection\n\n### base misses\n\n- a miss',
        '## service\n\nold service',
      ),
    );
  });

  it('changes nothing without a previous file, or when the run measured every section', () => {
    expect(keepUnmeasured(previous, undefined)).toBe(previous);
    expect(keepUnmeasured(previous, doc('# Benchmarks', '## Machine\n\nolder'))).toBe(previous);
  });

  it('leaves a row unmeasured when the previous file never measured it either', () => {
    const rendered = doc('# Benchmarks', targets('| small speed | ≥ 3× | – | not measured |'));
    const before = doc('# Benchmarks', targets('| small speed | ≥ 3× | – | not measured |'));
    expect(keepUnmeasured(rendered, before)).toContain('| small speed | ≥ 3× | – | not measured |');
  });
});
