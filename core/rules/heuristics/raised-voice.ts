import type { TranscriptSegment } from '../../domain/transcript.js';
import { spokenChars } from '../../text/normalize.js';
import { db } from './spans.js';
import type { DraftFinding, HeuristicInput } from './types.js';

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Loud {
  seg: TranscriptSegment;
  level: number;
  peak: number | undefined;
  relative: boolean;
  absolute: boolean;
}

/**
 * `raised_voice`: agent segments far louder than the agent's own baseline in the call (the median
 * segment loudness, which one loud passage cannot move much), or above an absolute bound.
 * The baseline uses trusted segments only; segments marked `no_speech_energy` are ignored.
 * Loudness is the segment's `loudnessDb` (speech RMS, dBFS); when no segment carries it, the
 * 50 ms `peakLoudnessDb` is used for both the level and the baseline. Segments shorter than
 * `minSegmentMs` are ignored; loud segments at most `mergeGapMs` apart, with no normal agent
 * segment and no customer reply between them, form one finding (one shouted passage). A customer
 * reply is a customer segment with at least `turnBreakChars` characters of text: a backchannel
 * (嗯, 好的) does not split a rant, an answer (你吼什么吼?) starts a new exchange, and a shout after
 * it is a second outburst.
 *
 * @returns draft findings (source `acoustic`); none for text-only transcripts.
 */
export function detectRaisedVoice({ transcript, policy }: HeuristicInput): DraftFinding[] {
  const cfg = policy.raisedVoice;
  const agent = transcript.segments.filter((s) => s.speaker === 'agent' && s.endMs - s.startMs >= cfg.minSegmentMs);
  const useRms = agent.some((s) => typeof s.loudnessDb === 'number');
  // Text over silence (no speech energy) is not the agent's voice at all.
  const eligible = agent
    .filter((s) => typeof (useRms ? s.loudnessDb : s.peakLoudnessDb) === 'number' && s.untrustedReason !== 'no_speech_energy')
    .sort((a, b) => a.startMs - b.startMs);
  if (eligible.length === 0) return [];
  const levelOf = (s: TranscriptSegment): number => (useRms ? s.loudnessDb : s.peakLoudnessDb) as number;

  // The baseline is the agent's trusted speech: untrusted stretches (hallucinations over noise)
  // would drag the median down and make ordinary speech look raised.
  const levels = eligible.filter((s) => s.trusted !== false).map(levelOf).sort((a, b) => a - b);
  const baseline = levels.length >= cfg.minBaselineSegments ? median(levels) : undefined;

  const verdicts: Loud[] = eligible.map((seg) => {
    const level = levelOf(seg);
    const peak = seg.peakLoudnessDb;
    const relative = baseline !== undefined && level - baseline >= cfg.baselineMarginDb;
    const absolute =
      (useRms && level >= cfg.absoluteDbfs) ||
      (cfg.absolutePeakDbfs !== undefined && typeof peak === 'number' && peak >= cfg.absolutePeakDbfs);
    return { seg, level, peak, relative, absolute };
  });

  const replies = transcript.segments.filter((s) => s.speaker === 'customer' && spokenChars(s.text) >= cfg.turnBreakChars);
  const replyBetween = (a: TranscriptSegment, b: TranscriptSegment): boolean =>
    replies.some((r) => r.startMs >= a.startMs && r.endMs <= b.endMs && r.startMs < b.startMs && r.endMs > a.endMs);

  // Group consecutive loud segments into passages.
  const passages: Loud[][] = [];
  let current: Loud[] = [];
  for (const v of verdicts) {
    const loud = v.relative || v.absolute;
    const last = current.at(-1);
    if (loud && last && v.seg.startMs - last.seg.endMs <= cfg.mergeGapMs && !replyBetween(last.seg, v.seg)) {
      current.push(v);
      continue;
    }
    if (current.length > 0) passages.push(current);
    current = loud ? [v] : [];
  }
  if (current.length > 0) passages.push(current);

  const measure = useRms ? 'segment loudness' : 'peak loudness';
  return passages.map((p) => {
    const loudest = p.reduce((a, b) => (b.level > a.level ? b : a));
    const first = p[0] as Loud;
    const lastSeg = (p.at(-1) as Loud).seg;
    const parts = [`${db(loudest.level)} dBFS ${measure}`];
    if (baseline !== undefined) parts.push(`${db(loudest.level - baseline)} dB above the agent's median ${db(baseline)} dBFS`);
    if (typeof loudest.peak === 'number' && useRms) parts.push(`peak ${db(loudest.peak)} dBFS`);
    const why = p.some((v) => v.absolute) && !p.some((v) => v.relative) ? 'absolute bound' : 'relative to baseline';
    return {
      ruleId: 'tone.raised_voice',
      category: 'raised_voice',
      severity: 'minor',
      source: 'acoustic',
      speaker: 'agent',
      startMs: first.seg.startMs,
      endMs: lastSeg.endMs,
      evidence: p.map((v) => v.seg.text).join(' '),
      confidence: p.some((v) => v.relative && v.absolute) ? 0.9 : 0.75,
      penaltyClass: 'none',
      detail: `${parts.join(', ')} (${why}: margin ${cfg.baselineMarginDb} dB, bound ${db(cfg.absoluteDbfs)} dBFS)`,
    } satisfies DraftFinding;
  });
}
