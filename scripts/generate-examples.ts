/**
 * Writes the bundled sample calls to `examples/`: three small telephone-like stereo recordings
 * (16 kHz μ-law, a wideband line; agent on channel 0, customer on channel 1) spoken by Debian's espeak-ng
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

/** How long the agent talks over the customer each time he cuts in (over the policy's 1 s grace). */
const INTERRUPT_MS = 1800;
/** The policy reports interruptions once a call holds this many (policies/default.yaml). */
const INTERRUPTION_REPORT_THRESHOLD = 3;
/** Level over a normal turn added to the renderer's shout gain, so the passage is unmistakable. */
const SHOUT_EXTRA_DB = 6;

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
      { speaker: 'agent', text: '张先生您好，我是华信催收公司的小王，受招商银行委托联系您，工号1023。' },
      { speaker: 'customer', text: '哦，有什么事？' },
      { speaker: 'agent', text: '您的信用卡账单已经逾期十五天了，欠款3200元，请您在本月二十号前还款。' },
      { speaker: 'customer', text: '好的，我这周五就还清。' },
      { speaker: 'agent', text: '好的，谢谢您的配合，再见。' },
    ],
  },
  {
    name: 'example-02-contact-threat',
    title: 'Contact-list threat, and an agent who keeps talking over the customer',
    meta: meta('example-02-contact-threat', 'A2051', '2026-11-20T14:32:00+08:00', 40),
    script: [
      { speaker: 'agent', text: '您好，请问是李娜女士吗？我是华信催收公司的小李，受建设银行委托联系您。' },
      { speaker: 'customer', text: '是我。我最近手头很紧，能不能再宽限几天？' },
      { speaker: 'agent', text: '你别找借口了，这个月已经第三次了。', overlapMs: INTERRUPT_MS },
      { speaker: 'customer', text: '我真的没有钱，我刚刚换了工作。' },
      {
        speaker: 'agent',
        text: '你再不还钱，我们就把你欠钱的事告诉你通讯录里的所有人。',
        overlapMs: INTERRUPT_MS,
        label: { category: 'contact_list_threat', ruleId: 'contact_list.spread_debt', evidence: '把你欠钱的事告诉你通讯录里的所有人' },
      },
      { speaker: 'customer', text: '你们怎么能这样？这跟他们没有关系。' },
      { speaker: 'agent', text: '今天下午五点前必须还款。', overlapMs: INTERRUPT_MS },
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
      { speaker: 'agent', text: '你欠的钱已经逾期三个月了，一直都不还。' },
      { speaker: 'customer', text: '我这个月实在是没有钱。' },
      {
        speaker: 'agent',
        text: '我告诉你，今天必须把钱还上！听到没有？',
        shout: true,
        gainDb: SHOUT_EXTRA_DB,
        label: { category: 'raised_voice', ruleId: 'tone.raised_voice', evidence: '我告诉你，今天必须把钱还上！听到没有？' },
      },
      { speaker: 'customer', text: '好吧，我想办法。' },
      { speaker: 'agent', text: '下午五点前我再打给你。' },
    ],
    callLabels: [{ category: 'missing_identity_statement', ruleId: 'script.identity_statement', note: 'the agent never says on whose behalf he calls (受…委托的…公司)' }],
  },
];

/**
 * What `callqa scan` with whisper-base made of each call when these files were generated (the key
 * turns and the findings), for the README. Measured, not derived: re-measure after any change.
 */
const HEARD_BY_WHISPER_BASE: Record<string, string[]> = {
  'example-01-compliant': [
    'identity turn → 「尝尾先生您好，我是华新最少公司的小王，」: 我是…公司 satisfies the identity statement; no finding (score 100)',
    'the debt turn is mostly lost (「您的新任何人，已坚军期日前，千万三千二百万」)',
  ],
  'example-02-contact-threat': [
    'opening → 「我是华新最少公司的小礼，」: identity statement found',
    'threat turn → 「我们去双千千的事」「到处您通讯务力的所有人。」: **the contact-list threat is not found** (告诉 heard as 到处, 通讯录 as 通讯务, and whisper cuts 把你欠钱的事|告诉 into two segments)',
    'three over-talks found: `interruption` fires (13.6–31.2 s)',
  ],
  'example-03-impersonation-shout': [
    'impersonation turn → 「我是发扬的，你的男子已经到我们这里了」: 发扬 ≈ 法院 in pinyin, `impersonation` fires',
    'shouted turn → 「我告诉你，今天必须把钱翻上，进到没有」 about 10 dB over the agent\'s median: `raised_voice` fires',
    'no 受…委托/…公司 from the agent: `missing_identity_statement` fires',
  ],
};

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
  const interruptions: { startMs: number; endMs: number; overlapMs: number }[] = [];
  for (const turn of rendered.turns) {
    if (turn.label) {
      out.push({ category: turn.label.category, ruleId: turn.label.ruleId ?? turn.label.category, speaker: turn.speaker, startMs: turn.startMs, endMs: turn.endMs, ...(turn.label.evidence ? { evidence: turn.label.evidence } : {}) });
    }
    const prev = rendered.turns[turn.index - 1];
    if (turn.overlapMs !== undefined && prev && prev.speaker !== turn.speaker && turn.speaker === 'agent') {
      interruptions.push({ startMs: turn.startMs, endMs: Math.min(prev.endMs, turn.endMs), overlapMs: prev.endMs - turn.startMs });
    }
  }
  const first = interruptions[0];
  const last = interruptions.at(-1);
  if (first && last && interruptions.length >= INTERRUPTION_REPORT_THRESHOLD) {
    const each = interruptions.map((i) => `${i.startMs} ms (${i.overlapMs} ms)`).join(', ');
    out.push({ category: 'interruption', ruleId: 'tone.interruption', speaker: 'agent', startMs: first.startMs, endMs: last.endMs, note: `the agent starts talking over the customer ${interruptions.length} times: at ${each}` });
  }
  for (const l of call.callLabels ?? []) out.push({ category: l.category, ruleId: l.ruleId, speaker: 'agent', startMs: 0, endMs: rendered.durationMs, note: l.note });
  return out.sort((a, b) => a.startMs - b.startMs);
}

function readme(results: { call: ExampleCall; rendered: RenderedCall; findings: ExpectedFinding[] }[]): string {
  const lines = [
    '# Sample calls',
    '',
    'Synthetic Mandarin debt-collection calls for trying callqa:',
    '',
    '```sh',
    'npx callqa scan examples/*.wav',
    'npx callqa scan examples/example-02-contact-threat.wav --meta examples/example-02-contact-threat.meta.json',
    '```',
    '',
    'They are **generated**, not recorded: `npm run examples` (`scripts/generate-examples.ts`) writes',
    'every file in this folder from the dialogue below, with Debian `espeak-ng` (voice',
    '`cmn-latn-pinyin`, fed tone-numbered pinyin made with `pinyin-pro`; agent: default voice,',
    'customer: variant `f2` at a higher pitch) and the ffmpeg binary of `@ffmpeg-installer/ffmpeg`',
    '(mixing to stereo, 16 kHz μ-law). No recorded voice and no third-party audio is in them.',
    '',
    'Why 16 kHz and not an 8 kHz narrowband line: espeak-ng puts much of its consonant energy above',
    '4 kHz, and whisper-base heard almost nothing of the same dialogue once band-limited to',
    '300–3400 Hz at 8 kHz (no lexicon finding fired). 16 kHz μ-law (a wideband, "HD voice" line)',
    'keeps the files about 1 MB each. The speech is still robotic and whisper-base misreads many',
    'syllables: see "What whisper-base hears" under each call.',
    '',
    '| file | what |',
    '| --- | --- |',
    '| `<name>.wav` | stereo, 16 kHz μ-law WAV; channel 0 agent, channel 1 customer |',
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
    const heard = HEARD_BY_WHISPER_BASE[call.name];
    if (heard) lines.push('', 'What whisper-base hears (`callqa scan`, measured when the files were generated):', '', ...heard.map((h) => `- ${h}`));
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
    const rendered = await renderCall(call.script, { voices, ffmpegPath: runtime.ffmpegPath, format: 'mulaw16k', noiseDb: -60 });
    const findings = expectedFindings(call, rendered);
    await writeFile(join(outDir, `${call.name}.wav`), rendered.wav);
    await writeFile(join(outDir, `${call.name}.meta.json`), `${JSON.stringify(call.meta, null, 2)}\n`);
    results.push({ call, rendered, findings });
    process.stderr.write(`${call.name}.wav: ${(rendered.durationMs / 1000).toFixed(1)} s, ${Math.round(rendered.wav.length / 1024)} KiB\n`);
  }
  const labels = {
    generator: 'scripts/generate-examples.ts (espeak-ng cmn-latn-pinyin, two voices)',
    format: 'WAV, stereo, 16 kHz, μ-law; channel 0 agent, channel 1 customer',
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
