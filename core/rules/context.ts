import type { CalleeRole, CallMeta } from '../domain/call-meta.js';

/**
 * What a rule may know about the call besides the transcript. Built once per call from the
 * metadata (contract section 2) and the policy profile.
 */
export interface RuleContext {
  meta: CallMeta;
  /** calleeRole from metadata; `unknown` means: infer from the conversation. */
  calleeRole: CalleeRole;
  isStudent: boolean;
  daysOverdue: number | undefined;
  accountClass: string | undefined;
}

export function ruleContextFromMeta(meta: CallMeta): RuleContext {
  return {
    meta,
    calleeRole: meta.calleeRole ?? 'unknown',
    isStudent: meta.isStudent ?? false,
    daysOverdue: meta.daysOverdue,
    accountClass: meta.accountClass,
  };
}
