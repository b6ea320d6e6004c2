import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Compile } from 'typebox/compile';
import { parse as parseYaml } from 'yaml';
import { CallqaError, ErrorCodes } from '../../domain/errors.js';
import { LexiconFileSchema, LexiconIndexSchema, type LexiconIndex, type LexiconRule } from './schema.js';
import { packageRoot } from '../../config/package-info.js';

/** A rule with the file it came from (for error messages and the lint). */
export interface LoadedRule extends LexiconRule {
  file: string;
}

/** Every lexicon file of a directory, validated. */
export interface LexiconSet {
  dir: string;
  version: string;
  index: LexiconIndex;
  rules: LoadedRule[];
}

const checkFile = Compile(LexiconFileSchema);
const checkIndex = Compile(LexiconIndexSchema);

/** `lexicons/` of the package, whether running from the sources or from dist/. */
export function defaultLexiconDir(): string {
  return join(packageRoot(), 'lexicons');
}

export function lexiconError(file: string, reason: string): CallqaError {
  return new CallqaError(ErrorCodes.LEXICON_INVALID, `lexicon ${file}: ${reason}`, { input: file });
}

function readYaml(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CallqaError(ErrorCodes.LEXICON_INVALID, `lexicon ${path}: cannot read (${String(cause)})`, { input: path, cause });
  }
  try {
    return parseYaml(text);
  } catch (cause) {
    throw lexiconError(path, `not valid YAML: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** Turns a schema error path like `/rules/3/terms/0` into `rule <id> field terms.0`. */
function describePath(doc: unknown, instancePath: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (parts[0] === 'rules' && parts[1] !== undefined) {
    const rules = (doc as { rules?: unknown[] }).rules;
    const rule = Array.isArray(rules) ? (rules[Number(parts[1])] as { id?: unknown } | undefined) : undefined;
    const id = typeof rule?.id === 'string' ? rule.id : `#${parts[1]}`;
    const field = parts.slice(2).join('.') || '(rule)';
    return `rule ${id} field ${field}`;
  }
  return parts.length ? `field ${parts.join('.')}` : '(root)';
}

/** The most specific schema error (deepest path), which names the field actually at fault. */
function deepest<E extends { instancePath: string; message: string }>(errors: readonly E[]): E | undefined {
  return [...errors].sort((a, b) => b.instancePath.split('/').length - a.instancePath.split('/').length)[0];
}

function checkRuleSemantics(rule: LexiconRule, file: string): void {
  const where = `rule ${rule.id}`;
  const kind = rule.kind ?? 'finding';
  if (kind === 'finding' && (!rule.category || !rule.severity || !rule.penaltyClass)) {
    throw lexiconError(file, `${where}: a finding rule needs category, severity and penaltyClass`);
  }
  if (kind === 'required' && !rule.category) throw lexiconError(file, `${where}: a required rule needs a category`);
  if (kind === 'state' && !rule.sets) throw lexiconError(file, `${where}: a state rule needs field sets`);
  if (kind !== 'state' && rule.sets) throw lexiconError(file, `${where}: field sets is only for state rules`);
  if (!rule.terms?.length && !rule.proximity?.length && !rule.regex?.length) {
    throw lexiconError(file, `${where}: needs at least one of terms, proximity, regex`);
  }
  for (const [i, source] of (rule.regex ?? []).entries()) {
    try {
      new RegExp(source, 'u');
    } catch (cause) {
      throw lexiconError(file, `${where} field regex.${i}: invalid regular expression (${cause instanceof Error ? cause.message : String(cause)})`);
    }
  }
}

/**
 * Reads and validates `index.yaml` and every other `*.yaml` of a lexicon directory.
 *
 * @param dir - Lexicon directory. @defaultValue the package's `lexicons/`.
 * @throws CallqaError LEXICON_INVALID naming the file, the rule and the field at fault.
 */
export function loadLexiconSet(dir: string = defaultLexiconDir()): LexiconSet {
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (cause) {
    throw new CallqaError(ErrorCodes.LEXICON_INVALID, `lexicon directory ${dir} cannot be read`, { input: dir, cause });
  }
  const indexPath = join(dir, 'index.yaml');
  if (!names.includes('index.yaml')) throw lexiconError(indexPath, 'missing (it holds the lexicon-set version)');
  const indexDoc = readYaml(indexPath);
  if (!checkIndex.Check(indexDoc)) {
    const e = deepest(checkIndex.Errors(indexDoc));
    throw lexiconError(indexPath, `${describePath(indexDoc, e?.instancePath ?? '')} ${e?.message ?? 'does not match the schema'}`);
  }
  const rules: LoadedRule[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    if (name === 'index.yaml') continue;
    const path = join(dir, name);
    const doc = readYaml(path);
    if (!checkFile.Check(doc)) {
      const e = deepest(checkFile.Errors(doc));
      throw lexiconError(path, `${describePath(doc, e?.instancePath ?? '')} ${e?.message ?? 'does not match the schema'}`);
    }
    for (const rule of doc.rules) {
      const other = seen.get(rule.id);
      if (other) throw lexiconError(path, `rule ${rule.id}: duplicate id (also in ${other})`);
      seen.set(rule.id, path);
      checkRuleSemantics(rule, path);
      rules.push({ ...rule, file: path });
    }
  }
  return { dir, version: indexDoc.version, index: indexDoc, rules };
}
