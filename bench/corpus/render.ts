import { createHash } from 'node:crypto';
import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bankVoice, loadSyllableBank, renderCall, type CallTurn } from '../../scripts/synth/index.js';
import { CORPUS_CALLS, labelsFor, validateCorpus, type RenderedCallLabels } from './index.js';
import type { CorpusCall } from './types.js';

/** Where the rendered corpus goes by default (gitignored: the voices may not be committed). */
export const DEFAULT_CORPUS_DIR = join(import.meta.dirname, '..', '.cache', 'corpus');

/** Voice settings of the corpus: agent = ekho-v2022 bank, customer = the same bank 250 cents lower (−450 cost base 10 CER points on customer lines; −250 about 3). */
export const CORPUS_VOICES = { agentBank: 'ekho-v2022', customerBank: 'ekho-v2022', customerPitchCents: -250, tempo: 1.15 } as const;

/** Render settings: telephone band 8 kHz μ-law, normal speech at −20 dBFS, faint line hiss. */
export const CORPUS_RENDER = { format: 'tel8k', levelDb: -20, edgeMs: 700, noiseDb: -62 } as const;

export interface CorpusIndex {
  /** Hash of the call scripts and render settings: a stale cache is re-rendered. */
  corpusHash: string;
  renderedAt: string;
  calls: RenderedCallLabels[];
}

/** Hash of everything that shapes the audio and labels. */
export function corpusHash(calls: readonly CorpusCall[] = CORPUS_CALLS): string {
  return createHash('sha256').update(JSON.stringify({ calls, CORPUS_VOICES, CORPUS_RENDER, v: 1 })).digest('hex').slice(0, 16);
}

/**
 * Hash of everything that shapes one call's audio and expected findings (its id, metadata, turns
 * and whole-call labels, the render settings): kept transcripts of the call stay valid while it
 * holds. The title and the held-out flag are left out: moving a call from held-out to tuning
 * changes neither its audio nor its transcripts.
 */
export function callHash(call: CorpusCall): string {
  const { id, meta, turns, expectCall } = call;
  return createHash('sha256').update(JSON.stringify({ id, meta, turns, expectCall, CORPUS_VOICES, CORPUS_RENDER, v: 1 })).digest('hex').slice(0, 16);
}

/** Deterministic 350–900 ms pause before a turn, so turn-taking is not metronomic. */
export function defaultGapMs(callId: string, index: number): number {
  const h = createHash('md5').update(`${callId}#${index}`).digest();
  return 350 + (h.readUInt16LE(0) % 551);
}

/** The corpus script of one call in the synthesiser's shape. */
export function toCallTurns(call: CorpusCall): CallTurn[] {
  return call.turns.map((t, i) => {
    const turn: CallTurn = { speaker: t.who, text: t.text };
    if (t.gapMs !== undefined && t.gapMs < 0) turn.overlapMs = -t.gapMs;
    else turn.gapMs = t.gapMs ?? defaultGapMs(call.id, i);
    if (t.gainDb !== undefined) turn.gainDb = t.gainDb;
    return turn;
  });
}

export interface RenderCorpusOptions {
  ffmpegPath: string;
  outDir?: string;
  /** Only these call ids (default: all). */
  only?: readonly string[];
  /** Progress line per call (stderr in the CLI). */
  onProgress?: (msg: string) => void;
}

async function readIndexFile(outDir: string): Promise<CorpusIndex | undefined> {
  try {
    return JSON.parse(await readFile(join(outDir, 'labels.json'), 'utf8')) as CorpusIndex;
  } catch {
    return undefined;
  }
}

/** Reads the rendered corpus index, or undefined when absent or stale. */
export async function readCorpusIndex(outDir = DEFAULT_CORPUS_DIR): Promise<CorpusIndex | undefined> {
  const idx = await readIndexFile(outDir);
  return idx?.corpusHash === corpusHash() ? idx : undefined;
}

/**
 * Renders the corpus calls to `<outDir>/<id>.wav` (stereo, agent ch0, customer ch1) and writes
 * `<outDir>/labels.json`: per call the rendered turn times, the metadata and the expected
 * findings derived from the actual turn spans. With `only`, renders those calls and keeps the
 * already-rendered others in the index; without it, renders the calls that are new or changed
 * (their {@link callHash} differs from the one rendered) and keeps the rest.
 */
export async function renderCorpus(opts: RenderCorpusOptions): Promise<CorpusIndex> {
  validateCorpus();
  const outDir = opts.outDir ?? DEFAULT_CORPUS_DIR;
  await mkdir(outDir, { recursive: true });
  const previous = (await readIndexFile(outDir))?.calls ?? [];
  const byId = new Map(previous.map((c) => [c.callId, c]));
  const unchanged = async (call: CorpusCall): Promise<boolean> => {
    if (byId.get(call.id)?.callHash !== callHash(call)) return false;
    return access(join(outDir, `${call.id}.wav`)).then(
      () => true,
      () => false,
    );
  };
  const selected: CorpusCall[] = [];
  if (opts.only) selected.push(...CORPUS_CALLS.filter((c) => opts.only?.includes(c.id)));
  else for (const c of CORPUS_CALLS) if (!(await unchanged(c))) selected.push(c);
  if (opts.only && selected.length !== opts.only.length) {
    const unknown = opts.only.filter((id) => !CORPUS_CALLS.some((c) => c.id === id));
    throw new Error(`unknown corpus call id(s): ${unknown.join(', ')}`);
  }
  const agentBank = await loadSyllableBank(CORPUS_VOICES.agentBank);
  const customerBank = CORPUS_VOICES.customerBank === CORPUS_VOICES.agentBank ? agentBank : await loadSyllableBank(CORPUS_VOICES.customerBank);
  const voices = {
    agent: bankVoice(agentBank, { ffmpegPath: opts.ffmpegPath, tempo: CORPUS_VOICES.tempo }),
    customer: bankVoice(customerBank, { ffmpegPath: opts.ffmpegPath, tempo: CORPUS_VOICES.tempo, pitchCents: CORPUS_VOICES.customerPitchCents }),
  };
  for (const [i, call] of selected.entries()) {
    const rendered = await renderCall(toCallTurns(call), { voices, ffmpegPath: opts.ffmpegPath, ...CORPUS_RENDER });
    const audio = `${call.id}.wav`;
    await writeFile(join(outDir, audio), rendered.wav);
    byId.set(call.id, {
      callId: call.id,
      title: call.title,
      audio,
      durationMs: rendered.durationMs,
      meta: call.meta,
      turns: rendered.turns.map((t) => ({ who: t.speaker, text: t.text, startMs: t.startMs, endMs: t.endMs, ...(t.gainDb === undefined ? {} : { gainDb: t.gainDb }) })),
      expected: labelsFor(call, rendered.turns, rendered.durationMs),
      ...(call.heldOut ? { heldOut: true } : {}),
      callHash: callHash(call),
    });
    opts.onProgress?.(`[${i + 1}/${selected.length}] ${call.id} ${(rendered.durationMs / 1000).toFixed(1)} s`);
  }
  for (const call of CORPUS_CALLS) {
    const kept = byId.get(call.id);
    if (!kept) continue;
    // Title and held-out flag do not shape the audio: refresh them on calls that were not re-rendered.
    const { heldOut: _old, ...rest } = kept;
    byId.set(call.id, { ...rest, title: call.title, ...(call.heldOut ? { heldOut: true } : {}) });
  }
  const order = new Map(CORPUS_CALLS.map((c, i) => [c.id, i]));
  const calls = [...byId.values()].filter((c) => order.has(c.callId)).sort((a, b) => (order.get(a.callId) ?? 0) - (order.get(b.callId) ?? 0));
  const index: CorpusIndex = { corpusHash: corpusHash(), renderedAt: new Date().toISOString(), calls };
  await writeFile(join(outDir, 'labels.json'), `${JSON.stringify(index, null, 1)}\n`);
  return index;
}
