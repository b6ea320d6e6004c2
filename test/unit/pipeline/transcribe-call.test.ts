import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRuntimeConfig, type RuntimeConfig } from '../../../core/config/runtime.js';
import { callIdFor, createSpeechEngine, transcribeCall, type SpeechEngine } from '../../../core/pipeline/transcribe-call.js';
import type { TranscriptSegment } from '../../../core/domain/transcript.js';
import { ffmpegPath, sharedPath } from '../../model/fixtures.js';

// Real Silero VAD + whisper-tiny on real Mandarin speech (../shared/audio-zh).
const SHORT_CLIP = sharedPath('audio-zh/fireredasr/BAC009S0764W0121.wav'); // 4.2 s, 甚至出现交易几乎停滞的情况
const SHORT_REF = '甚至出现交易几乎停滞的情况';
const OTHER_CLIP = sharedPath('audio-zh/fireredasr/IT0011W0001.wav'); // 2.0 s, 换一首歌

const HAN = /\p{Script=Han}/u;
let dir: string;
let runtime: RuntimeConfig;
let engine: SpeechEngine;

function sharedChars(text: string, ref: string): number {
  return Array.from(new Set(ref)).filter((c) => text.includes(c)).length;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'callqa-transcribe-'));
  runtime = loadRuntimeConfig({}, { whisperModel: 'tiny', asrThreads: 2 });
  engine = await createSpeechEngine(runtime);
});
afterAll(async () => {
  await engine?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('transcribeCall (Silero + whisper-tiny)', () => {
  it('transcribes a mono clip into VAD-anchored, normalised Chinese segments', async () => {
    const stages: string[] = [];
    const t = await transcribeCall({ path: SHORT_CLIP }, {}, { runtime, engine, onProgress: (p) => stages.push(p.stage) });
    expect(t.callId).toBe('BAC009S0764W0121');
    expect(t.asrModel).toBe('whisper-tiny-q8');
    expect(t.durationMs).toBeGreaterThan(4100);
    expect(t.durationMs).toBeLessThan(4300);
    expect(t.segments.length).toBeGreaterThanOrEqual(1);
    const text = t.segments.map((s) => s.text).join('');
    expect(text).toMatch(HAN);
    // tiny's CER here is high; still, most of the reference characters must be heard.
    expect(sharedChars(text, SHORT_REF)).toBeGreaterThanOrEqual(8);
    const spans = t.activity?.unknown ?? [];
    expect(spans.length).toBeGreaterThanOrEqual(1);
    for (const s of t.segments) {
      expect(s.speaker).toBe('unknown');
      expect(s.speakerInferred).toBeUndefined();
      expect(s.startMs).toBeGreaterThanOrEqual(0);
      expect(s.endMs).toBeLessThanOrEqual(t.durationMs);
      expect(s.endMs).toBeGreaterThan(s.startMs);
      // VAD-anchored: every segment lies inside a VAD span.
      expect(spans.some((v) => v.startMs <= s.startMs && s.endMs <= v.endMs)).toBe(true);
      expect(s.trusted).toBe(true);
      expect(s.textRaw).toBeDefined();
      expect(s.loudnessDb).toBeGreaterThan(-50);
      expect(s.peakLoudnessDb).toBeGreaterThanOrEqual(s.loudnessDb!);
      // The decoder's confidence in the words, tied to the segment's own tokens.
      expect(s.asrLogprob).toBeLessThanOrEqual(0);
      expect(s.asrLogprob).toBeGreaterThan(-3);
    }
    // The clip's speech starts ≈ 0.4 s in and ends ≈ 3.9 s.
    expect(Math.abs(t.segments[0]!.startMs - 400)).toBeLessThan(500);
    expect(Math.abs(t.segments.at(-1)!.endMs - 3900)).toBeLessThan(500);
    expect(stages[0]).toBe('decode');
    expect(stages.at(-1)).toBe('done');
  });

  it('puts agent (left) and customer (right) speech at their times on a stereo call', async () => {
    // Left: 换一首歌 from 0.5 s (speech ≈ 0.7–2.3 s); right: the 4.2 s clip from 4 s (speech ≈ 4.4–7.9 s).
    const stereo = join(dir, 'stereo-call.wav');
    execFileSync(ffmpegPath, [
      '-v', 'error', '-y', '-i', OTHER_CLIP, '-i', SHORT_CLIP,
      '-filter_complex', '[0]adelay=500,apad,atrim=0:9[l];[1]adelay=4000,apad,atrim=0:9[r];[l][r]join=inputs=2:channel_layout=stereo[a]',
      '-map', '[a]', stereo,
    ]);
    const t = await transcribeCall({ path: stereo }, { callId: 'c-stereo', channels: { agent: 0, customer: 1 } }, { runtime, engine });
    expect(t.callId).toBe('c-stereo');
    const agent = t.segments.filter((s) => s.speaker === 'agent');
    const customer = t.segments.filter((s) => s.speaker === 'customer');
    expect(agent.length).toBeGreaterThanOrEqual(1);
    expect(customer.length).toBeGreaterThanOrEqual(1);
    const within = (segs: TranscriptSegment[], fromMs: number, toMs: number): void => {
      for (const s of segs) {
        expect(s.startMs).toBeGreaterThanOrEqual(fromMs - 500);
        expect(s.endMs).toBeLessThanOrEqual(toMs + 500);
      }
    };
    within(agent, 700, 2300);
    within(customer, 4400, 7900);
    expect(Math.abs(agent[0]!.startMs - 700)).toBeLessThan(500);
    expect(Math.abs(customer[0]!.startMs - 4400)).toBeLessThan(500);
    expect(agent.every((s) => s.channel === 0) && customer.every((s) => s.channel === 1)).toBe(true);
    expect(sharedChars(customer.map((s) => s.text).join(''), SHORT_REF)).toBeGreaterThanOrEqual(8);
    expect(t.activity?.agent?.length).toBeGreaterThanOrEqual(1);
    expect(t.activity?.customer?.length).toBeGreaterThanOrEqual(1);
    expect(t.activity?.unknown).toBeUndefined();
    // Sorted by start time.
    const starts = t.segments.map((s) => s.startMs);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('keeps each utterance with its own span when several share one Whisper window', async () => {
    // Three clips on one channel at 0.5 s, 6 s and 12.5 s: packed into a single window.
    const three = join(dir, 'three-utterances.wav');
    const clips = [
      { path: SHORT_CLIP, atMs: 500, ref: SHORT_REF },
      { path: sharedPath('audio-zh/wenet/gpu-mid.wav'), atMs: 6000, ref: '大学生利用漏洞免费吃肯德基获刑' },
      { path: sharedPath('audio-zh/wenet/aishell-BAC009S0724W0121.wav'), atMs: 12_500, ref: '广州市房地产中介协会分析' },
    ];
    execFileSync(ffmpegPath, [
      '-v', 'error', '-y', ...clips.flatMap((c) => ['-i', c.path]),
      '-filter_complex', `${clips.map((c, i) => `[${i}]adelay=${c.atMs},apad,atrim=0:18[c${i}]`).join(';')};[c0][c1][c2]amix=inputs=3,volume=3[m]`,
      '-map', '[m]', three,
    ]);
    const t = await transcribeCall({ path: three }, {}, { runtime, engine });
    expect(t.activity?.unknown).toHaveLength(3);
    for (const [i, clip] of clips.entries()) {
      const endMs = clips[i + 1]?.atMs ?? 18_000;
      const text = t.segments.filter((s) => s.startMs >= clip.atMs && s.endMs <= endMs).map((s) => s.text).join('');
      // Most of each clip's characters in its own time range (tiny gets ≈ 60–90 % right here).
      expect(sharedChars(text, clip.ref)).toBeGreaterThanOrEqual(Math.ceil(new Set(clip.ref).size / 2));
    }
  });

  it('yields no segments for a silent recording', async () => {
    const silent = join(dir, 'silence.wav');
    execFileSync(ffmpegPath, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '3', '-c:a', 'pcm_mulaw', silent]);
    const t = await transcribeCall({ path: silent }, {}, { runtime, engine });
    expect(t.segments).toEqual([]);
    expect(t.activity).toEqual({ unknown: [] });
  });

  it('rejects a channel map the recording cannot satisfy', async () => {
    await expect(transcribeCall({ path: SHORT_CLIP }, { channels: { agent: 0, customer: 1 } }, { runtime, engine })).rejects.toMatchObject({
      code: 'CALLQA_AUDIO_CHANNELS_MISMATCH',
    });
  });
});

describe('callIdFor', () => {
  it('prefers meta.callId, else the file name without extension', () => {
    expect(callIdFor({ path: '/x/y/c-1.mp3' }, {})).toBe('c-1');
    expect(callIdFor({ buffer: Buffer.alloc(1), name: 'upload.call.wav' }, {})).toBe('upload.call');
    expect(callIdFor({ path: '/x/c-1.mp3' }, { callId: 'given' })).toBe('given');
  });
});
