/**
 * End to end through the rules: a generated stereo call with a contact-list threat, an
 * impersonation and a shouted passage, scanned by the real `callqa scan --json` with whisper-base,
 * yields those findings at the times they were spoken. The call is spoken by the recorded syllable
 * voice of ../shared/tts (tests may use it; nothing made from it is committed), rendered into a
 * temp dir at test time.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../core/domain/report.js';
import { bankVoice, loadSyllableBank, renderCall, type CallTurn, type RenderedTurn } from '../../scripts/synth/index.js';
import { callqa } from './run-cli.js';

const require = createRequire(import.meta.url);
const ffmpegPath = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;

const SCRIPT: CallTurn[] = [
  { speaker: 'agent', text: '您好，请问是王明先生吗？' },
  { speaker: 'customer', text: '是我，什么事？' },
  { speaker: 'agent', text: '我是受工商银行委托的华信公司的工作人员，您的信用卡已经逾期了。' },
  { speaker: 'customer', text: '我现在真的没有钱。' },
  { speaker: 'agent', text: '我们是法院的，你的案子已经到法院了。', label: { category: 'impersonation' } },
  { speaker: 'customer', text: '你们不能这样。' },
  { speaker: 'agent', text: '你再不还钱，我们就联系你通讯录里的所有人。', label: { category: 'contact_list_threat' } },
  { speaker: 'customer', text: '好吧，我想想办法。' },
  { speaker: 'agent', text: '我告诉你，今天必须把钱还上！', shout: true, label: { category: 'raised_voice' } },
  { speaker: 'customer', text: '知道了。' },
  { speaker: 'agent', text: '那好，请您今天下午五点前处理，再见。' },
];

describe('callqa scan --json finds what was said, where it was said (whisper-base)', () => {
  let tmp: string;
  let report: Report;
  let turns: RenderedTurn[];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'callqa-e2e-findings-'));
    const bank = await loadSyllableBank('ekho-v2022');
    const call = await renderCall(SCRIPT, {
      voices: { agent: bankVoice(bank, { ffmpegPath }), customer: bankVoice(bank, { ffmpegPath, pitchCents: -250 }) },
      ffmpegPath,
      format: 'wav16k',
    });
    turns = call.turns;
    const wav = join(tmp, 'threat-call.wav');
    writeFileSync(wav, call.wav);
    writeFileSync(join(tmp, 'threat-call.meta.json'), JSON.stringify({ agentId: 'A7', channels: { agent: 0, customer: 1 }, startedAt: '2026-11-20T10:15:00+08:00' }));
    const result = await callqa(['scan', '--json', '--model', 'base', wav]);
    expect(result.code, result.stderr).toBe(0);
    report = JSON.parse(result.stdout.trim()) as Report;
  }, 300_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  const heard = (): string => report.transcript.segments.map((s) => `${s.speaker}@${s.startMs}: ${s.text}`).join(' | ');

  for (const category of ['impersonation', 'contact_list_threat', 'raised_voice'] as const) {
    it(`raises ${category} on the turn that carries it`, () => {
      const turn = turns.find((t) => t.label?.category === category)!;
      const hits = report.findings.filter((f: Finding) => f.category === category);
      expect(hits.length, `findings ${JSON.stringify(report.findings.map((f) => f.category))}; heard ${heard()}`).toBeGreaterThan(0);
      const onTurn = hits.filter((f) => f.startMs < turn.endMs + 500 && f.endMs > turn.startMs - 500);
      expect(onTurn.length, `${category} at ${hits.map((f) => `${f.startMs}-${f.endMs}`).join(',')}, turn ${turn.startMs}-${turn.endMs}`).toBeGreaterThan(0);
      for (const f of onTurn) {
        expect(f.speaker).toBe('agent');
        expect(f.evidence.length).toBeGreaterThan(0);
        if (f.source === 'lexicon') expect(f.match?.variant.length).toBeGreaterThan(0);
      }
    });
  }

  it('raises nothing the call does not contain, and scores it accordingly', () => {
    const categories = new Set(report.findings.map((f) => f.category));
    for (const c of ['calling_hours', 'missing_identity_statement', 'student_pressure', 'escalation_signal'] as const) {
      expect(categories.has(c), `${c}; heard ${heard()}`).toBe(false);
    }
    expect(report.score).toBeLessThan(60);
    expect(report.penaltyYuan).toBeGreaterThan(0);
    expect(report.engine.asrModel).toBe('whisper-base-q8');
  });
});
