import type { Command } from 'commander';
import { ErrorCodes } from '../../core/domain/errors.js';
import { createAnalyzer, parseTranscript } from '../../core/rules/analyze.js';
import { EXIT, reportFatal } from '../exit-codes.js';
import { readJsonFile, resolveMetaForInputs } from './meta-input.js';
import { formatSummary, writeReportFiles } from './report-output.js';

interface AnalyzeOptions {
  meta?: string;
  json?: boolean;
  out?: string;
}

export function registerAnalyzeCommand(program: Command): void {
  program
    .command('analyze')
    .description('analyse transcripts (contract section 3) without audio: lexicon, script and metadata rules')
    .argument('<transcript...>', 'transcript JSON files')
    .option('--meta <file>', 'call metadata JSON overriding the transcript\'s own meta field by field')
    .option('--json', 'print one report (contract section 4) per line on stdout')
    .option('--out <dir>', 'also write <callId>.json and a standalone <callId>.html review page')
    .action((files: string[], opts: AnalyzeOptions) => {
      process.exitCode = runAnalyze(files, opts);
    });
}

function runAnalyze(files: string[], opts: AnalyzeOptions): number {
  const metas = resolveMetaForInputs(files, opts.meta);
  const analyzer = createAnalyzer();
  let exitCode: number = EXIT.ok;
  for (const file of files) {
    try {
      const transcript = parseTranscript(readJsonFile(file, ErrorCodes.TRANSCRIPT_INVALID), file);
      const report = analyzer.analyze(transcript, metas.get(file));
      if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else process.stdout.write(`${formatSummary(report)}\n\n`);
      if (opts.out !== undefined) writeReportFiles(opts.out, report);
    } catch (err) {
      const code = reportFatal(err);
      if (code === EXIT.internal || exitCode === EXIT.ok) exitCode = code;
    }
  }
  return exitCode;
}
