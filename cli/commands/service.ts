/**
 * Service commands (`callqa worker | migrate | keys create | enqueue | reanalyze | batch-summary`):
 * thin adapters over core, configured by the environment.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { CallqaError, ErrorCodes, isCallqaError } from '../../core/domain/errors.js';
import { WORKER_QUEUE_NAMES, loadServiceConfig, type WorkerQueueName } from '../../core/config/env.js';
import type { Core } from '../../core/index.js';
import { EXIT, reportFatal } from '../exit-codes.js';
import { readManifest } from './manifest.js';

const AUDIO_EXTENSIONS = new Set(['.wav', '.mp3', '.m4a', '.mp4', '.aac', '.amr', '.ogg', '.opus', '.flac', '.webm', '.wma', '.aiff', '.au', '.caf', '.3gp']);

async function withCore<T>(fn: (core: Core) => Promise<T>): Promise<T> {
  // The service stack (pg, BullMQ, the pipeline) is imported on use, so `scan` starts fast.
  const { createCore, createLogger } = await import('../../core/index.js');
  const config = loadServiceConfig(process.env);
  const core = await createCore(config, { logger: createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel, destination: process.stderr }), poolMax: 4 });
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}

/** Runs a command body; errors become one stderr line and the contract's exit code. */
function action<A extends unknown[]>(fn: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      if (typeof code === 'number') process.exitCode = code;
    } catch (err) {
      // An unknown batch or recording named on the command line is bad usage (exit 2).
      if (isCallqaError(err) && err.code === ErrorCodes.NOT_FOUND) {
        process.stderr.write(`callqa: ${err.message}\n`);
        process.exitCode = EXIT.badInput;
      } else process.exitCode = reportFatal(err);
    }
  };
}

/** Expands DIR|FILES into audio files (directories recursively, by extension; content is checked at ingest). */
export function collectInputs(inputs: string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    let st;
    try {
      st = statSync(input);
    } catch {
      throw new CallqaError(ErrorCodes.INPUT_UNREADABLE, `${input}: no such file or directory`, { input });
    }
    if (st.isDirectory()) {
      for (const entry of readdirSync(input, { recursive: true, withFileTypes: true })) {
        if (entry.isFile() && AUDIO_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(join(entry.parentPath, entry.name));
      }
    } else out.push(input);
  }
  return [...new Set(out.map((p) => resolve(p)))].sort();
}

function parseDate(value: string, flag: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new CallqaError(ErrorCodes.CONFIG_INVALID, `${flag}: not a date: "${value}"`, { input: flag });
  return d.toISOString();
}

export function registerServiceCommands(program: Command): void {
  program
    .command('worker')
    .description('run BullMQ workers (transcribe sandboxed, analyze, webhook) until SIGTERM/SIGINT')
    .option('--queues <list>', `comma-separated queues (${WORKER_QUEUE_NAMES.join(',')}); default CALLQA_WORKER_QUEUES`)
    .option('--concurrency <n>', 'transcribe concurrency (default CALLQA_TRANSCRIBE_CONCURRENCY)')
    .action(
      action(async (opts: { queues?: string; concurrency?: string }) => {
        const env = { ...process.env };
        if (opts.queues) env.CALLQA_WORKER_QUEUES = opts.queues;
        if (opts.concurrency) env.CALLQA_TRANSCRIBE_CONCURRENCY = opts.concurrency;
        const queues = opts.queues ? (opts.queues.split(',').map((s) => s.trim()) as WorkerQueueName[]) : undefined;
        const { runWorkerProcess } = await import('../../workers/main.js');
        await runWorkerProcess(env, queues ? { queues } : {});
      }),
    );

  program
    .command('migrate')
    .description('apply the PostgreSQL migrations (or revert to --to VERSION)')
    .option('--to <version>', 'target version (default: latest)')
    .action(
      action(async (opts: { to?: string }) => {
        const config = loadServiceConfig(process.env);
        const target = opts.to === undefined ? 'max' : Number(opts.to);
        if (target !== 'max' && (!Number.isInteger(target) || target < 0)) throw new CallqaError(ErrorCodes.CONFIG_INVALID, `--to: expected a version number, got "${opts.to}"`);
        const { runMigrations } = await import('../../core/index.js');
        const r = await runMigrations(config.databaseUrl, target);
        process.stdout.write(`schema version ${r.from} → ${r.to}${r.applied.length ? ` (${r.applied.join(', ')})` : ' (nothing to do)'}\n`);
      }),
    );

  const keys = program.command('keys').description('manage API keys');
  keys
    .command('create')
    .description('create an API key; the key is printed once (only its hash is stored)')
    .addOption(new Option('--role <role>', 'role').choices(['admin', 'qa', 'supervisor', 'agency']).makeOptionMandatory())
    .option('--agency <id>', 'agency id (required for --role agency)')
    .option('--name <name>', 'a label for the key')
    .action(
      action(async (opts: { role: string; agency?: string; name?: string }) =>
        withCore(async (core) => {
          const { key, apiKey } = await core.services.createApiKey({ role: opts.role, ...(opts.agency ? { agencyId: opts.agency } : {}), ...(opts.name ? { name: opts.name } : {}) });
          process.stderr.write(`created ${apiKey.role} key "${apiKey.name}" (id ${apiKey.id}); store it now, it is not shown again\n`);
          process.stdout.write(`${key}\n`);
        }),
      ),
    );

  program
    .command('enqueue')
    .description('store recordings and queue them (skips content already stored)')
    .argument('<inputs...>', 'audio files or directories')
    .option('--manifest <file>', 'metadata per file: calls.csv (file column + metadata columns) or calls.jsonl')
    .addOption(new Option('--priority <priority>', 'queue priority').choices(['batch', 'realtime']).default('batch'))
    .option('--batch <name>', 'batch name (for batch-summary)')
    .option('--json', 'print the summary as JSON')
    .action(
      action(async (inputs: string[], opts: { manifest?: string; priority: 'batch' | 'realtime'; batch?: string; json?: boolean }) =>
        withCore(async (core) => {
          const files = collectInputs(inputs);
          const manifest = opts.manifest ? readManifest(opts.manifest) : new Map<string, Record<string, unknown>>();
          const batch = opts.batch ? await core.repos.batches.ensure(opts.batch, opts.manifest ? basename(opts.manifest) : null) : undefined;
          const bar = new SingleBar({ stream: process.stderr, format: 'enqueue [{bar}] {value}/{total} {file}', hideCursor: true }, Presets.shades_classic);
          if (process.stderr.isTTY) bar.start(files.length, 0, { file: '' });
          const summary = { files: files.length, accepted: 0, duplicates: 0, failed: [] as { file: string; code: string; message: string }[], batch: batch?.name ?? null };
          for (const file of files) {
            try {
              const meta = manifest.get(basename(file)) ?? {};
              const r = await core.services.ingestRecording({ source: { path: file }, originalName: basename(file), meta, priority: opts.priority, batchId: batch?.id ?? null });
              if (r.duplicate) summary.duplicates++;
              else summary.accepted++;
            } catch (err) {
              if (isCallqaError(err) && err.code === ErrorCodes.UNAVAILABLE) throw err; // no point going on
              if (!isCallqaError(err) || !err.isInputError) throw err;
              summary.failed.push({ file, code: err.code, message: err.message });
              if (!process.stderr.isTTY) process.stderr.write(`callqa: ${err.message}\n`);
            }
            if (process.stderr.isTTY) bar.increment({ file: basename(file) });
          }
          if (process.stderr.isTTY) bar.stop();
          if (opts.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
          else {
            process.stdout.write(`${summary.accepted} queued, ${summary.duplicates} already stored, ${summary.failed.length} failed of ${summary.files}${batch ? ` (batch ${batch.name})` : ''}\n`);
            for (const f of summary.failed) process.stdout.write(`  failed ${f.file}: ${f.code} ${f.message}\n`);
          }
          return summary.failed.length > 0 ? EXIT.badInput : EXIT.ok;
        }),
      ),
    );

  program
    .command('reanalyze')
    .description('re-run analyze over stored transcripts (no transcription) and compare old and new findings')
    .option('--from <date>', 'calls started on/after this date (ISO 8601)')
    .option('--to <date>', 'calls started before this date')
    .option('--ids <ids...>', 'recording ids')
    .option('--json', 'print the per-recording diffs as JSON lines')
    .action(
      action(async (opts: { from?: string; to?: string; ids?: string[]; json?: boolean }) =>
        withCore(async (core) => {
          if (!opts.ids && !opts.from && !opts.to) throw new CallqaError(ErrorCodes.CONFIG_INVALID, 'reanalyze: give --ids or a --from/--to date range');
          const result = await core.services.reanalyze(
            opts.ids ? { ids: opts.ids } : { ...(opts.from ? { from: parseDate(opts.from, '--from') } : {}), ...(opts.to ? { to: parseDate(opts.to, '--to') } : {}) },
            { onProgress: (done, total) => process.stderr.isTTY && process.stderr.write(`\rreanalyze ${done}/${total}`) },
          );
          if (process.stderr.isTTY) process.stderr.write('\n');
          for (const d of result.diffs) {
            if (opts.json) process.stdout.write(`${JSON.stringify(d)}\n`);
            else process.stdout.write(`${d.callId} ${d.recordingId}: lexicon ${d.oldLexiconVersion ?? '-'} → ${d.newLexiconVersion}, score ${d.oldScore ?? '-'} → ${d.newScore}; findings +${d.added} -${d.removed} =${d.unchanged} ~${d.severityChanged}\n`);
          }
          for (const f of result.failed) process.stderr.write(`callqa: ${f.recordingId}: ${f.code} ${f.message}\n`);
          if (!opts.json) process.stdout.write(`${result.diffs.length} re-analysed, ${result.failed.length} failed\n`);
          return result.failed.length > 0 ? EXIT.internal : EXIT.ok;
        }),
      ),
    );

  program
    .command('batch-summary')
    .description('summary of a batch: scored, failed with reasons, findings by category/severity, per agent and agency')
    .requiredOption('--batch <name>', 'batch name or id')
    .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json'))
    .action(
      action(async (opts: { batch: string; format: 'json' | 'csv' }) =>
        withCore(async (core) => {
          const summary = await core.services.batchSummary(opts.batch);
          process.stdout.write(opts.format === 'csv' ? core.services.batchSummaryCsv(summary) : `${JSON.stringify(summary, null, 2)}\n`);
        }),
      ),
    );
}
