import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WhisperModelName } from '../../core/config/runtime.js';
import type { Category } from '../../core/domain/report.js';
import type { MachineInfo } from './machine.js';

/** Where each section's latest results are kept, so `--only X` refreshes X and keeps the rest. */
export const RESULTS_DIR = join(import.meta.dirname, '..', '.cache', 'results');

/** The transcript of one corpus call by one model, as the detection run produced it. */
export function transcriptCachePath(model: WhisperModelName, callId: string): string {
  return join(import.meta.dirname, '..', '.cache', 'transcripts', model, `${callId}.json`);
}

export interface CerClipResult {
  name: string;
  reference: string;
  hypothesis: string;
  edits: number;
  refChars: number;
  audioMs: number;
  wallMs: number;
}

export interface CerSetResult {
  set: '16k' | 'tel8k';
  clips: CerClipResult[];
  cer: number;
  audioMs: number;
  wallMs: number;
}

export interface SpeedResult {
  audioMs: number;
  wallMs: number;
  segments: number;
  /** Characters of trusted text, to see that the call was really transcribed. */
  chars: number;
}

export interface DetectionFinding {
  category: Category;
  ruleId: string;
  speaker: string;
  startMs: number;
  endMs: number;
  evidence: string;
  method?: string;
}

export interface DetectionCallResult {
  callId: string;
  audioMs: number;
  wallMs: number;
  calleeRole?: string;
  findings: DetectionFinding[];
  segments: { speaker: string; startMs: number; endMs: number; text: string; trusted: boolean }[];
}

/** One task's output from a model child process. */
export interface TaskRun<T> {
  measuredAt: string;
  /** Peak RSS of the child process that ran the task (model loaded), MB. */
  peakRssMb: number;
  loadMs: number;
  modelId: string;
  /** The Whisper prompt the run used ('' for none; absent in runs made before prompts). */
  asrPrompt?: string;
  quick: boolean;
  data: T;
}

export interface ModelResults {
  model: WhisperModelName;
  asr?: TaskRun<CerSetResult[]>;
  speed?: TaskRun<SpeedResult>;
  detection?: TaskRun<{ corpusHash: string; calls: DetectionCallResult[] }>;
}

export interface AnalysisResult {
  measuredAt: string;
  transcripts: number;
  segmentsPerTranscript: number;
  iterations: number;
  wallMs: number;
  perSecond: number;
  /** Findings per transcript on average, to show the rules did real work. */
  findingsPerTranscript: number;
  quick: boolean;
  /** What was measured: the compiled build `callqa worker` runs, or the sources through the tsx loader. */
  code?: 'build' | 'sources';
}

export interface StoredResults {
  machine?: MachineInfo;
  models: Partial<Record<WhisperModelName, ModelResults>>;
  analysis?: AnalysisResult;
  /** Sections added by other parts of the project (e.g. the service benchmarks), markdown already rendered. */
  extra: Record<string, { measuredAt: string; markdown: string }>;
}

export async function loadResults(dir = RESULTS_DIR): Promise<StoredResults> {
  try {
    return JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as StoredResults;
  } catch {
    return { models: {}, extra: {} };
  }
}

export async function saveResults(results: StoredResults, dir = RESULTS_DIR): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'results.json'), `${JSON.stringify(results, null, 1)}\n`);
}
