/** Call metadata, contract section 2. Every field is optional. */
export type CalleeRole = 'debtor' | 'third_party' | 'unknown';

export interface ChannelMap {
  agent: number;
  customer: number;
}

export interface CallMeta {
  callId?: string;
  agentId?: string;
  agencyId?: string;
  /** ISO 8601 with offset. */
  startedAt?: string;
  calleeRole?: CalleeRole;
  accountClass?: string;
  daysOverdue?: number;
  isStudent?: boolean;
  channels?: ChannelMap | 'mono';
  /** Name of a policy profile. */
  policy?: string;
}
