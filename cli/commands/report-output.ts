import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Report } from '../../core/domain/report.js';
import { renderReviewHtml } from '../../core/report/html.js';

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.${String(Math.floor((ms % 1000) / 100))}`;
}

/** The readable summary printed without `--json`. */
export function formatSummary(report: Report): string {
  const lines = [
    `${report.callId}  score ${report.score}/100  penalty ¥${report.penaltyYuan}  ${clock(report.durationMs)}  (${report.findings.length} finding${report.findings.length === 1 ? '' : 's'})`,
  ];
  for (const f of report.findings) {
    const how = f.match ? ` [${f.match.method}: ${f.match.variant}]` : f.detail ? ` [${f.detail}]` : '';
    lines.push(`  ${clock(f.startMs)}–${clock(f.endMs)}  ${f.severity.padEnd(8)} ${f.category.padEnd(27)} ${f.speaker.padEnd(8)} ${f.evidence}${how}`);
  }
  const m = report.metrics;
  const parts = [
    m.agentTalkMs !== undefined ? `agent ${(m.agentTalkMs / 1000).toFixed(1)} s` : undefined,
    m.customerTalkMs !== undefined ? `customer ${(m.customerTalkMs / 1000).toFixed(1)} s` : undefined,
    m.silenceMs !== undefined ? `silence ${(m.silenceMs / 1000).toFixed(1)} s` : undefined,
    m.interruptions !== undefined ? `interruptions ${m.interruptions}` : undefined,
    m.agentPeakLoudnessDb !== undefined ? `agent peak ${m.agentPeakLoudnessDb.toFixed(1)} dBFS` : undefined,
  ].filter(Boolean);
  if (parts.length > 0) lines.push(`  metrics: ${parts.join(', ')}`);
  return lines.join('\n');
}

/** `--out DIR`: `<callId>.json` and a standalone `<callId>.html` review page. */
export function writeReportFiles(outDir: string, report: Report, audioPath?: string): void {
  mkdirSync(outDir, { recursive: true });
  const base = join(outDir, report.callId.replace(/[/\\]/g, '_'));
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  const audioHref = audioPath === undefined ? undefined : relative(resolve(outDir), resolve(audioPath)).split('\\').join('/');
  writeFileSync(`${base}.html`, renderReviewHtml(report, audioHref === undefined ? {} : { audioHref }));
}
