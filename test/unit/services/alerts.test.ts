import { describe, expect, it } from 'vitest';
import type { StoredFinding } from '../../../core/db/repositories/analyses.repository.js';
import { alertingFindings, alertPayload, isAlertFinding } from '../../../core/services/alerts.js';
import type { Recording } from '../../../core/db/repositories/recordings.repository.js';

const finding = (n: number, ruleId: string, category: StoredFinding['category'], severity: StoredFinding['severity'], startMs: number): StoredFinding => ({
  id: `f-${n}`, findingId: `00000000-0000-0000-0000-00000000000${n}`, analysisId: 'a', recordingId: 'r', lexiconVersion: '2026.11.8', asrModel: 'whisper-base-q8',
  isCurrent: true, createdAt: '2026-11-23T00:00:00Z', ruleId, category, severity, source: 'lexicon', speaker: category === 'escalation_signal' ? 'customer' : 'agent',
  startMs, endMs: startMs + 2000, evidence: `evidence ${n}`, confidence: 0.9,
});
const alerting = (f: StoredFinding): boolean => isAlertFinding(f, []);

describe('alertingFindings: one alert per rule and call', () => {
  const findings = [
    finding(1, 'escalation.suicide_depression', 'escalation_signal', 'critical', 40_000),
    finding(2, 'contact_list.spread_debt', 'contact_list_threat', 'critical', 20_000),
    finding(3, 'escalation.suicide_depression', 'escalation_signal', 'critical', 30_000),
    finding(4, 'abuse.sarcasm_provocation', 'threat_abuse', 'minor', 10_000),
    finding(5, 'escalation.suicide_depression', 'escalation_signal', 'critical', 50_000),
    finding(6, 'escalation.fraud_theft_or_card_denial', 'escalation_signal', 'major', 60_000),
  ];

  it('keeps the first finding of each alerting rule, counts the repeats, and drops what does not alert', () => {
    const out = alertingFindings(findings, alerting);
    expect(out.map((a) => [a.finding.id, a.occurrences])).toEqual([
      ['f-2', 1],
      ['f-3', 3],
      ['f-6', 1],
    ]);
  });

  it('puts the count in the alert payload', () => {
    const rec = { id: 'r', callId: 'call-1', agentId: null, agencyId: null, startedAt: null, createdAt: '2026-11-23T00:00:00Z' } as unknown as Recording;
    const [, suicide] = alertingFindings(findings, alerting);
    expect(alertPayload(rec, suicide!.finding, suicide!.occurrences)).toMatchObject({ findingId: suicide!.finding.findingId, startMs: 30_000, occurrences: 3 });
  });
});
