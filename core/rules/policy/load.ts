import { readdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { Compile } from 'typebox/compile';
import { parse as parseYaml } from 'yaml';
import { CallqaError, ErrorCodes } from '../../domain/errors.js';
import { packageRoot } from '../../config/package-info.js';
import { PolicySchema, type Policy } from './schema.js';

/** The profile used when the call metadata names none. */
export const DEFAULT_POLICY = 'default';

/** All policy profiles of a directory, by name. */
export interface PolicySet {
  dir: string;
  policies: ReadonlyMap<string, Policy>;
}

const checkPolicy = Compile(PolicySchema);

type Raw = Record<string, unknown>;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars of `over` replace those of `base`. */
function deepMerge(base: Raw, over: Raw): Raw {
  const out: Raw = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isObject(prev) && isObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

function invalid(file: string, reason: string): CallqaError {
  return new CallqaError(ErrorCodes.LEXICON_INVALID, `policy ${file}: ${reason}`, { input: file });
}

function minutes(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Checks JSON Schema cannot express: references between fields, a real time zone, sane windows. */
function checkSemantics(p: Policy, file: string): void {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: p.timeZone });
  } catch {
    throw invalid(file, `timeZone "${p.timeZone}" is not a known IANA time zone`);
  }
  for (const kind of ['general', 'student'] as const) {
    const w = p.callingHours[kind];
    if (w.start === '24:00' || minutes(w.start) >= minutes(w.end)) {
      throw invalid(file, `callingHours.${kind}: start ${w.start} must be before end ${w.end}`);
    }
  }
  const classes = p.penalties.classes;
  const none = classes['none'];
  if (!none || none.yuan !== 0) throw invalid(file, 'penalties.classes.none must exist with yuan 0');
  const known = (key: string): boolean => key in classes || key in p.penalties.aliases;
  for (const [alias, target] of Object.entries(p.penalties.aliases)) {
    if (!(target in classes)) throw invalid(file, `penalties.aliases.${alias} names unknown class "${target}"`);
  }
  for (const [sev, key] of Object.entries(p.penalties.defaultClassBySeverity)) {
    if (!known(key)) throw invalid(file, `penalties.defaultClassBySeverity.${sev} names unknown class "${key}"`);
  }
  for (const [cat, key] of Object.entries(p.penaltyClassOverrides)) {
    if (typeof key === 'string' && !known(key)) throw invalid(file, `penaltyClassOverrides.${cat} names unknown class "${key}"`);
  }
}

function readRaw(dir: string, file: string): Raw {
  const path = join(dir, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new CallqaError(ErrorCodes.LEXICON_INVALID, `policy ${path}: cannot read (${String(cause)})`, { input: path, cause });
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (cause) {
    throw invalid(path, `not valid YAML: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  if (!isObject(doc)) throw invalid(path, 'must be a YAML mapping');
  return doc;
}

/**
 * Loads and validates every `*.yaml` policy profile of a directory. A profile may say
 * `extends: <name>` to start from another profile and override only some fields (objects merge
 * key by key, arrays replace). The file name (without extension) must equal `name`.
 *
 * @param dir - Directory of the profiles. @defaultValue the package's `policies/`.
 * @throws CallqaError LEXICON_INVALID for an unreadable, malformed or inconsistent file, or when
 *   the `default` profile is missing.
 * @example
 * const set = loadPolicySet();
 * const policy = getPolicy(set, meta.policy);
 */
export function loadPolicySet(dir: string = join(packageRoot(), 'policies')): PolicySet {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (cause) {
    throw new CallqaError(ErrorCodes.LEXICON_INVALID, `policies directory ${dir} cannot be read`, { input: dir, cause });
  }
  const raws = new Map<string, { file: string; raw: Raw }>();
  for (const file of files) raws.set(basename(file, extname(file)), { file: join(dir, file), raw: readRaw(dir, file) });

  const resolved = new Map<string, Raw>();
  const resolve = (name: string, chain: string[]): Raw => {
    const done = resolved.get(name);
    if (done) return done;
    const entry = raws.get(name);
    if (!entry) throw invalid(join(dir, `${chain.at(-1) ?? name}.yaml`), `extends unknown policy "${name}"`);
    if (chain.includes(name)) throw invalid(entry.file, `extends cycle ${[...chain, name].join(' → ')}`);
    const { extends: parent, ...own } = entry.raw;
    let merged: Raw = own;
    if (parent !== undefined) {
      if (typeof parent !== 'string') throw invalid(entry.file, 'extends must be a policy name');
      merged = deepMerge(resolve(parent, [...chain, name]), own);
      // The parent's name and description are not inherited.
      merged['name'] = own['name'];
      merged['description'] = own['description'];
    }
    resolved.set(name, merged);
    return merged;
  };

  const policies = new Map<string, Policy>();
  for (const [name, { file }] of raws) {
    const merged = resolve(name, []);
    if (!checkPolicy.Check(merged)) {
      const first = checkPolicy.Errors(merged)[0];
      const where = first?.instancePath ? first.instancePath.slice(1).replaceAll('/', '.') : '(root)';
      throw invalid(file, `${where} ${first?.message ?? 'does not match the policy schema'}`);
    }
    const policy = merged as Policy;
    if (policy.name !== name) throw invalid(file, `name "${policy.name}" must equal the file name "${name}"`);
    checkSemantics(policy, file);
    policies.set(name, policy);
  }
  if (!policies.has(DEFAULT_POLICY)) throw invalid(join(dir, `${DEFAULT_POLICY}.yaml`), 'the default profile is missing');
  return { dir, policies };
}

/**
 * The named profile, or `default` when no name is given.
 * @throws CallqaError POLICY_UNKNOWN naming the profile and the ones available.
 */
export function getPolicy(set: PolicySet, name: string | undefined): Policy {
  const key = name ?? DEFAULT_POLICY;
  const policy = set.policies.get(key);
  if (!policy) {
    throw new CallqaError(
      ErrorCodes.POLICY_UNKNOWN,
      `unknown policy "${key}" (available: ${[...set.policies.keys()].join(', ')})`,
      { input: key },
    );
  }
  return policy;
}
