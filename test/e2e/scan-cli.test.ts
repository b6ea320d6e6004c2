/**
 * End to end: the real `callqa scan --json` command on a generated stereo call (examples/, made by
 * scripts/generate-examples.ts with espeak-ng) with whisper-tiny. Checks the contract shape, the
 * speaker attribution per channel and that segment times land on the labelled turns.
 */
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../core/domain/report.js';
import { callqa, repoRoot as root } from './run-cli.js';

interface LabelTurn { speaker: 'agent' | 'customer'; startMs: number; endMs: number; text: string }
interface LabelCall { file: string; callId: string; durationMs: number; turns: LabelTurn[] }
const labels = JSON.parse(readFileSync(join(root, 'examples', 'labels.json'), 'utf8')) as { calls: LabelCall[] };

describe('callqa scan --json (whisper-tiny, generated stereo call)', () => {
  let tmp: string;
  let result: { code: number; stdout: string; stderr: string };
  const call = labels.calls.find((c) => c.callId === 'example-01-compliant')!;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'callqa-e2e-'));
    const bad = join(tmp, 'not-audio.wav');
    writeFileSync(bad, 'this is a text file, not a recording\n');
    result = await callqa(['scan', '--json', '--model', 'tiny', '--out', join(tmp, 'out'), bad, join(root, 'examples', call.file)]);
  }, 300_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reports the bad file on stderr with exit code 2 and still scores the good one', () => {
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not-audio\.wav/);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
  });

  it('prints a contract report with agent and customer segments at the labelled times', () => {
    const report = JSON.parse(result.stdout.trim()) as Report;
    expect(report.contract).toBe('callqa.report/v1');
    expect(report.callId).toBe(call.callId);
    expect(Math.abs(report.durationMs - call.durationMs)).toBeLessThan(100);
    expect(report.engine.asrModel).toMatch(/whisper-tiny/);
    expect(report.engine.lexiconVersion).toMatch(/\S/);
    expect(report.score).toBeGreaterThanOrEqual(0);
    expect(report.metrics.agentTalkMs).toBeGreaterThan(0);
    expect(report.metrics.customerTalkMs).toBeGreaterThan(0);

    const segments = report.transcript.segments;
    for (const turn of call.turns) {
      const overlapping = segments.filter((s) => s.startMs < turn.endMs && s.endMs > turn.startMs);
      expect(overlapping.length, `a segment over "${turn.text}"`).toBeGreaterThan(0);
      // Every segment over a turn belongs to the turn's speaker (channels are separate) ...
      for (const s of overlapping) expect(s.speaker).toBe(turn.speaker);
      // ... and the first one starts on the words, within half a second.
      const first = overlapping.reduce((a, b) => (a.startMs <= b.startMs ? a : b));
      expect(Math.abs(first.startMs - turn.startMs)).toBeLessThanOrEqual(500);
      const last = overlapping.reduce((a, b) => (a.endMs >= b.endMs ? a : b));
      expect(Math.abs(last.endMs - turn.endMs)).toBeLessThanOrEqual(500);
    }
    // No text invented outside the turns of its own channel.
    for (const s of segments.filter((x) => x.trusted !== false)) {
      const onOwnTurn = call.turns.some((t) => t.speaker === s.speaker && s.startMs < t.endMs && s.endMs > t.startMs);
      expect(onOwnTurn, `segment ${s.startMs}-${s.endMs} "${s.text}"`).toBe(true);
    }
  });

  it('writes the JSON report and a standalone HTML review page with --out', () => {
    const json = join(tmp, 'out', `${call.callId}.json`);
    const html = join(tmp, 'out', `${call.callId}.html`);
    expect(existsSync(json)).toBe(true);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/<audio[^>]+src="[^"]*example-01-compliant\.wav"/);
    expect(page).not.toMatch(/<script[^>]+src=/);
  });
});
