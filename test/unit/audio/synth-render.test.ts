import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudio } from '../../../core/audio/decode.js';
import { rmsDb } from '../../../core/audio/loudness.js';
import { renderCall, type CallTurn } from '../../../scripts/synth/call-builder.js';
import { crossfadeJoin, softLimit } from '../../../scripts/synth/dsp.js';
import { ESPEAK_AGENT, synthesizeEspeak, type Voice } from '../../../scripts/synth/espeak.js';
import { bankSyllable, loadSyllableBank, synthesizeWithBank, UNHEARD_CLIPS } from '../../../scripts/synth/syllable-bank.js';
import { readWav } from '../../../scripts/synth/wav.js';
import { dominantFrequency, runtime } from './helpers.js';

/** A strict fake voice: one 50 ms tone burst per character, pitch per speaker, gaps between. */
function toneVoice(freqHz: number): Voice {
  return (text) => {
    const chars = [...text].filter((c) => /\p{Script=Han}/u.test(c)).length;
    if (chars === 0) throw new Error(`toneVoice: no Chinese characters in "${text}"`);
    const out = new Float32Array(chars * 1600);
    for (let i = 0; i < out.length; i++) out[i] = i % 1600 < 1200 ? 0.3 * Math.sin((2 * Math.PI * freqHz * i) / 16000) : 0;
    return Promise.resolve(out.subarray(0, out.length - 400));
  };
}
const voices = { agent: toneVoice(500), customer: toneVoice(1200) };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'callqa-synth-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('renderCall', () => {
  const script: CallTurn[] = [
    { speaker: 'agent', text: '您好请问是张先生吗' },
    { speaker: 'customer', text: '是我我最近手头很紧能不能再宽限几天' },
    { speaker: 'agent', text: '你别找借口了', overlapMs: 1200, label: { category: 'interruption' } },
    { speaker: 'customer', text: '好的', gapMs: 800 },
    { speaker: 'agent', text: '今天必须还钱听到没有', shout: true, label: { category: 'raised_voice' } },
    { speaker: 'customer', text: '知道了', startMs: 30_000 },
  ];

  it('places turns in sequence, with over-talk, gaps and absolute starts, on their channels', async () => {
    const call = await renderCall(script, { voices, ffmpegPath: runtime.ffmpegPath, format: 'wav16k', gapMs: 500, edgeMs: 600 });
    const [t0, t1, t2, t3, t4, t5] = call.turns;
    expect(t0).toMatchObject({ startMs: 600, endMs: 600 + 9 * 100 - 25, channel: 0 });
    expect(t1?.startMs).toBe((t0?.endMs ?? 0) + 500);
    expect(t2?.startMs).toBe((t1?.endMs ?? 0) - 1200);
    expect(t2?.label).toEqual({ category: 'interruption' });
    expect(t3?.startMs).toBe(Math.max(t1?.endMs ?? 0, t2?.endMs ?? 0) + 800);
    expect(t5).toMatchObject({ startMs: 30_000, channel: 1 });
    expect(call.durationMs).toBeCloseTo((t5?.endMs ?? 0) + 600, -1);

    const wav = readWav(call.wav);
    expect(wav.sampleRate).toBe(16_000);
    const [agent, customer] = wav.channels as [Float32Array, Float32Array];
    // Over-talk: both channels carry their own speaker during the overlap.
    const mid = ((t2?.startMs ?? 0) + (t1?.endMs ?? 0)) / 2;
    const at = (ch: Float32Array, ms: number) => ch.subarray(Math.round((ms - 100) * 16), Math.round((ms + 100) * 16));
    expect(dominantFrequency(at(agent, mid), [500, 1200])).toBe(500);
    expect(dominantFrequency(at(customer, mid), [500, 1200])).toBe(1200);
    // Nothing of the customer leaks to the agent channel.
    expect(rmsDb(agent, (t1?.startMs ?? 0) + 50, (t2?.startMs ?? 0) - 50)).toBeLessThan(-90);
    // The shouted turn stands far above the agent's normal level, without clipping.
    const normal = rmsDb(agent, t0?.startMs ?? 0, t0?.endMs ?? 0);
    const shouted = rmsDb(agent, t4?.startMs ?? 0, t4?.endMs ?? 0);
    expect(shouted - normal).toBeGreaterThan(8);
    expect(agent.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThan(1);
  });

  it('encodes telephone audio (8 kHz μ-law, band-limited) that decodes back to the same layout', async () => {
    const call = await renderCall(script.slice(0, 3), { voices, ffmpegPath: runtime.ffmpegPath, format: 'tel8k' });
    writeFileSync(join(dir, 'tel.wav'), call.wav);
    const audio = await decodeAudio({ path: join(dir, 'tel.wav') }, { ...runtime, maxAudioMs: 600_000 });
    expect(audio.format).toMatchObject({ codec: 'pcm_mulaw', sampleRate: 8000, channels: 2 });
    expect(Math.abs(audio.durationMs - call.durationMs)).toBeLessThanOrEqual(5);
    const t1 = call.turns[1];
    const span = (ch: Float32Array | undefined) => (ch as Float32Array).subarray(((t1?.startMs ?? 0) + 100) * 16, ((t1?.startMs ?? 0) + 600) * 16);
    expect(dominantFrequency(span(audio.channels[1]), [500, 1200])).toBe(1200);
    expect(rmsDb(audio.channels[1] as Float32Array, (t1?.startMs ?? 0) + 100, (t1?.startMs ?? 0) + 600)).toBeGreaterThan(-30);
  });

  it('rejects a turn that yields no speech', async () => {
    const silent: Voice = () => Promise.resolve(new Float32Array(0));
    await expect(renderCall([{ speaker: 'agent', text: '喂' }], { voices: { agent: silent, customer: silent }, ffmpegPath: runtime.ffmpegPath })).rejects.toThrow(/turn 0/);
  });
});

describe('voices', () => {
  it('espeak-ng speaks tone-numbered pinyin at 16 kHz, longer text → longer audio', async () => {
    const short = await synthesizeEspeak('你好。', ESPEAK_AGENT, { ffmpegPath: runtime.ffmpegPath });
    const long = await synthesizeEspeak('你好，我是受招商银行委托的催收公司。', ESPEAK_AGENT, { ffmpegPath: runtime.ffmpegPath });
    expect(short.length / 16_000).toBeGreaterThan(0.3);
    expect(short.length / 16_000).toBeLessThan(2);
    expect(long.length).toBeGreaterThan(4 * short.length);
    expect(rmsDb(long, 0, (long.length / 16_000) * 1000)).toBeGreaterThan(-40);
  });

  it('a syllable bank: loads gzip PCM + JSON index, falls back on tones, crossfades, fails clearly when absent', async () => {
    // A tiny bank of our own in the real file format: ni3 (300 Hz), hao5 (600 Hz); no hao3.
    const tone = (f: number, n: number) => Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * f * i) / 16000)));
    const pcm = Int16Array.from([...new Array<number>(800).fill(0), ...tone(300, 3200), ...new Array<number>(800).fill(0), ...tone(600, 3200)]);
    writeFileSync(join(dir, 'ekho-v2022.pcm16.gz'), gzipSync(Buffer.from(pcm.buffer)));
    writeFileSync(join(dir, 'ekho-v2022.json'), JSON.stringify({ sampleRate: 16000, format: 's16le', syllables: { ni3: [0, 4800], hao5: [4800, 3200] } }));
    const bank = await loadSyllableBank('ekho-v2022', dir);
    expect(bankSyllable(bank, 'ni3')?.length).toBeLessThan(4800); // leading silence trimmed
    expect(bankSyllable(bank, 'hao3')).toBeDefined(); // falls back to hao5
    expect(bankSyllable(bank, 'zhuang1')).toBeUndefined();
    const speech = await synthesizeWithBank('你好', bank, { ffmpegPath: runtime.ffmpegPath, tempo: 1 });
    const fade = 8 * 16;
    expect(Math.abs(speech.length - (bankSyllable(bank, 'ni2') ?? []).length - 3200 - 80 * 2 + fade)).toBeLessThan(400);
    expect(dominantFrequency(speech.subarray(0, 2000), [300, 600])).toBe(300);
    expect(dominantFrequency(speech.subarray(speech.length - 2000), [300, 600])).toBe(600);
    await expect(loadSyllableBank('ekho-v2023', dir)).rejects.toThrow(/syllable bank ekho-v2023 not found in/);
  });

  it('speaks an unheard recording with its replacement: v2022 men5 as men2', async () => {
    const tone = (f: number, n: number) => Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * f * i) / 16000)));
    const sub = join(dir, 'unheard');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'ekho-v2022.pcm16.gz'), gzipSync(Buffer.from(Int16Array.from([...tone(300, 3200), ...tone(600, 3200)]).buffer)));
    writeFileSync(join(sub, 'ekho-v2022.json'), JSON.stringify({ sampleRate: 16000, format: 's16le', syllables: { men5: [0, 3200], men2: [3200, 3200] } }));
    const bank = await loadSyllableBank('ekho-v2022', sub);
    expect(UNHEARD_CLIPS['ekho-v2022'].men5).toBe('men2');
    expect(dominantFrequency(bankSyllable(bank, 'men5') ?? new Float32Array(), [300, 600])).toBe(600);
    expect(dominantFrequency(bankSyllable(bank, 'men2') ?? new Float32Array(), [300, 600])).toBe(600);
  });

  it('crossfadeJoin overlaps by the fade; softLimit keeps samples below full scale', () => {
    const a = new Float32Array(1000).fill(0.5);
    const b = new Float32Array(1000).fill(-0.5);
    expect(crossfadeJoin([a, b], 16_000, 8).length).toBe(2000 - 128);
    const loud = Float32Array.from([0.1, 0.7, 2, -5, 40]);
    softLimit(loud);
    expect(loud[0]).toBeCloseTo(0.1, 6);
    expect(Math.max(...loud.map(Math.abs))).toBeLessThan(1);
    expect(loud[4]).toBeGreaterThan(loud[2] as number);
  });
});
