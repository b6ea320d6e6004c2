import { describe, expect, it } from 'vitest';
import type { Report } from '../../../core/domain/report.js';
import { markHtml } from '../../../core/report/highlight.js';
import { renderReviewHtml, SEEK_LEAD_MS } from '../../../core/report/html.js';

const VOID = new Set(['meta', 'br', 'hr', 'img', 'input', 'link', 'source']);

/** A tiny HTML well-formedness check: every non-void element closes in order; raw-text elements skipped. */
function parseTags(html: string): string[] {
  const stack: string[] = [];
  const opened: string[] = [];
  const body = html.replace(/<!doctype html>/i, '').replace(/<(script|style)>[\s\S]*?<\/\1>/g, '<$1></$1>');
  for (const m of body.matchAll(/<(\/?)([a-z][a-z0-9]*)\b([^>]*)>/g)) {
    const [, close, name = ''] = m;
    if (close) {
      const top = stack.pop();
      if (top !== name) throw new Error(`</${name}> closes <${top}>`);
    } else {
      opened.push(name);
      if (!VOID.has(name)) stack.push(name);
    }
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(',')}`);
  return opened;
}

const report: Report = {
  contract: 'callqa.report/v1',
  callId: 'c-20261122-0001',
  durationMs: 183_000,
  score: 45,
  penaltyYuan: 5200,
  findings: [
    {
      id: 'f-2',
      ruleId: 'impersonation.court',
      category: 'impersonation',
      severity: 'critical',
      source: 'lexicon',
      speaker: 'agent',
      startMs: 61_000,
      endMs: 63_000,
      evidence: '我是法院的<script>alert(1)</script>',
      match: { term: '我是法院', variant: '我是法院', method: 'pinyin' },
      confidence: 0.9,
      penaltyClass: 'QA-M5000',
      penaltyYuan: 5000,
    },
    {
      id: 'f-1',
      ruleId: 'contact_list.threat',
      category: 'contact_list_threat',
      severity: 'major',
      source: 'lexicon',
      speaker: 'agent',
      startMs: 1200,
      endMs: 4800,
      evidence: '不还就联系你通讯录里所有人',
      match: { term: '联系你通讯录', variant: '联系你通讯录', method: 'exact' },
      confidence: 0.97,
      penaltyClass: 'QA-G',
      penaltyYuan: 200,
    },
    {
      id: 'f-3',
      ruleId: 'escalation.suicide',
      category: 'escalation_signal',
      severity: 'critical',
      source: 'lexicon',
      speaker: 'customer',
      startMs: 90_000,
      endMs: 91_000,
      evidence: '我不想活了',
      match: { term: '不想活了', variant: '不想活了', method: 'exact' },
      confidence: 0.95,
      penaltyYuan: 0,
    },
  ],
  metrics: { agentTalkMs: 90_000, interruptions: 2, agentPeakLoudnessDb: -9.5 },
  transcript: {
    segments: [
      { speaker: 'agent', startMs: 1200, endMs: 4800, text: '不还就联系你通讯录里所有人', trusted: true },
      { speaker: 'customer', startMs: 5000, endMs: 6000, text: '<img src=x onerror=alert(2)>' },
      { speaker: 'agent', startMs: 61_000, endMs: 63_000, text: '我是法院的<script>alert(1)</script>' },
      { speaker: 'agent', startMs: 70_000, endMs: 72_000, text: '谢谢观看', trusted: false, untrustedReason: 'hallucination' },
      { speaker: 'customer', startMs: 90_000, endMs: 91_000, text: '我不想活了' },
    ],
  },
  engine: { asrModel: 'whisper-base-q8', lexiconVersion: '2026.11.1', version: '0.1.0', policy: 'default' },
  calleeRole: 'debtor',
};

describe('review page', () => {
  const html = renderReviewHtml(report, { audioHref: 'audio/c 1.wav' });

  it('is a well-formed standalone page: no external assets, one inline style and script', () => {
    const tags = parseTags(html);
    expect(tags.filter((t) => t === 'script')).toHaveLength(1);
    expect(tags.filter((t) => t === 'style')).toHaveLength(1);
    expect(html).not.toMatch(/<link\b|<script[^>]+src=|https?:\/\//);
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('the header carries call id, score, penalty, policy, lexicon, ASR model and callee role', () => {
    const header = /<header>([\s\S]*?)<\/header>/.exec(html)?.[1] ?? '';
    for (const text of ['c-20261122-0001', '>45<', '¥5200', '>default<', '2026.11.1', 'whisper-base-q8', '>debtor<']) {
      expect(header).toContain(text);
    }
    expect(header).toContain('<audio id="player" controls preload="metadata" src="audio/c 1.wav"></audio>');
  });

  it('escapes every untrusted text: no live script or handler from the transcript', () => {
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('&#60;img src=x onerror=alert(2)&#62;');
  });

  it('lists the findings by time with severity badges and seek offsets 2 s before each', () => {
    const items = [...html.matchAll(/<li class="finding sev-(\w+) cat-(\w+)" id="(f-\d)"[^>]*data-start-ms="(\d+)" data-seek-ms="(\d+)"/g)];
    expect(items.map((m) => m[3])).toEqual(['f-1', 'f-2', 'f-3']);
    expect(items.map((m) => m[1])).toEqual(['major', 'critical', 'critical']);
    expect(items.map((m) => Number(m[5]))).toEqual([0, 61_000 - SEEK_LEAD_MS, 90_000 - SEEK_LEAD_MS]);
    expect(html).toContain('<span class="badge sev-critical">');
    expect(html).toContain('<span class="badge alert">');
    expect(html).toContain('impersonation · lexicon · pinyin');
  });

  it('highlights the matched words in evidence and in the transcript, per speaker', () => {
    expect(html).toContain('<p class="evidence">不还就<mark>联系你通讯录</mark>里所有人</p>');
    expect(html).toMatch(/<div class="seg agent" data-start-ms="1200"[^>]*>不还就<mark>联系你通讯录<\/mark>里所有人<\/div>/);
    expect(html).toMatch(/<div class="seg customer" data-start-ms="90000"[^>]*>我<mark>不想活了<\/mark><\/div>/);
    expect(html).toMatch(/<div class="seg agent" data-start-ms="61000"[^>]*><mark>我是法院<\/mark>的&#60;script/);
  });

  it('greys untrusted segments and keeps the reason', () => {
    expect(html).toContain('<div class="seg agent untrusted" title="untrusted: hallucination" data-start-ms="70000"');
  });

  it('the script seeks the player to 2 s before a clicked finding and plays', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    // Minimal DOM fake: the elements carrying data-seek-ms in the page, and a player.
    type Handler = (e?: unknown) => void;
    const elements = [...html.matchAll(/<(li|div)[^>]*?data-seek-ms="(\d+)"[^>]*>/g)].map((m) => {
      const handlers: Record<string, Handler> = {};
      return {
        tag: m[0],
        handlers,
        getAttribute: (name: string) => (name === 'data-seek-ms' ? (m[2] ?? null) : null),
        addEventListener: (type: string, fn: Handler) => void (handlers[type] = fn),
      };
    });
    const player = { currentTime: 0, plays: 0, play() { this.plays++; return Promise.resolve(); }, addEventListener: () => undefined };
    const document = {
      getElementById: (id: string) => (id === 'player' ? player : null),
      querySelectorAll: (sel: string) => (sel === '[data-seek-ms]' ? elements : []),
    };
    new Function('document', script)(document);
    const finding = elements.find((e) => e.tag.includes('id="f-2"'));
    finding?.handlers['click']?.();
    expect(player.currentTime).toBe((61_000 - SEEK_LEAD_MS) / 1000);
    expect(player.plays).toBe(1);
    const seg = elements.find((e) => e.tag.includes('class="seg customer" data-start-ms="90000"'));
    seg?.handlers['click']?.();
    expect(player.currentTime).toBe(90);
  });

  it('without audio (or with a javascript: href) there is no player', () => {
    expect(renderReviewHtml(report, {})).not.toContain('<audio');
    expect(renderReviewHtml(report, { audioHref: 'javascript:alert(1)' })).not.toContain('<audio');
    const empty = renderReviewHtml({ ...report, findings: [], transcript: { segments: [] } });
    expect(empty).toContain('No findings.');
    parseTags(empty);
  });
});

describe('markHtml', () => {
  it('merges overlapping needles and escapes around them', () => {
    expect(markHtml('a<b>通讯录通讯录', ['通讯录', '讯录通'])).toBe('a&#60;b&#62;<mark>通讯录通讯录</mark>');
    expect(markHtml('没有', ['', '通讯录'])).toBe('没有');
  });

  it('ignores punctuation and spaces between the matched characters', () => {
    expect(markHtml('就联系你,通讯录 里的人', ['联系你通讯录'])).toBe('就<mark>联系你,通讯录</mark> 里的人');
    expect(markHtml('a < b', ['<'])).toBe('a &#60; b');
  });
});
