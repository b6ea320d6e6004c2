/**
 * The HTML review page in a real browser (Debian's Chromium, driven by playwright-core): opened
 * from disk with no server, clicking a finding plays the recording from two seconds before it,
 * a transcript line plays from its start, Enter works like a click, the line being heard is
 * marked, and transcript text never runs as script. `CHROMIUM_PATH` overrides /usr/bin/chromium.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../core/domain/report.js';
import { renderReviewHtml, SEEK_LEAD_MS } from '../../core/report/html.js';
import { writeWav } from '../../scripts/synth/wav.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DURATION_S = 12;
/** Browser-side code is passed as strings: the project compiles without the DOM library. */
const PLAYER = "document.getElementById('player')";

const report: Report = {
  contract: 'callqa.report/v1',
  callId: 'browser-1',
  durationMs: DURATION_S * 1000,
  score: 40,
  penaltyYuan: 5000,
  findings: [
    {
      id: 'f-1',
      ruleId: 'contact_list.forbidden_word',
      category: 'contact_list_threat',
      severity: 'critical',
      source: 'lexicon',
      speaker: 'agent',
      startMs: 7000,
      endMs: 9000,
      evidence: '不还就联系你通讯录里所有人',
      match: { term: '通讯录', variant: '通讯录', method: 'exact' },
      confidence: 0.97,
      penaltyYuan: 5000,
    },
  ],
  metrics: {},
  transcript: {
    segments: [
      { speaker: 'agent', startMs: 500, endMs: 3000, text: '您好,我是受银行委托的催收公司', trusted: true },
      { speaker: 'customer', startMs: 3200, endMs: 6500, text: '<img src=x onerror="window.__xss=1">', trusted: true },
      { speaker: 'agent', startMs: 7000, endMs: 9000, text: '不还就联系你通讯录里所有人<script>window.__xss=2</script>', trusted: true },
    ],
  },
  engine: { asrModel: 'whisper-tiny-q8', lexiconVersion: 'test', version: '0.1.0' },
};

/** A quiet 440 Hz tone, 8 kHz mono: real audio the browser decodes and plays. */
function toneWav(seconds: number): Buffer {
  const rate = 8000;
  const pcm = new Float32Array(rate * seconds);
  for (let i = 0; i < pcm.length; i++) pcm[i] = 0.1 * Math.sin((2 * Math.PI * 440 * i) / rate);
  return writeWav({ sampleRate: rate, channels: [pcm] });
}

describe('review page in Chromium', () => {
  let dir = '';
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: the browser test needs Chromium (Debian: apt-get install chromium, or set CHROMIUM_PATH)`);
    dir = mkdtempSync(join(tmpdir(), 'callqa-review-'));
    writeFileSync(join(dir, 'call 1.wav'), toneWav(DURATION_S));
    writeFileSync(join(dir, 'browser-1.html'), renderReviewHtml(report, { audioHref: 'call 1.wav' }));
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--autoplay-policy=no-user-gesture-required', '--no-sandbox'] });
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(pathToFileURL(join(dir, 'browser-1.html')).href);
    await page.waitForFunction(`${PLAYER}.readyState >= 1`);
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const player = () => page.evaluate<{ t: number; paused: boolean; duration: number }>(`({ t: ${PLAYER}.currentTime, paused: ${PLAYER}.paused, duration: ${PLAYER}.duration })`);

  it('loads the linked recording from disk without a server or errors', async () => {
    expect((await player()).duration).toBeCloseTo(DURATION_S, 0);
    expect(errors).toEqual([]);
  });

  it('clicking a finding plays from two seconds before it', async () => {
    await page.click('.finding');
    await page.waitForFunction(`!${PLAYER}.paused`);
    const { t } = await player();
    const from = (report.findings[0]!.startMs - SEEK_LEAD_MS) / 1000;
    expect(t).toBeGreaterThanOrEqual(from - 0.05);
    expect(t).toBeLessThan(from + 1.5);
  });

  it('marks the transcript line being heard', async () => {
    await page.evaluate(`${PLAYER}.pause(); ${PLAYER}.currentTime = 7.5;`);
    await page.waitForFunction(`document.querySelector('.seg.playing')?.getAttribute('data-start-ms') === '7000'`);
    expect(await page.locator('.seg.playing').count()).toBe(1);
  });

  it('a transcript line plays from its start, and Enter on a focused finding works like a click', async () => {
    await page.click('.seg[data-start-ms="3200"]');
    expect((await player()).t).toBeGreaterThanOrEqual(3.15);
    expect((await player()).t).toBeLessThan(4.7);
    await page.evaluate(`${PLAYER}.pause()`);
    await page.focus('.finding');
    await page.keyboard.press('Enter');
    const { t } = await player();
    expect(t).toBeGreaterThanOrEqual(4.95);
    expect(t).toBeLessThan(6.5);
  });

  it('never runs transcript text as script or markup', async () => {
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    expect(await page.locator('.seg img').count()).toBe(0);
    expect(await page.locator('.seg', { hasText: '<script>' }).count()).toBe(1);
  });
});
