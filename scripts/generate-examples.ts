/**
 * Writes the bundled sample calls to `examples/`: three small telephone-like stereo recordings
 * (8 kHz μ-law, agent on channel 0, customer on channel 1) spoken by Debian's espeak-ng
 * `cmn-latn-pinyin` voice in two distinct voices, with their metadata, the expected findings with
 * time spans (`labels.json`) and a README. Deterministic: same tools, same bytes.
 *
 *   npm run examples
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadRuntimeConfig } from '../core/config/runtime.js';
import type { CallMeta } from '../core/domain/call-meta.js';
import type { Category } from '../core/domain/report.js';
import { ESPEAK_AGENT, ESPEAK_CUSTOMER, espeakVoice, renderCall, type CallTurn, type RenderedCall } from './synth/index.js';

interface ExampleCall {
  name: string;
  title: string;
  meta: CallMeta;
  script: CallTurn[];
  /** Whole-call expectations that no single turn carries (e.g. a missing identity statement). */
  callLabels?: { category: Category; ruleId: string; note: string }[];
}

/** Contract section 2 metadata, fields in the contract's order. */
function meta(callId: string, agentId: string, startedAt: string, daysOverdue: number): CallMeta {
  return { callId, agentId, agencyId: 'agency-7', startedAt, calleeRole: 'debtor', accountClass: 'A2', daysOverdue, isStudent: false, channels: { agent: 0, customer: 1 }, policy: 'default' };
}

const CALLS: ExampleCall[] = [
  {
    name: 'example-01-compliant',
    title: 'Compliant call: identity statement, debt details to the verified debtor, polite close',
    meta: meta('example-01-compliant', 'A1023', '2026-11-20T10:15:00+08:00', 15),
    script: [
      { speaker: 'agent', text: '您好，请问是张伟先生本人吗？' },
      { speaker: 'customer', text: '是我，你是哪位？' },
      { speaker: 'agent', text: '您好张先生，我是受招商银行委托的华信公司催收员，工号1023。' },
      { speaker: 'customer', text: '哦，有什么事？' },
      { speaker: 'agent', text: '您的信用卡账单已经逾期十五天了，欠款3200元，请您在本月二十号前还款。' },
      { speaker: 'customer', text: '好的，我这周五就还清。' },
      { speaker: 'agent', text: '好的，谢谢您的配合，再见。' },
    ],
  },
  {
    name: 'example-02-contact-threat',
    title: 'Contact-list threat, and the agent talking over the customer',
    meta: meta('example-02-contact-threat', 'A2051', '2026-11-20T14:32:00+08:00', 40),
    script: [
      { speaker: 'agent', text: '您好，请问是李娜女士吗？我是受建设银行委托的华信公司催收员。' },
      { speaker: 'customer', text: '是我。我最近手头很紧，工资还没发下来，能不能再宽限几天？' },
      {
        speaker: 'agent',
        text: '你别找借口了，你再不还钱，我们就联系你通讯录里的所有人。',
        overlapMs: 1500,
        label: { category: 'contact_list_threat', ruleId: 'contact_list.forbidden_word', evidence: '我们就联系你通讯录里的所有人' },
      },
      { speaker: 'customer', text: '你们怎么能这样？' },
      { speaker: 'agent', text: '今天下午五点前必须还款。' },
      { speaker: 'customer', text: '我知道了。' },
    ],
  },
  {
    name: 'example-03-impersonation-shout',
    title: 'Impersonation of a court, no identity statement, and a shouted passage',
    meta: meta('example-03-impersonation-shout', 'A3307', '2026-11-21T16:05:00+08:00', 75),
    script: [
      { speaker: 'agent', text: '喂，是王强吗？' },
      { speaker: 'customer', text: '是我，你是谁？' },
      {
        speaker: 'agent',
        text: '我是法院的，你的案子已经到我们这里了。',
        label: { category: 'impersonation', ruleId: 'impersonation.public_security_procuratorate_court', evidence: '我是法院的' },
      },
      { speaker: 'customer', text: '法院？你们不是催收公司吗？' },
      {
        speaker: 'agent',
        text: '我告诉你，今天必须把钱还上！听到没有？',
        shout: true,
        label: { category: 'raised_voice', ruleId: 'tone.pitch_volume_rate', evidence: '我告诉你，今天必须把钱还上！听到没有？' },
      },
      { speaker: 'customer', text: '好吧，我想办法。' },
    ],
    callLabels: [{ category: 'missing_identity_statement', ruleId: 'script.identity_statement', note: 'the agent never says on whose behalf he calls (受…委托的…公司)' }],
  },
];

interface ExpectedFinding {
  category: Category;
  ruleId: string;
  speaker: 'agent' | 'customer' | 'unknown';
  startMs: number;
  endMs: number;
  evidence?: string;
  note?: string;
}

function expectedFindings(call: ExampleCall, rendered: RenderedCall): ExpectedFinding[] {
  const out: ExpectedFinding[] = [];
  for (const turn of rendered.turns) {
    if (turn.label) {
      out.push({ category: turn.label.category, ruleId: turn.label.ruleId ?? turn.label.category, speaker: turn.speaker, startMs: turn.startMs, endMs: turn.endMs, ...(turn.label.evidence ? { evidence: turn.label.evidence } : {}) });
    }
    const prev = rendered.turns[turn.index - 1];
    if (turn.overlapMs !== undefined && prev && prev.speaker !== turn.speaker && turn.speaker === 'agent') {
      out.push({ category: 'interruption', ruleId: 'tone.listening', speaker: 'agent', startMs: turn.startMs, endMs: Math.min(prev.endMs, turn.endMs), note: `the agent starts ${prev.endMs - turn.startMs} ms before the customer stops` });
    }
  }
  for (const l of call.callLabels ?? []) out.push({ category: l.category, ruleId: l.ruleId, speaker: 'agent', startMs: 0, endMs: rendered.durationMs, note: l.note });
  return out.sort((a, b) => a.startMs - b.startMs);
}

function readme(results: { call: ExampleCall; rendered: RenderedCall; findings: ExpectedFinding[] }[]): string {
  const lines = [
    '# Sample calls',
    '',
    'Synthetic Mandarin debt-collection calls for trying callqa, e.g.',
    '`callqa scan examples/example-02-contact-threat.wav --meta examples/example-02-contact-threat.meta.json`.',
    'They are **generated**, not recorded: `npm run examples` (`scripts/generate-examples.ts`) writes',
    'every file in this folder from the dialogue below, with Debian `espeak-ng` (voice',
    '`cmn-latn-pinyin`, fed tone-numbered pinyin made with `pinyin-pro`; agent: default voice,',
    'customer: variant `f2` at a higher pitch) and the ffmpeg binary of `@ffmpeg-installer/ffmpeg`',
    '(mixing to stereo, 300–3400 Hz band limit, 8 kHz μ-law). No recorded voice and no third-party',
    'audio is in them. The speech is robotic: expect recognition errors (whisper-base misreads',
    'many syllables of this voice), which is also what real 8 kHz calls look like.',
    '',
    '| file | what |',
    '| --- | --- |',
    '| `<name>.wav` | stereo, 8 kHz μ-law WAV; channel 0 agent, channel 1 customer |',
    '| `<name>.meta.json` | call metadata (contract section 2) |',
    '| `labels.json` | every turn with its real `startMs`/`endMs`, and the findings a correct analysis should raise |',
    '',
  ];
  for (const { call, rendered, findings } of results) {
    lines.push(`## ${call.name}`, '', `${call.title}. ${(rendered.durationMs / 1000).toFixed(1)} s.`, '', '| speaker | start–end (ms) | text |', '| --- | --- | --- |');
    for (const t of rendered.turns) lines.push(`| ${t.speaker}${t.shout ? ' (shouted)' : ''} | ${t.startMs}–${t.endMs} | ${t.text} |`);
    lines.push('', 'Expected findings:', '');
    if (findings.length === 0) lines.push('- none');
    for (const f of findings) lines.push(`- \`${f.category}\` (${f.ruleId}), ${f.speaker}, ${f.startMs}–${f.endMs} ms${f.evidence ? `: 「${f.evidence}」` : ''}${f.note ? ` (${f.note})` : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const outDir = join(root, 'examples');
  const runtime = loadRuntimeConfig(process.env);
  const synth = { ffmpegPath: runtime.ffmpegPath };
  const voices = { agent: espeakVoice(ESPEAK_AGENT, synth), customer: espeakVoice(ESPEAK_CUSTOMER, synth) };
  await mkdir(outDir, { recursive: true });
  const results: { call: ExampleCall; rendered: RenderedCall; findings: ExpectedFinding[] }[] = [];
  for (const call of CALLS) {
    const rendered = await renderCall(call.script, { voices, ffmpegPath: runtime.ffmpegPath, format: 'tel8k', noiseDb: -60 });
    const findings = expectedFindings(call, rendered);
    await writeFile(join(outDir, `${call.name}.wav`), rendered.wav);
    await writeFile(join(outDir, `${call.name}.meta.json`), `${JSON.stringify(call.meta, null, 2)}\n`);
    results.push({ call, rendered, findings });
    process.stderr.write(`${call.name}.wav: ${(rendered.durationMs / 1000).toFixed(1)} s, ${Math.round(rendered.wav.length / 1024)} KiB\n`);
  }
  const labels = {
    generator: 'scripts/generate-examples.ts (espeak-ng cmn-latn-pinyin, two voices)',
    format: 'WAV, stereo, 8 kHz, μ-law; channel 0 agent, channel 1 customer',
    calls: results.map(({ call, rendered, findings }) => ({
      file: `${call.name}.wav`,
      callId: call.meta.callId,
      durationMs: rendered.durationMs,
      turns: rendered.turns.map((t) => ({ speaker: t.speaker, channel: t.channel, startMs: t.startMs, endMs: t.endMs, text: t.text, ...(t.shout ? { shouted: true } : {}) })),
      expectedFindings: findings,
    })),
  };
  await writeFile(join(outDir, 'labels.json'), `${JSON.stringify(labels, null, 2)}\n`);
  await writeFile(join(outDir, 'README.md'), readme(results));
}

await main();
