import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { concatSamples, crossfadeJoin, silence, trimSilence } from './dsp.js';
import { VOICE_RATE, splitPhrases, type Voice } from './espeak.js';
import { textToPinyin } from './pinyin.js';
import { ffmpegFilter, pitchShift } from './process.js';

/**
 * The recorded syllable banks in `../shared/tts` (Ekho data, GPL-2.0+ / non-commercial). For tests
 * and benchmarks only: never commit them, or audio made from them.
 */
export const BANK_NAMES = ['ekho-v2022', 'ekho-v2023'] as const;
export type BankName = (typeof BANK_NAMES)[number];

export interface SyllableBank {
  name: BankName;
  sampleRate: typeof VOICE_RATE;
  pcm: Int16Array;
  /** `ni3` → [sampleOffset, sampleCount] into `pcm`. */
  syllables: ReadonlyMap<string, readonly [number, number]>;
}

/** `<repo>/../shared/tts`, resolved from this file's location (not the working directory). */
export function sharedTtsDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'tts');
}

/** True when the bank files are present (tests that need them can say why they cannot run). */
export function syllableBankAvailable(name: BankName, dir = sharedTtsDir()): boolean {
  return existsSync(join(dir, `${name}.json`)) && existsSync(join(dir, `${name}.pcm16.gz`));
}

/** Loads a bank (gunzipped PCM + JSON index); throws a clear error when the files are absent. */
export async function loadSyllableBank(name: BankName, dir = sharedTtsDir()): Promise<SyllableBank> {
  if (!syllableBankAvailable(name, dir)) {
    throw new Error(`syllable bank ${name} not found in ${dir} (expected ${name}.json and ${name}.pcm16.gz from ../shared/tts next to the repository)`);
  }
  const index = JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')) as { sampleRate: number; format: string; syllables: Record<string, [number, number]> };
  if (index.sampleRate !== VOICE_RATE || index.format !== 's16le') throw new Error(`syllable bank ${name}: expected s16le at 16000 Hz, got ${index.format} at ${index.sampleRate}`);
  const raw = gunzipSync(await readFile(join(dir, `${name}.pcm16.gz`)));
  const pcm = new Int16Array(raw.length / 2);
  for (let i = 0; i < pcm.length; i++) pcm[i] = raw.readInt16LE(2 * i);
  return { name, sampleRate: VOICE_RATE, pcm, syllables: new Map(Object.entries(index.syllables)) };
}

export interface BankVoiceOptions {
  ffmpegPath: string;
  /** Pitch shift in cents, duration kept (e.g. −450 for a lower second voice). @defaultValue 0 */
  pitchCents?: number;
  /** Crossfade between syllables, 5–12 ms. @defaultValue 8 */
  crossfadeMs?: number;
  /** Speed factor (1.2 = 20 % faster), by ffmpeg atempo. @defaultValue 1.15 */
  tempo?: number;
}

/**
 * Recordings a recogniser does not hear as their syllable, with the tone spoken instead. v2022's
 * neutral 们 (men5) comes out of whisper-base as 等 or 的 (我们 → 我等, 你们 → 你的): 们 was never
 * heard in the corpus until 2026-11-23, while men2 is heard as 們 (checked with whisper-base on
 * 我们是受银行委托的公司 / 我们就联系你们单位的领导 / 你们家里人得管管他).
 */
export const UNHEARD_CLIPS: Readonly<Record<BankName, Readonly<Record<string, string>>>> = {
  'ekho-v2022': { men5: 'men2' },
  'ekho-v2023': {},
};

/**
 * The samples for one tone syllable, trimmed of silence. Falls back to the neutral tone, then
 * tones 1–4, when the bank lacks the exact tone; undefined when it lacks the syllable entirely.
 * {@link UNHEARD_CLIPS} are replaced first.
 */
export function bankSyllable(bank: SyllableBank, wanted: string): Float32Array | undefined {
  const syllable = UNHEARD_CLIPS[bank.name][wanted] ?? wanted;
  const base = syllable.replace(/[1-5]$/, '');
  for (const key of [syllable, `${base}5`, `${base}1`, `${base}2`, `${base}4`, `${base}3`]) {
    const entry = bank.syllables.get(key);
    if (!entry) continue;
    const [offset, count] = entry;
    const clip = new Float32Array(count);
    for (let i = 0; i < count; i++) clip[i] = (bank.pcm[offset + i] as number) / 32768;
    return trimSilence(clip, bank.sampleRate, 40, 5);
  }
  return undefined;
}

/**
 * Speaks Chinese text with a syllable bank: {@link textToPinyin} (domain readings, 3-3 sandhi,
 * numbers), one trimmed recording per syllable joined with a short crossfade, punctuation pauses,
 * then tempo and pitch adjusted by ffmpeg. Syllables missing from the bank become a 120 ms gap.
 */
export async function synthesizeWithBank(text: string, bank: SyllableBank, opts: BankVoiceOptions): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for (const phrase of splitPhrases(textToPinyin(text))) {
    const clips = phrase.syllables.map((s) => bankSyllable(bank, s) ?? silence(120, bank.sampleRate));
    parts.push(crossfadeJoin(clips, bank.sampleRate, opts.crossfadeMs ?? 8));
    if (phrase.pauseMs > 0) parts.push(silence(phrase.pauseMs, bank.sampleRate));
  }
  if (parts.length > 1 && parts.at(-1)?.every((v) => v === 0)) parts.pop();
  let out = concatSamples(parts);
  if (out.length === 0) return out;
  const tempo = opts.tempo ?? 1.15;
  if (tempo !== 1) out = await ffmpegFilter(opts.ffmpegPath, out, bank.sampleRate, `atempo=${tempo}`, bank.sampleRate);
  return pitchShift(opts.ffmpegPath, out, bank.sampleRate, opts.pitchCents ?? 0);
}

/** A {@link Voice} speaking with a syllable bank. */
export function bankVoice(bank: SyllableBank, opts: BankVoiceOptions): Voice {
  return (text) => synthesizeWithBank(text, bank, opts);
}
