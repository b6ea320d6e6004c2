import { describe, expect, it } from 'vitest';
import type { Category, Finding, Severity } from '../../../core/domain/report.js';
import { getPolicy, loadPolicySet, type Policy } from '../../../core/rules/policy/index.js';
import { applyPolicyOverrides, isAlert, resolvePenaltyClass, scoreFindings } from '../../../core/rules/scoring.js';

const policy = getPolicy(loadPolicySet(), 'default');

type F = Pick<Finding, 'category' | 'severity' | 'penaltyClass' | 'penaltyYuan'>;
const f = (category: Category, severity: Severity, penaltyClass?: string): F =>
  penaltyClass === undefined ? { category, severity } : { category, severity, penaltyClass };

describe('scoring', () => {
  it('no findings: score 100, 0 yuan', () => {
    expect(scoreFindings([], policy)).toEqual({ findings: [], score: 100, penaltyYuan: 0 });
  });

  it('prices each finding by its class and deducts by severity', () => {
    const r = scoreFindings(
      [f('impersonation', 'critical', 'QA-M5000'), f('third_party_disclosure', 'major', 'QA-LEAK'), f('calling_hours', 'minor', 'QA-G')],
      policy,
    );
    expect(r.findings.map((x) => x.penaltyYuan)).toEqual([5000, 300, 200]);
    expect(r.penaltyYuan).toBe(5500);
    expect(r.score).toBe(100 - 40 - 15 - 5);
  });

  it('the seeds tier names resolve through aliases; unknown or missing classes fall back by severity', () => {
    expect(resolvePenaltyClass(policy, '一般差错', 'major')).toBe('QA-G');
    expect(resolvePenaltyClass(policy, '严重差错', 'minor')).toBe('QA-M5000');
    expect(resolvePenaltyClass(policy, undefined, 'major')).toBe('QA-M2000');
    expect(resolvePenaltyClass(policy, 'QA-NOPE', 'critical')).toBe('QA-M5000');
    const r = scoreFindings([f('threat_abuse', 'major', '严重差错'), f('false_promise', 'minor')], policy);
    expect(r.findings).toEqual([
      { category: 'threat_abuse', severity: 'major', penaltyClass: 'QA-M5000', penaltyYuan: 5000 },
      { category: 'false_promise', severity: 'minor', penaltyClass: 'QA-G', penaltyYuan: 200 },
    ]);
  });

  it('escalation signals are alerts, not violations: 0 yuan, no deduction', () => {
    const r = scoreFindings([f('escalation_signal', 'critical', 'QA-M5000')], policy);
    expect(r).toEqual({ findings: [{ category: 'escalation_signal', severity: 'critical', penaltyClass: 'none', penaltyYuan: 0 }], score: 100, penaltyYuan: 0 });
    expect(isAlert({ category: 'escalation_signal', severity: 'minor' }, policy)).toBe(true);
  });

  it('class none costs nothing but still deducts', () => {
    const r = scoreFindings([f('raised_voice', 'minor', 'none')], policy);
    expect(r.penaltyYuan).toBe(0);
    expect(r.score).toBe(95);
  });

  it('the score is floored at 0 and rounded', () => {
    const many = Array.from({ length: 3 }, () => f('impersonation', 'critical', 'QA-M5000'));
    expect(scoreFindings(many, policy).score).toBe(0);
    const odd: Policy = { ...policy, scoreDeductions: { minor: 2.4, major: 15, critical: 40 } };
    expect(scoreFindings([f('raised_voice', 'minor')], odd).score).toBe(98);
  });

  it('does not change its input', () => {
    const input = [f('calling_hours', 'minor', '一般差错')];
    const copy = structuredClone(input);
    scoreFindings(input, policy);
    expect(input).toEqual(copy);
  });

  it('policy overrides change severity and class per category before pricing', () => {
    const strictHours: Policy = {
      ...policy,
      severityOverrides: { calling_hours: 'major' },
      penaltyClassOverrides: { calling_hours: 'QA-M2000' },
    };
    const over = applyPolicyOverrides([f('calling_hours', 'minor', 'QA-G'), f('raised_voice', 'minor', 'none')], strictHours);
    expect(over[0]).toEqual({ category: 'calling_hours', severity: 'major', penaltyClass: 'QA-M2000' });
    expect(over[1]).toEqual(f('raised_voice', 'minor', 'none'));
    const r = scoreFindings(over, strictHours);
    expect(r.penaltyYuan).toBe(2000);
    expect(r.score).toBe(100 - 15 - 5);
  });

  it('alerts: the policy categories and critical severity', () => {
    expect(isAlert({ category: 'impersonation', severity: 'minor' }, policy)).toBe(true);
    expect(isAlert({ category: 'raised_voice', severity: 'minor' }, policy)).toBe(false);
    expect(isAlert({ category: 'threat_abuse', severity: 'critical' }, policy)).toBe(true);
  });
});
