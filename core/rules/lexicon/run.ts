import type { CalleeRole } from "../../domain/call-meta.js";
import type { Finding } from "../../domain/report.js";
import type { Transcript, TranscriptSegment } from "../../domain/transcript.js";
import type { RuleContext } from "../context.js";
import type { CompiledLexicon, CompiledRule } from "./compile.js";
import { evaluateRule, type RuleHit } from "./conditions.js";
import { concatNormText, normalizeText, type NormText } from "./normalize.js";
import {
  RightPartyState,
  type RoleChange,
  type StateKey,
} from "./right-party.js";
import type { RawHit } from "./scan.js";
import { joinScans, scanSegment, type SegmentScan } from "./segment-scan.js";

/** Policy parameters the lexicon rules need. */
export interface LexiconRunOptions {
  /** Cases overdue this many days or fewer are early stage. @defaultValue 15 */
  earlyStageMaxDaysOverdue?: number;
  /** Strict seed reading: a negated forbidden word (我们不会联系您的通讯录) still fires. @defaultValue false */
  strict?: boolean;
}

export interface IdentityStatement {
  startMs: number;
  endMs: number;
  text: string;
}

export interface LexiconRunResult {
  findings: Finding[];
  /** Callee role: the metadata's, or what the conversation showed when it was `unknown`. */
  calleeRole: CalleeRole;
  /** When and why the inferred role changed (empty when the metadata fixed it). */
  roleChanges: RoleChange[];
  /** Agent statements of whom he calls for (接受/受XX委托的XX公司), for missing_identity_statement. */
  identityStatements: IdentityStatement[];
}

/** Confidence factor for text whose speaker is unknown (mono recording, no attribution). */
const UNKNOWN_SPEAKER_FACTOR = 0.6;
/** Confidence factor when the callee role was inferred, not given. */
const INFERRED_ROLE_FACTOR = 0.9;
/** Same-speaker segments at most this far apart are also read as one sentence (VAD cuts). */
const JOIN_GAP_MS = 1500;

function spanMs(
  seg: Pick<TranscriptSegment, "startMs" | "endMs">,
  n: NormText,
  start: number,
  end: number,
): { startMs: number; endMs: number } {
  const len = Math.max(1, n.text.length);
  const dur = Math.max(0, seg.endMs - seg.startMs);
  const a = n.map[start] ?? 0;
  const b = (n.map[end - 1] ?? a) + 1;
  const startMs = Math.min(
    seg.endMs,
    seg.startMs + Math.floor((dur * a) / len),
  );
  let endMs = Math.min(seg.endMs, seg.startMs + Math.ceil((dur * b) / len));
  if (endMs <= startMs) endMs = seg.endMs;
  return { startMs, endMs };
}

const bySound = (method: RuleHit["method"]): boolean => method === "pinyin" || method === "fuzzy";

/**
 * Whether the agent's own mandate (受XX银行委托的XX资产管理公司, the hit of the `required` identity
 * rule) cancels `hit` of `rule`. The firm names in it sound like other rules' words (汇通 ~ 会通知,
 * 理公司 ~ 你公司 with n/l folded), so inside it only words heard as written count. Not for
 * impersonation: a mandate claimed from an authority (受发院委托) is itself the violation.
 */
export function shieldedByMandate(rule: CompiledRule, hit: RuleHit, mandate: RuleHit): boolean {
  return (
    rule.kind === "finding" &&
    rule.category !== "impersonation" &&
    bySound(hit.method) &&
    hit.start < mandate.end &&
    mandate.start < hit.end
  );
}

/** Whether a finding rule has a raw hit heard by sound, which a mandate could shield. */
function hasSoundedFindingHit(compiled: CompiledLexicon, byRule: ReadonlyMap<number, readonly RawHit[]>): boolean {
  for (const [index, hits] of byRule) {
    if (compiled.rules[index]!.kind === "finding" && hits.some((h) => bySound(h.method))) return true;
  }
  return false;
}

/**
 * Runs every lexicon rule over a transcript, in time order, with the right-party state.
 * Untrusted segments (`trusted === false`) are skipped: they never raise a finding alone.
 * One finding per rule and segment (its best hit), narrowed to the hit's share of the segment.
 *
 * @param compiled - From {@link compileLexiconSet}; compile once, reuse for every call.
 * @param transcript - Contract section 3 (only speaker, startMs, endMs, text are needed).
 * @param ctx - Call context; `calleeRole: 'unknown'` turns on right-party inference.
 * @param opts - Policy parameters (early-stage bound, strict forbidden-word mode).
 * @returns findings with ids `f-1…` in time order, the callee role, identity statements.
 */
export function runLexiconRules(
  compiled: CompiledLexicon,
  transcript: Transcript,
  ctx: RuleContext,
  opts: LexiconRunOptions = {},
): LexiconRunResult {
  const earlyMax = opts.earlyStageMaxDaysOverdue ?? 15;
  const strict = opts.strict ?? false;
  const state = new RightPartyState(ctx.calleeRole);
  const findings: Finding[] = [];
  const identityStatements: IdentityStatement[] = [];
  const segments = transcript.segments
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.trusted !== false && s.text.length > 0)
    .sort((a, b) => a.s.startMs - b.s.startMs || a.i - b.i);

  /** Evaluates the rules a scan lists, for one speaker; the best unshielded hit per rule. */
  const evaluate = (
    scan: SegmentScan,
    speaker: TranscriptSegment["speaker"],
  ): Map<CompiledRule, RuleHit> => {
    const { n, byRule } = scan;
    const all = new Map<CompiledRule, RuleHit[]>();
    let mandate: RuleHit | undefined;
    for (const index of scan.rules) {
      const rule = compiled.rules[index]!;
      if (speaker !== "unknown" && speaker !== rule.rule.speaker) continue;
      // The identity statement is looked for until the call has one; after that only where it
      // may shield a hit heard by sound. It is the costliest rule to evaluate, and most agent
      // sentences carry 银行 or 公司.
      if (rule.kind === "required" && identityStatements.length > 0 && !hasSoundedFindingHit(compiled, byRule)) continue;
      const hits = evaluateRule(
        compiled,
        rule,
        byRule.get(rule.index) ?? [],
        n,
        strict,
      );
      if (hits.length === 0) continue;
      all.set(rule, hits);
      if (rule.kind === "required") mandate = hits[0];
    }
    const results = new Map<CompiledRule, RuleHit>();
    for (const [rule, hits] of all) {
      const hit = mandate ? hits.find((h) => !shieldedByMandate(rule, h, mandate)) : hits[0];
      if (hit) results.set(rule, hit);
    }
    return results;
  };

  /** Turns one rule hit into a finding or an identity statement; returns whether it counted. */
  const emit = (
    rule: CompiledRule,
    hit: RuleHit,
    seg: Pick<TranscriptSegment, "speaker" | "startMs" | "endMs">,
    n: NormText,
  ): boolean => {
    const r = rule.rule;
    if (rule.kind === "state") return false;
    if (r.position && seg.startMs >= r.position.withinFirstMs) return false;
    if (
      !state.audienceHolds(rule.audience, ctx, earlyMax) ||
      !state.whenHolds(r.when)
    )
      {return false;}
    if (r.echoes && state.echoesClaim(r.echoes, n.chars.slice(hit.start, hit.end))) return false;
    const { startMs, endMs } = spanMs(seg, n, hit.start, hit.end);
    if (rule.kind === "required") {
      if (seg.speaker === "agent")
        {identityStatements.push({
          startMs: seg.startMs,
          endMs: seg.endMs,
          text: n.text,
        });}
      return true;
    }
    let confidence = hit.confidence;
    if (seg.speaker === "unknown") confidence *= UNKNOWN_SPEAKER_FACTOR;
    const roleDependent =
      rule.audience === "third_party" || rule.audience === "unverified";
    if (roleDependent && !state.fixed) confidence *= INFERRED_ROLE_FACTOR;
    const details: string[] = [];
    if (roleDependent)
      {details.push(
        state.role === "third_party"
          ? "said to a third party"
          : "said before the callee confirmed being the debtor",
      );}
    if (!state.fixed && roleDependent)
      {details.push(`callee role inferred: ${state.role}`);}
    if (hit.negated) details.push("negated use, flagged in strict mode");
    if (seg.speaker === "unknown") details.push("speaker unknown");
    findings.push({
      id: "",
      ruleId: rule.id,
      category: rule.category!,
      severity: rule.severity!,
      source: "lexicon",
      speaker: seg.speaker,
      startMs,
      endMs,
      evidence: n.text,
      match: { term: hit.term, variant: hit.variant, method: hit.method },
      confidence: Math.round(confidence * 100) / 100,
      ...(r.penaltyClass ? { penaltyClass: r.penaltyClass } : {}),
      ...(details.length ? { detail: details.join("; ") } : {}),
    });
    return true;
  };

  let prev: { seg: TranscriptSegment; scan: SegmentScan; fired: Set<CompiledRule> } | undefined;
  for (const { s: seg } of segments) {
    const n = normalizeText(seg.text, compiled.fillers);
    if (!n.chars) {
      // Only fillers (嗯): no phrase can match, but it may answer the verification question.
      if (seg.speaker === "customer")
        {state.observeCustomer(new Map(), n, seg.startMs);}
      if (seg.speaker !== prev?.seg.speaker) prev = undefined;
      continue;
    }
    const scan = scanSegment(compiled, n);
    const results = evaluate(scan, seg.speaker);
    const cues = new Map<StateKey, string>();
    for (const [rule, hit] of results) {
      if (
        rule.kind === "state" &&
        rule.rule.sets &&
        seg.speaker === rule.rule.speaker
      )
        {cues.set(rule.rule.sets, hit.variant);}
    }
    if (seg.speaker === "customer") state.observeCustomer(cues, n, seg.startMs);
    if (seg.speaker === "agent") state.observeAgentAddress(cues.get("third_party"), seg.startMs);

    const fired = new Set<CompiledRule>();
    for (const [rule, hit] of results)
      {if (emit(rule, hit, seg, n)) fired.add(rule);}
    // A sentence the VAD cut in two: the same speaker's previous segment, right before this one,
    // read together with it. Only hits that need both halves count, once per rule.
    if (
      prev &&
      prev.seg.speaker === seg.speaker &&
      seg.startMs - prev.seg.endMs <= JOIN_GAP_MS
    ) {
      const joined = joinScans(compiled, prev.scan, scan, concatNormText(prev.scan.n, n));
      const boundary = prev.scan.n.chars.length;
      for (const [rule, hit] of evaluate(joined, seg.speaker)) {
        if (
          fired.has(rule) ||
          prev.fired.has(rule) ||
          !(hit.start < boundary && hit.end > boundary)
        )
          {continue;}
        if (
          emit(
            rule,
            hit,
            {
              speaker: seg.speaker,
              startMs: prev.seg.startMs,
              endMs: seg.endMs,
            },
            joined.n,
          )
        )
          {fired.add(rule);}
      }
    }
    prev = { seg, scan, fired };
    if (seg.speaker === "agent")
      {state.observeAgent(
        cues.has("verify_question")
          ? new Set<StateKey>(["verify_question"])
          : new Set<StateKey>(),
      );}
  }
  findings.sort(
    (a, b) => a.startMs - b.startMs || a.ruleId.localeCompare(b.ruleId),
  );
  findings.forEach((f, i) => (f.id = `f-${i + 1}`));
  return {
    findings,
    calleeRole: state.role,
    roleChanges: [...state.changes],
    identityStatements,
  };
}
