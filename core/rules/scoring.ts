import type { Finding, Severity } from '../domain/report.js';
import type { Policy } from './policy/schema.js';

/** The result of pricing a call's findings under a policy. */
export interface ScoreResult<F extends Pick<Finding, 'category' | 'severity' | 'penaltyClass' | 'penaltyYuan'>> {
  /** The findings with `penaltyClass` resolved to a key of the policy's table and `penaltyYuan` set. */
  findings: F[];
  /** 0–100; 100 = nothing found. */
  score: number;
  /** Sum of the findings' yuan. */
  penaltyYuan: number;
}

/**
 * Resolves a penalty class name (a key of the policy's table, or one of its aliases such as
 * 一般差错) to a key of the table; unknown or missing → the class for the finding's severity.
 */
export function resolvePenaltyClass(policy: Policy, name: string | undefined, severity: Severity): string {
  const { classes, aliases, defaultClassBySeverity } = policy.penalties;
  if (name !== undefined) {
    if (name in classes) return name;
    const alias = aliases[name];
    if (alias !== undefined) return alias;
  }
  const fallback = defaultClassBySeverity[severity];
  return fallback in classes ? fallback : (aliases[fallback] ?? 'none');
}

/**
 * Applies the policy's per-category severity and penalty-class overrides.
 * Pure: returns new objects, never changes its input.
 */
export function applyPolicyOverrides<F extends Pick<Finding, 'category' | 'severity' | 'penaltyClass'>>(
  findings: readonly F[],
  policy: Policy,
): F[] {
  return findings.map((f) => {
    const severity = policy.severityOverrides[f.category] ?? f.severity;
    const penaltyClass = policy.penaltyClassOverrides[f.category] ?? f.penaltyClass;
    if (severity === f.severity && penaltyClass === f.penaltyClass) return f;
    const out = { ...f, severity };
    if (penaltyClass !== undefined) out.penaltyClass = penaltyClass;
    return out;
  });
}

/**
 * Prices and scores a call's findings under a policy. Pure function.
 *
 * - Each finding's `penaltyClass` is resolved against the policy's table (aliases followed;
 *   missing or unknown → `penalties.defaultClassBySeverity[severity]`), and `penaltyYuan` is
 *   that class's per-case yuan. Weekly tiered prices (一般差错 ≤5/6–10/>10 per week) are a
 *   workflow matter; the per-case price here is the lowest tier.
 * - `escalation_signal` is not an agent violation: class `none`, 0 yuan, no score deduction.
 * - `score = max(0, 100 − Σ scoreDeductions[severity])`, rounded to an integer.
 *
 * @example
 * const { findings, score, penaltyYuan } = scoreFindings(drafts, policy);
 */
export function scoreFindings<F extends Pick<Finding, 'category' | 'severity' | 'penaltyClass' | 'penaltyYuan'>>(
  findings: readonly F[],
  policy: Policy,
): ScoreResult<F> {
  let deduction = 0;
  let penaltyYuan = 0;
  const priced = findings.map((f) => {
    if (f.category === 'escalation_signal') return { ...f, penaltyClass: 'none', penaltyYuan: 0 };
    const penaltyClass = resolvePenaltyClass(policy, f.penaltyClass, f.severity);
    const yuan = policy.penalties.classes[penaltyClass]?.yuan ?? 0;
    deduction += policy.scoreDeductions[f.severity];
    penaltyYuan += yuan;
    return { ...f, penaltyClass, penaltyYuan: yuan };
  });
  return { findings: priced, score: Math.max(0, Math.round(100 - deduction)), penaltyYuan };
}

/** True when a finding must reach a supervisor at once under the policy (alert categories or severities). */
export function isAlert(finding: Pick<Finding, 'category' | 'severity'>, policy: Policy): boolean {
  return policy.alertCategories.includes(finding.category) || policy.alertSeverities.includes(finding.severity);
}
