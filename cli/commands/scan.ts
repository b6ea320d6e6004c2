import type { Command } from 'commander';
import { loadRuntimeConfig, parseWhisperModel } from '../../core/config/runtime.js';
import type { Report } from '../../core/domain/report.js';
import type { SpeechEngine } from '../../core/pipeline/transcribe-call.js';
import { createAnalyzer } from '../../core/rules/analyze.js';
import { EXIT, reportFatal } from '../exit-codes.js';
import { resolveMetaForInputs } from './meta-input.js';
import { formatSummary, writeReportFiles } from './report-output.js';
import { createProgress } from './progress.js';

interface ScanOptions {
  meta?: string;
  model?: string;
  json?: boolean;
  out?: string;
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('decode, VAD, transcribe and analyse recordings in-process (no Redis, no PostgreSQL)')
    .argument('<audio...>', 'call recordings (WAV, MP3, AMR, OGG/Opus, M4A/AAC; stereo = agent/customer channels)')
    .option('--meta <file>', 'call metadata JSON: one object, or an object keyed by file name (default: <name>.meta.json beside each file)')
    .option('--model <size>', 'Whisper model: tiny | base | small (default: $CALLQA_MODEL or base)')
    .option('--json', 'print one report (contract section 4) per line on stdout')
    .option('--out <dir>', 'also write <callId>.json and a standalone <callId>.html review page')
    .action(async (files: string[], opts: ScanOptions) => {
      process.exitCode = await runScan(files, opts);
    });
}

async function runScan(files: string[], opts: ScanOptions): Promise<number> {
  const runtime = loadRuntimeConfig(process.env, opts.model === undefined ? {} : { whisperModel: parseWhisperModel(opts.model, '--model') });
  const metas = resolveMetaForInputs(files, opts.meta);
  // The ONNX stack is imported here, not at start-up, so other commands start fast.
  const { createSpeechEngine, transcribeCall } = await import('../../core/pipeline/transcribe-call.js');
  const analyzer = createAnalyzer();
  const abort = new AbortController();
  const onSignal = (): void => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const progress = createProgress(files.length);
  let exitCode: number = EXIT.ok;
  let engine: SpeechEngine | undefined;
  try {
    for (const [i, file] of files.entries()) {
      if (abort.signal.aborted) break;
      progress.start(i, file);
      const t0 = performance.now();
      try {
        engine ??= await createSpeechEngine(runtime);
        const transcript = await transcribeCall({ path: file }, metas.get(file) ?? {}, {
          runtime,
          engine,
          signal: abort.signal,
          onProgress: (p) => progress.update(p.stage, p.fraction),
        });
        const report = analyzer.analyze(transcript, undefined, { asrModel: engine.asr.modelId });
        emit(report, file, opts);
        progress.done(file, `${(report.durationMs / 1000).toFixed(1)} s audio in ${((performance.now() - t0) / 1000).toFixed(1)} s, score ${report.score}, ${report.findings.length} finding(s)`);
      } catch (err) {
        if (abort.signal.aborted) break;
        progress.clear();
        const code = reportFatal(err);
        if (code === EXIT.internal || exitCode === EXIT.ok) exitCode = code;
      }
    }
  } finally {
    progress.clear();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine?.dispose();
  }
  if (abort.signal.aborted) {
    process.stderr.write('callqa: interrupted\n');
    return 130;
  }
  return exitCode;
}

function emit(report: Report, file: string, opts: ScanOptions): void {
  if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${formatSummary(report)}\n\n`);
  if (opts.out !== undefined) writeReportFiles(opts.out, report, file);
}
