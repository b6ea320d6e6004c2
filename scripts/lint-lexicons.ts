/**
 * `npm run lexicons:lint [DIR]`: validates the lexicon files against their schema, then checks
 * that every positive example fires its own rule and no negative example does. Exit 1 on any
 * failure, with one line per problem. `--write-schema` regenerates `lexicons/schema.json` (for
 * editors) from the TypeBox schema.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileLexiconSet, defaultLexiconDir, lintLexiconSet, loadLexiconSet } from '../core/rules/lexicon/index.js';
import { lexiconJsonSchema } from '../core/rules/lexicon/schema.js';
import { isCallqaError } from '../core/domain/errors.js';

function main(): number {
  const args = process.argv.slice(2);
  if (args.includes('--write-schema')) {
    const path = join(defaultLexiconDir(), 'schema.json');
    writeFileSync(path, `${JSON.stringify(lexiconJsonSchema(), null, 2)}\n`);
    process.stdout.write(`wrote ${path}\n`);
    return 0;
  }
  const dir = args.find((a) => !a.startsWith('--'));
  try {
    const set = loadLexiconSet(dir);
    const report = lintLexiconSet(set, compileLexiconSet(set));
    for (const n of report.notes) process.stdout.write(`note  ${n.ruleId}: "${n.example}": ${n.problem}\n`);
    for (const p of report.problems) process.stderr.write(`FAIL  ${p.file} ${p.ruleId}: "${p.example}": ${p.problem}\n`);
    const byCategory = new Map<string, number>();
    for (const r of set.rules) {
      const key = r.kind === 'state' ? `state:${r.sets}` : (r.category ?? '-');
      byCategory.set(key, (byCategory.get(key) ?? 0) + 1);
    }
    process.stdout.write(`lexicon ${report.version}: ${report.rules} rules, ${report.examples} examples, ${report.problems.length} problems\n`);
    for (const [k, v] of [...byCategory].sort()) process.stdout.write(`  ${k}: ${v}\n`);
    return report.problems.length ? 1 : 0;
  } catch (err) {
    if (isCallqaError(err)) {
      process.stderr.write(`${err.code}: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

process.exitCode = main();
