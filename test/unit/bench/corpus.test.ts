import { describe, expect, it } from 'vitest';
import { CORPUS_CALLS, categoryCounts, isCleanCall, labelsFor, MIN_INSTANCES_PER_CATEGORY, validateCorpus } from '../../../bench/corpus/index.js';
import { agent, customer, type CorpusCall } from '../../../bench/corpus/types.js';
import { callHash } from '../../../bench/corpus/render.js';
import { CATEGORIES } from '../../../core/domain/report.js';

const base = (turns: CorpusCall['turns'], extra: Partial<CorpusCall> = {}): CorpusCall => ({
  id: 'xx-01',
  title: 't',
  meta: { startedAt: '2026-11-02T10:00:00+08:00' },
  turns,
  ...extra,
});
const eight = (over: Partial<Record<number, CorpusCall['turns'][number]>> = {}): CorpusCall['turns'] =>
  Array.from({ length: 8 }, (_, i) => over[i] ?? (i % 2 === 0 ? agent('您好。') : customer('你好。')));

describe('the detection corpus', () => {
  it('is consistent (ids, turn counts, speakers of labels, gains and over-talk match their labels)', () => {
    expect(() => validateCorpus()).not.toThrow();
  });

  it('has at least 30 calls, at least 8 of them clean', () => {
    expect(CORPUS_CALLS.length).toBeGreaterThanOrEqual(30);
    expect(CORPUS_CALLS.filter(isCleanCall).length).toBeGreaterThanOrEqual(8);
  });

  it('exercises every category of the contract several times', () => {
    const counts = categoryCounts();
    for (const c of CATEGORIES) expect(counts[c], c).toBeGreaterThanOrEqual(MIN_INSTANCES_PER_CATEGORY);
  });

  it('uses a different sentence for every labelled instance of a category (paraphrases, not copies)', () => {
    const seen = new Map<string, string>();
    for (const call of CORPUS_CALLS) {
      for (const t of call.turns) {
        for (const c of t.expect ?? []) {
          const key = `${c}:${t.text}`;
          expect(seen.has(key), `${call.id} repeats "${t.text}" from ${seen.get(key)}`).toBe(false);
          seen.set(key, call.id);
        }
      }
    }
  });
});

describe('validateCorpus', () => {
  it('rejects a shouted turn without the raised_voice label', () => {
    expect(() => validateCorpus([base(eight({ 4: agent('你听着！', { gainDb: 15 }) }))])).toThrow(/xx-01.*raised_voice/);
  });
  it('rejects an agent label on a customer turn', () => {
    expect(() => validateCorpus([base(eight({ 3: customer('我是法院的。', { expect: ['impersonation'] }) }))])).toThrow(/wrong party/);
  });
  it('rejects digits in the script and too few turns', () => {
    expect(() => validateCorpus([base(eight({ 2: agent('工号1234') }))])).toThrow(/digits/);
    expect(() => validateCorpus([base(eight().slice(0, 5))])).toThrow(/5 turns/);
  });
  it('rejects an over-talking agent turn without the interruption label', () => {
    expect(() => validateCorpus([base(eight({ 4: agent('你别说了。', { gapMs: -2000 }) }))])).toThrow(/interruption/);
  });
});

describe('labelsFor', () => {
  const call = base(
    eight({
      2: agent('我是法院的。', { expect: ['impersonation'] }),
      4: agent('你别说了。', { gapMs: -2000, expect: ['interruption'] }),
      6: agent('听我说。', { gapMs: -1500, expect: ['interruption', 'threat_abuse'] }),
    }),
    { expectCall: ['calling_hours'] },
  );
  const times = call.turns.map((_, i) => ({ startMs: i * 1000, endMs: i * 1000 + 800 }));

  it('labels tagged turns with their rendered spans, merges interruptions, adds whole-call labels', () => {
    const labels = labelsFor(call, times, 9000);
    expect(labels).toEqual([
      { callId: 'xx-01', category: 'calling_hours', startMs: 0, endMs: 9000, scope: 'call' },
      { callId: 'xx-01', category: 'impersonation', startMs: 2000, endMs: 2800, scope: 'turn', said: '我是法院的。' },
      { callId: 'xx-01', category: 'interruption', startMs: 4000, endMs: 6800, scope: 'turn', said: '你别说了。 | 听我说。' },
      { callId: 'xx-01', category: 'threat_abuse', startMs: 6000, endMs: 6800, scope: 'turn', said: '听我说。' },
    ]);
  });

  it('refuses turn times that do not fit the script', () => {
    expect(() => labelsFor(call, times.slice(1), 9000)).toThrow(/7 turn times for 8 turns/);
  });
});

describe('synthesizeTranscripts', () => {
  it('makes 3-minute transcripts of about 60–80 time-ordered segments with both speakers', async () => {
    const { synthesizeTranscripts } = await import('../../../bench/lib/synthetic-transcripts.js');
    const ts = synthesizeTranscripts(CORPUS_CALLS, 5);
    expect(ts).toHaveLength(5);
    for (const t of ts) {
      expect(t.durationMs).toBe(180_000);
      expect(t.segments.length).toBeGreaterThanOrEqual(55);
      expect(t.segments.length).toBeLessThanOrEqual(90);
      expect(new Set(t.segments.map((s) => s.speaker))).toEqual(new Set(['agent', 'customer']));
      for (let i = 1; i < t.segments.length; i++) expect(t.segments[i]?.startMs).toBeGreaterThan(t.segments[i - 1]?.startMs ?? 0);
      expect(t.segments.at(-1)?.endMs).toBeLessThanOrEqual(180_000);
    }
    const joined = ts.map((t) => t.segments.map((s) => s.text).join(''));
    expect(new Set(joined).size).toBe(ts.length);
  });
});

describe('callHash (what decides whether a kept transcript of a call is still valid)', () => {
  const call = base(eight({ 2: agent('我是法院的。', { expect: ['impersonation'] }) }));

  it('ignores the title and the held-out flag: moving a call to the tuning set keeps its transcripts', () => {
    expect(callHash({ ...call, title: 'another title', heldOut: true })).toBe(callHash(call));
  });

  it('changes with what is said, how it is rendered, the metadata and the labels', () => {
    const changed = (turns: CorpusCall['turns']): string => callHash({ ...call, turns });
    expect(changed(eight({ 2: agent('我是法院的人。', { expect: ['impersonation'] }) }))).not.toBe(callHash(call));
    expect(changed(eight({ 2: agent('我是法院的。', { expect: ['impersonation'], gapMs: 1200 }) }))).not.toBe(callHash(call));
    expect(changed(eight({ 2: agent('我是法院的。') }))).not.toBe(callHash(call));
    expect(callHash({ ...call, meta: { ...call.meta, calleeRole: 'third_party' } })).not.toBe(callHash(call));
  });
});
