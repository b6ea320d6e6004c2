import type { StoredFinding } from '../db/repositories/analyses.repository.js';
import type { Repositories } from '../db/repositories/index.js';
import { runAnalyzeStage, type AnalyzeStageDeps } from './analyze-stage.js';

export interface ReanalyzeSelection {
  /** Recording ids (takes precedence over the date range). */
  ids?: string[];
  /** Inclusive lower bound on the call's start (else upload time), ISO 8601 or YYYY-MM-DD. */
  from?: string;
  /** Exclusive upper bound. */
  to?: string;
}

export interface FindingsDiff {
  recordingId: string;
  callId: string;
  oldLexiconVersion: string | null;
  newLexiconVersion: string;
  oldScore: number | null;
  newScore: number;
  /** Findings in both runs (same rule, same span). */
  unchanged: number;
  /** Only in the new run. */
  added: number;
  /** Only in the old run. */
  removed: number;
  /** Same rule and span, different severity. */
  severityChanged: number;
}

export interface ReanalyzeResult {
  diffs: FindingsDiff[];
  failed: { recordingId: string; code: string; message: string }[];
}

const keyOf = (f: StoredFinding): string => `${f.ruleId}@${f.startMs}-${f.endMs}`;

/** Compares two runs' findings by rule and span. */
export function diffFindings(oldFindings: readonly StoredFinding[], newFindings: readonly StoredFinding[]): Pick<FindingsDiff, 'unchanged' | 'added' | 'removed' | 'severityChanged'> {
  const old = new Map(oldFindings.map((f) => [keyOf(f), f]));
  let unchanged = 0;
  let added = 0;
  let severityChanged = 0;
  const seen = new Set<string>();
  for (const f of newFindings) {
    const k = keyOf(f);
    const o = old.get(k);
    if (!o || seen.has(k)) {
      added++;
      continue;
    }
    seen.add(k);
    if (o.severity === f.severity) unchanged++;
    else severityChanged++;
  }
  const removed = [...old.keys()].filter((k) => !seen.has(k)).length;
  return { unchanged, added, removed, severityChanged };
}

/**
 * Re-runs `analyze` over stored transcripts (no transcription), in-process: each recording gets a
 * new current analysis, the previous one is kept for comparison, no alerts are raised. Returns the
 * per-recording differences between the old and the new findings.
 */
export async function reanalyzeRecordings(
  deps: AnalyzeStageDeps & { repos: Pick<Repositories, 'recordings'> },
  selection: ReanalyzeSelection,
  opts: { onProgress?: (done: number, total: number) => void } = {},
): Promise<ReanalyzeResult> {
  const ids = await deps.repos.recordings.idsWithTranscript(
    selection.ids ? { ids: selection.ids } : { ...(selection.from ? { from: selection.from } : {}), ...(selection.to ? { to: selection.to } : {}) },
  );
  const result: ReanalyzeResult = { diffs: [], failed: [] };
  let done = 0;
  for (const id of ids) {
    try {
      const transcript = await deps.repos.transcripts.get(id);
      const out = await runAnalyzeStage(deps, { recordingId: id, pipelineVersion: transcript?.pipelineVersion ?? 'unknown' }, { force: true, raiseAlerts: false });
      const rec = await deps.repos.recordings.findById(id);
      result.diffs.push({
        recordingId: id,
        callId: rec?.callId ?? id,
        oldLexiconVersion: out.previous?.analysis.lexiconVersion ?? null,
        newLexiconVersion: out.analysis.lexiconVersion,
        oldScore: out.previous?.analysis.score ?? null,
        newScore: out.analysis.score,
        ...diffFindings(out.previous?.findings ?? [], out.findings),
      });
    } catch (err) {
      result.failed.push({ recordingId: id, code: (err as { code?: string }).code ?? 'CALLQA_INTERNAL', message: (err as Error).message });
    }
    opts.onProgress?.(++done, ids.length);
  }
  return result;
}
