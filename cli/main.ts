#!/usr/bin/env node
/**
 * The `callqa` executable (contract section 1). A thin adapter: parse arguments, call core, map
 * errors to exit codes (0 ok, 2 bad usage or bad input, 1 internal failure).
 */
import { Command, CommanderError } from 'commander';
import { registerScanCommand } from './commands/scan.js';
import { registerAnalyzeCommand } from './commands/analyze.js';
import { registerServiceCommands } from './commands/service.js';
import { registerServeCommand } from './commands/serve.js';
import { EXIT, reportFatal } from './exit-codes.js';
import { packageVersion } from '../core/config/package-info.js';

const program = new Command()
  .name('callqa')
  .description('Speech analytics and script compliance for Mandarin debt-collection calls')
  .version(packageVersion())
  .showHelpAfterError('(run callqa --help for usage)')
  .exitOverride();

registerScanCommand(program);
registerAnalyzeCommand(program);
registerServeCommand(program);
registerServiceCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version end through here with exit code 0.
    process.exitCode = err.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  } else {
    process.exitCode = reportFatal(err);
  }
}
