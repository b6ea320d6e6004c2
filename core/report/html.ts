import type { Finding, Report } from '../domain/report.js';
import type { TranscriptSegment } from '../domain/transcript.js';
import { REVIEW_CSS, REVIEW_JS } from './html-assets.js';
import { escapeHtml as esc, markHtml } from './highlight.js';

/** Options of the review page. */
export interface ReviewHtmlOptions {
  /** The recording, relative to the page (e.g. `../audio/c-1.wav`); no player without it. */
  audioHref?: string;
}

/** A finding plays from this long before its start, so the reviewer hears the lead-in. */
export const SEEK_LEAD_MS = 2000;

const SEVERITY_LABEL = { minor: '一般 minor', major: '严重 major', critical: '重大 critical' } as const;

/** `m:ss.s` */
function clock(ms: number): string {
  const totalS = ms / 1000;
  const m = Math.floor(totalS / 60);
  const s = totalS - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
}

function seekMs(startMs: number): number {
  return Math.max(0, startMs - SEEK_LEAD_MS);
}

/** Only relative paths and http(s)/file URLs may be an audio source; never `javascript:` and the like. */
function safeHref(href: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim());
  if (scheme && !['http', 'https', 'file'].includes((scheme[1] ?? '').toLowerCase())) return undefined;
  return href;
}

function fact(label: string, value: string): string {
  return `<div><dt>${esc(label)}</dt><dd>${esc(value)}</dd></div>`;
}

function needlesOf(f: Finding): string[] {
  return f.match ? [f.match.variant, f.match.term] : [];
}

function findingItem(f: Finding): string {
  const alert = f.category === 'escalation_signal' ? ' <span class="badge alert">alert 预警</span>' : '';
  const method = f.match ? ` · ${esc(f.match.method)} «${esc(f.match.term)}»` : '';
  const penalty = f.penaltyYuan !== undefined ? ` · ¥${f.penaltyYuan}${f.penaltyClass ? ` (${esc(f.penaltyClass)})` : ''}` : '';
  return [
    `<li class="finding sev-${f.severity} cat-${f.category}" id="${esc(f.id)}" tabindex="0"`,
    ` data-start-ms="${f.startMs}" data-seek-ms="${seekMs(f.startMs)}" title="play from ${clock(seekMs(f.startMs))}">`,
    `<span class="time">${clock(f.startMs)}–${clock(f.endMs)}</span> `,
    `<span class="badge sev-${f.severity}">${SEVERITY_LABEL[f.severity]}</span>${alert} `,
    `<span class="rule">${esc(f.ruleId)}</span> `,
    `<span class="meta">${esc(f.category)} · ${esc(f.source)}${method} · ${esc(f.speaker)} · conf ${f.confidence.toFixed(2)}${penalty}</span>`,
    `<p class="evidence">${markHtml(f.evidence, needlesOf(f))}</p>`,
    f.detail ? `<p class="meta">${esc(f.detail)}</p>` : '',
    '</li>',
  ].join('');
}

function segmentRow(s: TranscriptSegment, findings: readonly Finding[]): string {
  const needles: string[] = [];
  for (const f of findings) {
    if (!f.match || f.speaker !== s.speaker) continue;
    const overlaps = f.startMs < s.endMs && f.endMs > s.startMs;
    const atStart = f.startMs === f.endMs && f.startMs === s.startMs;
    if (overlaps || atStart) needles.push(...needlesOf(f));
  }
  const cls = `seg ${s.speaker}${s.trusted === false ? ' untrusted' : ''}`;
  const reason = s.untrustedReason ? ` title="untrusted: ${esc(s.untrustedReason)}"` : '';
  return (
    `<div class="tcell time" data-seek-ms="${s.startMs}">${clock(s.startMs)}</div>` +
    `<div class="${cls}"${reason} data-start-ms="${s.startMs}" data-end-ms="${s.endMs}" data-seek-ms="${s.startMs}">` +
    `${markHtml(s.text, needles)}</div>`
  );
}

/**
 * Renders a standalone HTML review page for one report: header (call id, score, penalty, policy,
 * lexicon version, ASR model, inferred callee role), an audio player when `audioHref` is given,
 * the findings by time with severity badges (clicking one plays from {@link SEEK_LEAD_MS} before
 * it), and the transcript per speaker with matched words in `<mark>` and untrusted text greyed.
 * Inline CSS and JS only; all report text is escaped (transcripts are untrusted input).
 *
 * @example
 * writeFileSync('out/c-1.html', renderReviewHtml(report, { audioHref: 'c-1.wav' }));
 */
export function renderReviewHtml(report: Report, opts: ReviewHtmlOptions = {}): string {
  const findings = [...report.findings].sort((a, b) => a.startMs - b.startMs);
  const href = opts.audioHref === undefined ? undefined : safeHref(opts.audioHref);
  const m = report.metrics;
  const facts = [
    fact('score', String(report.score)),
    fact('penalty', `¥${report.penaltyYuan}`),
    fact('findings', String(findings.length)),
    fact('duration', clock(report.durationMs)),
    fact('policy', report.engine.policy ?? 'default'),
    fact('lexicon', report.engine.lexiconVersion),
    fact('ASR', report.engine.asrModel ?? 'none (text)'),
    fact('callee', report.calleeRole ?? 'unknown'),
    fact('callqa', report.engine.version),
  ];
  if (m.interruptions !== undefined) facts.push(fact('interruptions', String(m.interruptions)));
  if (m.agentPeakLoudnessDb !== undefined) facts.push(fact('agent peak', `${m.agentPeakLoudnessDb} dBFS`));
  if (m.agentSpeechRateCps !== undefined) facts.push(fact('agent rate', `${m.agentSpeechRateCps} chars/s`));

  const player = href
    ? `<audio id="player" controls preload="metadata" src="${esc(href)}"></audio>`
    : '<p class="no-audio">No recording linked to this page.</p>';
  const list = findings.length
    ? `<ol class="findings">${findings.map(findingItem).join('\n')}</ol>`
    : '<p class="empty">No findings.</p>';
  const rows = report.transcript.segments.map((s) => segmentRow(s, findings)).join('\n');

  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>callqa review · ${esc(report.callId)}</title>
<style>${REVIEW_CSS}</style>
</head>
<body>
<header>
<h1>Call ${esc(report.callId)}</h1>
<dl class="facts">${facts.join('')}</dl>
${player}
</header>
<main>
<section>
<h2>Findings</h2>
${list}
</section>
<section>
<h2>Transcript</h2>
<div class="transcript">
<div class="head">time</div><div class="head">坐席 agent</div><div class="head">客户 customer</div>
${rows}
</div>
</section>
</main>
<script>${REVIEW_JS}</script>
</body>
</html>
`;
}
