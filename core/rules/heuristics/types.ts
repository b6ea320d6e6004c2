import type { Finding } from '../../domain/report.js';
import type { Transcript } from '../../domain/transcript.js';
import type { RuleContext } from '../context.js';
import type { Policy } from '../policy/schema.js';

/** A finding before the analyzer numbers it (`f-1`, `f-2`, … are assigned after sorting). */
export type DraftFinding = Omit<Finding, 'id'>;

/** What every heuristic gets: the call, its context and the policy profile in force. */
export interface HeuristicInput {
  transcript: Transcript;
  ctx: RuleContext;
  policy: Policy;
}
