import Type, { type Static } from 'typebox';
import { CATEGORIES, SEVERITIES } from '../../domain/report.js';

/**
 * Schema of the lexicon data in `lexicons/`: one `index.yaml` (set version, negators, fillers)
 * and one YAML file per rule family. Everything a rule needs to fire or stay silent is data.
 */

/** Toneless-pinyin tolerance of a term: max syllable edits (0 = pinyin-exact only). */
const Fuzzy = Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)]);

/** A phrase: either the bare text or an object with spoken/ASR variants and tolerances. */
export const TermSchema = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object(
    {
      term: Type.String({ minLength: 1 }),
      /** Other spellings heard for the same phrase (ASR near-homophones, Traditional forms…). */
      variants: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
      /** Match toneless pinyin homophones. @defaultValue true for terms of 3+ characters */
      pinyin: Type.Optional(Type.Boolean()),
      /** Max pinyin syllable edit distance. @defaultValue 0 below 6 syllables, 1 below 10, else 2 */
      fuzzy: Type.Optional(Fuzzy),
    },
    { additionalProperties: false },
  ),
]);
export type TermInput = Static<typeof TermSchema>;

const Proximity = Type.Object(
  {
    /** Two or three term groups; one term of every group must occur. */
    all: Type.Array(Type.Array(TermSchema, { minItems: 1 }), { minItems: 2, maxItems: 3 }),
    /** Max characters between the end of one group's hit and the start of the next. */
    within: Type.Integer({ minimum: 0, maximum: 40 }),
    /** Groups must occur in the order written. @defaultValue true */
    ordered: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** An example utterance with optional conversational context, for the lint and the tests. */
const Example = Type.Union([
  Type.String({ minLength: 1 }),
  Type.Object(
    {
      text: Type.String({ minLength: 1 }),
      /** Segments said before, in order. */
      before: Type.Optional(
        Type.Array(Type.Object({ speaker: Type.Enum(['agent', 'customer']), text: Type.String({ minLength: 1 }) }, { additionalProperties: false })),
      ),
      calleeRole: Type.Optional(Type.Enum(['debtor', 'third_party', 'unknown'])),
    },
    { additionalProperties: false },
  ),
]);
export type ExampleInput = Static<typeof Example>;

export const RULE_KINDS = ['finding', 'required', 'state'] as const;
export const AUDIENCES = ['any', 'third_party', 'unverified', 'student', 'early_stage'] as const;
export const STATE_KEYS = ['debtor', 'third_party', 'willing_to_repay', 'refused', 'paid_off', 'verify_question'] as const;
export const WHEN_KEYS = ['after_refusal', 'after_paid_off'] as const;

export const RuleSchema = Type.Object(
  {
    /** Fine-grained rule id, following the digest's rule ids, e.g. `contact_list.threat`. */
    id: Type.String({ pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+$' }),
    /** `finding` raises findings; `required` marks a required script element; `state` feeds right-party inference. */
    kind: Type.Optional(Type.Enum(RULE_KINDS)),
    /** For `state` rules: what the phrase tells about the conversation. */
    sets: Type.Optional(Type.Enum(STATE_KEYS)),
    category: Type.Optional(Type.Enum(CATEGORIES)),
    severity: Type.Optional(Type.Enum(SEVERITIES)),
    /** Key of the policy's penalty table (QA-G, QA-LEAK, QA-M2000, QA-M5000, none). */
    penaltyClass: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]+$' })),
    /** Who must say it. */
    speaker: Type.Enum(['agent', 'customer']),
    /** To whom it must be said for the rule to apply. @defaultValue any */
    audience: Type.Optional(Type.Enum(AUDIENCES)),
    /** Conversation state that must hold first. */
    when: Type.Optional(Type.Enum(WHEN_KEYS)),
    /**
     * Relationship words the callee may have claimed before (我是他爱人): a hit that repeats one the
     * callee claimed for himself confirms what he said (您是他爱人是吧) and does not fire.
     */
    echoes: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1 })),
    description: Type.String({ minLength: 1 }),
    /** Digest rule id / seed reference. */
    source: Type.String({ minLength: 1 }),
    terms: Type.Optional(Type.Array(TermSchema)),
    proximity: Type.Optional(Type.Array(Proximity)),
    /** JavaScript regular expressions over the normalised text (no punctuation, no fillers). */
    regex: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
    /** Phrases that cancel a hit they overlap (e.g. 不是法院, 银行委托). */
    exclusions: Type.Optional(Type.Array(TermSchema)),
    /** Allowed phrasings: a hit inside one of them never fires. */
    allowed: Type.Optional(Type.Array(TermSchema)),
    /** A negator (不是/不会/没有…) right before the hit cancels it. @defaultValue true */
    negatable: Type.Optional(Type.Boolean()),
    /** Characters a negator may stand before the hit for this rule. @defaultValue index negationGap */
    negationWindow: Type.Optional(Type.Integer({ minimum: 0, maximum: 12 })),
    /** In strict mode a negated hit still fires (the seeds flag the mere word 通讯录). */
    strict: Type.Optional(Type.Boolean()),
    position: Type.Optional(Type.Object({ withinFirstMs: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })),
    examples: Type.Object(
      { positive: Type.Array(Example, { minItems: 1 }), negative: Type.Array(Example) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type LexiconRule = Static<typeof RuleSchema>;

export const LexiconFileSchema = Type.Object(
  {
    family: Type.String({ pattern: '^[a-z][a-z0-9_]*$' }),
    description: Type.String({ minLength: 1 }),
    rules: Type.Array(RuleSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type LexiconFile = Static<typeof LexiconFileSchema>;

export const LexiconIndexSchema = Type.Object(
  {
    /** One version for the whole set, recorded in every report as engine.lexiconVersion. */
    version: Type.String({ pattern: '^\\d{4}\\.\\d{1,2}\\.\\d+$' }),
    description: Type.String(),
    /** Words that negate a following hit. */
    negators: Type.Array(Type.String({ minLength: 1 })),
    /** Max characters between a negator's end and the hit's start. */
    negationGap: Type.Integer({ minimum: 0, maximum: 6 }),
    /** Spoken fillers removed from text and terms before matching (那个, 就是, 嗯 …). */
    fillers: Type.Array(Type.String({ minLength: 1 })),
    /** Words a filler may begin inside, kept whole (不然 in 不然后面, not 不 + 然后 + 面). */
    fillerKeptWords: Type.Optional(Type.Array(Type.String({ minLength: 2 }))),
  },
  { additionalProperties: false },
);
export type LexiconIndex = Static<typeof LexiconIndexSchema>;

/** JSON Schema of a rule-family file, for editors (`lexicons/schema.json`). */
export function lexiconJsonSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'callqa lexicon family file (lexicons/*.yaml except index.yaml)',
    ...(JSON.parse(JSON.stringify(LexiconFileSchema)) as Record<string, unknown>),
  };
}
