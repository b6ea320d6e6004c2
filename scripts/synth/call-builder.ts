import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Category } from '../../core/domain/report.js';
import { applyGainDb, normalizeSpeech, softLimit } from './dsp.js';
import { VOICE_RATE, type Voice } from './espeak.js';
import { runCollect, toF32le } from './process.js';
import { writeWav } from './wav.js';

/** What a turn should make the analysis find (ground truth for tests, benchmarks, examples). */
export interface TurnLabel {
  category: Category;
  /** A finer rule id, e.g. `contact_list.forbidden_word`. */
  ruleId?: string;
  /** The phrase in the turn that carries the finding. */
  evidence?: string;
}

export interface CallTurn {
  speaker: 'agent' | 'customer';
  text: string;
  /** Absolute start in the call. Default: after the previous turn, plus the gap. */
  startMs?: number;
  /** Start this many ms before the previous turn ends (over-talk). Ignored when `startMs` is set. */
  overlapMs?: number;
  /** Silence before this turn (after the previous one ends). @defaultValue RenderCallOptions.gapMs */
  gapMs?: number;
  /** Level change against the normal speech level (`levelDb`). @defaultValue 0 */
  gainDb?: number;
  /** Shouted: +12 dB toward clipping with a soft limiter (on top of `gainDb`). */
  shout?: boolean;
  label?: TurnLabel;
}

export interface RenderedTurn extends CallTurn {
  index: number;
  /** Channel the turn was rendered on (agent 0, customer 1). */
  channel: 0 | 1;
  /** Actual speech bounds in the call, integer ms. */
  startMs: number;
  endMs: number;
}

export interface RenderCallOptions {
  voices: { agent: Voice; customer: Voice };
  ffmpegPath: string;
  /**
   * `wav16k`: stereo PCM16 16 kHz; `tel8k`: stereo μ-law 8 kHz, band-limited to 300–3400 Hz;
   * `mulaw16k`: stereo μ-law 16 kHz, full band (wideband "HD voice" line, half the size of PCM16).
   * @defaultValue 'tel8k'
   */
  format?: CallFormat;
  /** Speech level of a normal turn, dBFS (RMS over active speech). @defaultValue -20 */
  levelDb?: number;
  /** Default silence between turns. @defaultValue 500 */
  gapMs?: number;
  /** Silence before the first turn and after the last. @defaultValue 600 */
  edgeMs?: number;
  /** Level of a faint background noise on both channels (line hiss), dBFS; none when undefined. */
  noiseDb?: number;
}

/** Encodings {@link renderCall} can write. */
export type CallFormat = 'wav16k' | 'tel8k' | 'mulaw16k';

export interface RenderedCall {
  /** The encoded WAV file (stereo: agent on channel 0, customer on channel 1). */
  wav: Buffer;
  format: CallFormat;
  durationMs: number;
  turns: RenderedTurn[];
  /** The 16 kHz mix before encoding: [agent, customer]. */
  channels: [Float32Array, Float32Array];
}

/** Gain of a shouted turn over normal speech, dB. */
export const SHOUT_GAIN_DB = 12;

/**
 * Renders a scripted two-party call: each turn is spoken by its speaker's voice, levelled to
 * `levelDb` (shouted turns pushed +12 dB into a soft limiter), and placed on its channel at the
 * time the script asks (after the previous turn plus a gap, at an absolute `startMs`, or
 * `overlapMs` before the previous turn ends, for over-talk). Returns the encoded WAV and each
 * turn's actual `startMs`/`endMs`, so labels carry real time spans.
 *
 * @example
 * const call = await renderCall([{ speaker: 'agent', text: '您好，请问是张先生吗？' }, { speaker: 'customer', text: '是我。' }],
 *   { voices: { agent: espeakVoice(ESPEAK_AGENT, o), customer: espeakVoice(ESPEAK_CUSTOMER, o) }, ffmpegPath });
 */
export async function renderCall(script: readonly CallTurn[], opts: RenderCallOptions): Promise<RenderedCall> {
  const levelDb = opts.levelDb ?? -20;
  const edgeMs = opts.edgeMs ?? 600;
  const turns: RenderedTurn[] = [];
  const audio: Float32Array[] = [];
  let prevEndMs = edgeMs;
  let first = true;
  for (const [index, turn] of script.entries()) {
    const voice = turn.speaker === 'agent' ? opts.voices.agent : opts.voices.customer;
    const samples = await voice(turn.text);
    if (samples.length === 0) throw new Error(`turn ${index}: "${turn.text}" produced no speech`);
    normalizeSpeech(samples, VOICE_RATE, levelDb);
    applyGainDb(samples, (turn.gainDb ?? 0) + (turn.shout ? SHOUT_GAIN_DB : 0));
    if (turn.shout || (turn.gainDb ?? 0) > 0) softLimit(samples);
    const startMs =
      turn.startMs ??
      (turn.overlapMs !== undefined ? Math.max(0, prevEndMs - turn.overlapMs) : first ? edgeMs : prevEndMs + (turn.gapMs ?? opts.gapMs ?? 500));
    const endMs = startMs + Math.round((samples.length * 1000) / VOICE_RATE);
    turns.push({ ...turn, index, channel: turn.speaker === 'agent' ? 0 : 1, startMs, endMs });
    audio.push(samples);
    prevEndMs = Math.max(prevEndMs, endMs);
    first = false;
  }
  const totalMs = Math.max(...turns.map((t) => t.endMs)) + edgeMs;
  const length = Math.ceil((totalMs * VOICE_RATE) / 1000);
  const channels: [Float32Array, Float32Array] = [new Float32Array(length), new Float32Array(length)];
  turns.forEach((t, i) => {
    const dest = channels[t.channel];
    const src = audio[i] as Float32Array;
    const offset = Math.round((t.startMs * VOICE_RATE) / 1000);
    for (let k = 0; k < src.length; k++) dest[offset + k] = (dest[offset + k] as number) + (src[k] as number);
  });
  if (opts.noiseDb !== undefined) addNoise(channels, opts.noiseDb);
  const format = opts.format ?? 'tel8k';
  const wav =
    format === 'wav16k'
      ? writeWav({ sampleRate: VOICE_RATE, channels })
      : format === 'mulaw16k'
        ? await encodeMulaw16k(opts.ffmpegPath, channels)
        : await encodeTelephone(opts.ffmpegPath, channels);
  return { wav, format, durationMs: Math.round((length * 1000) / VOICE_RATE), turns, channels };
}

/** Deterministic white noise at `levelDb` dBFS RMS, added to every channel. */
function addNoise(channels: Float32Array[], levelDb: number): void {
  const amp = 10 ** (levelDb / 20) * Math.sqrt(3);
  let seed = 12345;
  for (const ch of channels) {
    for (let i = 0; i < ch.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      ch[i] = (ch[i] as number) + amp * (2 * (seed / 2147483648) - 1);
    }
  }
}

/**
 * Stereo 16 kHz float → telephone WAV: band-limited 300–3400 Hz, resampled to 8 kHz (soxr) and
 * μ-law encoded by ffmpeg. Written through a temporary file so the WAV header carries real sizes.
 */
export function encodeTelephone(ffmpegPath: string, channels: readonly [Float32Array, Float32Array]): Promise<Buffer> {
  const filter = 'highpass=f=300:poles=2,highpass=f=300:poles=2,lowpass=f=3400:poles=2,lowpass=f=3400:poles=2,aresample=8000:resampler=soxr:precision=28';
  return encodeMulaw(ffmpegPath, channels, filter, 8000);
}

/** Stereo 16 kHz float → stereo μ-law WAV at 16 kHz, no filtering (a wideband line). */
export function encodeMulaw16k(ffmpegPath: string, channels: readonly [Float32Array, Float32Array]): Promise<Buffer> {
  return encodeMulaw(ffmpegPath, channels, 'anull', VOICE_RATE);
}

async function encodeMulaw(ffmpegPath: string, channels: readonly [Float32Array, Float32Array], filter: string, outRate: number): Promise<Buffer> {
  const [l, r] = channels;
  const interleaved = new Float32Array(l.length * 2);
  for (let i = 0; i < l.length; i++) {
    interleaved[2 * i] = l[i] as number;
    interleaved[2 * i + 1] = r[i] as number;
  }
  const dir = await mkdtemp(join(tmpdir(), 'callqa-synth-'));
  try {
    const out = join(dir, 'call.wav');
    await runCollect(ffmpegPath, ['-hide_banner', '-v', 'error', '-f', 'f32le', '-ar', String(VOICE_RATE), '-ac', '2', '-i', 'pipe:0', '-af', filter, '-ar', String(outRate), '-c:a', 'pcm_mulaw', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact', '-y', out], toF32le(interleaved));
    return await readFile(out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
