import { describe, expect, it } from 'vitest';
import type { CallMeta } from '../../../core/domain/call-meta.js';
import { CATEGORIES, SEVERITIES, type Report } from '../../../core/domain/report.js';
import type { Transcript } from '../../../core/domain/transcript.js';
import { analyzeCall, dedupeFindings, type AnalyzeDeps, type LexiconRunResult, type LexiconRunner } from '../../../core/rules/analyze-call.js';
import type { RuleContext } from '../../../core/rules/context.js';
import type { DraftFinding } from '../../../core/rules/heuristics/types.js';
import { loadPolicySet } from '../../../core/rules/policy/index.js';

const policies = loadPolicySet();

/** A strict fake lexicon: records the context it was called with and returns a fixed result. */
function fakeLexicon(result: Partial<LexiconRunResult> = {}): LexiconRunner & { calls: RuleContext[] } {
  const calls: RuleContext[] = [];
  return {
    version: '2026.11.1',
    calls,
    run(_t, ctx) {
      calls.push(ctx);
      return { findings: [], calleeRole: ctx.calleeRole, identityStatements: [{ startMs: 0, endMs: 1000, text: '受委托' }], ...result };
    },
  };
}

const deps = (lexicon: LexiconRunner): AnalyzeDeps => ({ lexicon, policies, version: '0.1.0' });

const threat: DraftFinding = {
  ruleId: 'contact_list.threat',
  category: 'contact_list_threat',
  severity: 'major',
  source: 'lexicon',
  speaker: 'agent',
  startMs: 41_200,
  endMs: 44_900,
  evidence: '你再不还钱我们就联系你通讯录里所有人',
  match: { term: '联系你通讯录', variant: '联系你通讯录', method: 'exact' },
  confidence: 0.97,
  penaltyClass: 'QA-G',
};

const textOnly: Transcript = {
  callId: 'from-file',
  durationMs: 60_000,
  segments: [
    { speaker: 'agent', startMs: 1000, endMs: 4000, text: '您好,我是受招商银行委托的催收公司' },
    { speaker: 'customer', startMs: 5000, endMs: 6000, text: '什么事' },
    { speaker: 'agent', startMs: 41_200, endMs: 44_900, text: '你再不还钱我们就联系你通讯录里所有人' },
  ],
};

/** Checks every field the contract (section 4) requires, with its type. */
function expectContractShape(r: Report): void {
  expect(r.contract).toBe('callqa.report/v1');
  expect(typeof r.callId).toBe('string');
  expect(Number.isInteger(r.durationMs)).toBe(true);
  expect(Number.isInteger(r.score) && r.score >= 0 && r.score <= 100).toBe(true);
  expect(typeof r.penaltyYuan).toBe('number');
  expect(Array.isArray(r.findings)).toBe(true);
  r.findings.forEach((f, i) => {
    expect(f.id).toBe(`f-${i + 1}`);
    expect(typeof f.ruleId).toBe('string');
    expect(CATEGORIES).toContain(f.category);
    expect(SEVERITIES).toContain(f.severity);
    expect(['lexicon', 'acoustic', 'metadata', 'script']).toContain(f.source);
    expect(['agent', 'customer', 'unknown']).toContain(f.speaker);
    expect(Number.isInteger(f.startMs) && Number.isInteger(f.endMs) && f.endMs >= f.startMs).toBe(true);
    expect(typeof f.evidence).toBe('string');
    expect(f.confidence).toBeGreaterThanOrEqual(0);
    expect(f.confidence).toBeLessThanOrEqual(1);
    if (f.source === 'lexicon') expect(['exact', 'pinyin', 'fuzzy', 'regex']).toContain(f.match?.method);
    if (i > 0) expect(f.startMs).toBeGreaterThanOrEqual(r.findings[i - 1]?.startMs ?? 0);
  });
  expect(typeof r.metrics).toBe('object');
  for (const v of Object.values(r.metrics)) expect(typeof v).toBe('number');
  expect(Array.isArray(r.transcript.segments)).toBe(true);
  expect(r.engine.asrModel === null || typeof r.engine.asrModel === 'string').toBe(true);
  expect(typeof r.engine.lexiconVersion).toBe('string');
  expect(typeof r.engine.version).toBe('string');
}

describe('analyzeCall', () => {
  it('a text-only transcript: lexicon finding numbered, priced, scored; text metrics only', () => {
    const r = analyzeCall(deps(fakeLexicon({ findings: [threat] })), textOnly);
    expectContractShape(r);
    expect(r.callId).toBe('from-file');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ id: 'f-1', ruleId: 'contact_list.threat', penaltyClass: 'QA-G', penaltyYuan: 200 });
    expect(r.score).toBe(85);
    expect(r.penaltyYuan).toBe(200);
    expect(r.metrics.agentTalkMs).toBe(6700);
    expect(r.metrics.agentPeakLoudnessDb).toBeUndefined();
    expect(r.engine).toEqual({ asrModel: null, lexiconVersion: '2026.11.1', version: '0.1.0', policy: 'default' });
    expect(r.transcript.segments).toBe(textOnly.segments);
  });

  it('metadata: the override wins field by field over transcript.meta, and reaches the rules', () => {
    const lexicon = fakeLexicon();
    const t: Transcript = { ...textOnly, meta: { callId: 'c-meta', isStudent: true, startedAt: '2026-11-22T10:00:00+08:00', daysOverdue: 40 } };
    const override: CallMeta = { startedAt: '2026-11-22T20:41:07+08:00', daysOverdue: 5 };
    const r = analyzeCall(deps(lexicon), t, override);
    expect(r.callId).toBe('c-meta');
    expect(lexicon.calls[0]).toMatchObject({ isStudent: true, daysOverdue: 5, meta: { startedAt: '2026-11-22T20:41:07+08:00' } });
    // student at 20:41 → calling-hours finding from the merged meta
    expect(r.findings.map((f) => f.ruleId)).toEqual(['hours.student_window']);
    expect(r.findings[0]).toMatchObject({ source: 'metadata', startMs: 0, penaltyYuan: 200 });
    const noOverride = analyzeCall(deps(fakeLexicon()), t);
    expect(noOverride.findings).toEqual([]);
    expect(analyzeCall(deps(fakeLexicon()), t, { callId: 'c-cli' }).callId).toBe('c-cli');
  });

  it('the policy comes from the metadata; an unknown one is POLICY_UNKNOWN', () => {
    const t: Transcript = { ...textOnly, meta: { startedAt: '2026-11-22T20:41:07+08:00', policy: 'strict-20h' } };
    const r = analyzeCall(deps(fakeLexicon()), t);
    expect(r.engine.policy).toBe('strict-20h');
    expect(r.findings.map((f) => f.ruleId)).toEqual(['hours.general_window']);
    expect(() => analyzeCall(deps(fakeLexicon()), t, { policy: 'gone' })).toThrow(expect.objectContaining({ code: 'CALLQA_POLICY_UNKNOWN' }));
  });

  it('no identity statement from the lexicon → missing_identity_statement; inferred role reported', () => {
    const r = analyzeCall(deps(fakeLexicon({ identityStatements: [], calleeRole: 'third_party' })), textOnly, undefined, { asrModel: 'whisper-tiny-q8' });
    expect(r.findings.map((f) => f.category)).toEqual(['missing_identity_statement']);
    expect(r.findings[0]?.penaltyYuan).toBe(0);
    expect(r.score).toBe(95);
    expect(r.calleeRole).toBe('third_party');
    expect(r.engine.asrModel).toBe('whisper-tiny-q8');
  });

  it('lexicon, acoustic and metadata findings are merged, sorted by time and renumbered', () => {
    const t: Transcript = {
      ...textOnly,
      segments: [
        ...textOnly.segments.map((s) => ({ ...s, loudnessDb: -22, peakLoudnessDb: -16 })),
        { speaker: 'agent', startMs: 20_000, endMs: 23_000, text: '你听好了', loudnessDb: -8, peakLoudnessDb: -4 },
        { speaker: 'agent', startMs: 30_000, endMs: 33_000, text: '我跟你说', loudnessDb: -23, peakLoudnessDb: -17 },
      ],
      meta: { startedAt: '2026-11-22T07:10:00+08:00' },
    };
    const fromLexicon = { ...threat, id: 'x-9' };
    const r = analyzeCall(deps(fakeLexicon({ findings: [fromLexicon] })), t);
    expectContractShape(r);
    expect(r.findings.map((f) => [f.id, f.category, f.startMs])).toEqual([
      ['f-1', 'calling_hours', 0],
      ['f-2', 'raised_voice', 20_000],
      ['f-3', 'contact_list_threat', 41_200],
    ]);
    expect(r.metrics.agentPeakLoudnessDb).toBe(-4);
  });
});

describe('dedupeFindings', () => {
  it('merges overlapping findings of the same rule into the stronger one, widening the span', () => {
    const weak: DraftFinding = { ...threat, startMs: 40_000, endMs: 42_000, confidence: 0.6, evidence: '联系通讯录' };
    const out = dedupeFindings([threat, weak]);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ startMs: 40_000, endMs: 44_900, confidence: 0.97 });
    expect(out[0]?.evidence).toBe('你再不还钱我们就联系你通讯录里所有人 … 联系通讯录');
  });

  it('keeps different rules, and the same rule at separate times', () => {
    const other: DraftFinding = { ...threat, ruleId: 'abuse.threat', category: 'threat_abuse' };
    const later: DraftFinding = { ...threat, startMs: 50_000, endMs: 52_000 };
    expect(dedupeFindings([later, other, threat])).toHaveLength(3);
  });
});
