import type { Speaker, TranscriptSegment } from './transcript.js';

export const CATEGORIES = [
  'contact_list_threat',
  'third_party_disclosure',
  'third_party_collection',
  'impersonation',
  'student_pressure',
  'threat_abuse',
  'exaggerated_consequences',
  'false_promise',
  'complaint_incitement',
  'improper_payment',
  'raised_voice',
  'interruption',
  'calling_hours',
  'missing_identity_statement',
  'escalation_signal',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['minor', 'major', 'critical'] as const;
/** minor = 一般差错, major = 严重差错 / 二级, critical = 重大差错 / 三级 / 致命. */
export type Severity = (typeof SEVERITIES)[number];

export type FindingSource = 'lexicon' | 'acoustic' | 'metadata' | 'script';
export type MatchMethod = 'exact' | 'pinyin' | 'fuzzy' | 'regex';

export interface FindingMatch {
  /** The lexicon term (canonical form). */
  term: string;
  /** The text actually heard that matched. */
  variant: string;
  method: MatchMethod;
}

export interface Finding {
  id: string;
  ruleId: string;
  category: Category;
  severity: Severity;
  source: FindingSource;
  speaker: Speaker;
  startMs: number;
  endMs: number;
  evidence: string;
  match?: FindingMatch;
  confidence: number;
  /** Penalty class key of the policy's penalty table (addition to the contract). */
  penaltyClass?: string;
  /** Yuan charged for this finding under the policy (addition). */
  penaltyYuan?: number;
  /** Human-readable explanation (addition), e.g. the threshold crossed. */
  detail?: string;
}

export interface ReportMetrics {
  agentTalkMs?: number;
  customerTalkMs?: number;
  silenceMs?: number;
  overlapMs?: number;
  interruptions?: number;
  agentPeakLoudnessDb?: number;
  agentMeanLoudnessDb?: number;
  agentSpeechRateCps?: number;
  [key: string]: number | undefined;
}

export interface Report {
  contract: 'callqa.report/v1';
  callId: string;
  durationMs: number;
  score: number;
  penaltyYuan: number;
  findings: Finding[];
  metrics: ReportMetrics;
  transcript: { segments: TranscriptSegment[] };
  engine: { asrModel: string | null; lexiconVersion: string; version: string; policy?: string };
  /** Right-party state the analysis inferred (addition). */
  calleeRole?: 'debtor' | 'third_party' | 'unknown';
}
