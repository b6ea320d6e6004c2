import { matmul, Tensor } from '@huggingface/transformers';

/** What Whisper's feature extractor is made of (its `preprocessor_config.json`, loaded by transformers.js). */
export interface LogMelSpec {
  /** FFT size and frame length: 400 samples (25 ms). */
  nFft: number;
  /** 160 samples (10 ms). */
  hopLength: number;
  /** Samples of one window: 480,000 (30 s at 16 kHz). */
  nSamples: number;
  /** Frames of one window: 3,000. */
  nFrames: number;
  /** The analysis window, `nFft` values (periodic Hann). */
  window: ArrayLike<number>;
  /** Mel filter bank, `[nMels][nFft / 2 + 1]`. */
  melFilters: readonly (readonly number[])[];
}

export interface LogMelExtractor {
  /** Log-mel features `[1, nMels, nFrames]` of up to `nSamples` samples (zero-padded), as Whisper reads them. */
  extract(samples: Float32Array): Promise<{ data: Float32Array; dims: [1, number, number] }>;
}

/**
 * Whisper's log-mel spectrogram, computed as matrix products in onnxruntime.
 *
 * transformers.js computes the same features frame by frame in JavaScript, with an FFT that, for
 * Whisper's 400-point frames (not a power of two), goes through two 1024-point transforms
 * (Bluestein): about 250 ms a window, an eighth of whisper-base's time on a call. A 400-point DFT
 * of all 3,000 frames is one `[frames × 400] · [400 × 402]` product (cosine and sine columns),
 * which onnxruntime's GEMM does in tens of milliseconds; the mel bank is a second product. Same
 * framing (centred, reflect-padded), power spectrum, 1e-10 floor, log10 and max − 8 clamp as the
 * reference; the outputs agree to float32 rounding (tested against transformers.js' extractor).
 * Frames that lie wholly in the zero padding are not multiplied: their spectrum is zero.
 */
export function createLogMelExtractor(spec: LogMelSpec): LogMelExtractor {
  const { nFft, hopLength, nSamples, nFrames, window, melFilters } = spec;
  const nBins = Math.floor(nFft / 2) + 1;
  const nMels = melFilters.length;
  const pad = Math.floor(nFft / 2);
  if (window.length !== nFft) throw new Error(`log-mel: window has ${window.length} values, expected ${nFft}`);
  for (const row of melFilters) if (row.length !== nBins) throw new Error(`log-mel: mel filter rows need ${nBins} values, one has ${row.length}`);

  // DFT basis [nFft × 2·nBins]: cos and −sin of each bin, interleaved. The angle index j·k is
  // reduced mod nFft so large products keep full precision.
  const basis = new Float32Array(nFft * 2 * nBins);
  for (let j = 0; j < nFft; j++) {
    for (let k = 0; k < nBins; k++) {
      const angle = (2 * Math.PI * ((j * k) % nFft)) / nFft;
      basis[j * 2 * nBins + 2 * k] = Math.cos(angle);
      basis[j * 2 * nBins + 2 * k + 1] = -Math.sin(angle);
    }
  }
  const basisTensor = new Tensor('float32', basis, [nFft, 2 * nBins]);
  // Mel bank transposed [nBins × nMels], so power [frames × nBins] · bank = mel [frames × nMels].
  const bank = new Float32Array(nBins * nMels);
  melFilters.forEach((row, m) => row.forEach((w, b) => (bank[b * nMels + m] = w)));
  const bankTensor = new Tensor('float32', bank, [nBins, nMels]);

  return {
    async extract(samples) {
      if (samples.length > nSamples) throw new Error(`log-mel: ${samples.length} samples, a window holds at most ${nSamples}`);
      // Reflect-padded by nFft/2 on both sides of the zero-padded window (centred frames).
      const total = nSamples + 2 * pad;
      const padded = new Float32Array(total);
      padded.set(samples, pad);
      const last = nSamples - 1;
      const at = (i: number): number => (i < samples.length ? (samples[i] as number) : 0);
      for (let i = 1; i <= pad; i++) {
        padded[pad - i] = at(i);
        padded[pad + last + i] = at(last - i);
      }
      // Frames touching a non-zero sample; later frames see only zeros.
      const reach = samples.length + pad; // first padded index after the last real sample
      const active = Math.min(nFrames, Math.max(1, Math.ceil(reach / hopLength)));
      const frames = new Float32Array(active * nFft);
      for (let f = 0; f < active; f++) {
        const start = f * hopLength;
        const row = f * nFft;
        for (let j = 0; j < nFft; j++) frames[row + j] = (padded[start + j] as number) * (window[j] as number);
      }
      const spectrum = (await matmul(new Tensor('float32', frames, [active, nFft]), basisTensor)).data as Float32Array;
      const power = new Float32Array(active * nBins);
      for (let i = 0, p = 0; p < power.length; p++, i += 2) {
        const re = spectrum[i] as number;
        const im = spectrum[i + 1] as number;
        power[p] = re * re + im * im;
      }
      const mel = (await matmul(new Tensor('float32', power, [active, nBins]), bankTensor)).data as Float32Array;

      // [nMels × nFrames], floor, log10, then clamp to (max − 8) and scale.
      const out = new Float32Array(nMels * nFrames);
      const silent = Math.log10(1e-10);
      let max = Number.NEGATIVE_INFINITY;
      for (let m = 0; m < nMels; m++) {
        const base = m * nFrames;
        for (let f = 0; f < active; f++) {
          const v = Math.log10(Math.max(1e-10, mel[f * nMels + m] as number));
          out[base + f] = v;
          if (v > max) max = v;
        }
        out.fill(silent, base + active, base + nFrames);
      }
      if (active < nFrames && silent > max) max = silent;
      const floor = max - 8;
      for (let i = 0; i < out.length; i++) out[i] = (Math.max(out[i] as number, floor) + 4) / 4;
      return { data: out, dims: [1, nMels, nFrames] };
    },
  };
}

/** The spec of a loaded transformers.js Whisper processor (its feature extractor's window and config). */
export function logMelSpecOf(processor: unknown): LogMelSpec {
  const fe = (processor as { feature_extractor?: { window?: ArrayLike<number>; config?: Record<string, unknown> } }).feature_extractor;
  const c = fe?.config;
  const melFilters = c?.mel_filters as number[][] | undefined;
  if (!fe?.window || !c || !Array.isArray(melFilters)) throw new Error('log-mel: the processor has no Whisper feature extractor');
  return {
    nFft: c.n_fft as number,
    hopLength: c.hop_length as number,
    nSamples: c.n_samples as number,
    nFrames: c.nb_max_frames as number,
    window: fe.window,
    melFilters,
  };
}
