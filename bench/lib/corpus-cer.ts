import type { RenderedCallLabels } from '../corpus/index.js';
import { aggregateCer, scoreCer, type CerItem } from './cer.js';
import type { DetectionCallResult } from './results.js';

/** Recognition of the detection corpus itself: CER of what a model heard against the scripts, per side of the call. */
export interface CorpusCer {
  agent: number;
  customer: number;
  calls: number;
}

/**
 * Each call's scripted turns of one speaker, joined, against the trusted segments heard on that
 * speaker's channel, joined (segment boundaries and turn boundaries need not agree); summed over
 * the calls a detection run transcribed. Says whether the corpus voice is harder or easier to hear
 * than real telephone speech (the `asr` section's tel8k set). Undefined when no call ran.
 */
export function corpusCer(calls: readonly DetectionCallResult[], scripts: readonly RenderedCallLabels[]): CorpusCer | undefined {
  const byId = new Map(scripts.map((c) => [c.callId, c]));
  const items: Record<'agent' | 'customer', CerItem[]> = { agent: [], customer: [] };
  let n = 0;
  for (const call of calls) {
    const script = byId.get(call.callId);
    if (!script) continue;
    n++;
    for (const who of ['agent', 'customer'] as const) {
      const reference = script.turns.filter((t) => t.who === who).map((t) => t.text).join('');
      const heard = call.segments.filter((s) => s.speaker === who && s.trusted).map((s) => s.text).join('');
      if (reference.trim()) items[who].push(scoreCer(reference, heard));
    }
  }
  if (n === 0 || items.agent.length === 0 || items.customer.length === 0) return undefined;
  return { agent: aggregateCer(items.agent), customer: aggregateCer(items.customer), calls: n };
}
