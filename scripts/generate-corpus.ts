/**
 * Renders the detection-benchmark corpus (bench/corpus/*) into audio + labels:
 *   tsx scripts/generate-corpus.ts [--out DIR] [--only cl-01,ok-02]
 * Output: DIR/<callId>.wav (stereo 8 kHz μ-law, agent ch0, customer ch1) and DIR/labels.json.
 * DIR defaults to bench/.cache/corpus (gitignored). The voices come from ../shared/tts and may be
 * used for tests and benchmarks only: never commit the audio.
 */
import { parseArgs } from 'node:util';
import { loadRuntimeConfig } from '../core/config/runtime.js';
import { DEFAULT_CORPUS_DIR, renderCorpus } from '../bench/corpus/render.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, only: { type: 'string' } } });
const runtime = loadRuntimeConfig(process.env);
const started = Date.now();
const index = await renderCorpus({
  ffmpegPath: runtime.ffmpegPath,
  outDir: values.out ?? DEFAULT_CORPUS_DIR,
  ...(values.only ? { only: values.only.split(',').map((s) => s.trim()) } : {}),
  onProgress: (m) => process.stderr.write(`${m}\n`),
});
const totalS = index.calls.reduce((s, c) => s + c.durationMs, 0) / 1000;
process.stderr.write(`corpus: ${index.calls.length} calls, ${totalS.toFixed(0)} s of audio, ${index.calls.reduce((s, c) => s + c.expected.length, 0)} labels, rendered in ${((Date.now() - started) / 1000).toFixed(1)} s → ${values.out ?? DEFAULT_CORPUS_DIR}\n`);
