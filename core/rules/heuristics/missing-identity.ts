import type { DraftFinding, HeuristicInput } from "./types.js";

/** An identity statement the lexicon found (接受/受XX委托的XX公司). */
export interface IdentityStatement {
  startMs: number;
  endMs: number;
  text: string;
}

/**
 * Below this many characters of trusted agent text the call is too short to judge (the callee
 * hung up after 喂, a voicemail): an identity statement cannot be required yet.
 */
export const MIN_AGENT_CHARS_FOR_IDENTITY = 12;

const NON_TEXT = /[\s\p{P}\p{S}]/gu;

/** The stretch of the call, from the agent's first words, in which the identity statement is due. */
export const IDENTITY_OPENING_MS = 30_000;

const bareText = (t: string): string => t.replace(NON_TEXT, "");

/**
 * Whether the recogniser lost the agent's opening: a runaway repetition marked untrusted in it, a loop
 * (the same text in consecutive agent segments, 遇到生本人法 ×5), or words it mostly guessed (mean
 * token log-probability below `minOpeningLogprob`). The absence of a statement cannot be asserted
 * from a transcript that did not hear the opening.
 */
export function openingUnreliable(
  segments: readonly HeuristicInput["transcript"]["segments"][number][],
  minOpeningLogprob = Number.NEGATIVE_INFINITY,
): boolean {
  const agent = segments
    .filter((s) => s.speaker === "agent")
    .sort((a, b) => a.startMs - b.startMs);
  const first = agent[0];
  if (!first) return false;
  const opening = agent.filter(
    (s) => s.startMs < first.startMs + IDENTITY_OPENING_MS,
  );
  // A runaway repetition stands where speech was; a stock hallucination (谢谢观看) over silence does not.
  if (
    opening.some(
      (s) => s.trusted === false && s.untrustedReason === "repetition",
    )
  )
    {return true;}
  for (let i = 1; i < opening.length; i++) {
    const a = bareText(opening[i - 1]!.text);
    const b = bareText(opening[i]!.text);
    if (a.length >= 3 && a === b) return true;
  }
  const confidence = openingLogprob(opening.filter((s) => s.trusted !== false));
  return confidence !== undefined && confidence < minOpeningLogprob;
}

/**
 * The recogniser's mean token log-probability over `segments`, weighted by their characters;
 * undefined when any of them carries none (a transcript from elsewhere, or text that could not be
 * tied to its tokens).
 */
export function openingLogprob(
  segments: readonly HeuristicInput["transcript"]["segments"][number][],
): number | undefined {
  let chars = 0;
  let sum = 0;
  for (const s of segments) {
    if (s.asrLogprob === undefined) return undefined;
    const n = bareText(s.text).length;
    chars += n;
    sum += s.asrLogprob * n;
  }
  return chars > 0 ? sum / chars : undefined;
}

/**
 * `missing_identity_statement`: the agent spoke (at least {@link MIN_AGENT_CHARS_FOR_IDENTITY}
 * characters of trusted text) but never stated whom he calls for. The identity statements come
 * from the lexicon run. The finding points at the agent's first trusted segment, where the
 * statement was due. Nothing is raised when the recogniser lost the opening ({@link openingUnreliable}):
 * a loop in it, or, when the policy sets `identityStatement.minOpeningLogprob`, a mean token log-probability below it.
 */
export function detectMissingIdentity(
  { transcript, policy }: HeuristicInput,
  identityStatements: readonly IdentityStatement[],
): DraftFinding[] {
  if (identityStatements.length > 0) return [];
  const agent = transcript.segments.filter(
    (s) => s.speaker === "agent" && s.trusted !== false,
  );
  let chars = 0;
  for (const s of agent) chars += s.text.replace(NON_TEXT, "").length;
  const opening = agent.reduce<(typeof agent)[number] | undefined>(
    (a, b) => (!a || b.startMs < a.startMs ? b : a),
    undefined,
  );
  if (
    !opening ||
    chars < MIN_AGENT_CHARS_FOR_IDENTITY ||
    openingUnreliable(transcript.segments, policy.identityStatement?.minOpeningLogprob)
  )
    {return [];}
  return [
    {
      ruleId: "script.identity_statement",
      category: "missing_identity_statement",
      severity: "minor",
      source: "script",
      speaker: "agent",
      startMs: opening.startMs,
      endMs: opening.endMs,
      evidence: opening.text,
      confidence: 0.8,
      penaltyClass: "none",
      detail:
        "the agent never stated the mandate (接受/受XX委托的XX公司) in the call; evidence is the opening",
    },
  ];
}
