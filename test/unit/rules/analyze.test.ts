import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CallqaError, ErrorCodes } from '../../../core/domain/errors.js';
import type { Transcript } from '../../../core/domain/transcript.js';
import { createAnalyzer, parseTranscript } from '../../../core/rules/analyze.js';
import { packageRoot } from '../../../core/rules/policy/index.js';

// A small lexicon of our own, in the lexicon engine's format, so these tests pin the analyzer's
// glue (load once, policy parameters reach the lexicon run, penalty classes checked) independently
// of the shipped lexicon's wording.
const dir = mkdtempSync(join(tmpdir(), 'callqa-analyze-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, 'index.yaml'),
  'version: 2030.1.7\ndescription: test set\nnegators: [不会, 不是]\nnegationGap: 6\nfillers: [那个]\n',
);
const contactYaml = (penaltyClass: string): string => `family: contact_list
description: test
rules:
  - id: contact_list.forbidden_word
    category: contact_list_threat
    severity: major
    penaltyClass: ${penaltyClass}
    speaker: agent
    description: the word 通讯录
    source: L4
    terms: [通讯录]
    strict: true
    examples: { positive: [联系你通讯录], negative: [] }
  - id: script.identity_statement
    kind: required
    category: missing_identity_statement
    speaker: agent
    description: mandate statement
    source: L22
    terms: [受委托, 委托的]
    examples: { positive: [我是受委托的公司], negative: [] }
`;
writeFileSync(join(dir, 'contact.yaml'), contactYaml('QA-G'));

const analyzer = createAnalyzer({ lexiconDir: dir });
const version = (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;

const call = (agentLines: string[], meta?: Transcript['meta']): Transcript =>
  parseTranscript(
    {
      segments: agentLines.map((text, i) => ({ speaker: 'agent', startMs: i * 5000, endMs: i * 5000 + 4000, text })),
      ...(meta ? { meta } : {}),
    },
    'calls/c-42.json',
  );

describe('createAnalyzer', () => {
  it('reports the lexicon version, the package version and the policy', () => {
    const r = analyzer.analyze(call(['您好,我是受委托的公司', '请您今天还款']));
    expect(analyzer.lexiconVersion).toBe('2030.1.7');
    expect(r.engine).toEqual({ asrModel: null, lexiconVersion: '2030.1.7', version, policy: 'default' });
    expect(r.callId).toBe('c-42');
    expect(r.findings).toEqual([]);
    expect(r.score).toBe(100);
  });

  it('a text-only transcript: lexicon + script findings, priced and scored', () => {
    const r = analyzer.analyze(call(['喂,张三是吧', '不还钱就联系你通讯录里所有人']));
    expect(r.findings.map((f) => [f.id, f.ruleId, f.source])).toEqual([
      ['f-1', 'script.identity_statement', 'script'],
      ['f-2', 'contact_list.forbidden_word', 'lexicon'],
    ]);
    expect(r.findings[1]).toMatchObject({ match: { term: '通讯录', method: 'exact' }, penaltyClass: 'QA-G', penaltyYuan: 200 });
    expect(r.penaltyYuan).toBe(200);
    expect(r.score).toBe(100 - 5 - 15);
    expect(r.metrics).toMatchObject({ agentTalkMs: 8000, interruptions: 0 });
  });

  it("the policy's strictForbiddenWords reaches the lexicon run (L23 #10)", () => {
    const lines = ['我是受委托的公司', '我们不会联系您的通讯录'];
    expect(analyzer.analyze(call(lines)).findings).toEqual([]);
    const strict = analyzer.analyze(call(lines), { policy: 'strict-words' });
    expect(strict.findings.map((f) => f.ruleId)).toEqual(['contact_list.forbidden_word']);
    expect(strict.engine.policy).toBe('strict-words');
  });

  it('metadata from the transcript and the override both count; the override wins', () => {
    const t = call(['我是受委托的公司'], { callId: 'meta-id', startedAt: '2026-11-22T20:41:07+08:00', isStudent: true });
    expect(analyzer.analyze(t).findings.map((f) => f.ruleId)).toEqual(['hours.student_window']);
    const r = analyzer.analyze(t, { isStudent: false, callId: 'cli-id' });
    expect(r.findings).toEqual([]);
    expect(r.callId).toBe('cli-id');
  });

  it('an unknown policy in the metadata is POLICY_UNKNOWN', () => {
    expect(() => analyzer.analyze(call(['我是受委托的公司']), { policy: 'weekend' })).toThrow(
      expect.objectContaining({ code: ErrorCodes.POLICY_UNKNOWN }),
    );
  });

  it('a lexicon rule naming a penalty class no policy knows is rejected at load', () => {
    const bad = mkdtempSync(join(tmpdir(), 'callqa-analyze-bad-'));
    try {
      writeFileSync(join(bad, 'index.yaml'), readFileSync(join(dir, 'index.yaml')));
      writeFileSync(join(bad, 'contact.yaml'), contactYaml('QA-TYPO'));
      let err: unknown;
      try {
        createAnalyzer({ lexiconDir: bad });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CallqaError);
      expect((err as CallqaError).code).toBe(ErrorCodes.LEXICON_INVALID);
      expect((err as CallqaError).message).toContain('QA-TYPO');
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});

describe('createAnalyzer with the shipped lexicons and policies', () => {
  it("the contract's own example call: identity stated, contact-list threat found at its time", () => {
    const shipped = createAnalyzer();
    const r = shipped.analyze(
      parseTranscript(
        {
          callId: 'c-20261122-0001',
          durationMs: 183_000,
          segments: [
            { speaker: 'agent', startMs: 1200, endMs: 4800, text: '您好，我是受招商银行委托的催收公司' },
            { speaker: 'customer', startMs: 5200, endMs: 6400, text: '哦,什么事' },
            { speaker: 'agent', startMs: 41_200, endMs: 44_900, text: '你再不还钱我们就联系你通讯录里所有人' },
          ],
        },
        'c.json',
      ),
      undefined,
      { asrModel: 'whisper-base-q8' },
    );
    expect(r.contract).toBe('callqa.report/v1');
    expect(r.engine.lexiconVersion).toBe(shipped.lexiconVersion);
    expect(r.findings.map((f) => f.category)).not.toContain('missing_identity_statement');
    const threat = r.findings.find((f) => f.category === 'contact_list_threat');
    expect(threat?.startMs).toBeGreaterThanOrEqual(41_200);
    expect(threat?.endMs).toBeLessThanOrEqual(44_900);
    expect(threat?.penaltyYuan).toBeGreaterThan(0);
    expect(r.score).toBeLessThan(100);
  });
});
