import { concatSamples, silence, trimSilence } from './dsp.js';
import { textToPinyin, type SpeechToken } from './pinyin.js';
import { resample, runCollect } from './process.js';
import { readWav } from './wav.js';

/** Output rate of every synthesised voice. */
export const VOICE_RATE = 16_000;

/** Text → 16 kHz mono float32 speech, trimmed of leading and trailing silence. */
export type Voice = (text: string) => Promise<Float32Array>;

/** An espeak-ng voice reading tone-numbered pinyin (`cmn-latn-pinyin`). */
export interface EspeakVoice {
  /** @defaultValue 'cmn-latn-pinyin' */
  voice?: string;
  /** espeak-ng variant, e.g. `f2` (female), `m3`; appended as `voice+variant`. */
  variant?: string;
  /** 0–99 @defaultValue 50 */
  pitch?: number;
  /** words (here: syllables) per minute @defaultValue 175 */
  speed?: number;
  /** 0–200 @defaultValue 100 */
  amplitude?: number;
  /** Extra pause between words (here: syllables), in units of 10 ms (`-g`). @defaultValue 0 */
  wordGap?: number;
}

/**
 * Agent: the default male voice at default pitch and speed (the most intelligible setting to
 * whisper-base among those tried: lower pitch or other speeds raised its CER from 0.50 to 0.8+).
 */
export const ESPEAK_AGENT: EspeakVoice = { pitch: 50, speed: 175 };
/** Customer: the female variant `f2`, higher pitched and a little slower; clearly distinct. */
export const ESPEAK_CUSTOMER: EspeakVoice = { variant: 'f2', pitch: 65, speed: 170 };

export interface SynthOptions {
  ffmpegPath: string;
  /** @defaultValue 'espeak-ng' */
  espeakPath?: string;
}

/**
 * Speaks Chinese text with Debian's espeak-ng `cmn-latn-pinyin` voice fed tone-numbered pinyin
 * ({@link textToPinyin}): each pause-delimited phrase is synthesised separately (`-z`, no final
 * pause), trimmed, and joined with the punctuation pauses; the result is resampled to 16 kHz by
 * ffmpeg (soxr). Robotic but recognisable Mandarin.
 */
export async function synthesizeEspeak(text: string, voice: EspeakVoice, opts: SynthOptions): Promise<Float32Array> {
  const phrases = splitPhrases(textToPinyin(text));
  if (phrases.length === 0) return new Float32Array(0);
  let rate = 0;
  const parts: Float32Array[] = [];
  for (const { syllables, pauseMs } of phrases) {
    const name = `${voice.voice ?? 'cmn-latn-pinyin'}${voice.variant ? `+${voice.variant}` : ''}`;
    const args = ['-v', name, '-p', String(voice.pitch ?? 50), '-s', String(voice.speed ?? 175), '-a', String(voice.amplitude ?? 100), ...(voice.wordGap ? ['-g', String(voice.wordGap)] : []), '-z', '--stdout', syllables.join(' ')];
    const wav = readWav(await runCollect(opts.espeakPath ?? 'espeak-ng', args));
    rate = wav.sampleRate;
    parts.push(trimSilence(wav.channels[0] ?? new Float32Array(0), rate, 45, 5));
    if (pauseMs > 0) parts.push(silence(pauseMs, rate));
  }
  // The final pause belongs to the turn gap, not to the speech.
  if (phrases.at(-1)?.pauseMs) parts.pop();
  return resample(opts.ffmpegPath, concatSamples(parts), rate, VOICE_RATE);
}

/** A {@link Voice} speaking with espeak-ng. */
export function espeakVoice(voice: EspeakVoice, opts: SynthOptions): Voice {
  return (text) => synthesizeEspeak(text, voice, opts);
}

/** Groups tokens into phrases of syllables, each with the pause that follows it. */
export function splitPhrases(tokens: readonly SpeechToken[]): { syllables: string[]; chars: string; pauseMs: number }[] {
  const phrases: { syllables: string[]; chars: string; pauseMs: number }[] = [];
  let current: string[] = [];
  let chars = '';
  for (const t of tokens) {
    if (t.kind === 'syllable') {
      current.push(t.syllable);
      chars += t.char;
    } else if (current.length > 0) {
      phrases.push({ syllables: current, chars, pauseMs: t.ms });
      current = [];
      chars = '';
    }
  }
  if (current.length > 0) phrases.push({ syllables: current, chars, pauseMs: 0 });
  return phrases;
}
