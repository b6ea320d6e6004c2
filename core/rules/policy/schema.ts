import Type, { type Static } from 'typebox';
import { CATEGORIES, SEVERITIES } from '../../domain/report.js';

/** `HH:MM`, 00:00–24:00 (24:00 only as a window end). */
const ClockTime = Type.String({ pattern: '^(?:[01]\\d|2[0-3]):[0-5]\\d$|^24:00$' });

const Window = Type.Object(
  { start: ClockTime, end: ClockTime },
  { additionalProperties: false, description: 'Permitted local calling window, start inclusive, end inclusive to the minute.' },
);

const SeverityT = Type.Enum(SEVERITIES);
const CategoryT = Type.Enum(CATEGORIES);
const CategoryKeys = Object.fromEntries(CATEGORIES.map((c) => [c, Type.Optional(SeverityT)]));
const CategoryClassKeys = Object.fromEntries(CATEGORIES.map((c) => [c, Type.Optional(Type.String({ minLength: 1 }))]));

const PenaltyClass = Type.Object(
  {
    /** The seeds' wording for the class, e.g. 一般差错. */
    label: Type.String({ minLength: 1 }),
    /** Yuan charged per finding of this class (the per-case price; weekly tiers come later). */
    yuan: Type.Number({ minimum: 0 }),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/**
 * A policy profile: every value the seeds contradict each other on, or that clients set
 * differently, lives here as data (see `policies/README.md`).
 */
export const PolicySchema = Type.Object(
  {
    name: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
    description: Type.String(),
    /** IANA time zone the calling window is evaluated in. */
    timeZone: Type.String({ minLength: 1 }),
    callingHours: Type.Object({ general: Window, student: Window }, { additionalProperties: false }),
    /**
     * Strict seed reading of forbidden words: a negated use (我们不会联系您的通讯录) still fires,
     * because [000] flags the mere appearance of 通讯录 (digest L23 #10).
     */
    strictForbiddenWords: Type.Boolean(),
    /** Cases overdue this many days or fewer count as early stage (reminders only). */
    earlyStageMaxDaysOverdue: Type.Integer({ minimum: 0 }),
    raisedVoice: Type.Object(
      {
        /** dB above the agent's own median segment loudness that counts as raised. */
        baselineMarginDb: Type.Number({ exclusiveMinimum: 0 }),
        /** Segment RMS loudness (dBFS) at or above which a segment is raised regardless of baseline. */
        absoluteDbfs: Type.Number({ maximum: 0 }),
        /** 50 ms peak-window loudness (dBFS) at or above which a segment is raised; omit to disable. */
        absolutePeakDbfs: Type.Optional(Type.Number({ maximum: 0 })),
        /** Segments shorter than this are ignored (too short for a stable loudness). */
        minSegmentMs: Type.Integer({ minimum: 0 }),
        /** The relative rule needs at least this many agent segments to form a baseline. */
        minBaselineSegments: Type.Integer({ minimum: 2 }),
        /** Loud agent segments separated by at most this gap form one finding. */
        mergeGapMs: Type.Integer({ minimum: 0 }),
        /** A customer segment with at least this many characters between two loud agent segments is a reply: it splits them. */
        turnBreakChars: Type.Integer({ minimum: 1 }),
      },
      { additionalProperties: false },
    ),
    interruption: Type.Object(
      {
        /** Over-talk shorter than this is a normal turn-taking overlap (backchannel, late stop). */
        graceMs: Type.Integer({ minimum: 0 }),
        /** A finding is raised when the call has at least this many interruptions. */
        reportThreshold: Type.Integer({ minimum: 1 }),
      },
      { additionalProperties: false },
    ),
    identityStatement: Type.Optional(
      Type.Object(
        {
          /**
           * The absence of an identity statement is not asserted when the recogniser's mean token
           * log-probability over the agent's opening (segments' `asrLogprob`, weighted by length)
           * is below this: the statement may be there, unheard. Absent: off (the default; see
           * policies/README.md for why). Transcripts without log-probabilities are never affected.
           */
          minOpeningLogprob: Type.Optional(Type.Number({ maximum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
    /** Severity per category, overriding what the lexicon or heuristic says. */
    severityOverrides: Type.Object(CategoryKeys, { additionalProperties: false }),
    /** Penalty class per category, overriding the finding's own. */
    penaltyClassOverrides: Type.Object(CategoryClassKeys, { additionalProperties: false }),
    penalties: Type.Object(
      {
        /** Penalty classes by key (e.g. QA-G, QA-M5000). `none` must exist and cost 0. */
        classes: Type.Record(Type.String({ pattern: '^[A-Za-z0-9_-]+$' }), PenaltyClass),
        /** Other names for a class (e.g. 一般差错 → QA-G). */
        aliases: Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 })),
        /** Class used when a finding names none. */
        defaultClassBySeverity: Type.Object(
          { minor: Type.String(), major: Type.String(), critical: Type.String() },
          { additionalProperties: false },
        ),
      },
      { additionalProperties: false },
    ),
    /** Score points deducted per finding of each severity; the score is floored at 0. */
    scoreDeductions: Type.Object(
      {
        minor: Type.Number({ minimum: 0, maximum: 100 }),
        major: Type.Number({ minimum: 0, maximum: 100 }),
        critical: Type.Number({ minimum: 0, maximum: 100 }),
      },
      { additionalProperties: false },
    ),
    /** Findings of these categories must reach a supervisor at once. */
    alertCategories: Type.Array(CategoryT),
    /** Findings of these severities are alerts whatever their category. */
    alertSeverities: Type.Array(SeverityT),
  },
  { additionalProperties: false },
);

export type Policy = Static<typeof PolicySchema>;
