import type { AsrChunk } from './whisper.js';
import { pieceWindowEndMs, windowToSourceMs, type WindowPlan } from './windows.js';

/**
 * Anchoring Whisper's text on VAD speech. Whisper's chunk timestamps drift by seconds on call
 * audio, while the VAD spans are accurate to a frame; so segment times come from the spans, and
 * Whisper's timestamps only decide which span a chunk belongs to and where to cut inside a span.
 */

/** Recognised text placed on the recording's timeline. */
export interface AlignedText {
  startMs: number;
  endMs: number;
  textRaw: string;
  /** Index of the window piece (VAD span) the text lies in. */
  pieceIndex: number;
  /** Some of the text came from a looping decoder (chunks flagged `looped`). */
  looped?: boolean;
}

export interface AlignOptions {
  /** Sub-segments inside one span shorter than this are merged into their neighbour. @defaultValue 300 */
  minSubSegmentMs: number;
}

interface Part {
  text: string;
  looped: boolean;
  windowStartMs: number;
  windowEndMs: number;
}

const PUNCTUATION = /[，。？！、；：,.?!;:…\s]/u;

function overlapMs(aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  return Math.max(0, Math.min(aEnd, bEnd) - Math.max(aStart, bStart));
}

/** Splits `text` into parts proportional to `weights`, preferring cuts right after punctuation. */
export function splitTextByWeights(text: string, weights: readonly number[]): string[] {
  const chars = Array.from(text);
  const total = weights.reduce((a, w) => a + w, 0);
  const cuts: number[] = [];
  let acc = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    acc += weights[i]!;
    let cut = Math.round((acc / total) * chars.length);
    for (let d = 0; d <= 3; d++) {
      if (cut - d > 0 && PUNCTUATION.test(chars[cut - d - 1] ?? '')) {
        cut -= d;
        break;
      }
      if (cut + d < chars.length && PUNCTUATION.test(chars[cut + d - 1] ?? '')) {
        cut += d;
        break;
      }
    }
    cuts.push(Math.max(cuts.at(-1) ?? 0, Math.min(chars.length, cut)));
  }
  const parts: string[] = [];
  let from = 0;
  for (const cut of [...cuts, chars.length]) {
    parts.push(chars.slice(from, cut).join(''));
    from = cut;
  }
  return parts;
}

/**
 * Maps one window's timestamped chunks onto its pieces (VAD spans) and back to recording time.
 * Each chunk goes to the piece(s) it overlaps; a chunk over several pieces is split in proportion
 * to the overlaps; a chunk over no piece (drifted into a gap) goes to the nearest one. A piece
 * with one chunk yields one segment spanning the whole piece; several chunks yield sub-segments
 * cut at Whisper's boundaries, clamped inside the piece.
 */
export function alignChunksToSpans(plan: WindowPlan, chunks: readonly AsrChunk[], options: Partial<AlignOptions> = {}): AlignedText[] {
  const minSubSegmentMs = options.minSubSegmentMs ?? 300;
  const partsByPiece: Part[][] = plan.pieces.map(() => []);
  for (const chunk of chunks) {
    const text = chunk.text.trim();
    if (text === '') continue;
    const overlaps = plan.pieces.map((p) => overlapMs(chunk.startMs, chunk.endMs, p.windowStartMs, pieceWindowEndMs(p)));
    const hit = overlaps.flatMap((o, i) => (o > 0 ? [i] : []));
    if (hit.length === 0) {
      const mid = (chunk.startMs + chunk.endMs) / 2;
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      plan.pieces.forEach((p, i) => {
        const d = mid < p.windowStartMs ? p.windowStartMs - mid : Math.max(0, mid - pieceWindowEndMs(p));
        if (d < bestDistance) {
          bestDistance = d;
          best = i;
        }
      });
      const p = plan.pieces[best]!;
      partsByPiece[best]!.push({ text, looped: chunk.looped === true, windowStartMs: p.windowStartMs, windowEndMs: pieceWindowEndMs(p) });
      continue;
    }
    const texts = hit.length === 1 ? [text] : splitTextByWeights(text, hit.map((i) => overlaps[i]!));
    hit.forEach((pieceIndex, k) => {
      const piece = plan.pieces[pieceIndex]!;
      const partText = texts[k]!.trim();
      if (partText === '') return;
      partsByPiece[pieceIndex]!.push({
        text: partText,
        looped: chunk.looped === true,
        windowStartMs: Math.max(chunk.startMs, piece.windowStartMs),
        windowEndMs: Math.min(chunk.endMs, pieceWindowEndMs(piece)),
      });
    });
  }

  const out: AlignedText[] = [];
  partsByPiece.forEach((parts, pieceIndex) => {
    if (parts.length === 0) return;
    const piece = plan.pieces[pieceIndex]!;
    parts.sort((a, b) => a.windowStartMs - b.windowStartMs);
    const segments: AlignedText[] = [];
    for (const part of parts) {
      const prev = segments.at(-1);
      const startMs = prev ? Math.max(prev.startMs, Math.min(piece.sourceEndMs, windowToSourceMs(plan, part.windowStartMs))) : piece.sourceStartMs;
      if (prev && startMs - prev.startMs < minSubSegmentMs) {
        prev.textRaw += part.text;
        if (part.looped) prev.looped = true;
        continue;
      }
      if (prev) prev.endMs = startMs;
      segments.push({ startMs, endMs: piece.sourceEndMs, textRaw: part.text, pieceIndex, ...(part.looped ? { looped: true } : {}) });
    }
    const last = segments.at(-1);
    if (last && last.endMs - last.startMs < minSubSegmentMs && segments.length > 1) {
      segments.pop();
      const before = segments.at(-1)!;
      before.textRaw += last.textRaw;
      before.endMs = last.endMs;
      if (last.looped) before.looped = true;
    }
    out.push(...segments);
  });
  return out;
}
