import type { CalleeRole } from "../../domain/call-meta.js";
import type { NormText } from "./normalize.js";
import type { AUDIENCES, STATE_KEYS, WHEN_KEYS } from "./schema.js";

export type StateKey = (typeof STATE_KEYS)[number];
export type Audience = (typeof AUDIENCES)[number];
export type WhenKey = (typeof WHEN_KEYS)[number];

/** A short yes after the agent's verification question (是 / 对 / 嗯 / 是的 / 我是 / 没错). */
const SHORT_YES =
  /^(?:[嗯恩是对喂哦]+[的啊呀]?)?(?:我就是|就是我|我是|是我|没错|本人)?[的啊呀吧]?$/u;
const AFFIRMATIVE = /[嗯恩是对错]/u;
/**
 * A short answer to the verification question that opens with a yes (嗯/对/是) and says nothing
 * against it (no negation, no question back, no third person): 嗯我就吃 is 嗯我就是 misheard.
 */
const LOOSE_YES_START = /^[嗯恩对是]/u;
const LOOSE_YES_VETO = /[不没谁哪啥他吗]|什么|打错/u;
function isLooseYes(bare: string): boolean {
  return (
    bare.length <= 6 && LOOSE_YES_START.test(bare) && !LOOSE_YES_VETO.test(bare)
  );
}
const NON_TEXT = /[\s\p{P}\p{S}]/gu;
/** A reply this short (bare characters) that confirms is the debtor speaking: 喂,是我,什么事. */
const SHORT_REPLY_CHARS = 8;
/** Confirmations that name the debtor outright, wherever they stand in a sentence. */
const STRONG_CONFIRM = /本人|机主/u;

const SAID_BREAK = "|";
/** How much of the customer's speech is kept for {@link RightPartyState.echoesClaim}. */
const SAID_KEPT_CHARS = 4000;
const claimPatterns = new Map<string, RegExp>();
/** 是他 + up to four characters (合租的) + the word, not after 不/没 (我不是他老婆 claims nothing). */
function claimPattern(word: string): RegExp {
  let re = claimPatterns.get(word);
  if (!re) {
    re = new RegExp(`(?<![不没])是他[^${SAID_BREAK}]{0,4}?${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`, "u");
    claimPatterns.set(word, re);
  }
  return re;
}

/** One change of the inferred callee role, for the report. */
export interface RoleChange {
  atMs: number;
  role: CalleeRole;
  cue: string;
}

/**
 * Right-party state of one call, advanced through the conversation in time order. When the
 * metadata names the callee role it is fixed; when it is `unknown` the customer's words decide:
 * a denial or a named relationship (我不是他本人, 我是他同事, 他不在, 打错了) makes the callee a
 * third party; a confirmation (是我, 我就是本人, or a short yes right after the agent's
 * verification question) makes him the verified debtor from then on.
 */
export class RightPartyState {
  role: CalleeRole;
  readonly fixed: boolean;
  willingToRepay = false;
  refused = false;
  paidOff = false;
  readonly changes: RoleChange[] = [];
  private verifyAsked = false;
  /** What the customer said so far (normalised, segments joined by {@link SAID_BREAK}), for echoes. */
  private said = "";

  constructor(initial: CalleeRole) {
    this.role = initial;
    this.fixed = initial !== "unknown";
  }

  /** Agent speech: remembers a verification question (请问是张先生本人吗). */
  observeAgent(cues: ReadonlySet<StateKey>): void {
    if (cues.has("verify_question")) this.verifyAsked = true;
  }

  /**
   * Agent speech that speaks to the callee of the debtor as someone else (麻烦您转告他): the callee
   * is a third party, when nothing has told who he is yet. A confirmed debtor stays one.
   */
  observeAgentAddress(cue: string | undefined, atMs: number): void {
    if (cue !== undefined && !this.fixed && this.role === "unknown") this.set("third_party", atMs, cue);
  }

  /** Customer speech: role cues, willingness to repay, refusal, payoff claims. */
  observeCustomer(
    cues: ReadonlyMap<StateKey, string>,
    n: NormText,
    atMs: number,
  ): void {
    const asked = this.verifyAsked;
    this.verifyAsked = false;
    this.said = (this.said + SAID_BREAK + n.chars).slice(-SAID_KEPT_CHARS);
    if (cues.has("willing_to_repay")) this.willingToRepay = true;
    if (cues.has("refused")) this.refused = true;
    if (cues.has("paid_off")) this.paidOff = true;
    if (this.fixed) return;
    const deny = cues.get("third_party");
    const confirm = cues.get("debtor");
    const bare = n.text.replace(NON_TEXT, "");
    if (deny !== undefined) this.set("third_party", atMs, deny);
    else if (confirm !== undefined) {
      if (this.confirmCounts(confirm, bare, asked)) this.set("debtor", atMs, confirm);
    } else if (asked) {
      if (
        bare.length > 0 &&
        ((bare.length <= 6 && AFFIRMATIVE.test(bare) && SHORT_YES.test(bare)) ||
          isLooseYes(bare))
      )
        {this.set("debtor", atMs, bare);}
    }
  }

  /**
   * Whether a confirmation makes the callee the debtor. Before anyone said otherwise it always
   * does. Once the callee said they are someone else (我是他爱人), a bare 是我 inside a longer
   * sentence (我的工资卡都是我自己管的) is not the debtor coming to the phone: it takes an answer to
   * the agent's verification question, a short reply (喂,是我), or an explicit 本人 / 机主.
   */
  private confirmCounts(cue: string, bare: string, asked: boolean): boolean {
    if (this.role !== "third_party") return true;
    return asked || bare.length <= SHORT_REPLY_CHARS || STRONG_CONFIRM.test(cue);
  }

  private set(role: CalleeRole, atMs: number, cue: string): void {
    if (role === this.role) return;
    this.role = role;
    this.changes.push({ atMs, role, cue });
  }

  /** Whether a rule's audience condition holds now. */
  audienceHolds(
    audience: Audience,
    ctx: { isStudent: boolean; daysOverdue: number | undefined },
    earlyStageMaxDays: number,
  ): boolean {
    switch (audience) {
      case "any":
        return true;
      case "third_party":
        return this.role === "third_party" && !this.willingToRepay;
      case "unverified":
        return this.role !== "debtor" && !this.willingToRepay;
      case "student":
        return ctx.isStudent;
      case "early_stage":
        return (
          ctx.daysOverdue !== undefined && ctx.daysOverdue <= earlyStageMaxDays
        );
    }
  }

  /**
   * Whether the callee already claimed one of `words` as his tie to the debtor (我是他爱人, 我是他合租的
   * 室友; not 我不是他老婆) and `heard` repeats it: the agent confirming it is not guessing.
   */
  echoesClaim(words: readonly string[], heard: string): boolean {
    return words.some((w) => heard.includes(w) && claimPattern(w).test(this.said));
  }

  whenHolds(when: WhenKey | undefined): boolean {
    if (when === undefined) return true;
    switch (when) {
      case "after_refusal":
        return this.refused;
      case "after_paid_off":
        return this.paidOff;
    }
  }
}
