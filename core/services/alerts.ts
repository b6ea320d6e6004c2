import { createHmac } from 'node:crypto';
import type { ServiceConfig } from '../config/env.js';
import type { Category, Finding } from '../domain/report.js';
import { CallqaError, ErrorCodes } from '../domain/errors.js';
import type { AlertPayload, AlertsRepository } from '../db/repositories/alerts.repository.js';
import type { StoredFinding } from '../db/repositories/analyses.repository.js';
import type { Recording } from '../db/repositories/recordings.repository.js';
import type { Logger } from '../logger.js';

/**
 * True when a finding raises an alert: every `critical`, every `escalation_signal`, `major`
 * findings of the configured categories, and whatever the call's policy lists as alerts.
 */
export function isAlertFinding(
  finding: Pick<Finding, 'category' | 'severity'>,
  majorCategories: readonly Category[],
  policyRule?: (f: Pick<Finding, 'category' | 'severity'>) => boolean,
): boolean {
  if (finding.severity === 'critical' || finding.category === 'escalation_signal') return true;
  if (finding.severity === 'major' && majorCategories.includes(finding.category)) return true;
  return policyRule?.(finding) ?? false;
}

/**
 * The alerting findings of one analysis, one per rule: the first in time, with how many findings
 * of that rule the call holds. A customer who repeats that he will not live, or an agent who
 * threatens the contact list three times, is one alert for the supervisor; every finding stays in
 * the report for the inspector.
 */
export function alertingFindings(findings: readonly StoredFinding[], alerting: (f: StoredFinding) => boolean): { finding: StoredFinding; occurrences: number }[] {
  const byRule = new Map<string, { finding: StoredFinding; occurrences: number }>();
  for (const f of findings) {
    if (!alerting(f)) continue;
    const seen = byRule.get(f.ruleId);
    if (!seen) byRule.set(f.ruleId, { finding: f, occurrences: 1 });
    else {
      seen.occurrences++;
      if (f.startMs < seen.finding.startMs) seen.finding = f;
    }
  }
  return [...byRule.values()].sort((a, b) => a.finding.startMs - b.finding.startMs || a.finding.ruleId.localeCompare(b.finding.ruleId));
}

export function alertPayload(rec: Recording, f: StoredFinding, occurrences = 1): AlertPayload {
  return {
    recordingId: rec.id, callId: rec.callId, findingId: f.findingId, ruleId: f.ruleId, category: f.category,
    severity: f.severity, startMs: f.startMs, endMs: f.endMs, evidence: f.evidence, agentId: rec.agentId,
    agencyId: rec.agencyId, startedAt: rec.startedAt, acceptedAt: rec.createdAt, occurrences,
  };
}

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body with CALLQA_WEBHOOK_SECRET>`. */
export const SIGNATURE_HEADER = 'x-callqa-signature';

/** The signature header value for a raw body. */
export function signWebhookBody(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface WebhookDeps {
  config: Pick<ServiceConfig, 'webhook'>;
  alerts: AlertsRepository;
  logger: Logger;
  /** @defaultValue 10 000 */
  timeoutMs?: number;
}

/**
 * Delivers one alert to the configured webhook: `POST` of `{ id, type: 'alert', createdAt, … }`
 * with the HMAC signature header; records the attempt (status or error, duration). Throws a
 * retryable `CALLQA_UNAVAILABLE` on network errors, timeouts, 5xx, 408 and 429 (the queue retries
 * with backoff), a non-retryable error on other 4xx.
 */
export async function deliverWebhook(deps: WebhookDeps, alertId: number, attempt: number): Promise<{ statusCode: number }> {
  const hook = deps.config.webhook;
  if (!hook) throw new CallqaError(ErrorCodes.CONFIG_INVALID, 'no webhook configured (CALLQA_WEBHOOK_URL)', { retryable: false });
  const alert = await deps.alerts.get(alertId);
  if (!alert) throw new CallqaError(ErrorCodes.NOT_FOUND, `alert ${alertId} not found`, { retryable: false });
  const body = JSON.stringify({ id: alert.id, type: 'alert', createdAt: alert.createdAt, ...alert.payload });
  const started = performance.now();
  let statusCode: number | null = null;
  let error: string | null = null;
  try {
    const res = await fetch(hook.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signWebhookBody(body, hook.secret),
        'x-callqa-alert-id': String(alert.id),
        'x-callqa-delivery-attempt': String(attempt),
      },
      body,
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
    statusCode = res.status;
    await res.arrayBuffer().catch(() => undefined);
  } catch (err) {
    error = (err as Error).message;
  }
  const durationMs = performance.now() - started;
  await deps.alerts.recordDelivery({ alertId, attempt, url: hook.url, statusCode, error, durationMs });
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return { statusCode };
  const reason = error ?? `HTTP ${statusCode}`;
  const retryable = statusCode === null || statusCode >= 500 || statusCode === 408 || statusCode === 429;
  deps.logger.warn({ alertId, attempt, statusCode, retryable }, 'webhook delivery failed');
  throw new CallqaError(retryable ? ErrorCodes.UNAVAILABLE : ErrorCodes.INTERNAL, `webhook ${hook.url}: ${reason}`, { retryable });
}
