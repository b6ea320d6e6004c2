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
  /** The decoder's mean token log-probability over this text ({@link AsrChunk.logprob}), when known for all of it. */
  logprob?: number;
}

export interface AlignOptions {
  /** Sub-segments inside one span shorter than this are merged into their neighbour. @defaultValue 300 */
  minSubSegmentMs: number;
  /** Cost of splitting a chunk over one more span, in ms of misplaced time. @defaultValue 1000 */
  splitPenaltyMs: number;
  /** Cost of a span left without text, in ms of misplaced time. @defaultValue 500 */
  emptyPenaltyMs: number;
}

interface Part {
  text: string;
  looped: boolean;
  logprob: number | undefined;
  windowStartMs: number;
  windowEndMs: number;
}

const PUNCTUATION = /[，。？！、；：,.?!;:…\s]/u;

/**
 * The log-probability of two texts joined: their means weighted by length; unknown if either is.
 */
function joinedLogprob(a: { text: string; logprob: number | undefined }, b: { text: string; logprob: number | undefined }): number | undefined {
  if (a.logprob === undefined || b.logprob === undefined) return undefined;
  const na = Math.max(1, Array.from(a.text).length);
  const nb = Math.max(1, Array.from(b.text).length);
  return (a.logprob * na + b.logprob * nb) / (na + nb);
}

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

/** One chunk's placement: the consecutive pieces `first..last` it is spread over. */
export interface Placement {
  first: number;
  last: number;
}

/**
 * Chooses, for every chunk in order, the piece (or the consecutive pieces it straddles) it belongs
 * to, minimising over the whole window: the chunk's time outside its pieces (plus the distance to
 * them when it overlaps none), `splitPenaltyMs` per extra piece a chunk is split over, and
 * `emptyPenaltyMs` per piece left without text. Placements are monotonic (a chunk never lands
 * before the previous chunk's piece), so one badly stamped chunk cannot pull text across spans
 * out of order, and a small overhang of a chunk into the next span does not steal text from it.
 */
export function placeChunks(plan: WindowPlan, chunks: readonly AsrChunk[], options: Partial<AlignOptions> = {}): Placement[] {
  const splitPenaltyMs = options.splitPenaltyMs ?? 1000;
  const emptyPenaltyMs = options.emptyPenaltyMs ?? 500;
  const pieces = plan.pieces;
  const m = pieces.length;
  const n = chunks.length;
  if (n === 0 || m === 0) return [];
  // costsByChunk[i][j][k]: chunk i over pieces j..j+k, each of which it overlaps (k ≥ 1).
  const costsByChunk = chunks.map((c) => {
    const duration = Math.max(1, c.endMs - c.startMs);
    const overlaps = pieces.map((p) => overlapMs(c.startMs, c.endMs, p.windowStartMs, pieceWindowEndMs(p)));
    return pieces.map((p, j) => {
      const distance = c.endMs <= p.windowStartMs ? p.windowStartMs - c.endMs : Math.max(0, c.startMs - pieceWindowEndMs(p));
      const costs = [duration - overlaps[j]! + distance];
      let covered = overlaps[j]!;
      for (let k = 1; j + k < m && overlaps[j]! > 0 && overlaps[j + k]! > 0; k++) {
        covered += overlaps[j + k]!;
        costs.push(duration - covered + k * splitPenaltyMs);
      }
      return costs;
    });
  });
  // best[i][j]: min cost of chunks 0..i-1 with chunk i-1 ending on piece j (j = -1 → index 0).
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(Number.POSITIVE_INFINITY));
  const back: (Placement & { from: number })[][] = Array.from({ length: n + 1 }, () => new Array(m + 1));
  best[0]![0] = 0;
  for (let i = 0; i < n; i++) {
    for (let prev = -1; prev < m; prev++) {
      const base = best[i]![prev + 1]!;
      if (!Number.isFinite(base)) continue;
      for (let first = Math.max(0, prev); first < m; first++) {
        const skipped = Math.max(0, first - prev - 1);
        const costs = costsByChunk[i]![first]!;
        for (let k = 0; k < costs.length; k++) {
          const total = base + skipped * emptyPenaltyMs + costs[k]!;
          const last = first + k;
          if (total < best[i + 1]![last + 1]!) {
            best[i + 1]![last + 1] = total;
            back[i + 1]![last + 1] = { first, last, from: prev };
          }
        }
      }
    }
  }
  let end = 0;
  let endCost = Number.POSITIVE_INFINITY;
  for (let last = 0; last < m; last++) {
    const total = best[n]![last + 1]! + (m - 1 - last) * emptyPenaltyMs;
    if (total < endCost) {
      endCost = total;
      end = last;
    }
  }
  const placements: Placement[] = new Array(n);
  for (let i = n, at = end; i > 0; i--) {
    const step = back[i]![at + 1]!;
    placements[i - 1] = { first: step.first, last: step.last };
    at = step.from;
  }
  return placements;
}

/**
 * Maps one window's timestamped chunks onto its pieces (VAD spans) and back to recording time.
 * Chunks (in Whisper's output order) are placed on pieces in order by `placeChunks`; a chunk over several pieces is split in
 * proportion to the overlaps. A piece with one chunk yields one segment spanning the whole piece;
 * several chunks yield sub-segments cut at Whisper's boundaries, clamped inside the piece.
 */
export function alignChunksToSpans(plan: WindowPlan, chunks: readonly AsrChunk[], options: Partial<AlignOptions> = {}): AlignedText[] {
  const minSubSegmentMs = options.minSubSegmentMs ?? 300;
  const partsByPiece: Part[][] = plan.pieces.map(() => []);
  const kept = chunks.map((c) => ({ ...c, text: c.text.trim() })).filter((c) => c.text !== '');
  const placements = placeChunks(plan, kept, options);
  kept.forEach((chunk, i) => {
    const { first, last } = placements[i]!;
    const looped = chunk.looped === true;
    const logprob = chunk.logprob;
    if (first === last) {
      const p = plan.pieces[first]!;
      const inside = overlapMs(chunk.startMs, chunk.endMs, p.windowStartMs, pieceWindowEndMs(p)) > 0;
      partsByPiece[first]!.push({
        text: chunk.text,
        looped,
        logprob,
        windowStartMs: inside ? Math.max(chunk.startMs, p.windowStartMs) : p.windowStartMs,
        windowEndMs: inside ? Math.min(chunk.endMs, pieceWindowEndMs(p)) : pieceWindowEndMs(p),
      });
      return;
    }
    const range = plan.pieces.slice(first, last + 1);
    const texts = splitTextByWeights(
      chunk.text,
      range.map((p) => overlapMs(chunk.startMs, chunk.endMs, p.windowStartMs, pieceWindowEndMs(p))),
    );
    range.forEach((piece, k) => {
      const partText = texts[k]!.trim();
      if (partText === '') return;
      partsByPiece[first + k]!.push({
        text: partText,
        looped,
        logprob,
        windowStartMs: Math.max(chunk.startMs, piece.windowStartMs),
        windowEndMs: Math.min(chunk.endMs, pieceWindowEndMs(piece)),
      });
    });
  });

  const out: AlignedText[] = [];
  partsByPiece.forEach((parts, pieceIndex) => {
    if (parts.length === 0) return;
    const piece = plan.pieces[pieceIndex]!;
    // Each segment with the log-probability of its text so far (unknown once a part lacks one).
    const segments: { seg: AlignedText; logprob: number | undefined }[] = [];
    const absorb = (into: (typeof segments)[number], from: { text: string; looped?: boolean | undefined; logprob: number | undefined }) => {
      into.logprob = joinedLogprob({ text: into.seg.textRaw, logprob: into.logprob }, from);
      into.seg.textRaw += from.text;
      if (from.looped) into.seg.looped = true;
    };
    for (const part of parts) {
      const prev = segments.at(-1);
      const startMs = prev
        ? Math.max(prev.seg.startMs, Math.min(piece.sourceEndMs, windowToSourceMs(plan, part.windowStartMs)))
        : piece.sourceStartMs;
      if (prev && startMs - prev.seg.startMs < minSubSegmentMs) {
        absorb(prev, part);
        continue;
      }
      if (prev) prev.seg.endMs = startMs;
      segments.push({
        seg: { startMs, endMs: piece.sourceEndMs, textRaw: part.text, pieceIndex, ...(part.looped ? { looped: true } : {}) },
        logprob: part.logprob,
      });
    }
    const last = segments.at(-1);
    if (last && last.seg.endMs - last.seg.startMs < minSubSegmentMs && segments.length > 1) {
      segments.pop();
      const before = segments.at(-1)!;
      absorb(before, { text: last.seg.textRaw, looped: last.seg.looped, logprob: last.logprob });
      before.seg.endMs = last.seg.endMs;
    }
    for (const { seg, logprob } of segments) out.push(logprob === undefined ? seg : { ...seg, logprob });
  });
  return out;
}
