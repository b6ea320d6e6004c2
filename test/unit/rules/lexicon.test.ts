/**
 * The lexicon data and its loader: the lint (schema + every example) over the shipped set,
 * coverage of the contract's categories, and clear LEXICON_INVALID errors for bad files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../../core/domain/report.js';
import { CallqaError, ErrorCodes } from '../../../core/domain/errors.js';
import { lexiconJsonSchema } from '../../../core/rules/lexicon/schema.js';
import { compileLexiconSet, defaultLexiconDir, lintLexiconSet, loadLexiconSet, runLexiconRules } from '../../../core/rules/lexicon/index.js';

const INDEX = readFileSync(join(defaultLexiconDir(), 'index.yaml'), 'utf8');
const dirs: string[] = [];

function lexiconDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'callqa-lex-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'index.yaml'), INDEX);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const RULE = `family: test
description: test rules
rules:
  - id: test.court
    category: impersonation
    severity: critical
    penaltyClass: QA-M5000
    speaker: agent
    description: court
    source: test
    terms: [我是法院的]
    examples:
      positive: [我是法院的]
      negative: [我们不是法院的]
`;

function expectInvalid(dir: string, ...parts: string[]): void {
  let err: unknown;
  try {
    compileLexiconSet(loadLexiconSet(dir));
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CallqaError);
  expect((err as CallqaError).code).toBe(ErrorCodes.LEXICON_INVALID);
  for (const p of parts) expect((err as CallqaError).message).toContain(p);
}

describe('shipped lexicon set', () => {
  const set = loadLexiconSet();
  const report = lintLexiconSet(set);

  it('passes the lint: every positive example fires its rule, no negative one does', () => {
    expect(report.problems).toEqual([]);
    expect(report.examples).toBeGreaterThan(250);
  });

  it('has one set version for engine.lexiconVersion', () => {
    expect(set.version).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
  });

  it('covers every lexicon category of the contract, plus the identity statement', () => {
    const nonLexicon = new Set(['raised_voice', 'interruption', 'calling_hours']);
    const covered = new Set(set.rules.filter((r) => (r.kind ?? 'finding') !== 'state').map((r) => r.category));
    for (const c of CATEGORIES.filter((c) => !nonLexicon.has(c))) expect(covered, c).toContain(c);
    expect(set.rules.find((r) => r.kind === 'required')?.category).toBe('missing_identity_statement');
  });

  it('rates the four client classes at least major', () => {
    const client = new Set(['contact_list_threat', 'third_party_disclosure', 'impersonation', 'student_pressure']);
    const rated = set.rules.filter((r) => client.has(r.category ?? '') && r.id !== 'impersonation.bank_or_false_identity');
    expect(rated.length).toBeGreaterThan(8);
    for (const r of rated) expect(['major', 'critical'], r.id).toContain(r.severity);
  });

  it('ships lexicons/schema.json in sync with the TypeBox schema', () => {
    const shipped = JSON.parse(readFileSync(join(defaultLexiconDir(), 'schema.json'), 'utf8')) as unknown;
    expect(shipped).toEqual(lexiconJsonSchema());
  });

  it('uses only penalty classes of the default policy', () => {
    const known = new Set(['none', 'QA-G', 'QA-LEAK', 'QA-M2000', 'QA-M5000']);
    for (const r of set.rules.filter((x) => x.penaltyClass)) expect(known, r.id).toContain(r.penaltyClass);
  });
});

describe('lint', () => {
  it('reports a positive example that does not fire and a negative one that does', () => {
    const dir = lexiconDir({ 'test.yaml': RULE.replace('positive: [我是法院的]', 'positive: [我是法院的, 今天天气很好]').replace('negative: [我们不是法院的]', 'negative: [我们不是法院的, 我是法院的]') });
    const report = lintLexiconSet(loadLexiconSet(dir));
    expect(report.problems.map((p) => [p.ruleId, p.example, p.problem.split(' (')[0]])).toEqual([
      ['test.court', '今天天气很好', 'positive example does not fire'],
      ['test.court', '我是法院的', 'negative example fires it'],
    ]);
  });
});

describe('position condition', () => {
  it('a rule with position.withinFirstMs fires only in the opening of the call', () => {
    const dir = lexiconDir({ 'test.yaml': RULE.replace('    terms: [我是法院的]', '    terms: [我是法院的]\n    position: { withinFirstMs: 30000 }') });
    const compiled = compileLexiconSet(loadLexiconSet(dir));
    const ctx = { meta: {}, calleeRole: 'debtor' as const, isStudent: false, daysOverdue: 60, accountClass: undefined };
    const at = (startMs: number) =>
      runLexiconRules(compiled, { callId: 'p', durationMs: 90_000, segments: [{ speaker: 'agent', startMs, endMs: startMs + 2000, text: '我是法院的' }] }, ctx).findings.length;
    expect([at(5000), at(60_000)]).toEqual([1, 0]);
  });
});

describe('loader errors name the file, the rule and the field', () => {
  it('a missing required field', () => {
    expectInvalid(lexiconDir({ 'test.yaml': RULE.replace('    source: test\n', '') }), 'test.yaml', 'test.court', 'source');
  });

  it('an unknown category', () => {
    expectInvalid(lexiconDir({ 'test.yaml': RULE.replace('category: impersonation', 'category: court_stuff') }), 'test.yaml', 'test.court', 'category');
  });

  it('a finding rule without penalty class', () => {
    expectInvalid(lexiconDir({ 'test.yaml': RULE.replace('    penaltyClass: QA-M5000\n', '') }), 'test.yaml', 'test.court', 'penaltyClass');
  });

  it('a duplicate rule id', () => {
    expectInvalid(lexiconDir({ 'a.yaml': RULE, 'b.yaml': RULE }), 'b.yaml', 'test.court', 'duplicate');
  });

  it('a fuzzy tolerance too loose for the term', () => {
    expectInvalid(lexiconDir({ 'test.yaml': RULE.replace('terms: [我是法院的]', 'terms: [{ term: 法院, pinyin: true, fuzzy: 1 }]') }), 'test.court', '法院', 'fuzzy 1');
  });

  it('an invalid regular expression', () => {
    expectInvalid(lexiconDir({ 'test.yaml': RULE.replace('terms: [我是法院的]', 'regex: ["欠(了"]') }), 'test.court', 'regex.0');
  });

  it('broken YAML and a missing index', () => {
    expectInvalid(lexiconDir({ 'test.yaml': 'rules: [unclosed' }), 'test.yaml', 'YAML');
    const dir = lexiconDir({ 'test.yaml': RULE });
    rmSync(join(dir, 'index.yaml'));
    expectInvalid(dir, 'index.yaml');
  });

  it('a missing directory', () => {
    expectInvalid('/nonexistent/lexicons', '/nonexistent/lexicons');
  });
});
