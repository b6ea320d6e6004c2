/**
 * Child process of `npm run bench` for the analysis section: only the analyzer is loaded, as in
 * an analyze worker; transcripts come as JSON, as a worker reads them from PostgreSQL.
 * `tsx bench/analysis-run.ts --transcripts FILE [--analyzer BUILT_ANALYZE_JS] [--quick] --result FILE`
 *
 * `--analyzer` names the compiled `core/rules/analyze.js` of a build (what `callqa worker` runs);
 * without it the sources are measured through the tsx loader.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Transcript } from '../core/domain/transcript.js';
import type * as AnalyzeModule from '../core/rules/analyze.js';
import { measureAnalysisSpeed } from './lib/analysis-speed.js';

const { values } = parseArgs({ options: { transcripts: { type: 'string' }, analyzer: { type: 'string' }, quick: { type: 'boolean' }, result: { type: 'string' } } });
if (!values.transcripts || !values.result) throw new Error('usage: analysis-run.ts --transcripts FILE [--analyzer BUILT_ANALYZE_JS] [--quick] --result FILE');
const transcripts = JSON.parse(readFileSync(values.transcripts, 'utf8')) as Transcript[];
const quick = values.quick ?? false;
const { createAnalyzer } = (values.analyzer ? await import(pathToFileURL(values.analyzer).href) : await import('../core/rules/analyze.js')) as typeof AnalyzeModule;
writeFileSync(values.result, JSON.stringify({ ...measureAnalysisSpeed(() => createAnalyzer(), transcripts, { minMs: quick ? 1000 : 5000, quick }), code: values.analyzer ? 'build' : 'sources' }));
