/** Small pure signal helpers for synthetic calls (mono float32, any sample rate). */

export function concatSamples(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function silence(ms: number, sampleRate: number): Float32Array {
  return new Float32Array(Math.max(0, Math.round((ms * sampleRate) / 1000)));
}

/** RMS of the frames louder than `floorDb` below the loudest 10 ms frame: the level of the speech. */
export function activeRms(samples: Float32Array, sampleRate: number, floorDb = 35): number {
  const frame = Math.max(1, Math.round(sampleRate / 100));
  const energies: number[] = [];
  for (let i = 0; i + frame <= samples.length; i += frame) {
    let e = 0;
    for (let j = i; j < i + frame; j++) e += (samples[j] as number) ** 2;
    energies.push(e / frame);
  }
  const max = Math.max(0, ...energies);
  if (max === 0) return 0;
  const floor = max * 10 ** (-floorDb / 10);
  const active = energies.filter((e) => e >= floor);
  return Math.sqrt(active.reduce((a, b) => a + b, 0) / active.length);
}

/**
 * Removes leading and trailing silence: frames (5 ms) quieter than `floorDb` below the loudest
 * frame, keeping `marginMs` of context on each side.
 */
export function trimSilence(samples: Float32Array, sampleRate: number, floorDb = 40, marginMs = 10): Float32Array {
  const frame = Math.max(1, Math.round(sampleRate / 200));
  const count = Math.floor(samples.length / frame);
  const energy = (f: number): number => {
    let e = 0;
    for (let j = f * frame; j < (f + 1) * frame; j++) e += (samples[j] as number) ** 2;
    return e / frame;
  };
  let max = 0;
  for (let f = 0; f < count; f++) max = Math.max(max, energy(f));
  if (max === 0) return samples.subarray(0, 0);
  const floor = max * 10 ** (-floorDb / 10);
  let first = 0;
  while (first < count && energy(first) < floor) first++;
  let last = count - 1;
  while (last > first && energy(last) < floor) last--;
  const margin = Math.round((marginMs * sampleRate) / 1000);
  return samples.subarray(Math.max(0, first * frame - margin), Math.min(samples.length, (last + 1) * frame + margin));
}

/** Scales by `gainDb` (in place) and returns the array. */
export function applyGainDb(samples: Float32Array, gainDb: number): Float32Array {
  const g = 10 ** (gainDb / 20);
  for (let i = 0; i < samples.length; i++) samples[i] = (samples[i] as number) * g;
  return samples;
}

/** Scales (in place) so that the speech level ({@link activeRms}) is `targetDb` dBFS. */
export function normalizeSpeech(samples: Float32Array, sampleRate: number, targetDb: number): Float32Array {
  const rms = activeRms(samples, sampleRate);
  if (rms === 0) return samples;
  return applyGainDb(samples, targetDb - 20 * Math.log10(rms));
}

/**
 * Soft limiter (in place): linear below `threshold`, then a tanh knee that approaches but never
 * reaches full scale, so a shouted turn can be pushed toward clipping without hard-clip buzz.
 */
export function softLimit(samples: Float32Array, threshold = 0.6): Float32Array {
  const room = 1 - threshold;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i] as number;
    const a = Math.abs(x);
    if (a > threshold) samples[i] = Math.sign(x) * (threshold + room * Math.tanh((a - threshold) / room)) * 0.98;
  }
  return samples;
}

/**
 * Joins clips with a raised-cosine crossfade of `crossfadeMs` between consecutive ones (shorter
 * clips shorten the fade).
 */
export function crossfadeJoin(clips: readonly Float32Array[], sampleRate: number, crossfadeMs: number): Float32Array {
  const fade = Math.round((crossfadeMs * sampleRate) / 1000);
  let out: Float32Array = new Float32Array(0);
  for (const clip of clips) {
    const n = Math.min(fade, Math.floor(out.length / 2), Math.floor(clip.length / 2));
    const next = new Float32Array(out.length + clip.length - n);
    next.set(out);
    const start = out.length - n;
    for (let i = 0; i < clip.length; i++) {
      const v = clip[i] as number;
      if (i < n) {
        const w = 0.5 - 0.5 * Math.cos((Math.PI * (i + 0.5)) / n);
        next[start + i] = (out[start + i] as number) * (1 - w) + v * w;
      } else {
        next[start + i] = v;
      }
    }
    out = next;
  }
  return out;
}

/** Adds `src` into `dest` starting at sample `offset` (in place), growing nothing: dest must fit. */
export function mixInto(dest: Float32Array, src: Float32Array, offset: number): void {
  for (let i = 0; i < src.length && offset + i < dest.length; i++) dest[offset + i] = (dest[offset + i] as number) + (src[i] as number);
}
