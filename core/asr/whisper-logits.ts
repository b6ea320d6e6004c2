import { LogitsProcessor, type Tensor } from '@huggingface/transformers';

/**
 * Logits processors for Whisper decoding (transformers.js). Each one edits the next-token logits
 * of every batch row in place; they run after transformers.js' own Whisper timestamp rules.
 */

function rowLogits(logits: Tensor, row: number): Float32Array {
  return (logits as unknown as Tensor[])[row]!.data as Float32Array;
}

function forceEos(logits: Tensor, row: number, eos: number): void {
  const data = rowLogits(logits, row);
  data.fill(Number.NEGATIVE_INFINITY);
  data[eos] = 0;
}

/**
 * Whisper often ends its output (end-of-text) after the first few timestamped segments of a
 * 30 s window, leaving the rest untranscribed (transformers.js then re-encodes from the last
 * timestamp, which doubles the cost). VAD told us the window is speech up to its end, so
 * end-of-text is forbidden until a row's latest timestamp reaches `minEndToken[row]`; the
 * timestamp rules then make the model open the next segment instead.
 */
export class EarlyEndGuard extends LogitsProcessor {
  private readonly eos: number;
  private readonly timestampBegin: number;
  private readonly minEndToken: readonly number[];

  constructor(eos: number, timestampBegin: number, minEndToken: readonly number[]) {
    super();
    this.eos = eos;
    this.timestampBegin = timestampBegin;
    this.minEndToken = minEndToken;
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    for (let i = 0; i < inputIds.length; i++) {
      const ids = inputIds[i]!;
      if (Number(ids.at(-1)) === this.eos) continue;
      let latest = 0;
      for (const id of ids) {
        const n = Number(id);
        if (n >= this.timestampBegin && n > latest) latest = n;
      }
      if (latest < (this.minEndToken[i] ?? 0)) {
        rowLogits(logits, i)[this.eos] = Number.NEGATIVE_INFINITY;
      }
    }
    return logits;
  }
}

/**
 * Ends a row that has fallen into a loop: when its text tokens (timestamps ignored, since a loop
 * often re-stamps every repeat) end with one token repeated `maxTokenRun` times or a unit of 2–12
 * tokens repeated `maxUnitRepeats` times, end-of-text is forced. This bounds the cost of a loop
 * (otherwise decoding runs to `max_new_tokens`); the repeats already emitted stay in the text,
 * where the trust check marks them as runaway repetition.
 */
export class LoopStopper extends LogitsProcessor {
  private readonly eos: number;
  private readonly timestampBegin: number;
  private readonly promptLength: number;
  private readonly maxTokenRun: number;
  private readonly maxUnitRepeats: number;

  constructor(eos: number, timestampBegin: number, promptLength: number, maxTokenRun = 10, maxUnitRepeats = 5) {
    super();
    this.eos = eos;
    this.timestampBegin = timestampBegin;
    this.promptLength = promptLength;
    this.maxTokenRun = maxTokenRun;
    this.maxUnitRepeats = maxUnitRepeats;
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    for (let i = 0; i < inputIds.length; i++) {
      const ids = inputIds[i]!;
      if (Number(ids.at(-1)) === this.eos) continue;
      const text: number[] = [];
      for (let k = this.promptLength; k < ids.length; k++) {
        const n = Number(ids[k]);
        if (n < this.timestampBegin) text.push(n);
      }
      if (tailRepeats(text, 1) >= this.maxTokenRun) {
        forceEos(logits, i, this.eos);
        continue;
      }
      for (let unit = 2; unit <= 12; unit++) {
        if (tailRepeats(text, unit) >= this.maxUnitRepeats) {
          forceEos(logits, i, this.eos);
          break;
        }
      }
    }
    return logits;
  }
}

/** How many times the last `unit` tokens repeat back to back at the end of `tokens`. */
export function tailRepeats(tokens: readonly number[], unit: number): number {
  if (tokens.length < unit) return 0;
  let repeats = 1;
  for (let start = tokens.length - 2 * unit; start >= 0; start -= unit) {
    for (let k = 0; k < unit; k++) {
      if (tokens[start + k] !== tokens[tokens.length - unit + k]) return repeats;
    }
    repeats++;
  }
  return repeats;
}
