/**
 * Child process of `npm run bench` for the analysis section: only the analyzer is loaded, as in
 * an analyze worker; transcripts come as JSON, as a worker reads them from PostgreSQL.
 * `tsx bench/analysis-run.ts --transcripts FILE [--quick] --result FILE`
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Transcript } from '../core/domain/transcript.js';
import { measureAnalysisSpeed } from './lib/analysis-speed.js';

const { values } = parseArgs({ options: { transcripts: { type: 'string' }, quick: { type: 'boolean' }, result: { type: 'string' } } });
if (!values.transcripts || !values.result) throw new Error('usage: analysis-run.ts --transcripts FILE [--quick] --result FILE');
const transcripts = JSON.parse(readFileSync(values.transcripts, 'utf8')) as Transcript[];
const quick = values.quick ?? false;
writeFileSync(values.result, JSON.stringify(measureAnalysisSpeed(transcripts, { minMs: quick ? 1000 : 5000, quick })));
