import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallqaError, ErrorCodes } from '../../../core/domain/errors.js';
import { getPolicy, loadPolicySet, packageRoot } from '../../../core/rules/policy/index.js';

const shipped = loadPolicySet();

function expectCallqa(fn: () => unknown, code: string, ...fragments: string[]): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CallqaError);
  const e = err as CallqaError;
  expect(e.code).toBe(code);
  for (const f of fragments) expect(e.message).toContain(f);
}

describe('shipped policy profiles', () => {
  it('default: 08:00–21:00, students 08:00–20:00, Asia/Shanghai, grace 1000 ms', () => {
    const p = getPolicy(shipped, undefined);
    expect(p.name).toBe('default');
    expect(p.timeZone).toBe('Asia/Shanghai');
    expect(p.callingHours.general).toEqual({ start: '08:00', end: '21:00' });
    expect(p.callingHours.student).toEqual({ start: '08:00', end: '20:00' });
    expect(p.interruption.graceMs).toBe(1000);
    expect(p.earlyStageMaxDaysOverdue).toBe(15);
  });

  it('default prices the seeds per-case fines: 200 / 300 / 2000 / 5000 and none = 0', () => {
    const c = getPolicy(shipped, 'default').penalties.classes;
    expect(c['QA-G']?.yuan).toBe(200);
    expect(c['QA-LEAK']?.yuan).toBe(300);
    expect(c['QA-M2000']?.yuan).toBe(2000);
    expect(c['QA-M5000']?.yuan).toBe(5000);
    expect(c['none']?.yuan).toBe(0);
  });

  it('strict-20h and extended-22h change only the window and inherit the rest from default', () => {
    const strict = getPolicy(shipped, 'strict-20h');
    const ext = getPolicy(shipped, 'extended-22h');
    expect(strict.callingHours.general.end).toBe('20:00');
    expect(ext.callingHours.general.end).toBe('22:00');
    expect(ext.callingHours.student.end).toBe('20:00');
    expect(strict.penalties).toEqual(getPolicy(shipped, 'default').penalties);
    expect(strict.description).not.toBe(getPolicy(shipped, 'default').description);
  });

  it('an unknown name is POLICY_UNKNOWN, listing the profiles there are', () => {
    expectCallqa(() => getPolicy(shipped, 'nope'), ErrorCodes.POLICY_UNKNOWN, '"nope"', 'default', 'strict-20h');
  });

  it('the README documents every shipped profile', () => {
    const readme = readFileSync(join(packageRoot(), 'policies', 'README.md'), 'utf8');
    for (const name of shipped.policies.keys()) expect(readme).toContain(`${name}.yaml`);
  });
});

describe('invalid policy files', () => {
  let dir: string;
  const defaultYaml = readFileSync(join(packageRoot(), 'policies', 'default.yaml'), 'utf8');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'callqa-policy-'));
    writeFileSync(join(dir, 'default.yaml'), defaultYaml);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): void => writeFileSync(join(dir, `${name}.yaml`), text);

  it('loads a valid child profile from another directory', () => {
    write('night', 'extends: default\nname: night\ndescription: x\ninterruption: { reportThreshold: 1 }\n');
    const p = getPolicy(loadPolicySet(dir), 'night');
    expect(p.interruption).toEqual({ graceMs: 1000, reportThreshold: 1 });
  });

  it('a wrong type names the file and the field', () => {
    write('bad', 'extends: default\nname: bad\ndescription: x\ninterruption: { graceMs: "soon" }\n');
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'bad.yaml', 'interruption.graceMs');
  });

  it('an unknown field is rejected', () => {
    write('bad', 'extends: default\nname: bad\ndescription: x\ncallingHour: {}\n');
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'bad.yaml');
  });

  it('a malformed clock time, an inverted window and an unknown time zone are rejected', () => {
    write('bad', "extends: default\nname: bad\ndescription: x\ncallingHours: { general: { start: '8h', end: '21:00' } }\n");
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'callingHours.general.start');
    write('bad', "extends: default\nname: bad\ndescription: x\ncallingHours: { general: { start: '21:00', end: '08:00' } }\n");
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'start 21:00 must be before end 08:00');
    write('bad', 'extends: default\nname: bad\ndescription: x\ntimeZone: Mars/Olympus\n');
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'Mars/Olympus');
  });

  it('penalty references must resolve', () => {
    write('bad', 'extends: default\nname: bad\ndescription: x\npenalties: { aliases: { 致命: QA-X } }\n');
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'QA-X');
    write('bad', 'extends: default\nname: bad\ndescription: x\npenaltyClassOverrides: { calling_hours: QA-Y }\n');
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'QA-Y');
  });

  it('name must equal the file name; extends cycles and unknown parents are caught', () => {
    write('a', 'extends: default\nname: b\ndescription: x\n');
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'a.yaml', 'file name');
    write('a', 'extends: b\nname: a\ndescription: x\n');
    write('b', 'extends: a\nname: b\ndescription: x\n');
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'cycle');
    rmSync(join(dir, 'b.yaml'));
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'unknown policy "b"');
  });

  it('invalid YAML, and a directory without default, are rejected', () => {
    write('bad', 'name: [unclosed\n');
    expectCallqa(() => loadPolicySet(dir), ErrorCodes.LEXICON_INVALID, 'bad.yaml', 'YAML');
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expectCallqa(() => loadPolicySet(empty), ErrorCodes.LEXICON_INVALID, 'default');
  });
});
